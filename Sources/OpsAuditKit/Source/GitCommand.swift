import Foundation

/// Runs the `git` found on `PATH` with a timeout, stdin closed, and an environment that cannot
/// redirect it (`GIT_DIR`, `GIT_INDEX_FILE`… removed). Used only for read-only plumbing commands.
struct GitCommand: Sendable {
    /// Absolute path of the git executable.
    let executable: String

    /// What one run produced.
    struct Output: Sendable {
        var status: Int32
        var stdout: [UInt8]
        var stderr: String
        var succeeded: Bool { status == 0 }
    }

    /// The first executable `git` in the `PATH` directories that are absolute; nil when none.
    static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> GitCommand? {
        guard let path = environment["PATH"] else { return nil }
        for directory in path.split(separator: ":") where directory.hasPrefix("/") {
            let candidate = String(directory) + (directory.hasSuffix("/") ? "git" : "/git")
            if FileManager.default.isExecutableFile(atPath: candidate) { return GitCommand(executable: candidate) }
        }
        return nil
    }

    /// The full argument list: no pager, no fsmonitor hook, run in `directory`.
    static func arguments(_ arguments: [String], in directory: String) -> [String] {
        ["--no-pager", "-c", "core.fsmonitor=false", "-C", directory] + arguments
    }

    /// Our environment without `GIT_*` variables that could redirect git, prompts and locks off.
    static func environment() -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }
        environment["GIT_OPTIONAL_LOCKS"] = "0"
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["LC_ALL"] = "C"
        return environment
    }

    /// Runs `git -C directory <arguments>`; nil when git could not be started or timed out.
    func run(_ arguments: [String], in directory: String, timeout: Double = 60) -> Output? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        // A repository's own config could otherwise start its fsmonitor hook: we never run
        // anything the audited repository names.
        process.arguments = Self.arguments(arguments, in: directory)
        process.environment = Self.environment()
        process.standardInput = FileHandle.nullDevice
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr

        let group = DispatchGroup()
        let exited = DispatchSemaphore(value: 0)
        let outBox = DataBox(), errBox = DataBox()
        group.enter()
        process.terminationHandler = { _ in
            exited.signal()
            group.leave()
        }
        do {
            try process.run()
        } catch {
            return nil
        }
        let outHandle = stdout.fileHandleForReading, errHandle = stderr.fileHandleForReading
        group.enter()
        DispatchQueue.global().async {
            outBox.set(outHandle.readDataToEndOfFile())
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            errBox.set(errHandle.readDataToEndOfFile())
            group.leave()
        }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            // A child of git may still hold the pipes: abandon the readers, only reap git.
            process.terminate()
            _ = exited.wait(timeout: .now() + 2)
            return nil
        }
        return Output(status: process.terminationStatus, stdout: [UInt8](outBox.get()),
                      stderr: String(decoding: errBox.get(), as: UTF8.self))
    }
}

/// Bytes handed from a reader thread to the caller.
private final class DataBox: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func set(_ value: Data) {
        lock.lock()
        data = value
        lock.unlock()
    }

    func get() -> Data {
        lock.lock()
        defer { lock.unlock() }
        return data
    }
}
