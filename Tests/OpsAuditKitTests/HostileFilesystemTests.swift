import Foundation
import OpsAuditArtifacts
import OpsAuditKit
import OpsAuditModel
import OpsAuditTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The rest of issue 9's hostile repository, built at run time: links to a device and to a
/// directory outside the root, a socket, a 50 MB file, binary configs, 100,000-deep YAML and
/// JSON, truncated YAML, a 100,000-line Dockerfile continuation, odd bytes in file names and a
/// directory of tens of thousands of empty files. Each scan ends in bounded time, reads nothing
/// outside the root, reports what it could not use, and renders every format validly.
@Suite("Hostile file systems and inputs")
struct HostileFilesystemTests {
    static let deadline = 60.0
    /// Written outside the root, behind a directory link: no output may contain it.
    static let outsideMarker = "OUTSIDE-THE-ROOT-7f3a9c"
    static let depth = 100_000

    static let newlineName = "src/line\nbreak.js"
    static let quoteName = "src/it's \"quoted\".js"

    /// Creates a file whose name is raw bytes (not UTF-8), which `FileManager` cannot spell.
    static func writeRawName(_ directory: String, name: [UInt8], contents: String) throws {
        let path = Array(directory.utf8) + [UInt8(ascii: "/")] + name + [0]
        let fd = path.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { open($0, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        }
        guard fd >= 0 else { throw CLIRunner.Missing(description: "cannot create a non-UTF-8 name: errno \(errno)") }
        defer { close(fd) }
        let bytes = Array(contents.utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    /// Binds a Unix-domain socket at `path` (closed afterwards: the socket file stays).
    static func makeSocket(_ path: String) throws {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw CLIRunner.Missing(description: "socket() failed") }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw CLIRunner.Missing(description: "socket path too long") }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in bytes.enumerated() { raw[i] = byte }
        }
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard status == 0 else { throw CLIRunner.Missing(description: "bind() failed: errno \(errno)") }
    }

    static func writeHostileFiles(_ repo: TemporaryRepository) throws {
        let fm = FileManager.default
        // Outside the root, reachable only through links.
        try fm.createDirectory(atPath: repo.container + "/outside", withIntermediateDirectories: true)
        try "AWS_SECRET=\(outsideMarker)\n".write(toFile: repo.container + "/outside/.env", atomically: true, encoding: .utf8)
        try "FROM \(outsideMarker)\n".write(toFile: repo.container + "/outside/Dockerfile", atomically: true, encoding: .utf8)
        try fm.createSymbolicLink(atPath: repo.path("vendor"), withDestinationPath: repo.container + "/outside")
        try fm.createSymbolicLink(atPath: repo.path("Dockerfile.outside"), withDestinationPath: "../outside/Dockerfile")
        try fm.createSymbolicLink(atPath: repo.path("zero"), withDestinationPath: "/dev/zero")
        try fm.createSymbolicLink(atPath: repo.path("Dockerfile.zero"), withDestinationPath: "/dev/zero")
        try makeSocket(repo.path("app.sock"))

        // 50 MB of text, one file: listed, never read.
        let line = Array("log line with some text that is not very interesting at all, just long\n".utf8)
        var big: [UInt8] = []
        big.reserveCapacity(50 * 1024 * 1024 + line.count)
        while big.count < 50 * 1024 * 1024 { big += line }
        try repo.write("logs/huge.log", bytes: big)

        // Binary files named like configs.
        var binary = [UInt8](repeating: 0, count: 4096)
        for i in binary.indices { binary[i] = UInt8((i * 131 + 7) & 0xFF) }
        try repo.write("render.yaml", bytes: binary)
        try repo.write("services/api/render.yaml", bytes: [0x00, 0x01] + Array("services:\n  - type: web\n".utf8))

        let depth = Self.depth
        let workflowHead = "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n"
        // 100,000 deep in each YAML syntax: flow sequences, flow mappings and block sequences.
        try repo.write(".github/workflows/flow.yml", workflowHead + "x: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n")
        try repo.write(".github/workflows/map.yml", workflowHead + "x: " + String(repeating: "{a: ", count: depth) + "1" + String(repeating: "}", count: depth) + "\n")
        try repo.write("docker-compose.yml", "services:\n  app:\n    image: x\nx:\n  " + String(repeating: "- ", count: depth) + "1\n")
        // 100,000 deep JSON, and JSON truncated inside the nesting.
        try repo.write("package.json", String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
        try repo.write("apps/web/package.json", #"{"name":"w","x":"# + String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth) + "}")
        try repo.write("apps/api/package.json", String(repeating: #"{"a":["#, count: depth / 2))
        // Truncated YAML: cut inside a quoted scalar and inside a flow collection.
        try repo.write(".github/workflows/cut.yml", "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: \"npm te")
        try repo.write(".gitlab-ci.yml", "test:\n  script: [npm test, {a: ")
        // One RUN continued over 100,000 lines.
        try repo.write("Dockerfile", "FROM node:20\n" + "RUN echo start \\\n" + String(repeating: "  && echo more \\\n", count: depth) + "  && echo end\nUSER node\n")

        // Odd file names: a newline, quotes, and bytes that are not UTF-8.
        try repo.write(Self.newlineName, "app.get('/healthz', (req, res) => res.send('ok'))\n")
        try repo.write(Self.quoteName, "const t = process.env.QUOTED_NAME_VAR\n")
        try writeRawName(repo.path("src"), name: Array("bad-".utf8) + [0xFF, 0xFE, 0x80] + Array(".js".utf8),
                         contents: "const t = process.env.NON_UTF8_NAME_VAR\n")
    }

    /// Runs `body` on its own thread; nil when it has not returned within `seconds`.
    private func withDeadline<T: Sendable>(_ seconds: Double, _ body: @escaping @Sendable () throws -> T) throws -> T? {
        let box = Box<T>()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            box.result = Result { try body() }
            done.signal()
        }
        guard done.wait(timeout: .now() + seconds) == .success else { return nil }
        return try box.result?.get()
    }

    /// Every format rendered and checked: JSON against the report schema, SARIF against SARIF
    /// 2.1.0, JUnit against junit.xsd; Markdown rows stay rows, HTML carries no raw control bytes.
    static func expectValidOutputs(_ report: Report, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let root = Corpus.packageRoot.path
        let reportSchema = SchemaValidator(root: try JSONDocument.parse(String(contentsOfFile: root + "/reports/schema/report.schema.json", encoding: .utf8)))
        let sarifSchema = SchemaValidator(root: try JSONDocument.parse(String(contentsOfFile: root + "/../shared/schemas/sarif-schema-2.1.0.json", encoding: .utf8)))
        for format in ReportFormat.allCases {
            let text = try format.render(report)
            #expect(!text.contains(outsideMarker), "\(format) output carries a file from outside the root", sourceLocation: sourceLocation)
            switch format {
            case .json:
                let errors = reportSchema.validate(try JSONDocument.parse(text))
                #expect(errors.isEmpty, "JSON: \(errors.prefix(5))", sourceLocation: sourceLocation)
            case .sarif:
                let errors = sarifSchema.validate(try JSONDocument.parse(text))
                #expect(errors.isEmpty, "SARIF: \(errors.prefix(5))", sourceLocation: sourceLocation)
            case .junit:
                let errors = XMLSchemaValidator.validate(text, schemaPath: root + "/../shared/schemas/junit.xsd")
                #expect(errors.isEmpty, "JUnit: \(errors.prefix(5))", sourceLocation: sourceLocation)
            case .markdown:
                // A newline in a file name must not end a table row early.
                let rows = text.split(separator: "\n").filter { $0.hasPrefix("|") }
                for row in rows where !row.hasSuffix("|") {
                    Issue.record("Markdown table row broken: \(row.prefix(120))", sourceLocation: sourceLocation)
                }
            case .codeclimate:
                #expect((try? JSONDocument.parse(text)) != nil, "Code Quality output is not JSON", sourceLocation: sourceLocation)
            case .html, .text, .github:
                let controls = text.unicodeScalars.filter { $0.value < 0x20 && $0 != "\n" && $0 != "\t" && $0 != "\r" }
                #expect(controls.isEmpty, "\(format) output carries control characters", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func linksDevicesSocketsDeepNestingAndOddNames() throws {
        let repo = try TemporaryRepository()
        defer { repo.remove() }
        try Self.writeHostileFiles(repo)
        let root = repo.root
        let start = Date()
        let scanned = try withDeadline(Self.deadline) { () throws -> (Report, SourceListing, RepoModel) in
            let source = WorkingDirectorySource(root: root)
            var options = ScanOptions()
            options.timestamp = "2026-01-31T12:00:00Z"
            let result = try Scanner().scan(source, options: options)
            return (result.report, try source.list(), result.model)
        }
        let (report, listing, model) = try #require(scanned, "the scan did not finish within \(Self.deadline) s")
        #expect(Date().timeIntervalSince(start) < Self.deadline)

        let skipped = Dictionary(listing.skipped.map { ($0.path, $0.reason) }, uniquingKeysWith: { a, _ in a })
        #expect(skipped["vendor"] == .linkOutsideRoot, "\(listing.skipped)")
        #expect(skipped["Dockerfile.outside"] == .linkOutsideRoot)
        #expect(skipped["zero"] == .linkOutsideRoot)
        #expect(skipped["Dockerfile.zero"] == .linkOutsideRoot)
        #expect(skipped["app.sock"] == .notRegularFile)
        #expect(skipped["logs/huge.log"] == .tooLarge)
        #expect(!listing.files.contains { $0.path.hasPrefix("vendor/") }, "a directory link out of the root was walked")

        let diagnosed = Dictionary(grouping: report.diagnostics.filter { $0.location != nil }, by: { $0.location!.path })
        func expectDiagnosed(_ path: String, _ kinds: Set<Diagnostic.Kind>, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(diagnosed[path]?.contains { kinds.contains($0.kind) } == true,
                    "\(path): no \(kinds) diagnostic in \(report.diagnostics.filter { $0.location?.path == path })", sourceLocation: sourceLocation)
        }
        expectDiagnosed("render.yaml", [.skipped])
        expectDiagnosed("services/api/render.yaml", [.skipped])
        for path in [".github/workflows/flow.yml", ".github/workflows/map.yml", "docker-compose.yml"] {
            expectDiagnosed(path, [.limit, .parse])
        }
        for path in ["package.json", "apps/web/package.json", "apps/api/package.json"] {
            expectDiagnosed(path, [.limit, .parse])
        }
        expectDiagnosed(".github/workflows/cut.yml", [.parse])
        expectDiagnosed(".gitlab-ci.yml", [.parse])

        // The 100,000-line RUN is one instruction, and what follows it is still read.
        let dockerfile = try #require(model.dockerfiles.first { $0.path == "Dockerfile" }, "the long Dockerfile was not parsed")
        let run = try #require(dockerfile.instructions.first { $0.keyword == "RUN" })
        #expect(run.location.line == 2)
        #expect(dockerfile.instructions.contains { $0.keyword == "USER" && $0.location.line == Self.depth + 4 },
                "\(dockerfile.instructions.map { "\($0.keyword):\($0.location.line)" })")

        // Odd names: listed under their own names and read; the non-UTF-8 one is reported.
        let listed = Set(listing.files.map(\.path))
        #expect(listed.contains(Self.newlineName) && listed.contains(Self.quoteName), "\(listed.filter { $0.hasPrefix("src/") })")
        let read = Set(model.analyses.map(\.file.path))
        #expect(read.contains(Self.newlineName) && read.contains(Self.quoteName))
        let nonUTF8 = listing.files.map(\.path).filter { $0.hasPrefix("src/bad-") } + listing.skipped.map(\.path).filter { $0.hasPrefix("src/bad-") }
        #expect(nonUTF8.count == 1, "the file with a non-UTF-8 name was dropped silently: \(listing.skipped)")

        #expect(report.inventory.filesSeen == Set(listing.files.map(\.path)).union(listing.skipped.map(\.path)).count)
        try Self.expectValidOutputs(report)
    }

    /// Also through git: `git ls-files -z` spells the odd names differently from the walker.
    @Test func oddNamesInAGitWorkTree() throws {
        let repo = try TemporaryRepository()
        defer { repo.remove() }
        try repo.write(Self.newlineName, "app.get('/healthz', (req, res) => res.send('ok'))\n")
        try repo.write(Self.quoteName, "const t = process.env.QUOTED_NAME_VAR\n")
        try repo.write("Dockerfile", "FROM node:20\nUSER node\n")
        try Self.writeRawName(repo.path("src"), name: Array("bad-".utf8) + [0xFF, 0xFE, 0x80] + Array(".js".utf8), contents: "x\n")
        try repo.commitAll()
        let source = WorkingDirectorySource(root: repo.root)
        let listing = try source.list()
        let listed = Set(listing.files.map(\.path))
        #expect(listed.contains(Self.newlineName) && listed.contains(Self.quoteName), "\(listed.sorted())")
        #expect(listing.skipped.contains { $0.path.hasPrefix("src/bad-") && $0.reason == .unreadable }, "\(listing.skipped)")
        let report = try Scanner().scan(source).report
        try Self.expectValidOutputs(report)
    }

    /// Number of empty files in the wide-directory test: issue 9's 200,000 (about 20 s in the
    /// debug build on the 2-core machine, creating the files included). OPSAUDIT_HOSTILE_WIDE
    /// sets another size, e.g. a smaller one for a quick local run.
    static var wideCount: Int {
        ProcessInfo.processInfo.environment["OPSAUDIT_HOSTILE_WIDE"].flatMap(Int.init) ?? 200_000
    }

    @Test func directoryWithTensOfThousandsOfEmptyFiles() throws {
        let repo = try TemporaryRepository()
        defer { repo.remove() }
        let count = Self.wideCount
        let directory = repo.path("wide")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for i in 0..<count {
            let fd = open(directory + "/f\(i).txt", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard fd >= 0 else { throw CLIRunner.Missing(description: "cannot create file \(i): errno \(errno)") }
            close(fd)
        }
        try repo.write("Dockerfile", "FROM node:20\nUSER node\n")
        let root = repo.root
        let start = Date()
        let scanned = try withDeadline(120) { () throws -> Report in
            var options = ScanOptions()
            options.timestamp = "2026-01-31T12:00:00Z"
            return try Scanner().scan(WorkingDirectorySource(root: root), options: options).report
        }
        let report = try #require(scanned, "a scan of \(count) empty files did not finish within 120 s")
        #expect(report.inventory.filesSeen == count + 1)
        #expect(report.findings.allSatisfy { $0.location?.path.hasPrefix("wide/") != true })
        #expect(Date().timeIntervalSince(start) < 120)
        try Self.expectValidOutputs(report)
    }
}

/// Hands a result from a worker thread to the waiting test; the semaphore orders the accesses.
private final class Box<T: Sendable>: @unchecked Sendable {
    var result: Result<T, any Error>?
}
