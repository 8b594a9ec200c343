@testable import OpsAuditArtifacts
import OpsAuditModel
import Testing

/// Shell commands of one line, for classifier checks.
private func command(_ text: String) -> ShellCommand {
    ShellScript.commands(in: EmbeddedScript(text: text, allAt: Location(path: "x.sh", line: 1)))[0]
}

@Suite struct CIDeployJobsTests {
    let workflow = """
    on: push
    jobs:
      test:
        runs-on: ubuntu-latest
        continue-on-error: true
        steps:
          - run: npm test
      build:
        needs: test
        runs-on: ubuntu-latest
        steps:
          - run: docker build -t app .
      deploy:
        needs: [build]
        environment: production
        runs-on: ubuntu-latest
        steps:
          - run: go test ./...
          - run: flyctl deploy
          - run: curl -fsS https://app.fly.dev/health
      notify:
        needs: deploy
        if: always()
        runs-on: ubuntu-latest
        steps:
          - run: echo done
    """

    @Test func whichJobDeploys() throws {
        let model = ciModel([".github/workflows/ci.yml": workflow])
        let jobs = model.ciDeployJobs
        #expect(jobs.count == 1)
        let job = try #require(jobs.first)
        #expect(job.job.value == "deploy" && job.job.location.line == 13)
        #expect(job.environment?.value == "production" && job.environment?.location.line == 15)
        #expect(job.deploys.map(\.location.line) == [19])
        #expect(!job.isNonProduction)
        #expect(model.ciPostDeployChecks(job).map(\.location.line) == [20])
    }

    @Test func githubPrerequisitesAreTransitiveAndCarryNeutralizers() {
        let model = ciModel([".github/workflows/ci.yml": workflow])
        let prerequisites = model.ciPrerequisites(path: ".github/workflows/ci.yml", job: "deploy")
        #expect(prerequisites.map(\.job) == ["build", "test"])
        #expect(prerequisites.map(\.declaredAt.line) == [14, 9])
        #expect(prerequisites[0].neutralizer == nil)
        #expect(prerequisites[1].neutralizer?.location.line == 5)
        // `if: always()` runs `notify` whatever its needs did.
        let notify = model.ciPrerequisites(path: ".github/workflows/ci.yml", job: "notify")
        #expect(notify.map(\.job) == ["deploy", "build", "test"])
        #expect(notify.allSatisfy { $0.neutralizer?.location.line == 23 })
        #expect(model.ciPrerequisites(path: ".github/workflows/ci.yml", job: "test").isEmpty)
    }

    @Test func deployGateCountsEarlierStepsAndSetsApartSwallowedTests() throws {
        let model = ciModel([".github/workflows/ci.yml": workflow])
        let deploy = try #require(model.ciDeployJobs.first?.deploys.first)
        let gate = model.ciDeployGate(deploy)
        #expect(gate.tests.map(\.text) == ["go test ./..."])
        #expect(gate.neutralised.map(\.0.text) == ["npm test"])
        #expect(gate.neutralised.first?.1.location.line == 5)
    }

    @Test func workflowRunGatesOnlyWhenConclusionIsChecked() throws {
        let ci = "name: CI\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n"
        func deploy(_ condition: String) -> String {
            "on:\n  workflow_run:\n    workflows: [CI]\n    types: [completed]\njobs:\n  deploy:\n\(condition)    runs-on: ubuntu-latest\n    steps:\n      - run: railway up\n"
        }
        let gated = ciModel([".github/workflows/ci.yml": ci,
                             ".github/workflows/deploy.yml": deploy("    if: ${{ github.event.workflow_run.conclusion == 'success' }}\n")])
        let check = try #require(gated.ciDeployJobs.first?.deploys.first)
        #expect(gated.ciDeployGate(check).tests.map { "\($0.location.path):\($0.location.line)" } == [".github/workflows/ci.yml:7"])
        let ungated = ciModel([".github/workflows/ci.yml": ci, ".github/workflows/deploy.yml": deploy("")])
        let other = try #require(ungated.ciDeployJobs.first?.deploys.first)
        #expect(ungated.ciDeployGate(other).tests.isEmpty)
    }

    @Test func gitlabStagesNeedsAndAllowFailure() throws {
        let model = ciModel([".gitlab-ci.yml": """
        stages: [build, test, deploy, verify]
        compile:
          stage: build
          script: [make]
        lint:
          stage: test
          allow_failure: true
          script: [npm run lint]
        unit:
          stage: test
          script: [npm test]
        deploy:
          stage: deploy
          when: manual
          environment: production
          resource_group: production
          script:
            - helm upgrade --install app ./chart
        hotfix:
          stage: deploy
          needs: [compile]
          script:
            - helm upgrade --install app ./chart
        verify:
          stage: verify
          script:
            - kubectl rollout status deployment/app
        """])
        let deploy = model.ciPrerequisites(path: ".gitlab-ci.yml", job: "deploy")
        #expect(deploy.map(\.job).sorted() == ["compile", "lint", "unit"])
        #expect(deploy.first { $0.job == "lint" }?.neutralizer?.location.line == 7)
        #expect(deploy.first { $0.job == "unit" }?.neutralizer == nil)
        #expect(model.ciPrerequisites(path: ".gitlab-ci.yml", job: "hotfix").map(\.job) == ["compile"])
        // A manual job gates nothing that follows it.
        let verify = model.ciPrerequisites(path: ".gitlab-ci.yml", job: "verify")
        #expect(verify.first { $0.job == "deploy" }?.neutralizer?.location.line == 14)
        let jobs = model.ciDeployJobs
        #expect(jobs.map(\.job.value) == ["deploy", "hotfix"])
        #expect(jobs[0].manualGate?.line == 14 && jobs[1].manualGate == nil)
        #expect(model.gitlabPipelines[0].job("deploy")?.resourceGroup?.location.line == 16)
        // `verify` has no `needs:`, so it waits for every earlier stage, `hotfix` included.
        #expect(model.ciPostDeployChecks(jobs[0]).map(\.location.line) == [27])
        #expect(model.ciPostDeployChecks(jobs[1]).map(\.location.line) == [27])
    }

    @Test func smokeChecks() {
        #expect(command("curl -fsS https://x/health").isSmokeCheck)
        #expect(command("curl --fail --retry 3 $URL/health").isSmokeCheck)
        #expect(!command("curl -s https://x/health").isSmokeCheck)
        #expect(!command("curl -sL -o out https://x").isSmokeCheck)
        #expect(command("wget -q --spider https://x/health").isSmokeCheck)
        #expect(command("npm run test:smoke").isSmokeCheck)
        #expect(command("./scripts/smoke-test.sh production").isSmokeCheck)
        #expect(command("npx wait-on https://x").isSmokeCheck)
        #expect(command("kubectl rollout status deployment/web").isSmokeCheck)
        #expect(!command("kubectl rollout status deployment/web").purposes.contains(.deploy))
        #expect(command("kubectl rollout restart deployment/web").purposes.contains(.deploy))
        #expect(command("kubectl wait --for=condition=available deployment/web").isSmokeCheck)
        #expect(!command("echo deployed").isSmokeCheck)
    }

    @Test func coverageThresholdCommands() {
        #expect(RepoModel.enforcesCoverage(command("pytest --cov=app --cov-fail-under=80")))
        #expect(RepoModel.enforcesCoverage(command("coverage report --fail-under=90")))
        #expect(RepoModel.enforcesCoverage(command("python -m coverage report --fail-under 90")))
        #expect(RepoModel.enforcesCoverage(command("npx nyc check-coverage --lines 80")))
        #expect(RepoModel.enforcesCoverage(command("vitest run --coverage.thresholds.lines=80")))
        #expect(!RepoModel.enforcesCoverage(command("pytest --cov=app")))
        #expect(!RepoModel.enforcesCoverage(command("coverage report")))
        let model = ciModel(["package.json": "{\n  \"jest\": {\n    \"coverageThreshold\": {\"global\": {\"lines\": 80}}\n  }\n}\n",
                             "pyproject.toml": "[tool.coverage.report]\nfail_under = 85\n"])
        #expect(model.coverageGates.compactMap(\.location).map { "\($0.path):\($0.line)" } == ["package.json:3", "pyproject.toml:2"])
    }

    @Test func environmentsAndAutomation() {
        #expect(EnvironmentName.isNonProduction("review/$CI_COMMIT_REF_SLUG"))
        #expect(EnvironmentName.isNonProduction("Staging"))
        #expect(!EnvironmentName.isNonProduction("production"))
        #expect(!EnvironmentName.isNonProduction("prod-eu"))
        let model = ciModel(["fly.toml": "app = \"a\"\n", "deploy/fly.staging.toml": "app = \"a-staging\"\n",
                             "package.json": "{\n  \"scripts\": {\n    \"build\": \"tsc\",\n    \"ship\": \"npm run build && fly deploy\"\n  }\n}\n",
                             "render.yaml": "services:\n  - type: web\n    name: api\n    autoDeploy: false\n  - type: worker\n    name: jobs\n"])
        #expect(model.nonProductionEnvironments.compactMap(\.location?.path) == ["deploy/fly.staging.toml"])
        #expect(model.manualDeployScripts.map(\.name) == ["`ship` script of `package.json`"])
        #expect(model.manualDeployScripts.map(\.command.location.line) == [4])
        // `autoDeploy: false` turns it off for `api` only; `jobs` keeps the default.
        #expect(model.platformAutoDeploys.map(\.message).count == 1)
        #expect(model.platformAutoDeploys.first?.message.contains("`jobs`") == true)
    }

    @Test func circleCIRequiresAndBuildOnlyDeploys() throws {
        let model = ciModel([".circleci/config.yml": """
        version: 2.1
        jobs:
          test:
            docker: [{image: cimg/go:1.22}]
            steps:
              - run: go test ./...
          deploy:
            docker: [{image: cimg/base:current}]
            steps:
              - run: flyctl deploy --build-only --push
              - run: flyctl deploy
        workflows:
          main:
            jobs:
              - test
              - deploy:
                  requires: [test]
        """])
        let job = try #require(model.ciDeployJobs.first)
        #expect(job.deploys.map(\.location.line) == [11])
        let prerequisites = model.ciPrerequisites(path: ".circleci/config.yml", job: "deploy")
        #expect(prerequisites.map(\.job) == ["test"] && prerequisites.map(\.declaredAt.line) == [17])
        #expect(model.ciDeployGate(job.primary).tests.map(\.text) == ["go test ./..."])
    }

    @Test func aJobDeployingStagingAndProductionIsProduction() throws {
        let steps = "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: flyctl deploy --app shop-staging\n"
        let staging = ciModel([".github/workflows/deploy.yml": steps])
        #expect(try #require(staging.ciDeployJobs.first).isNonProduction)
        let both = ciModel([".github/workflows/deploy.yml": steps + "      - run: flyctl deploy --app shop\n"])
        #expect(try !#require(both.ciDeployJobs.first).isNonProduction)
        let named = ciModel([".github/workflows/deploy-staging.yml": steps + "      - run: flyctl deploy --app shop\n"])
        #expect(try #require(named.ciDeployJobs.first).isNonProduction)
    }

    @Test func renderPreviewsAndKustomizeOverlaysAreNonProductionEnvironments() {
        let model = ciModel([
            "render.yaml": "previews:\n  generation: automatic\nservices:\n  - type: web\n    name: api\n",
            "k8s/overlays/staging/kustomization.yaml": "resources:\n  - ../../base\n",
            "k8s/overlays/production/kustomization.yaml": "resources:\n  - ../../base\n",
        ])
        let places = model.nonProductionEnvironments.compactMap(\.location).map { "\($0.path):\($0.line)" }
        #expect(places == ["k8s/overlays/staging/kustomization.yaml:1", "render.yaml:1"])
    }
}
