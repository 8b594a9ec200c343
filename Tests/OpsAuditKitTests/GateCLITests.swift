import Foundation
import Testing

/// Runs the built `opsaudit` binary (`.build/debug/opsaudit`, found from this file) the way CI does.
@Suite(.serialized) struct GateCLITests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let binary = (packageRoot as NSString).appendingPathComponent(".build/debug/opsaudit")

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func run(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        env["GITHUB_ACTIONS"] = nil
        env["GITHUB_STEP_SUMMARY"] = nil
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }

    func repository(_ extra: [String: String] = [:]) throws -> String {
        try temporaryRepository([".github/workflows/ci.yml": swallowedTests].merging(extra) { _, new in new })
    }

    @Test func gateConditionsSetTheExitCode() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else {
            Issue.record("build the binary first: \(Self.binary)")
            return
        }
        let repo = try repository()
        defer { try? FileManager.default.removeItem(atPath: repo) }
        #expect(try run(["scan", "."], in: repo).status == 0)
        let failOn = try run(["scan", ".", "--fail-on", "high"], in: repo)
        #expect(failOn.status == 1)
        // CI-002 fires too: the only test command is the neutralised one.
        #expect(failOn.stdout.contains("gate failed: 2 findings at or above --fail-on high (2 high): CI-002 at repository, CI-003 at .github/workflows/ci.yml:6"), "\(failOn.stdout)")
        #expect(try run(["scan", ".", "--fail-on", "critical"], in: repo).status == 0)
        let underAll = try run(["scan", ".", "--fail-under", "10", "--min-category", "ci=10", "--min-level", "4"], in: repo)
        #expect(underAll.status == 1)
        #expect(underAll.stdout.contains("is below --fail-under 10.0 (short by"))
        #expect(underAll.stdout.contains("is below --min-category ci=10.0 (short by"))
        #expect(underAll.stdout.contains("is below --min-level 4 (short by"))
        #expect(try run(["scan", ".", "--fail-under", "0", "--min-level", "1"], in: repo).status == 0)
        for bad in [["--fail-on", "urgent"], ["--min-category", "cats=3"], ["--min-category", "ci=11"], ["--min-level", "5"], ["--fail-under", "12"], ["--new-only"]] {
            #expect(try run(["scan", "."] + bad, in: repo).status == 2, "\(bad)")
        }
    }

    @Test func configurationGateAndErrors() throws {
        let repo = try repository([".opsaudit.yml": "gate:\n  fail_on: high\n"])
        defer { try? FileManager.default.removeItem(atPath: repo) }
        #expect(try run(["scan", "."], in: repo).status == 1)
        #expect(try run(["scan", ".", "--fail-on", "critical"], in: repo).status == 0, "flags win over the file")
        #expect(try run(["scan", ".", "--no-config"], in: repo).status == 0)
        #expect(try run(["config", "check"], in: repo).status == 0)
        try "gate:\n  fail_onn: high\nrules:\n  CI-03: off\n".write(toFile: repo + "/.opsaudit.yml", atomically: true, encoding: .utf8)
        let check = try run(["config", "check"], in: repo)
        #expect(check.status == 2)
        #expect(check.stderr.contains(".opsaudit.yml:2:3: error: unknown key `fail_onn` in `gate` (did you mean `fail_on`?)"))
        #expect(check.stderr.contains(".opsaudit.yml:4:3: error: unknown rule `CI-03` (did you mean CI-003 (tests-must-block)?)"))
        #expect(try run(["scan", "."], in: repo).status == 2)
    }

    @Test func baselineRoundTripThroughTheBinary() throws {
        let repo = try repository()
        defer { try? FileManager.default.removeItem(atPath: repo) }
        #expect(try run(["baseline", "write"], in: repo).status == 0)
        let text = try String(contentsOfFile: repo + "/.opsaudit-baseline.json", encoding: .utf8)
        #expect(text.contains("\"rule_id\" : \"CI-003\""))
        try ("# moved down\n" + swallowedTests).write(toFile: repo + "/.github/workflows/ci.yml", atomically: true, encoding: .utf8)
        let known = try run(["scan", ".", "--baseline", ".opsaudit-baseline.json", "--new-only", "--fail-on", "low"], in: repo)
        #expect(known.status == 0)
        #expect(known.stdout.contains("baseline .opsaudit-baseline.json: 0 new,"))
        let changed = swallowedTests.replacingOccurrences(of: "npm test || true", with: "npm test || exit 0")
        try changed.write(toFile: repo + "/.github/workflows/ci.yml", atomically: true, encoding: .utf8)
        let new = try run(["scan", ".", "--baseline", ".opsaudit-baseline.json", "--new-only", "--fail-on", "high"], in: repo)
        #expect(new.status == 1)
        #expect(new.stdout.contains("1 new,") && new.stdout.contains("1 fixed"))
    }

    @Test func githubFormatAndStepSummary() throws {
        let repo = try repository()
        defer { try? FileManager.default.removeItem(atPath: repo) }
        let summary = repo + "/summary.md"
        let result = try run(["scan", ".", "--format", "github"], in: repo, environment: ["GITHUB_STEP_SUMMARY": summary])
        #expect(result.stdout.contains("::error file=.github/workflows/ci.yml,line=6,"))
        #expect(try String(contentsOfFile: summary, encoding: .utf8).contains("CI-003"))
        let annotated = try run(["scan", ".", "--format", "json", "--annotations"], in: repo, environment: ["GITHUB_ACTIONS": "true"])
        #expect(annotated.stderr.contains("::error file=.github/workflows/ci.yml,line=6,"))
        #expect(annotated.stdout.hasPrefix("{"))
    }

    @Test func initWritesFilesThatPassTheirOwnChecks() throws {
        let repo = try repository()
        defer { try? FileManager.default.removeItem(atPath: repo) }
        #expect(try run(["init", "--ci", "github"], in: repo).status == 0)
        #expect(try run(["init"], in: repo).status == 2, "existing files need --force")
        #expect(try run(["init", "--ci", "gitlab", "--force"], in: repo).status == 0)
        #expect(try run(["config", "check"], in: repo).status == 0)
        #expect(try run(["scan", "."], in: repo).status == 0, "the generated gate passes today")
        let workflow = try String(contentsOfFile: repo + "/.github/workflows/opsaudit.yml", encoding: .utf8)
        #expect(workflow.contains("github/codeql-action/upload-sarif@v3"))
        let gitlab = try String(contentsOfFile: repo + "/.gitlab/opsaudit.gitlab-ci.yml", encoding: .utf8)
        #expect(gitlab.contains("codequality: opsaudit/gl-code-quality-report.json"))
    }

    @Test func explainAndListFormats() throws {
        let here = FileManager.default.temporaryDirectory.path
        let explain = try run(["explain", "CI-003"], in: here)
        #expect(explain.status == 0 && explain.stdout.hasPrefix("CI-003 tests-must-block"))
        #expect(try run(["explain", "CI-03"], in: here).stderr.contains("did you mean CI-003 (tests-must-block)?"))
        let formats = try run(["--list-formats"], in: here)
        #expect(formats.stdout.split(separator: "\n").map { $0.split(separator: " ").first.map(String.init) ?? "" }
            == ["text", "json", "markdown", "junit", "sarif", "html", "github", "codeclimate"])
    }
}
