import Foundation
import OpsAuditArtifacts
import OpsAuditModel
import OpsAuditTestSupport
import Testing

@Suite struct CircleCIParserTests {
    let path = ".circleci/config.yml"

    @Test func jobsStepsWorkflowsOrbs() throws {
        let text = """
        version: 2.1
        orbs:
          node: circleci/node@5.1.0
        executors:
          default:
            docker: [{image: cimg/node:20.0}]
        jobs:
          test:
            docker:
              - image: cimg/node:20.0
            steps:
              - checkout
              - run: npm ci
              - run:
                  name: Tests
                  command: |
                    npm run lint
                    npm test || true
                  when: always
              - node/install-packages
        workflows:
          main:
            jobs:
              - test:
                  filters:
                    branches:
                      only: main
              - hold:
                  type: approval
                  requires: [test]
          nightly:
            triggers:
              - schedule:
                  cron: "0 0 * * *"
            jobs: [test]
        """
        let result = CircleCIParser.parse(TextFile(path: path, text: text))
        #expect(result.diagnostics.isEmpty)
        let config = try #require(result.artifacts.first as? CircleCIConfig)
        #expect(config.orbs.map(\.reference.value) == ["circleci/node@5.1.0"])
        #expect(config.orbs.first?.reference.location == Location(path: path, line: 3, column: 9))
        #expect(config.executors.map(\.value) == ["default"])
        let job = try #require(config.job("test"))
        #expect(job.executor?.value == "cimg/node:20.0")
        #expect(job.steps.map(\.kind.value) == ["checkout", "run", "run", "node/install-packages"])
        let tests = job.steps[2]
        #expect(tests.name?.value == "Tests")
        #expect(tests.when?.value == "always")
        #expect(tests.commands.map(\.text) == ["npm run lint", "npm test"])
        #expect(tests.commands.map(\.location.line) == [17, 18])
        #expect(tests.commands[1].swallowedBy == "|| true")
        #expect(config.workflows.map(\.name.value) == ["main", "nightly"])
        #expect(config.workflows[0].jobs.map(\.name.value) == ["test", "hold"])
        #expect(config.workflows[0].jobs[0].filters?.value == "branches.only: main")
        #expect(config.workflows[0].jobs[0].filters?.location.line == 26)
        #expect(config.workflows[0].jobs[1].isApproval)
        #expect(config.workflows[0].jobs[1].requires.map(\.value) == ["test"])
        #expect(config.workflows[1].schedules.map(\.value) == ["0 0 * * *"])
    }

    @Test func malformed() {
        let result = CircleCIParser.parse(TextFile(path: path, text: "jobs: [\n"))
        #expect(result.diagnostics.contains { $0.kind == .parse })
        let list = CircleCIParser.parse(TextFile(path: path, text: "- a\n"))
        #expect(list.artifacts.isEmpty && !list.diagnostics.isEmpty)
        let odd = CircleCIParser.parse(TextFile(path: path, text: "jobs:\n  a:\n    steps: [{run: {name: x}}, 3, {}]\n"))
        #expect(odd.diagnostics.isEmpty)
        #expect((odd.artifacts.first as? CircleCIConfig)?.jobs.first?.steps.count == 2)
    }
}

@Suite struct AzurePipelineParserTests {
    let path = "azure-pipelines.yml"

    @Test func stagesJobsStepsTasksTemplates() throws {
        let text = """
        trigger: [main]
        stages:
          - stage: Build
            jobs:
              - job: test
                continueOnError: true
                steps:
                  - script: npm test
                    displayName: Tests
                  - bash: |
                      npm run lint
                      npm audit
                    continueOnError: true
                    condition: succeeded()
                  - task: Npm@1
                    inputs: {command: ci}
                  - template: steps/common.yml
          - stage: Deploy
            jobs:
              - deployment: prod
                environment: production
                strategy:
                  runOnce:
                    deploy:
                      steps:
                        - pwsh: ./deploy.ps1
        """
        let result = AzurePipelineParser.parse(TextFile(path: path, text: text))
        #expect(result.diagnostics.isEmpty)
        let pipeline = try #require(result.artifacts.first as? AzurePipeline)
        #expect(pipeline.checksChanges)
        #expect(pipeline.jobs.map(\.name.value) == ["test", "prod"])
        let job = pipeline.jobs[0]
        #expect(job.stage?.value == "Build")
        #expect(job.continueOnError?.location.line == 6)
        #expect(job.steps.map(\.kind.value) == ["script", "bash", "task", "template"])
        #expect(job.steps[0].commands.first?.location.line == 8)
        #expect(job.steps[0].commands.first?.location.column == 21)
        #expect(job.steps[1].commands.map(\.location.line) == [11, 12])
        #expect(job.steps[1].continueOnError?.value == "true")
        #expect(job.steps[1].condition?.value == "succeeded()")
        #expect(job.steps[2].task?.value == "Npm@1")
        #expect(pipeline.templates.map(\.value) == ["steps/common.yml"])
        #expect(pipeline.jobs[1].environment?.value == "production")
        #expect(pipeline.jobs[1].steps.first?.commands.first?.text == "./deploy.ps1")
    }

    @Test func rootStepsAndTriggersOff() throws {
        let text = "trigger: none\npr: none\nschedules:\n  - cron: '0 3 * * *'\n    branches: {include: [main]}\nsteps:\n  - script: make test\n"
        let pipeline = try #require(AzurePipelineParser.parse(TextFile(path: path, text: text)).artifacts.first as? AzurePipeline)
        #expect(!pipeline.checksChanges)
        #expect(pipeline.schedules.map(\.value) == ["0 3 * * *"])
        #expect(pipeline.jobs.map(\.name.value) == ["(steps)"])
        #expect(pipeline.jobs[0].steps[0].commands.first?.location.line == 7)
    }

    @Test func malformed() {
        #expect(AzurePipelineParser.parse(TextFile(path: path, text: "steps: [\n")).diagnostics.contains { $0.kind == .parse })
        let odd = AzurePipelineParser.parse(TextFile(path: path, text: "jobs: 3\nsteps: {a: b}\nstages: [x, {jobs: [y]}]\n"))
        #expect(odd.diagnostics.isEmpty)
    }
}

@Suite struct BitbucketParserTests {
    let path = "bitbucket-pipelines.yml"

    @Test func pipelinesAndSteps() throws {
        let text = """
        image: node:20
        pipelines:
          default:
            - step:
                name: Test
                services: [postgres]
                script:
                  - npm ci
                  - npm test || true
                  - pipe: atlassian/slack-notify:2.0.0
                after-script:
                  - npm run report
            - parallel:
                - step:
                    script: [npm run lint]
          branches:
            main:
              - stage:
                  name: Deploy
                  steps:
                    - step:
                        deployment: production
                        trigger: manual
                        script: [./deploy.sh]
          custom:
            nightly:
              - step:
                  script: [./backup.sh]
        """
        let result = BitbucketParser.parse(TextFile(path: path, text: text))
        #expect(result.diagnostics.isEmpty)
        let file = try #require(result.artifacts.first as? BitbucketPipelines)
        #expect(file.image?.value == "node:20")
        #expect(file.pipelines.map(\.name.value) == ["default", "main", "nightly"])
        #expect(file.pipelines.map(\.trigger) == [.default, .branches, .custom])
        let test = file.pipelines[0].steps[0]
        #expect(test.name?.value == "Test")
        #expect(test.services.map(\.value) == ["postgres"])
        #expect(test.commands.map(\.text) == ["npm ci", "npm test"])
        #expect(test.commands.map(\.location.line) == [8, 9])
        #expect(test.commands[1].swallowedBy == "|| true")
        #expect(test.pipes.map(\.value) == ["atlassian/slack-notify:2.0.0"])
        #expect(test.afterScriptCommands.map(\.location.line) == [12])
        #expect(file.pipelines[0].steps[1].commands.first?.text == "npm run lint")
        let deploy = try #require(file.pipelines[1].steps.first)
        #expect(deploy.isManual && deploy.deployment?.value == "production")
        #expect(!file.pipelines[2].checksChanges)
    }

    @Test func malformed() {
        #expect(BitbucketParser.parse(TextFile(path: path, text: "pipelines: {\n")).diagnostics.contains { $0.kind == .parse })
        let odd = BitbucketParser.parse(TextFile(path: path, text: "pipelines:\n  default: 3\n  branches: [a]\n"))
        #expect(odd.diagnostics.isEmpty)
        #expect((odd.artifacts.first as? BitbucketPipelines)?.pipelines.first?.steps.isEmpty == true)
    }
}

@Suite struct JenkinsfileParserTests {
    let path = "Jenkinsfile"

    func parse(_ text: String) -> (Jenkinsfile?, [Diagnostic]) {
        let result = JenkinsfileParser.parse(TextFile(path: path, text: text))
        return (result.artifacts.first as? Jenkinsfile, result.diagnostics)
    }

    @Test func declarativePipeline() throws {
        let text = """
        pipeline {
          agent any
          options { timeout(time: 30, unit: 'MINUTES') }
          triggers { cron('H 2 * * *') }
          stages {
            stage('Test') {
              when { branch 'main' }
              steps {
                sh 'npm ci'
                sh "npm test || true"
                sh(script: 'npm run lint', returnStatus: true)
                sh label: 'audit', script: 'npm audit'
                sh '''
                  echo start
                  go test ./...
                '''
                catchError(buildResult: 'SUCCESS', stageResult: 'FAILURE') {
                  sh 'pytest'
                }
                catchError {
                  sh 'make check'
                }
              }
            }
          }
          post {
            failure { echo 'failed' }
            always { sh 'make clean' }
          }
        }
        """
        let (file, diags) = parse(text)
        let jf = try #require(file)
        #expect(diags.isEmpty)
        #expect(jf.isDeclarative)
        #expect(jf.stages.map(\.name.value) == ["Test"])
        #expect(jf.stages.first?.name.location == Location(path: path, line: 6, column: 12))
        #expect(jf.stages.first?.when?.line == 7)
        #expect(jf.timeouts.map(\.value) == ["time: 30, unit: 'MINUTES'"])
        #expect(jf.timeouts.first?.location.line == 3)
        #expect(jf.schedules.map(\.value) == ["H 2 * * *"])
        #expect(jf.postConditions.map(\.value) == ["failure", "always"])
        let steps = jf.shellSteps
        #expect(steps.map { $0.script.text.trimmingCharacters(in: .whitespacesAndNewlines) }.prefix(4)
            == ["npm ci", "npm test || true", "npm run lint", "npm audit"])
        #expect(steps.map(\.kind.location.line) == [9, 10, 11, 12, 13, 18, 21, 28])
        #expect(steps[0].commands.first?.location == Location(path: path, line: 9, column: 13))
        #expect(steps[1].commands.first?.swallowedBy == "|| true")
        #expect(steps[2].returnStatus?.line == 11)
        #expect(steps[3].returnStatus == nil)
        #expect(steps[4].commands.map(\.text) == ["echo start", "go test ./..."])
        #expect(steps[4].commands.map(\.location.line) == [14, 15])
        #expect(steps[5].catchErrorSuccess?.line == 17)
        #expect(steps[6].catchErrorSuccess == nil)
        #expect(steps[0].stage == "Test")
        #expect(steps[7].postCondition == "always")
        #expect(steps[7].stage == nil)
    }

    @Test func scriptedWithTryCatch() throws {
        let text = """
        // scripted
        node('linux') {
          stage("Build") {
            try {
              sh "./gradlew test"   // a comment with } brace
            } catch (err) {
              echo "tests failed: ${err}"
            }
            try {
              sh './gradlew check'
            } catch (e) {
              currentBuild.result = 'FAILURE'
            }
            /* sh 'not a step' { */
            bat 'npm test'
            def status = sh script: "make lint", returnStatus: true
          }
        }
        """
        let (file, diags) = parse(text)
        let jf = try #require(file)
        #expect(diags.isEmpty)
        #expect(!jf.isDeclarative)
        #expect(jf.stages.map(\.name.value) == ["Build"])
        let steps = jf.shellSteps
        #expect(steps.map(\.kind.value) == ["sh", "sh", "bat", "sh"])
        #expect(steps[0].swallowingTry?.line == 4)
        #expect(steps[1].swallowingTry == nil)
        #expect(steps[3].returnStatus?.line == 16)
        #expect(steps[3].commands.first?.location.line == 16)
        #expect(steps.allSatisfy { $0.stage == "Build" })
    }

    @Test func malformedAndHostile() {
        let (file, diags) = parse("pipeline { stages { sh '''never closed\n")
        #expect(file != nil)
        #expect(diags.contains { $0.message.contains("unterminated string") })
        #expect(diags.contains { $0.message.contains("unbalanced") })
        let (_, extra) = parse("}}} node { sh 'x' }")
        #expect(extra.contains { $0.message.contains("unbalanced") })
        let deep = String(repeating: "a { sh 'x'\n", count: 5_000) + String(repeating: "}", count: 5_000)
        let (deepFile, deepDiags) = parse(deep)
        #expect(deepFile?.shellSteps.count == 5_000)
        #expect(deepDiags.map(\.kind) == [.limit])
        // Thousands of unclosed calls: every lookup is one step, not a rescan.
        let clock = ContinuousClock()
        let start = clock.now
        let (open, _) = parse(String(repeating: "sh( timeout( stage('s') ) {\n", count: 10_000))
        #expect(open != nil)
        #expect(clock.now - start < .seconds(10))
        let (_, comment) = parse("/* open")
        #expect(comment.contains { $0.message.contains("unterminated /*") })
    }

    @Test func variableScriptsAreSkipped() throws {
        let jf = try #require(parse("node { sh cmd\n sh(script: build())\n sh \"echo ${env.X}\" }").0)
        #expect(jf.shellSteps.map(\.script.text) == ["echo ${env.X}"])
    }
}

@Suite struct CISystemsCorpusTests {
    @Test(arguments: [FileKind.circleCI, .azurePipelines, .bitbucketPipelines, .jenkinsfile])
    func corpusFilesParse(kind: FileKind) throws {
        var parsed = 0, diagnosed: [String] = []
        for entry in Corpus.files() where entry.file.kind == kind {
            let analysis = FileAnalyzer.analyze(entry.file, bytes: try [UInt8](Data(contentsOf: entry.url)))
            parsed += 1
            if !analysis.diagnostics.isEmpty { diagnosed.append("\(entry.repo)/\(entry.file.path): \(analysis.diagnostics)") }
            #expect(!analysis.artifacts.isEmpty, "\(entry.repo)/\(entry.file.path)")
        }
        #expect(parsed > 0)
        #expect(Double(diagnosed.count) <= Double(parsed) * 0.02, "\(kind): \(diagnosed.count)/\(parsed) diagnosed: \(diagnosed)")
    }
}

/// Every CI parser fed every small corpus configuration file, whole and cut in half (open
/// strings, brackets, blocks): no crash, no hang, diagnostics inside the file.
@Suite struct CIParserRobustnessTests {
    static let parsers: [(String, @Sendable (TextFile) -> ParseResult)] = [
        ("gitlab", GitLabParser.parse), ("circleci", CircleCIParser.parse), ("azure", AzurePipelineParser.parse),
        ("bitbucket", BitbucketParser.parse), ("jenkins", JenkinsfileParser.parse),
    ]

    @Test func everyParserSurvivesEveryCorpusFile() throws {
        let files = Corpus.files().filter { $0.file.size < 16_384 && $0.file.kind.isOpsConfig }
        #expect(files.count > 100)
        var problems: [String] = []
        for entry in files {
            guard case let .text(text, _) = TextFile.decode(path: entry.file.path, bytes: try [UInt8](Data(contentsOf: entry.url)))
            else { continue }
            let scalars = Array(text.text.unicodeScalars)
            var half = String.UnicodeScalarView()
            half.append(contentsOf: scalars[..<(scalars.count / 2)])
            for variant in [text.text, String(half)] {
                let file = TextFile(path: entry.file.path, text: variant)
                for (name, parse) in Self.parsers {
                    let result = parse(file)
                    let misplaced = result.diagnostics.contains {
                        $0.location?.path != entry.file.path || ($0.location?.line ?? 1) > file.lineCount
                    }
                    // The Jenkinsfile scanner reads anything into one artifact; a YAML parser gives at most one.
                    let wrongCount = name == "jenkins" ? result.artifacts.count != 1 : result.artifacts.count > 1
                    if misplaced || wrongCount { problems.append("\(name) on \(entry.repo)/\(entry.file.path) (\(file.lineCount) lines): \(result.diagnostics.map { "\($0.location.map { String(describing: $0) } ?? "-") \($0.message)" })") }
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.prefix(10))")
    }
}

@Suite struct CICommandsTests {
    func model(_ files: [String: String]) -> RepoModel { repoModel(files) }

    @Test func gitlabNeutralizersManualAndSchedules() throws {
        let repo = model([".gitlab-ci.yml": """
        include: [{local: .gitlab/ci/extra.yml}]
        test:
          script: [npm test]
          allow_failure: true
        lint:
          script: npm run lint
          allow_failure:
            exit_codes: [3]
        typecheck:
          script: tsc --noEmit || true
          after_script: [npm audit]
        deploy:
          script: npm test
          when: manual
        nightly:
          script: npm audit
          rules:
            - if: $CI_PIPELINE_SOURCE == "schedule"
        .hidden:
          script: npm test
        """, ".gitlab/ci/extra.yml": "e2e:\n  script: npm test\n"])
        #expect(repo.gitlabIncludedPaths == [".gitlab/ci/extra.yml"])
        let commands = repo.ciCommands.filter { $0.system == .gitlab }
        #expect(commands.map(\.job) == ["test", "lint", "typecheck", "typecheck", "deploy", "nightly", "e2e"])
        let byJob = Dictionary(commands.map { ($0.job + ":" + $0.step, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byJob["test:script"]?.neutralizer?.location.line == 4)
        #expect(byJob["test:script"]?.neutralizer?.how.contains("allow_failure: true") == true)
        #expect(byJob["lint:script"]?.neutralizer?.how.contains("exit codes 3") == true)
        #expect(byJob["typecheck:script"]?.neutralizer?.how == "`|| true`")
        #expect(byJob["typecheck:after_script"]?.neutralizer?.how.contains("after_script") == true)
        #expect(byJob["deploy:script"]?.isManual == true && byJob["deploy:script"]?.neutralizer == nil)
        #expect(byJob["nightly:script"]?.isScheduled == true && byJob["nightly:script"]?.checksChanges == false)
        #expect(byJob["e2e:script"]?.checksChanges == true)
        let tasks = repo.scheduledTasks.filter { $0.origin.contains("GitLab") }
        #expect(tasks.map(\.origin) == ["GitLab job `nightly` (pipeline schedule)"])
        #expect(tasks.first?.schedule.value == "pipeline schedule (set in GitLab)")
        #expect(tasks.first?.schedule.location.line == 15)
        #expect(tasks.first?.commands.map(\.text) == ["npm audit"])
    }

    @Test func otherSystemsNeutralizers() throws {
        let repo = model([
            "azure-pipelines.yml": "steps:\n  - script: npm test\n    continueOnError: true\n",
            "Jenkinsfile": "node {\n  sh 'npm test || true'\n  catchError(buildResult: 'SUCCESS') { sh 'npm run lint' }\n}\n",
            ".circleci/config.yml": "jobs:\n  t:\n    steps:\n      - run:\n          command: npm test\n          when: always\n",
            "bitbucket-pipelines.yml": "pipelines:\n  default:\n    - step:\n        trigger: manual\n        script: [npm test]\n",
        ])
        let commands = repo.ciCommands
        #expect(Set(commands.map(\.system)) == [.azure, .jenkins, .circleci, .bitbucket])
        let azure = try #require(commands.first { $0.system == .azure })
        #expect(azure.neutralizer?.location.line == 3)
        #expect(azure.neutralizer?.how == "`continueOnError: true` on the step")
        let jenkins = commands.filter { $0.system == .jenkins }
        #expect(jenkins.map { $0.neutralizer?.location.line } == [2, 3])
        #expect(jenkins[1].neutralizer?.how.contains("catchError") == true)
        #expect(commands.first { $0.system == .circleci }?.neutralizer == nil)
        #expect(commands.first { $0.system == .bitbucket }?.isManual == true)
    }

    @Test func gitlabIncludeGlobs() {
        let repo = model([".gitlab-ci.yml": "include:\n  - local: '.gitlab/ci/*.yml'\n  - local: 'deep/**/*.yml'\n  - local: /exact.yml\n"])
        #expect(repo.isGitLabIncluded(".gitlab/ci/test.yml"))
        #expect(!repo.isGitLabIncluded(".gitlab/ci/sub/test.yml"))
        #expect(!repo.isGitLabIncluded(".gitlab/ci/test.yaml"))
        #expect(repo.isGitLabIncluded("deep/a/b/c.yml"))
        #expect(repo.isGitLabIncluded("deep/c.yml"))
        #expect(repo.isGitLabIncluded("exact.yml"))
        #expect(!repo.isGitLabIncluded("other.yml"))
    }

    @Test func circleBackgroundStepIsNeutralised() throws {
        let repo = model([".circleci/config.yml": "jobs:\n  t:\n    steps:\n      - run:\n          command: npm test\n          background: true\n"])
        let command = try #require(repo.ciCommands.first)
        #expect(command.neutralizer?.how == "`background: true` on the step")
        #expect(command.neutralizer?.location.line == 6)
    }

    @Test func scheduledTasksFromOtherSystems() {
        let repo = model([
            ".circleci/config.yml": "jobs:\n  backup:\n    steps:\n      - run: ./backup.sh\n  other:\n    steps: [{run: make}]\nworkflows:\n  nightly:\n    triggers:\n      - schedule:\n          cron: '0 1 * * *'\n    jobs: [backup]\n",
            "azure-pipelines.yml": "schedules:\n  - cron: '0 2 * * *'\nsteps:\n  - script: ./backup.sh\n",
            "Jenkinsfile": "pipeline {\n  triggers { cron('H 3 * * *') }\n  stages { stage('b') { steps { sh './backup.sh' } } }\n}\n",
        ])
        let tasks = repo.scheduledTasks
        #expect(tasks.map(\.origin) == ["CircleCI workflow `nightly`", "Azure pipeline `azure-pipelines.yml`", "Jenkinsfile `Jenkinsfile`"])
        #expect(tasks.map(\.schedule.value) == ["0 1 * * *", "0 2 * * *", "H 3 * * *"])
        #expect(tasks.map(\.schedule.location.line) == [11, 2, 2])
        #expect(tasks.map { $0.commands.map(\.text) } == [["./backup.sh"], ["./backup.sh"], ["./backup.sh"]])
    }
}
