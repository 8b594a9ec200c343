import Foundation
import OpsAuditKit
import OpsAuditModel
import OpsAuditTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole scans of repositories built to hurt: bombs, deep nesting, huge, binary and mis-encoded
/// files, link loops and links out of the root, a FIFO, markup and shell metacharacters in file
/// names, malformed configs and planted secrets. The scan must end quickly, say what it could not
/// read, and no output may carry a secret or live markup.
@Suite("Hostile repositories")
struct HostileRepositoryTests {
    static let githubToken = "ghp_R8x2Lq9Vt4Wn7Yp3Zs6Kd1Fh5Jm0Cb2Ng4Qe"
    static let awsKeyID = "AKIAZ7Q4R2M5T8W3X6YB"
    static let awsSecret = "wJalrXUtnFEMIxK7MDENGxbPxRfiCYzQ8rT3vK1a"
    static let deadline = 30.0
    /// Paths whose names carry markup or shell metacharacters (the first is a directory named
    /// `<script>alert(1)<` holding `script>.yml`: `/` cannot be in a file name).
    static let scriptPath = ".github/workflows/<script>alert(1)</script>.yml"
    static let imagePath = ".github/workflows/<img src=x onerror=alert(1)>.yml"
    static let pipePath = ".github/workflows/a|b`c`$(id).yml"

    /// The YAML billion-laughs: 9^13 nodes if aliases were expanded.
    static var aliasBomb: String {
        var text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        var previous = "a"
        for name in "bcdefghijklm" {
            let ref = "*\(previous)"
            text += "\(name): &\(name) [\(Array(repeating: ref, count: 9).joined(separator: ","))]\n"
            previous = String(name)
        }
        return text
    }

    static var deepYAML: String {
        var text = "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n"
        text += "flow: " + String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + "\nblock:\n"
        for level in 1..<200 { text += String(repeating: "  ", count: level) + "k\(level):\n" }
        return text + String(repeating: "  ", count: 200) + "v: 1\n"
    }

    /// Regular files only; `addSpecialFiles` adds links and the FIFO.
    static func writeHostileFiles(_ repo: TemporaryRepository) throws {
        let workflow = { (run: String) in "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: \(run)\n" }
        try repo.write(".github/workflows/x.yml", "on: push\n" + aliasBomb + "jobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo *m\n")
        try repo.write("render.yaml", aliasBomb + "services:\n  - type: web\n    name: api\n    env: *m\n")
        try repo.write(".github/workflows/deep.yml", deepYAML)
        try repo.write("docs/huge.md", String(repeating: "# big\n", count: 5 * 1024 * 1024 / 6 + 1))
        try repo.write("Dockerfile", bytes: Array((0...255).map(UInt8.init)) + Array("FROM alpine\n".utf8) + [0, 0, 0])
        try repo.write(".env", bytes: Array("API_URL=https://example.com\nBAD=\u{1}".utf8) + [0xFF, 0xFE, 0xC3, 0x28]
                       + Array(" value\nAWS_SECRET_ACCESS_KEY=\(awsSecret)\n".utf8))
        // UTF-16 LE with a BOM and CRLF: decoded, so the documented rollback counts.
        let runbook = "\u{FEFF}# Runbook\r\n\r\n## Rollback\r\n\r\nRoll back with `fly releases rollback`.\r\n"
        try repo.write("docs/runbook.md", bytes: Array(runbook.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        try repo.write(scriptPath, workflow("npm test || true  # \(githubToken)"))
        try repo.write(imagePath, workflow("npm test || true"))
        try repo.write(pipePath, "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          npm ci\n          npm test || exit 0\n")
        try repo.write("deploy/fly.production.toml", "app = \"x\nprimary_region = [\n[[vm]]\nmemory = \n")
        try repo.write("package.json", #"{"name": "x", "scripts": {"test": "jest"}, "dependencies": {"#)
        try repo.write("Dockerfile.prod", "FROM\nRUN \\\nENV AWS_ACCESS_KEY_ID=\(awsKeyID) AWS_SECRET_ACCESS_KEY=\(awsSecret)\nUSER\nHEALTHCHECK CMD\nCOPY --from= \n")
        try repo.write("src/config.js", "module.exports = { token: '\(githubToken)', aws: '\(awsKeyID)' };\n")
        try repo.write("fly.staging.toml", "app = \"x\"\n[[vm]]\n  memory = \"256mb\" # \(awsKeyID)\n")
        try repo.write("docs/setup.md", "Use `\(githubToken)` with key \(awsKeyID).\n")
    }

    static func addSpecialFiles(_ repo: TemporaryRepository) throws {
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: repo.path("loop"), withDestinationPath: "loop")
        try fm.createSymbolicLink(atPath: repo.path("ping"), withDestinationPath: "pong")
        try fm.createSymbolicLink(atPath: repo.path("pong"), withDestinationPath: "ping")
        try fm.createDirectory(atPath: repo.path("cycle"), withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: repo.path("cycle/again"), withDestinationPath: "..")
        try fm.createSymbolicLink(atPath: repo.path("passwd"), withDestinationPath: "/etc/passwd")
        try fm.createSymbolicLink(atPath: repo.path(".env.production"), withDestinationPath: "/etc/passwd")
        guard mkfifo(repo.path("fly.toml"), 0o644) == 0 else { throw CLIRunner.Missing(description: "mkfifo failed: \(errno)") }
    }

    /// Runs `body` on its own thread; nil when it has not returned within `seconds` (the thread is
    /// abandoned: a hang fails the test instead of stalling the suite).
    private func withDeadline<T: Sendable>(_ seconds: Double, _ body: @escaping @Sendable () throws -> T) throws -> T? {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            box.result = Result { try body() }
            done.signal()
        }
        guard done.wait(timeout: .now() + seconds) == .success else { return nil }
        return try box.result?.get()
    }

    private func locations(_ report: Report) -> Set<String> {
        Set(report.findings.compactMap { finding in finding.location.map { "\(finding.ruleID.rawValue) \($0.path):\($0.line)" } })
    }

    /// Every rendering of `report`, by format name.
    private func renderings(_ report: Report) throws -> [String: String] {
        var result: [String: String] = [:]
        for format in ReportFormat.allCases { result[format.rawValue] = try format.render(report) }
        return result
    }

    private func expectNothingLeaks(_ outputs: [String: String], sourceLocation: SourceLocation = #_sourceLocation) {
        for (format, text) in outputs.sorted(by: { $0.key < $1.key }) {
            for secret in [Self.githubToken, Self.awsKeyID] {
                #expect(!text.contains(secret), "\(format) output contains the secret \(secret.prefix(6))…", sourceLocation: sourceLocation)
            }
            // The .env value and the second assignment of `ENV A=… B=…` in Dockerfile.prod are masked.
            #expect(!text.contains(Self.awsSecret), "\(format) output contains the AWS secret access key", sourceLocation: sourceLocation)
            #expect(!text.contains("root:x:0:0"), "\(format) output contains /etc/passwd", sourceLocation: sourceLocation)
            if format == "html" || format == "junit" {
                let lower = text.lowercased()
                #expect(!lower.contains("<script"), "\(format) output has a live <script", sourceLocation: sourceLocation)
                #expect(!lower.contains("<img"), "\(format) output has a live <img", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func inProcessScanReportsEveryProblemAndLeaksNothing() throws {
        let repo = try TemporaryRepository()
        defer { repo.remove() }
        try Self.writeHostileFiles(repo)
        try Self.addSpecialFiles(repo)
        let root = repo.root
        let start = Date()
        let scanned = try withDeadline(Self.deadline) { () throws -> (Report, SourceListing) in
            let source = WorkingDirectorySource(root: root)
            var options = ScanOptions()
            options.targetPath = "app"
            options.timestamp = "2026-01-31T12:00:00Z"
            return (try Scanner().scan(source, options: options).report, try source.list())
        }
        let (report, listing) = try #require(scanned, "the scan did not finish within \(Self.deadline) s")
        #expect(Date().timeIntervalSince(start) < Self.deadline)

        // Each problem is a diagnostic at its file…
        let diagnosed = Dictionary(grouping: report.diagnostics.filter { $0.location != nil }, by: { $0.location!.path })
        #expect(diagnosed[".github/workflows/x.yml"]?.contains { $0.kind == .limit } == true, "\(report.diagnostics)")
        #expect(diagnosed["render.yaml"]?.contains { $0.kind == .limit } == true, "\(report.diagnostics)")
        #expect(diagnosed[".github/workflows/deep.yml"]?.contains { $0.kind == .limit } == true, "\(report.diagnostics)")
        #expect(diagnosed[".env"]?.contains { $0.kind == .parse } == true, "\(report.diagnostics)")
        #expect(diagnosed["Dockerfile"] != nil, "binary Dockerfile not reported: \(report.diagnostics)")
        for path in ["deploy/fly.production.toml", "package.json", "Dockerfile.prod"] {
            #expect(diagnosed[path]?.contains { $0.kind == .parse } == true, "\(path) malformed but not diagnosed")
        }
        // …or a skipped path with its reason.
        let skipped = Dictionary(listing.skipped.map { ($0.path, $0.reason) }, uniquingKeysWith: { a, _ in a })
        #expect(skipped["loop"] == .linkLoop)
        #expect(skipped["ping"] == .linkLoop && skipped["pong"] == .linkLoop)
        #expect(skipped["cycle/again"] != nil, "a link to a parent directory is neither followed nor reported")
        #expect(skipped["passwd"] == .linkOutsideRoot)
        #expect(skipped[".env.production"] == .linkOutsideRoot)
        #expect(skipped["fly.toml"] == .notRegularFile)
        #expect(skipped["docs/huge.md"] == .tooLarge)
        #expect(report.inventory.skippedByReason["link-outside-root"] ?? 0 >= 2)
        #expect(report.inventory.skippedByReason["not-regular-file"] == 1)

        // One 5 MB file is one skipped file, and every path is seen once.
        let distinctPaths = Set(listing.files.map(\.path)).union(listing.skipped.map(\.path)).count
        #expect(report.inventory.skippedByReason["too-large"] == 1, "\(report.inventory.skippedByReason)")
        #expect(report.inventory.filesSeen == distinctPaths, "files_seen \(report.inventory.filesSeen), distinct paths \(distinctPaths)")
        #expect(report.inventory.filesSkipped == listing.skipped.count)

        // What could be read still yields findings at the right lines, whatever the file names.
        let found = locations(report)
        for expected in ["CI-003 \(Self.imagePath):6", "CI-003 \(Self.pipePath):8", "SEC-001 \(Self.scriptPath):6",
                         "SEC-001 src/config.js:1", "SEC-001 Dockerfile.prod:3", "SEC-002 .env:3"] {
            #expect(found.contains(expected), "missing \(expected) in \(found.sorted())")
        }
        #expect(report.rules.first { $0.id == "OPS-004" }?.status == .passed, "the UTF-16 runbook was not read")

        let outputs = try renderings(report)
        expectNothingLeaks(outputs)
        let schemaPath = Corpus.packageRoot.appendingPathComponent("reports/schema/report.schema.json").path
        let schema = SchemaValidator(root: try JSONDocument.parse(String(contentsOfFile: schemaPath, encoding: .utf8)))
        let errors = schema.validate(try JSONDocument.parse(try #require(outputs["json"])))
        #expect(errors == [], "\(errors.prefix(5))")
        // Pipes in a path must not break a Markdown table row.
        for line in try #require(outputs["markdown"]).split(separator: "\n") where line.hasPrefix("|") && line.contains("a|b") {
            Issue.record("unescaped pipe in a Markdown table row: \(line)")
        }
    }

    @Test func crlfEverywhereKeepsFindingsOnTheirLines() throws {
        func scan(_ lineEnding: String, bom: Bool) throws -> Set<String> {
            let repo = try TemporaryRepository()
            defer { repo.remove() }
            for (path, text) in CLITests.doneWhenFiles {
                let converted = text.replacingOccurrences(of: "\n", with: lineEnding)
                try repo.write(path, (bom ? "\u{FEFF}" : "") + converted)
            }
            try repo.commitAll()
            return locations(try Scanner().scan(WorkingDirectorySource(root: repo.root)).report)
        }
        let lf = try scan("\n", bom: false)
        #expect(lf.contains("CI-003 .github/workflows/ci.yml:7") && lf.contains("DEP-003 fly.toml:8"), "\(lf.sorted())")
        #expect(try scan("\r\n", bom: false) == lf)
        #expect(try scan("\r\n", bom: true) == lf)
    }

    @Test func binaryScanOfAHostileGitRepositoryEndsAndLeaksNothing() throws {
        let repo = try TemporaryRepository()
        defer { repo.remove() }
        try Self.writeHostileFiles(repo)
        try Self.addSpecialFiles(repo)
        // git cannot commit a FIFO: commit a regular fly.toml, then put the FIFO in its place.
        try FileManager.default.removeItem(atPath: repo.path("fly.toml"))
        try repo.write("fly.toml", "app = \"x\"\n")
        try repo.commitAll()
        try FileManager.default.removeItem(atPath: repo.path("fly.toml"))
        #expect(mkfifo(repo.path("fly.toml"), 0o644) == 0)
        let out = repo.container + "/out"
        let run = try CLIRunner.opsaudit(["scan", "app", "-f", "json,markdown,html,junit,sarif,text", "-o", out],
                                         in: repo.container, timeout: Self.deadline)
        #expect(!run.timedOut && run.status == 0, "\(run)")
        #expect(run.err.isEmpty, "\(run)")
        var outputs = ["stdout": run.out]
        for name in try FileManager.default.contentsOfDirectory(atPath: out) {
            let format = name.hasSuffix(".html") ? "html" : name.hasSuffix(".xml") ? "junit" : name
            outputs[format] = try String(contentsOfFile: out + "/" + name, encoding: .utf8)
        }
        #expect(outputs.count == 7, "\(outputs.keys.sorted())")
        expectNothingLeaks(outputs)
        let json = try JSONDocument.parse(try #require(outputs["opsaudit-report.json"]))
        #expect(json["inventory"]?["skipped_by_reason"]?["not-regular-file"] != nil, "the FIFO was not reported")
        #expect(json["inventory"]?["skipped_by_reason"]?["link-loop"] != nil, "the link loop was not reported")
    }
}

/// Hands a result from a worker thread to the waiting test; the semaphore orders the accesses.
private final class ResultBox<T: Sendable>: @unchecked Sendable {
    var result: Result<T, any Error>?
}
