import Foundation
import OpsAuditArtifacts
import OpsAuditModel
import OpsAuditTestSupport
import Testing

@Suite struct WorkflowParserTests {
    let path = ".github/workflows/ci.yml"

    func parse(_ text: String) -> (workflow: Workflow?, diagnostics: [Diagnostic]) {
        let result = WorkflowParser.parseWorkflow(TextFile(path: path, text: text))
        return (result.artifacts.first as? Workflow, result.diagnostics)
    }

    @Test func onAsString() throws {
        let (workflow, diags) = parse("name: CI\non: push\njobs: {}\n")
        let wf = try #require(workflow)
        #expect(diags.isEmpty)
        #expect(wf.name?.value == "CI")
        #expect(wf.triggers.map(\.event.value) == ["push"])
        #expect(wf.triggers.first?.event.location == Location(path: path, line: 2, column: 5))
        #expect(wf.triggersLocation?.line == 2)
    }

    @Test func onAsList() throws {
        let wf = try #require(parse("jobs: {}\non: [push, pull_request]\n").workflow)
        #expect(wf.triggers.map(\.event.value) == ["push", "pull_request"])
        #expect(wf.triggers.map { $0.event.location.line } == [2, 2])
        #expect(wf.triggers[1].event.location.column == 12)
    }

    @Test func onAsMapWithSchedules() throws {
        let text = """
        on:
          push:
            branches: [main]
          pull_request:
            types: [opened]
          schedule:
            - cron: '0 3 * * *'
            - cron: "30 4 * * 1"
          workflow_dispatch:
        jobs: {}

        """
        let wf = try #require(parse(text).workflow)
        #expect(wf.triggers.map(\.event.value) == ["push", "pull_request", "schedule", "workflow_dispatch"])
        #expect(wf.trigger("push")?.branches.map(\.value) == ["main"])
        #expect(wf.trigger("push")?.branches.first?.location.line == 3)
        #expect(wf.trigger("pull_request")?.types.map(\.value) == ["opened"])
        #expect(wf.trigger("schedule")?.event.location.line == 6)
        #expect(wf.schedules.map(\.value) == ["0 3 * * *", "30 4 * * 1"])
        #expect(wf.schedules.map(\.location.line) == [7, 8])
        #expect(wf.trigger("workflow_dispatch")?.event.location.line == 9)
    }

    @Test func permissionForms() throws {
        let text = """
        on: push
        permissions: read-all
        jobs:
          a:
            runs-on: ubuntu-latest
            permissions: write-all
          b:
            runs-on: ubuntu-latest
            permissions: {}
          c:
            runs-on: ubuntu-latest
            permissions:
              contents: read
              id-token: write
          d:
            runs-on: ubuntu-latest

        """
        let wf = try #require(parse(text).workflow)
        let top = try #require(wf.permissions)
        guard case .readAll = top.kind else { Issue.record("expected read-all"); return }
        #expect(top.location.line == 2)
        guard case .writeAll = wf.jobs[0].permissions?.kind else { Issue.record("expected write-all"); return }
        #expect(wf.jobs[0].permissions?.location.line == 6)
        guard case Permissions.Kind.none? = wf.jobs[1].permissions?.kind else { Issue.record("expected {}"); return }
        #expect(wf.jobs[1].permissions?.location.line == 9)
        guard case let .scopes(scopes)? = wf.jobs[2].permissions?.kind else { Issue.record("expected scopes"); return }
        #expect(scopes["contents"]?.value == "read")
        #expect(scopes["id-token"]?.value == "write")
        #expect(scopes["id-token"]?.location.line == 14)
        #expect(wf.jobs[2].permissions?.level(of: "contents") == "read")
        #expect(wf.jobs[3].permissions == nil)
    }

    @Test func jobsAndSteps() throws {
        let text = """
        on: push
        env:
          NODE_ENV: test
        concurrency: ci-${{ github.ref }}
        jobs:
          test:
            name: Tests
            runs-on: [self-hosted, linux]
            timeout-minutes: 15
            continue-on-error: ${{ matrix.experimental }}
            environment:
              name: production
              url: https://x
            strategy:
              matrix:
                node: [18, 20]
            steps:
              - uses: actions/checkout@v4
              - name: Setup
                uses: actions/setup-node@8f152de45cc393bb48ce5d89d36b731f54556e65
                with:
                  node-version: 20
                  cache: npm
              - name: Test
                id: t
                if: github.event_name == 'push'
                shell: bash
                working-directory: app
                continue-on-error: true
                run: |
                  npm ci
                  npm run build
                  npm test || true
              - run: echo done
          deploy:
            needs: test
            if: github.ref == 'refs/heads/main'
            environment: staging
            uses: ./.github/workflows/deploy.yml
          release:
            needs: [test, deploy]
            runs-on: ubuntu-latest
            steps:
              - uses: docker://alpine:3.19
              - uses: ./.github/actions/setup

        """
        let (workflow, diags) = parse(text)
        #expect(diags.isEmpty)
        let wf = try #require(workflow)
        #expect(wf.envKeys.map(\.value) == ["NODE_ENV"])
        #expect(wf.concurrency?.line == 4)
        #expect(wf.hasConcurrency)
        #expect(wf.jobs.map(\.id.value) == ["test", "deploy", "release"])
        let test = wf.jobs[0]
        #expect(test.location.line == 6)
        #expect(test.name?.value == "Tests")
        #expect(test.runsOn?.value == "self-hosted, linux")
        #expect(test.timeoutMinutes?.value == "15")
        #expect(test.timeoutMinutes?.location.line == 9)
        #expect(test.continueOnError?.value == "${{ matrix.experimental }}")
        #expect(test.continueOnError?.location.line == 10)
        #expect(test.environment?.value == "production")
        #expect(test.environment?.location.line == 12)
        #expect(test.hasMatrix)
        #expect(test.steps.count == 4)

        let checkout = test.steps[0]
        #expect(checkout.index == 0)
        #expect(checkout.location.line == 18)
        #expect(checkout.uses?.value.owner == "actions")
        #expect(checkout.uses?.value.repo == "checkout")
        #expect(checkout.uses?.value.ref == "v4")
        #expect(checkout.uses?.value.isPinnedToSHA == false)
        #expect(checkout.uses?.location.line == 18)

        let setup = test.steps[1]
        #expect(setup.uses?.value.isPinnedToSHA == true)
        #expect(setup.with.map(\.key.value) == ["node-version", "cache"])
        #expect(setup.input("node-version")?.value == "20")
        #expect(setup.input("cache")?.location.line == 23)

        let run = test.steps[2]
        #expect(run.location.line == 24)
        #expect(run.id?.value == "t")
        #expect(run.condition?.value == "github.event_name == 'push'")
        #expect(run.shell?.value == "bash")
        #expect(run.workingDirectory?.value == "app")
        #expect(run.continueOnError?.value == "true")
        #expect(run.continueOnError?.location.line == 29)
        let script = try #require(run.run)
        let lines = script.text.split(separator: "\n")
        #expect(lines[2] == "npm test || true")
        #expect(script.lineLocations[2].line == 33)
        #expect(script.lineLocations[0].line == 31)
        #expect(script.lineLocations[2].column == 11)

        #expect(test.steps[3].run?.text == "echo done")
        #expect(test.steps[3].run?.lineLocations.first?.line == 34)
        #expect(test.steps[3].label == "echo done")

        let deploy = try #require(wf.job("deploy"))
        #expect(deploy.needs.map(\.value) == ["test"])
        #expect(deploy.condition?.location.line == 37)
        #expect(deploy.environment?.value == "staging")
        #expect(deploy.uses?.value == "./.github/workflows/deploy.yml")
        #expect(deploy.runsOn == nil)
        #expect(!deploy.hasMatrix)

        let release = wf.jobs[2]
        #expect(release.needs.map(\.value) == ["test", "deploy"])
        #expect(release.needs[1].location.line == 41)
        #expect(release.steps[0].uses?.value.kind == .docker)
        #expect(release.steps[0].uses?.value.path == "alpine")
        #expect(release.steps[0].uses?.value.ref == "3.19")
        #expect(release.steps[1].uses?.value.kind == .local)
    }

    @Test func defaultsContainerAndServices() throws {
        let text = """
        on: push
        defaults:
          run:
            shell: bash
        jobs:
          t:
            runs-on: ubuntu-latest
            container:
              image: node:20
            services:
              postgres:
                image: postgres:16
              redis:
                image: redis
            defaults:
              run:
                shell: sh
            steps:
              - run: echo
              - run: echo
                shell: pwsh
          u:
            container: alpine
            steps:
              - run: echo

        """
        let wf = try #require(parse(text).workflow)
        #expect(wf.defaultShell?.value == "bash")
        #expect(wf.defaultShell?.location.line == 4)
        let t = wf.jobs[0], u = wf.jobs[1]
        #expect(t.container?.value == "node:20")
        #expect(u.container?.value == "alpine")
        #expect(t.services.map(\.value) == ["postgres", "redis"])
        #expect(t.services.first?.location.line == 11)
        #expect(t.shell(of: t.steps[0], in: wf)?.value == "sh")
        #expect(t.shell(of: t.steps[1], in: wf)?.value == "pwsh")
        #expect(u.shell(of: u.steps[0], in: wf)?.value == "bash")
    }

    @Test func crlfWorkflowKeepsLines() throws {
        let text = "on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: |\n          a\n          b\n          c\n"
        let wf = try #require(parse(text.replacingOccurrences(of: "\n", with: "\r\n")).workflow)
        let script = try #require(wf.jobs.first?.steps.first?.run)
        #expect(script.text == "a\nb\nc\n")
        #expect(script.lineLocations[2].line == 9)
    }

    @Test func actionReferences() {
        let nested = ActionReference("github/codeql-action/init@v3")
        #expect(nested.owner == "github")
        #expect(nested.repo == "codeql-action")
        #expect(nested.path == "init")
        #expect(nested.repository == "github/codeql-action")
        #expect(ActionReference("docker://ghcr.io/o/i@sha256:abc").ref == "sha256:abc")
        #expect(ActionReference("docker://localhost:5000/img").path == "localhost:5000/img")
        #expect(ActionReference("owner/repo").ref == nil)
        #expect(!ActionReference("o/r@8f152de45cc393bb48ce5d89d36b731f54556e6").isPinnedToSHA)
        #expect(!ActionReference("o/r@8f152de45cc393bb48ce5d89d36b731f54556e6z").isPinnedToSHA)
    }

    @Test func malformedWorkflowGivesADiagnostic() {
        let (workflow, diags) = parse("on: push\njobs:\n  a:\n    steps:\n    - run: x\n   bad: [\n")
        #expect(workflow == nil)
        #expect(diags.first?.kind == .parse)
        let (scalar, scalarDiags) = parse("just a string\n")
        #expect(scalar == nil)
        #expect(scalarDiags.map(\.kind) == [.parse])
    }

    @Test func compositeAction() throws {
        let text = """
        name: Setup
        inputs:
          version:
            description: v
        runs:
          using: composite
          steps:
            - uses: actions/cache@v4
            - run: |
                echo one
                echo two
              shell: bash

        """
        let result = WorkflowParser.parseAction(TextFile(path: ".github/actions/setup/action.yml", text: text))
        let manifest = try #require(result.artifacts.first as? ActionManifest)
        #expect(result.diagnostics.isEmpty)
        #expect(manifest.name?.value == "Setup")
        #expect(manifest.using?.value == "composite")
        #expect(manifest.inputs.map(\.value) == ["version"])
        #expect(manifest.steps.count == 2)
        #expect(manifest.steps[1].run?.lineLocations[1].line == 11)
        #expect(manifest.steps[1].shell?.location.line == 12)
    }

    @Test func registeredInFileAnalyzer() {
        let bytes = Array("on: push\njobs: {}\n".utf8)
        let analysis = FileAnalyzer.analyze(RepoFile(path: path, kind: .githubWorkflow, size: bytes.count, isTracked: true), bytes: bytes)
        #expect(analysis.artifacts.first is Workflow)
        let model = RepoModel(files: [analysis.file], analyses: [analysis])
        #expect(model.workflows.count == 1)
    }

    @Test func corpusWorkflowsParse() throws {
        let files = Corpus.files().filter { $0.file.kind == .githubWorkflow || $0.file.kind == .githubAction }
        try #require(!files.isEmpty, "corpus missing")
        var diagnosed: [String] = []
        var parsed = 0
        var empty: [String] = []
        var steps: [WorkflowStep] = []
        for entry in files {
            let data = try Data(contentsOf: entry.url)
            let analysis = FileAnalyzer.analyze(entry.file, bytes: [UInt8](data))
            if !analysis.diagnostics.isEmpty {
                diagnosed.append("\(entry.repo)/\(entry.file.path): \(analysis.diagnostics.map(\.message))")
            }
            if let workflow = analysis.artifacts.first as? Workflow {
                parsed += 1
                // Every real workflow has triggers and jobs, and every step runs or uses something.
                if workflow.triggers.isEmpty || workflow.jobs.isEmpty { empty.append(entry.file.path) }
                for job in workflow.jobs where job.uses == nil && job.steps.isEmpty { empty.append("\(entry.file.path) \(job.id.value)") }
                steps += workflow.jobs.flatMap(\.steps)
            } else if let manifest = analysis.artifacts.first as? ActionManifest {
                parsed += 1
                steps += manifest.steps
            }
        }
        let share = Double(diagnosed.count) / Double(files.count)
        #expect(share < 0.02, "\(diagnosed.count)/\(files.count) diagnosed: \(diagnosed)")
        #expect(parsed + diagnosed.count >= files.count, "\(parsed) of \(files.count) parsed")
        #expect(empty.isEmpty, "workflows or jobs read as empty: \(empty)")
        let idle = steps.filter { $0.run == nil && $0.uses == nil }
        // A few real steps are neither (e.g. the `wait-all` barrier in syncstorage-rs).
        #expect(idle.count * 100 < steps.count, "steps with neither run nor uses: \(idle.map(\.location))")
        #expect(steps.count > 500)
    }
}
