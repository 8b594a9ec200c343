import Foundation
import OpsAuditArtifacts
import OpsAuditModel
import OpsAuditTestSupport
import Testing

/// A model built from inline files, classified by path as a scan would.
func ciModel(_ files: [String: String]) -> RepoModel {
    var repoFiles: [RepoFile] = []
    var analyses: [FileAnalysis] = []
    for (path, text) in files.sorted(by: { $0.key < $1.key }) {
        let kind = Classifier.classify(path: path)?.0 ?? .other
        let file = RepoFile(path: path, kind: kind, size: text.utf8.count, isTracked: true)
        repoFiles.append(file)
        analyses.append(FileAnalyzer.analyze(file, bytes: Array(text.utf8)))
    }
    return RepoModel(files: repoFiles, analyses: analyses)
}

@Suite struct ActionClassifierTests {
    @Test func wellKnownActionsByPurpose() {
        #expect(ActionReference("actions/dependency-review-action@v4").purposes == [.audit])
        #expect(ActionReference("gitleaks/gitleaks-action@v2").purposes == [.secretScan])
        #expect(ActionReference("TruffleSecurity/TruffleHog@main").purposes == [.secretScan])
        #expect(ActionReference("golangci/golangci-lint-action@v6").purposes == [.lint])
        #expect(ActionReference("snyk/actions/node@master").purposes == [.audit])
        #expect(ActionReference("reviewdog/action-eslint@v1").purposes == [.lint])
        #expect(ActionReference("google/osv-scanner-action/.github/workflows/osv-scanner-reusable.yml@v1").purposes == [.audit])
        #expect(ActionReference("superfly/flyctl-actions/setup-flyctl@master").purposes == [.deploy])
        #expect(ActionReference("actions/checkout@v4").purposes.isEmpty)
        #expect(ActionReference("./.github/actions/gitleaks").purposes.isEmpty)
        #expect(ActionReference("docker://zricethezav/gitleaks:latest").purposes.isEmpty)
    }

    @Test func tagsAndOwners() {
        #expect(ActionReference("actions/checkout@v4").isGitHubOwned)
        #expect(ActionReference("github/codeql-action/init@v3").isGitHubOwned)
        #expect(!ActionReference("actions-rs/toolchain@v1").isGitHubOwned)
        #expect(ActionReference("actions/checkout@v4.2.2").isVersionTag)
        #expect(ActionReference("actions/checkout@4").isVersionTag)
        #expect(!ActionReference("actions/checkout@main").isVersionTag)
        #expect(!ActionReference("actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683").isVersionTag)
        #expect(!ActionReference("actions/checkout").isVersionTag)
        #expect(ActionReference("docker://alpine@sha256:beef").isDockerDigest)
        #expect(!ActionReference("docker://alpine:3.20").isDockerDigest)
    }
}

@Suite struct WorkflowExpressionsTests {
    @Test func contextPathsAreNormalised() {
        #expect(WorkflowExpressions.contextPaths(in: "echo ${{ github.event.commits[0].message }} ${{github.head_ref}}")
            == ["github.event.commits.*.message", "github.head_ref"])
        #expect(WorkflowExpressions.contextPaths(in: "${{ github.event['pull_request']['title'] }}")
            == ["github.event.pull_request.title"])
        #expect(WorkflowExpressions.contextPaths(in: "${{ format('{0}', github.event.issue.body) }}")
            == ["format", "github.event.issue.body"])
        // Unterminated and empty expressions do not hang or crash.
        #expect(WorkflowExpressions.contextPaths(in: "${{ github.event.issue.title") == ["github.event.issue.title"])
        #expect(WorkflowExpressions.contextPaths(in: "${{}} $ { {").isEmpty)
    }

    @Test func onlyAttackerControlledValuesCount() {
        let untrusted = ["github.event.issue.title", "github.event.pull_request.body", "github.event.comment.body",
                         "github.event.review.body", "github.head_ref", "github.event.pull_request.head.ref",
                         "github.event.pull_request.head.label", "github.event.head_commit.message",
                         "github.event.commits.*.author.email", "github.event.head_commit.author.name",
                         "github.event.label.name", "github.event.pull_request.labels.*.name",
                         "github.event.workflow_run.head_branch", "github.event.pull_request", "github.event"]
        let trusted = ["github.event.issue.number", "github.event.pull_request.head.sha", "github.event.issue.id",
                       "github.sha", "github.ref", "github.actor", "github.event.pull_request.user.login_id",
                       "github.event.workflow_run.head_sha", "secrets.token", "inputs.title", "steps.x.outputs.body"]
        for path in untrusted { #expect(WorkflowExpressions.isAttackerControlled(path), "\(path)") }
        for path in trusted { #expect(!WorkflowExpressions.isAttackerControlled(path), "\(path)") }
    }

    @Test func scriptLinesKeepTheirLocations() throws {
        let script = EmbeddedScript(text: "echo ok\necho \"${{ github.event.issue.title }}\"\n",
                                    firstLineAt: Location(path: "w.yml", line: 10))
        let found = script.attackerControlledExpressions
        #expect(found.map(\.value) == ["github.event.issue.title"])
        #expect(found.first?.location.line == 11)
    }
}

@Suite struct CIChecksTests {
    @Test func packageScriptsGiveCommandsTheirPurpose() throws {
        let repo = ciModel([
            "package.json": #"{"scripts": {"ci": "npm run verify && vitest run", "verify": "tsc --noEmit", "test": "echo \"Error: no test specified\" && exit 1"}}"#,
            ".github/workflows/ci.yml": """
            on: push
            jobs:
              test:
                runs-on: ubuntu-latest
                steps:
                  - run: npm run ci
                  - run: npm test
                  - uses: gitleaks/gitleaks-action@v2
                    continue-on-error: true
            """,
        ])
        let checks = repo.ciChecks
        #expect(checks.map(\.text) == ["npm run ci", "gitleaks/gitleaks-action@v2"])
        let ci = try #require(checks.first)
        #expect(ci.purposes == [.test, .typeCheck])
        #expect(ci.script?.name.value == "ci")
        #expect(ci.location == Location(path: ".github/workflows/ci.yml", line: 6, column: 14))
        #expect(ci.checksChanges && ci.canFail)
        let gitleaks = try #require(checks.last)
        #expect(gitleaks.isAction && gitleaks.purposes == [.secretScan])
        #expect(gitleaks.neutralizer?.location.line == 9)
        let coverage = repo.ciCoverage(of: [.secretScan], onChanges: false)
        #expect(coverage.counted.isEmpty && coverage.neutralised.count == 1)
    }

    @Test func scriptRecursionIsBounded() {
        let repo = ciModel([
            "package.json": #"{"scripts": {"a": "npm run b", "b": "npm run a", "test": "npm run test"}}"#,
            ".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    steps:\n      - run: npm run a && npm test\n",
        ])
        // `a` and `b` call each other: resolution stops, and a script named like its caller adds nothing.
        #expect(repo.ciChecks.map(\.text) == ["npm test"])
        #expect(repo.ciChecks.first?.purposes == [.test])
    }

    @Test func unreadPipelinesAreUnknownNotAbsent() {
        let repo = ciModel([
            ".github/workflows/broken.yml": "on: [push\njobs: {",
            "Jenkinsfile": "pipeline { agent any }",
        ])
        let coverage = repo.ciCoverage(of: [.test], onChanges: true)
        #expect(coverage.unreadPipelines.map(\.path).sorted() == [".github/workflows/broken.yml", "Jenkinsfile"])
    }
}

@Suite struct DependencyUpdateConfigTests {
    @Test func dependabotEntriesWithPositions() throws {
        let text = """
        version: 2
        updates:
          - package-ecosystem: npm
            directory: /web
            schedule: {interval: weekly}
          - package-ecosystem: "pip"
            directories: ["/a", "/b"]
            open-pull-requests-limit: 0
        """
        let result = DependencyUpdateConfigParser.parseDependabot(TextFile(path: ".github/dependabot.yml", text: text))
        let config = try #require(result.artifacts.first as? DependencyUpdateConfig)
        #expect(result.diagnostics.isEmpty)
        #expect(config.updates.map(\.ecosystem.value) == ["npm", "pip"])
        #expect(config.updates[0].ecosystem.location == Location(path: ".github/dependabot.yml", line: 3, column: 24))
        #expect(config.updates[1].directories.map(\.value) == ["/a", "/b"])
        #expect(config.updates[1].isSecurityOnly && !config.updates[0].isSecurityOnly)
        #expect(config.listLocation.line == 2)
        #expect(config.coverage(of: .npm)?.line == 3)
        #expect(config.coverage(of: .pip) == nil)
        #expect(config.coverage(of: .githubActions) == nil)
    }

    @Test func renovateManagersAndJSON5() throws {
        let strict = DependencyUpdateConfigParser.parseRenovate(TextFile(
            path: "renovate.json", text: "{\n  \"enabledManagers\": [\"npm\", \"github-actions\"],\n  \"osvVulnerabilityAlerts\": true\n}\n"))
        let config = try #require(strict.artifacts.first as? DependencyUpdateConfig)
        #expect(config.coverage(of: .npm) != nil && config.coverage(of: .githubActions) != nil)
        #expect(config.coverage(of: .gomod) == nil)
        #expect(config.listLocation.line == 2 && config.vulnerabilityAlerts?.line == 3)
        let json5 = DependencyUpdateConfigParser.parseRenovate(TextFile(path: "renovate.json5", text: "{ // all\n extends: ['config:recommended'], }\n"))
        #expect(json5.diagnostics.isEmpty)
        #expect((json5.artifacts.first as? DependencyUpdateConfig)?.coverage(of: .cargo) != nil)
        let broken = DependencyUpdateConfigParser.parseRenovate(TextFile(path: "renovate.json", text: "{\"enabled\": "))
        #expect(broken.diagnostics.count == 1)
        let off = DependencyUpdateConfigParser.parseRenovate(TextFile(path: ".github/renovate.json", text: "{\"enabled\": false}"))
        #expect((off.artifacts.first as? DependencyUpdateConfig)?.coverage(of: .npm) == nil)
    }

    @Test func malformedDependabotIsDiagnosed() {
        let result = DependencyUpdateConfigParser.parseDependabot(TextFile(path: ".github/dependabot.yml", text: "updates: [\n"))
        #expect(!result.diagnostics.isEmpty)
    }

    @Test func ecosystemsOfTheRepository() {
        let repo = ciModel([
            "package.json": #"{"dependencies": {"a": "1"}}"#,
            "api/go.mod": "module x\n\ngo 1.22\n",
            "node_modules/x/package.json": "{}",
            "examples/demo/Gemfile": "source 'https://rubygems.org'\n",
            ".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    steps:\n      - uses: ./local\n",
        ])
        #expect(repo.updateEcosystems.map(\.ecosystem.name) == ["gomod", "npm"])
    }

    @Test func corpusDependabotAndRenovateFilesParse() {
        let files = Corpus.files().filter { $0.file.kind == .dependabot || $0.file.kind == .renovate }
        var diagnosed: [String] = []
        for (repo, file, url) in files {
            guard let bytes = try? [UInt8](Data(contentsOf: url)) else { continue }
            let analysis = FileAnalyzer.analyze(file, bytes: bytes)
            if !analysis.diagnostics.isEmpty { diagnosed.append("\(repo)/\(file.path)") }
        }
        #expect(diagnosed.count * 50 <= max(files.count, 1), "\(diagnosed.count)/\(files.count) diagnosed: \(diagnosed)")
    }
}

@Suite struct DependencyInstallsTests {
    @Test func lockfilesAreFoundBesideOrAbove() {
        let repo = ciModel([
            "package.json": #"{"workspaces": ["web"], "dependencies": {"a": "1"}}"#,
            "yarn.lock": "",
            "web/package.json": #"{"dependencies": {"b": "1"}}"#,
            "api/Gemfile": "source 'https://rubygems.org'\ngem 'rails'\n",
            "tool/package.json": #"{"name": "no-deps"}"#,
        ])
        let locks = repo.manifestLocks
        #expect(locks.map(\.manifest.path) == ["api/Gemfile", "package.json", "web/package.json"])
        #expect(locks.map { $0.lockfile?.path } == [nil, "yarn.lock", "yarn.lock"])
    }

    @Test func unfrozenInstallsInCI() {
        let repo = ciModel([
            "requirements.txt": "django>=5\n",
            "requirements-lock.txt": "django==5.0.6\n",
            ".github/workflows/ci.yml": """
            on: push
            env:
              BUNDLE_FROZEN: "true"
            jobs:
              t:
                steps:
                  - run: |
                      npm i
                      npm install --save-dev jest
                      sudo npm install -g yarn
                      npm ci
                      yarn
                      yarn add left-pad
                      pnpm install --no-frozen-lockfile
                      pip install -r ./requirements.txt
                      pip install -r requirements-lock.txt
                      pip install -r missing.txt
                      bundle install
                      composer update
                      pipenv install
                      npm install --package-lock-only
            """,
        ])
        let found = repo.unfrozenInstalls
        #expect(found.map(\.command.command.text) == ["npm i", "yarn", "pnpm install --no-frozen-lockfile",
                                                      "pip install -r ./requirements.txt", "composer update", "pipenv install"])
        #expect(found.map { $0.command.command.location.line } == [8, 12, 14, 15, 19, 20])
    }
}

@Suite struct CIChangeTriggerTests {
    @Test func reusableWorkflowsInheritTheCallersTrigger() {
        let repo = ciModel([
            ".github/workflows/pr.yml": "on: pull_request\njobs:\n  ci:\n    uses: ./.github/workflows/ci.yml\n",
            ".github/workflows/ci.yml": "on: workflow_call\njobs:\n  test:\n    uses: ./.github/workflows/unit.yml\n  lint:\n    steps:\n      - run: bin/lint\n",
            ".github/workflows/unit.yml": "on: workflow_call\njobs:\n  t:\n    steps:\n      - run: bin/tests\n",
            ".github/workflows/orphan.yml": "on: workflow_call\njobs:\n  t:\n    steps:\n      - run: script/test\n",
            ".github/workflows/nightly.yml": "on:\n  schedule:\n    - cron: '0 1 * * *'\njobs:\n  t:\n    uses: ./.github/workflows/orphan.yml\n",
        ])
        #expect(repo.changeCheckingWorkflowPaths == [".github/workflows/pr.yml", ".github/workflows/ci.yml", ".github/workflows/unit.yml"])
        let checks = repo.ciChecks
        #expect(checks.map(\.text) == ["bin/lint", "script/test", "bin/tests"])
        #expect(checks.map(\.checksChanges) == [true, false, true])
        #expect(checks.map(\.purposes) == [[.lint], [.test], [.test]])
    }

    @Test func repositoryScriptsRunByPath() {
        func purposes(_ text: String) -> Set<CommandPurpose> {
            CommandClassifier.purposes(of: text.split(separator: " ").map(String.init))
        }
        #expect(purposes("./bin/tests --postgresql-host db") == [.test])
        #expect(purposes("script/lint") == [.lint])
        #expect(purposes("bin/setup").isEmpty)
        #expect(purposes("tests").isEmpty)
        #expect(purposes("bin/rails test") == [.test])
    }
}

@Suite struct ScriptNameTests {
    @Test func checksNamedAfterThePrefix() {
        func purposes(_ text: String) -> Set<CommandPurpose> {
            CommandClassifier.purposes(of: text.split(separator: " ").map(String.init))
        }
        #expect(purposes("yarn test:typecheck") == [.typeCheck])
        #expect(purposes("npm run ci:lint") == [.lint])
        #expect(purposes("npm run test:unit") == [.test])
        #expect(purposes("helm lint ./charts/app") == [.lint])
        #expect(purposes("helm upgrade --install app ./chart") == [.deploy])
    }
}

@Suite struct LocalClusterTests {
    @Test func deploysIntoAThrowawayClusterAreNotDeploys() {
        let repo = ciModel([
            ".github/workflows/ci.yml": """
            on: push
            jobs:
              e2e:
                steps:
                  - run: kind create cluster
                  - run: kubectl apply -f k8s/
              ship:
                steps:
                  - run: kubectl apply -f k8s/
            """,
        ])
        #expect(repo.ciChecks.map(\.job) == ["ship"])
        #expect(repo.ciChecks(for: [.deploy]).first?.location.line == 9)
    }
}

@Suite struct MatrixCommandTests {
    @Test func matrixCommandsAreReadThroughTheMatrix() throws {
        let repo = ciModel([".github/workflows/ci.yml": """
            on: pull_request
            jobs:
              checks:
                strategy:
                  matrix:
                    os: [ubuntu-latest]
                    include:
                      - name: Tests
                        command: bin/tests --postgresql-host postgres
                      - name: Lint
                        command: bin/lint
                steps:
                  - run: ${{ matrix.command }}
                  - run: echo ${{ matrix.os }}
            """])
        let workflow = try #require(repo.workflows.first)
        #expect(workflow.jobs[0].matrixValues["command"]?.map(\.value) == ["bin/tests --postgresql-host postgres", "bin/lint"])
        #expect(workflow.jobs[0].matrixValues["command"]?.first?.location.line == 9)
        let checks = repo.ciChecks
        #expect(checks.count == 1)
        #expect(checks.first?.purposes == [.test, .lint])
        #expect(checks.first?.location.line == 13)
    }
}
