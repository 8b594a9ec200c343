import Foundation

/// Runs the built `opsaudit` binary (stdin closed, output captured, bounded in time) for
/// integration tests, and builds small git repositories on disk for it to scan.
public enum CLIRunner {
    /// What one run of a process produced.
    public struct Result: Sendable, CustomStringConvertible {
        public var status: Int32
        public var stdout: [UInt8]
        public var stderr: [UInt8]
        public var timedOut: Bool
        public var seconds: Double

        public var out: String { String(decoding: stdout, as: UTF8.self) }
        public var err: String { String(decoding: stderr, as: UTF8.self) }

        public var description: String {
            "exit \(status)\(timedOut ? " (timed out)" : "") after \(String(format: "%.1f", seconds)) s\n"
                + "stdout: \(out.prefix(2000))\nstderr: \(err.prefix(2000))"
        }
    }

    /// Why the binary could not be run at all.
    public struct Missing: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// The `opsaudit` executable built beside the test bundle: on Linux the test binary lives in
    /// the products directory itself (`.build/<triple>/debug/opsauditPackageTests.xctest`), on
    /// macOS inside the `.xctest` bundle whose parent is the products directory. Falls back to
    /// `.build/debug/opsaudit` under the package root.
    public static func binary() throws(Missing) -> URL {
        let fm = FileManager.default
        var candidates: [URL] = []
        let bundle = Bundle.main.bundleURL
        candidates.append(bundle.appendingPathComponent("opsaudit"))
        candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("opsaudit"))
        for test in Bundle.allBundles where test.bundleURL.pathExtension == "xctest" {
            candidates.append(test.bundleURL.deletingLastPathComponent().appendingPathComponent("opsaudit"))
        }
        if let executable = CommandLine.arguments.first {
            candidates.append(URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("opsaudit"))
        }
        candidates.append(Corpus.packageRoot.appendingPathComponent(".build/debug/opsaudit"))
        for candidate in candidates {
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
               fm.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
        }
        throw Missing(description: "the opsaudit binary was not found (looked at \(candidates.map(\.path).joined(separator: ", "))); run `swift build` first")
    }

    /// The environment of this process without what changes opsaudit's output.
    public static func cleanEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        for key in ["NO_COLOR", "SOURCE_DATE_EPOCH", "TERM", "FORCE_COLOR", "CLICOLOR_FORCE"] { env[key] = nil }
        env.merge(extra) { _, new in new }
        return env
    }

    /// Runs `opsaudit` with `arguments`.
    public static func opsaudit(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:],
                                timeout: Double = 60) throws -> Result {
        try run(binary(), arguments, in: directory, environment: cleanEnvironment(environment), timeout: timeout)
    }

    /// Runs `executable` with stdin at /dev/null and stdout/stderr to temporary files (no pipe
    /// can fill and deadlock); kills it after `timeout` seconds.
    public static func run(_ executable: URL, _ arguments: [String], in directory: String? = nil,
                           environment: [String: String]? = nil, timeout: Double = 60) throws -> Result {
        let fm = FileManager.default
        let scratch = fm.temporaryDirectory.appendingPathComponent("opsaudit-run-\(UUID().uuidString)")
        try fm.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("out"), errURL = scratch.appendingPathComponent("err")
        _ = fm.createFile(atPath: outURL.path, contents: nil)
        _ = fm.createFile(atPath: errURL.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: outURL), errHandle = try FileHandle(forWritingTo: errURL)

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if let environment { process.environment = environment }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = outHandle
        process.standardError = errHandle
        let start = Date()
        try process.run()
        var timedOut = false
        while process.isRunning {
            if Date().timeIntervalSince(start) > timeout {
                timedOut = true
                process.terminate()
                let grace = Date()
                while process.isRunning, Date().timeIntervalSince(grace) < 5 { usleep(20_000) }
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                break
            }
            usleep(10_000)
        }
        process.waitUntilExit()
        try? outHandle.close()
        try? errHandle.close()
        return Result(status: process.terminationStatus,
                      stdout: Array((try? Data(contentsOf: outURL)) ?? Data()),
                      stderr: Array((try? Data(contentsOf: errURL)) ?? Data()),
                      timedOut: timedOut, seconds: Date().timeIntervalSince(start))
    }
}

/// A temporary directory for a test repository, removed by `remove()` (call it in `defer`).
public struct TemporaryRepository: Sendable {
    /// The repository's directory (links resolved, so paths compare equal to what tools print).
    public let root: String
    /// The directory holding `root`, removed with it.
    public let container: String

    /// Creates `<tmp>/opsaudit-<uuid>/<name>`: the fixed last component keeps the report's target
    /// name the same for two copies.
    public init(name: String = "app") throws {
        let fm = FileManager.default
        let base = fm.temporaryDirectory.appendingPathComponent("opsaudit-\(UUID().uuidString)")
        try fm.createDirectory(at: base.appendingPathComponent(name), withIntermediateDirectories: true)
        let real = base.resolvingSymlinksInPath().path
        container = real
        root = real + "/" + name
    }

    public func remove() { try? FileManager.default.removeItem(atPath: container) }

    public func path(_ relative: String) -> String { root + "/" + relative }

    /// Writes `text` (UTF-8) at `relative`, creating directories.
    public func write(_ relative: String, _ text: String) throws {
        try write(relative, bytes: Array(text.utf8))
    }

    public func write(_ relative: String, bytes: [UInt8]) throws {
        let url = URL(fileURLWithPath: path(relative))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    /// Writes every file of a map.
    public func write(_ files: [String: String]) throws {
        for (relative, text) in files.sorted(by: { $0.key < $1.key }) { try write(relative, text) }
    }

    /// `git init` + add everything + one commit with fixed identity and dates, so two copies of
    /// the same files get the same commit id.
    public func commitAll(message: String = "init") throws {
        let env = CLIRunner.cleanEnvironment([
            "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
            "GIT_CONFIG_NOSYSTEM": "1", "HOME": container,
        ])
        let git = URL(fileURLWithPath: "/usr/bin/env")
        for arguments in [["git", "init", "-q", "-b", "main"], ["git", "add", "-A"],
                          ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", "-c", "commit.gpgsign=false",
                           "commit", "-q", "-m", message]] {
            let result = try CLIRunner.run(git, arguments, in: root, environment: env, timeout: 60)
            guard result.status == 0 else {
                throw CLIRunner.Missing(description: "`\(arguments.joined(separator: " "))` failed: \(result)")
            }
        }
    }
}
