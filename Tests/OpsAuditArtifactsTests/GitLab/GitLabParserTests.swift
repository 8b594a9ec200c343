import Foundation
import OpsAuditArtifacts
import OpsAuditModel
import OpsAuditTestSupport
import Testing

@Suite struct GitLabParserTests {
    let path = ".gitlab-ci.yml"

    func parse(_ text: String, path: String = ".gitlab-ci.yml") -> (pipeline: GitLabPipeline?, diagnostics: [Diagnostic]) {
        let result = GitLabParser.parse(TextFile(path: path, text: text))
        return (result.artifacts.first as? GitLabPipeline, result.diagnostics)
    }

    @Test func stagesJobsAndScripts() throws {
        let text = """
        stages: [build, test]
        default:
          image: node:20
          before_script:
            - npm ci
        test:
          stage: test
          script:
            - npm run lint
            - |
              echo start
              npm test
          after_script: echo done
        .template:
          script: make
        """
        let (pipeline, diags) = parse(text)
        let p = try #require(pipeline)
        #expect(diags.isEmpty)
        #expect(p.stages.map(\.value) == ["build", "test"])
        #expect(p.jobs.map(\.name.value) == ["test", ".template"])
        #expect(p.runnableJobs.map(\.name.value) == ["test"])
        let job = try #require(p.job("test"))
        #expect(job.name.location == Location(path: path, line: 6, column: 1))
        #expect(job.stage?.value == "test")
        #expect(job.image?.value == "node:20")
        #expect(job.beforeScript?.commands.map(\.text) == ["npm ci"])
        #expect(job.beforeScript?.commands.first?.location.line == 5)
        let script = try #require(job.script)
        #expect(script.lines.count == 2)
        #expect(script.commands.map(\.text) == ["npm run lint", "echo start", "npm test"])
        #expect(script.commands.map(\.location.line) == [9, 11, 12])
        #expect(script.commands[0].location.column == 7)
        #expect(job.afterScript?.commands.map(\.location.line) == [13])
    }

    @Test func nestedListsFlattenOneLevelAndReferencesAreRecorded() throws {
        let text = """
        .setup: &setup
          - apt-get update
          - apt-get install -y make
        job:
          script:
            - *setup
            - !reference [.other, script]
            - make test
        """
        let p = try #require(parse(text).pipeline)
        let job = try #require(p.job("job"))
        #expect(job.script?.commands.map(\.text) == ["apt-get update", "apt-get install -y make", "make test"])
        #expect(job.script?.commands.last?.location.line == 8)
        #expect(job.script?.unresolvedReferences.map(\.line) == [7])
        // `.setup` is a list, not a job.
        #expect(p.jobs.map(\.name.value) == ["job"])
    }

    @Test func referenceAsWholeScript() throws {
        let p = try #require(parse("job:\n  script: !reference [.base, script]\n").pipeline)
        #expect(p.job("job")?.script?.unresolvedReferences.map(\.line) == [2])
        #expect(p.job("job")?.script?.commands.isEmpty == true)
    }

    @Test func allowFailureForms() throws {
        let text = """
        a:
          script: npm test
          allow_failure: true
        b:
          script: npm test
          allow_failure:
            exit_codes: [137, 255]
        c:
          script: npm test
          allow_failure: false
        d:
          script: npm test
          allow_failure:
            exit_codes: 1
        """
        let p = try #require(parse(text).pipeline)
        #expect(p.job("a")?.allowFailure?.isAllowed == true)
        #expect(p.job("a")?.allowFailure?.location.line == 3)
        #expect(p.job("b")?.allowFailure?.exitCodes == [137, 255])
        #expect(p.job("b")?.allowFailure?.location.line == 6)
        #expect(p.job("c")?.allowFailure?.isAllowed == false)
        #expect(p.job("d")?.allowFailure?.exitCodes == [1])
    }

    @Test func rulesOnlyExceptWhenNeedsEnvironment() throws {
        let text = """
        workflow:
          rules:
            - if: $CI_COMMIT_BRANCH
        deploy:
          stage: deploy
          script: ./deploy.sh
          needs: [test, {job: build, artifacts: true}]
          environment:
            name: production
            url: https://example.com
          rules:
            - if: $CI_COMMIT_BRANCH == "main"
              when: manual
            - when: never
        nightly:
          script: ./backup.sh
          rules:
            - if: '$CI_PIPELINE_SOURCE == "schedule"'
            - when: never
        legacy:
          script: make
          only: [schedules]
          except:
            - tags
        review:
          script: make
          when: manual
          environment: review/$CI_COMMIT_REF_NAME
        """
        let p = try #require(parse(text).pipeline)
        #expect(p.workflowRules.map { $0.condition?.value } == ["$CI_COMMIT_BRANCH"])
        #expect(!p.runsOnlyOnSchedule)
        let deploy = try #require(p.job("deploy"))
        #expect(deploy.needs.map(\.value) == ["test", "build"])
        #expect(deploy.environment == Located("production", at: Location(path: path, line: 9, column: 11)))
        #expect(deploy.hasManualRule && deploy.hasNeverRule && deploy.isManual)
        #expect(deploy.rules.first?.location.line == 12)
        #expect(!deploy.runsOnlyOnSchedule)
        #expect(p.job("nightly")?.runsOnlyOnSchedule == true)
        #expect(p.job("nightly")?.isManual == false)
        #expect(p.job("legacy")?.runsOnlyOnSchedule == true)
        #expect(p.job("legacy")?.except?.value == "tags")
        #expect(p.job("review")?.isManual == true)
        #expect(p.job("review")?.when?.location.line == 27)
        #expect(p.job("review")?.environment?.value == "review/$CI_COMMIT_REF_NAME")
    }

    @Test func extendsResolvesFromTemplatesInTheFile() throws {
        let text = """
        .base:
          stage: test
          before_script: [npm ci]
        .tests:
          extends: .base
          script: npm test
          allow_failure: true
        unit:
          extends: [.tests]
        strict:
          extends: .tests
          allow_failure: false
        remote:
          extends: .from-include
          script: make
        """
        let p = try #require(parse(text).pipeline)
        let unit = try #require(p.job("unit"))
        #expect(unit.extends.map(\.value) == [".tests"])
        #expect(unit.stage?.value == "test")
        #expect(unit.beforeScript?.commands.map(\.text) == ["npm ci"])
        #expect(unit.script?.commands.first?.location.line == 6)
        #expect(unit.allowFailure?.location.line == 7)
        #expect(p.job("strict")?.allowFailure?.isAllowed == false)
        #expect(p.job("remote")?.unresolvedExtends.map(\.value) == [".from-include"])
    }

    @Test func extendsCycleTerminates() throws {
        let p = try #require(parse(".a:\n  extends: .b\n  script: x\n.b:\n  extends: .a\njob:\n  extends: .a\n").pipeline)
        #expect(p.job("job")?.script?.commands.map(\.text) == ["x"])
    }

    @Test func extendsFanOutIsBounded() throws {
        // 300 templates each extending 100 others: unbounded resolution would be 10⁶ visits per job.
        var text = ""
        for i in 0..<300 {
            let targets = (1...100).map { ".t\(($0 + i) % 300)" }.joined(separator: ", ")
            text += ".t\(i):\n  extends: [\(targets)]\n  script: echo \(i)\n"
        }
        for i in 0..<50 { text += "job\(i):\n  extends: .t\(i)\n" }
        let clock = ContinuousClock()
        let start = clock.now
        let p = try #require(parse(text).pipeline)
        #expect(p.runnableJobs.count == 50)
        #expect(p.job("job0")?.script?.commands.first?.text == "echo 0")
        #expect(clock.now - start < .seconds(10))
    }

    @Test func includesAndServicesAndTimeout() throws {
        let text = """
        include:
          - local: /.gitlab/ci/test.yml
          - project: group/templates
            file: [a.yml, b.yml]
          - remote: https://example.com/ci.yml
          - template: Security/SAST.gitlab-ci.yml
          - component: gitlab.com/org/comp@1.0
          - .gitlab/ci/lint.yml
        default:
          timeout: 30m
        job:
          image: {name: "python:3.12", entrypoint: [""]}
          services: [postgres:16, {name: redis:7, alias: cache}]
          script: pytest
        """
        let p = try #require(parse(text).pipeline)
        #expect(p.includes.map(\.kind) == [.local, .project, .remote, .template, .component, .local])
        #expect(p.includedLocalPaths.map(\.value) == [".gitlab/ci/test.yml", ".gitlab/ci/lint.yml"])
        #expect(p.includedLocalPaths.map(\.location.line) == [2, 8])
        #expect(p.includes[1].files.map(\.value) == ["a.yml", "b.yml"])
        let job = try #require(p.job("job"))
        #expect(job.image?.value == "python:3.12")
        #expect(job.services.map(\.value) == ["postgres:16", "redis:7"])
        #expect(job.timeout?.value == "30m")
    }

    @Test func includeAsSingleString() throws {
        let p = try #require(parse("include: '/templates/ci.yml'\n").pipeline)
        #expect(p.includedLocalPaths.map(\.value) == ["templates/ci.yml"])
        #expect(p.jobs.isEmpty)
    }

    @Test func componentSpecHeaderIsSkipped() throws {
        let p = try #require(parse("spec:\n  inputs:\n    stage: {}\n---\njob:\n  script: make\n").pipeline)
        #expect(p.job("job")?.script?.commands.first?.location.line == 6)
    }

    @Test func scheduleOnlyWorkflow() throws {
        let p = try #require(parse("""
        workflow:
          rules:
            - if: $CI_PIPELINE_SOURCE == "schedule"
        job:
          script: make
        """).pipeline)
        #expect(p.runsOnlyOnSchedule)
    }

    @Test func scriptSetPlusEAffectsLaterLines() throws {
        let p = try #require(parse("job:\n  script:\n    - set +e\n    - npm test\n    - echo done\n").pipeline)
        let command = try #require(p.job("job")?.script?.commands.dropLast().last)
        #expect(command.swallowedBy == "set +e")
        #expect(command.location.line == 4)
    }

    @Test func malformedInputGivesDiagnostics() {
        let (pipeline, diags) = parse("job:\n  script: [unclosed\n")
        #expect(pipeline == nil)
        #expect(diags.contains { $0.kind == .parse })
        let (list, listDiags) = parse("- a\n- b\n")
        #expect(list == nil)
        #expect(listDiags.first?.message.contains("not a YAML mapping") == true)
        // A syntax error at the end of a file without a final newline points inside the file.
        let (_, endDiags) = parse("job:\n  script: x\nfoo")
        #expect(endDiags.first?.location?.line == 3)
        // Odd shapes are salvaged, not fatal.
        let (odd, oddDiags) = parse("job:\n  script: {a: b}\n  allow_failure: maybe\n  rules: yes\n  needs: 3\n")
        #expect(oddDiags.isEmpty)
        #expect(odd?.job("job")?.allowFailure?.isAllowed == false)
        #expect(odd?.job("job")?.script?.commands.isEmpty == true)
    }

    @Test func repeatedMergeKeysAreAllMerged() throws {
        let text = """
        .a: &a
          stage: lint
        .b: &b
          script: [make lint]
        lint:
          <<: *a
          <<: *b
        """
        let (pipeline, diags) = parse(text)
        #expect(diags.isEmpty)
        let job = try #require(pipeline?.job("lint"))
        #expect(job.stage?.value == "lint")
        #expect(job.script?.commands.map(\.location.line) == [4])
    }

    @Test func crlfAndEmptyFile() throws {
        let p = try #require(parse("job:\r\n  script:\r\n    - npm test\r\n").pipeline)
        #expect(p.job("job")?.script?.commands.map(\.text) == ["npm test"])
        #expect(p.job("job")?.script?.commands.first?.location.line == 3)
        let (empty, diags) = parse("")
        #expect(empty == nil && diags.isEmpty)
    }

    @Test func corpusFilesParse() throws {
        var parsed = 0, diagnosed: [String] = []
        for entry in Corpus.files() where entry.file.kind == .gitlabCI {
            let bytes = try [UInt8](Data(contentsOf: entry.url))
            let analysis = FileAnalyzer.analyze(entry.file, bytes: bytes)
            parsed += 1
            if !analysis.diagnostics.isEmpty { diagnosed.append("\(entry.repo)/\(entry.file.path): \(analysis.diagnostics)") }
            if analysis.diagnostics.isEmpty {
                #expect(analysis.artifacts.contains { $0 is GitLabPipeline }, "\(entry.repo)/\(entry.file.path)")
            }
        }
        #expect(parsed > 0)
        #expect(Double(diagnosed.count) <= Double(parsed) * 0.02, "\(diagnosed.count)/\(parsed) diagnosed: \(diagnosed)")
    }
}
