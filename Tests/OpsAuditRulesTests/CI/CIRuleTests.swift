import OpsAuditArtifacts
import OpsAuditModel
import OpsAuditTestSupport
import Testing
@testable import OpsAuditRules

/// Credits, evidence and related locations of the CI rules: what the examples do not assert.
@Suite struct CIRuleTests {
    func model(_ files: [String: String]) -> RepoModel { repoModel(files) }

    @Test func actionsPinnedCreditIsTheSharePinned() {
        let repo = model([".github/workflows/ci.yml": """
            on: push
            jobs:
              t:
                steps:
                  - uses: actions/checkout@v4
                  - uses: pnpm/action-setup@a7487c7e89a18df4991f7f222e4898a00d66ddda
                  - uses: docker/login-action@v3
                  - uses: ./local
            """])
        let outcome = ActionsPinnedRule().evaluate(repo)
        #expect(outcome.status == .failed)
        #expect(abs(outcome.credit - 2.0 / 3.0) < 0.001)
        #expect(outcome.findings.map { $0.location?.line } == [7])
        #expect(outcome.evidence.contains { $0.message.contains("version tag `v4`") })
    }

    @Test func timeoutCreditIsTheShareOfJobs() {
        let repo = model([".github/workflows/ci.yml": """
            on: push
            jobs:
              a:
                timeout-minutes: 5
                steps: [{run: make}]
              b:
                steps: [{run: make}]
              c:
                steps: [{run: make}]
              d:
                timeout-minutes: 10
                steps: [{run: make}]
            """])
        let outcome = JobTimeoutsRule().evaluate(repo)
        #expect(outcome.credit == 0.5)
        #expect(outcome.findings.map { $0.location?.line } == [6, 8])
    }

    @Test func scheduledOnlyWorkflowsAreNamedWhenNoPipelineChecksChanges() throws {
        let repo = model([
            ".github/workflows/nightly.yml": "on:\n  schedule:\n    - cron: '0 2 * * *'\njobs:\n  t:\n    steps: [{run: make test}]\n",
            ".github/workflows/release.yml": "on: workflow_dispatch\njobs:\n  t:\n    steps: [{run: make release}]\n",
        ])
        let outcome = CIPipelinePresentRule().evaluate(repo)
        let finding = try #require(outcome.findings.first)
        #expect(outcome.status == .failed && finding.location == nil)
        #expect(finding.related.map(\.location.path) == [".github/workflows/nightly.yml", ".github/workflows/release.yml"])
        #expect(finding.related.map(\.label) == ["runs only on `schedule`", "runs only on `workflow_dispatch`"])
        // The nightly tests do not count for CI-002 either, and are named.
        let tests = TestsRunInCIRule().evaluate(repo)
        #expect(tests.status == .failed)
        #expect(tests.findings.first?.related.first?.location.path == ".github/workflows/nightly.yml")
    }

    @Test func unreadPipelinesMakeCommandRulesUnknown() {
        // A workflow that does not parse: its checks are unknown, not absent.
        let repo = model([".github/workflows/ci.yml": "on: [push\njobs:\n  t:\n    steps:\n      - run: make test\n"])
        #expect(TestsRunInCIRule().evaluate(repo).status == .notApplicable)
        #expect(LintInCIRule().evaluate(repo).reason?.contains(".github/workflows/ci.yml") == true)
    }

    @Test func jenkinsPipelinesAreRead() {
        let repo = model(["Jenkinsfile": "pipeline { stages { stage('t') { steps { sh 'make test' } } } }"])
        #expect(TestsRunInCIRule().evaluate(repo).status == .passed)
        #expect(CIPipelinePresentRule().evaluate(repo).status == .passed)
    }

    @Test func dependencyUpdatesCreditPerEcosystem() {
        let repo = model([
            "package.json": #"{"dependencies": {"a": "1"}}"#,
            "requirements.txt": "django==5.0\n",
            ".github/dependabot.yml": "version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n",
        ])
        let outcome = DependencyUpdatesAutomatedRule().evaluate(repo)
        #expect(outcome.credit == 0.5)
        #expect(outcome.findings.first?.message.contains("`pip`") == true)
        #expect(outcome.findings.first?.related.first?.location.path == "requirements.txt")
    }

    @Test func permissionsCreditPerWorkflow() {
        let repo = model([
            ".github/workflows/a.yml": "on: push\npermissions: read-all\njobs:\n  t:\n    steps: [{run: make}]\n",
            ".github/workflows/b.yml": "on: push\njobs:\n  t:\n    steps: [{run: make}]\n  u:\n    steps: [{run: make}]\n",
        ])
        let outcome = WorkflowPermissionsRestrictedRule().evaluate(repo)
        #expect(outcome.credit == 0.5)
        #expect(outcome.findings.count == 1)
        #expect(outcome.findings.first?.related.map(\.location.line) == [5])
    }
}
