import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import OpsAuditModel

/// A commit of a git repository, read from the object database without a checkout: the listing
/// comes from `git ls-tree -r -z --long` (paths, sizes and blob ids), the bytes from one
/// long-lived `git cat-file --batch` process shared by every revision of a replay.
///
/// Only regular blobs are offered; symlinks and submodules are listed as skipped. Paths are
/// relative to `repository` (ls-tree limits itself to the directory it runs in).
public struct GitRevisionSource: RepoSource {
    public let repository: String
    /// The full commit id.
    public let commit: String
    /// The branch the replay walks, for reports.
    public let branch: String?
    public let displayName: String
    public let limits: SourceLimits
    private let reader: GitObjectReader
    private let git: GitCommand

    /// Resolves `revision` (a commit id, tag, `HEAD~3`…) in `repository`; `reader` may be shared
    /// between revisions of one repository.
    public init(repository: String, revision: String, branch: String? = nil, reader: GitObjectReader? = nil,
                limits: SourceLimits = .init()) throws(SourceError) {
        guard let git = GitCommand.locate() else { throw SourceError("git was not found on PATH") }
        self.git = git
        self.repository = repository
        self.commit = try Self.resolve(revision, in: repository, git: git)
        self.branch = branch
        self.limits = limits
        if let reader {
            self.reader = reader
        } else {
            self.reader = try GitObjectReader(repository: repository)
        }
        let name = URL(fileURLWithPath: repository).standardizedFileURL.lastPathComponent
        self.displayName = name.isEmpty ? repository : name
    }

    /// The full commit id of `revision`, or an error naming it.
    public static func resolve(_ revision: String, in repository: String) throws(SourceError) -> String {
        guard let git = GitCommand.locate() else { throw SourceError("git was not found on PATH") }
        return try resolve(revision, in: repository, git: git)
    }

    static func resolve(_ revision: String, in repository: String, git: GitCommand) throws(SourceError) -> String {
        // A revision starting with `-` would be read as an option.
        guard !revision.isEmpty, !revision.hasPrefix("-"), !revision.contains("\0") else {
            throw SourceError("`\(revision)` is not a git revision")
        }
        // A full commit id (what a replay passes) needs no process to resolve; a wrong one makes
        // `ls-tree` fail with a message.
        if revision.utf8.count == 40, revision.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) {
            return revision
        }
        guard let output = git.run(["rev-parse", "-q", "--verify", revision + "^{commit}"], in: repository, timeout: 20) else {
            throw SourceError("`git rev-parse` did not answer in \(repository)")
        }
        guard output.succeeded, let id = String(validating: output.stdout, as: UTF8.self)?.trimmingCharacters(in: .whitespacesAndNewlines),
              id.count >= 40 else {
            throw SourceError("`\(revision)` is not a commit of the git repository at \(repository)")
        }
        return id
    }

    /// The commit's committer time; nil when git cannot say.
    public func commitDate() -> Date? {
        guard let output = git.run(["show", "-s", "--format=%ct", commit], in: repository, timeout: 20), output.succeeded,
              let seconds = TimeInterval(String(decoding: output.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            return nil
        }
        return Date(timeIntervalSince1970: seconds)
    }

    public func list() throws(SourceError) -> SourceListing {
        guard let output = git.run(["ls-tree", "-r", "-z", "--long", commit], in: repository, timeout: 120), output.succeeded else {
            throw SourceError("`git ls-tree` failed for \(commit) in \(repository)")
        }
        var files: [ListedFile] = []
        var skipped: [SkippedFile] = []
        var diagnostics: [Diagnostic] = []
        var totalBytes = 0, overBudget = 0, overCount = 0
        for entry in output.stdout.split(separator: 0) {
            guard let parsed = Self.parseTreeEntry(entry) else { continue }
            guard parsed.mode.hasPrefix("100"), parsed.type == "blob", let size = parsed.size else {
                skipped.append(SkippedFile(path: parsed.path, reason: .notRegularFile))
                continue
            }
            guard files.count < limits.maxFiles else {
                overCount += 1
                continue
            }
            files.append(ListedFile(path: parsed.path, size: size, isTracked: true, blobID: parsed.object))
            if size > limits.maxFileSize {
                skipped.append(SkippedFile(path: parsed.path, reason: .tooLarge))
            } else if totalBytes + size > limits.maxTotalBytes {
                skipped.append(SkippedFile(path: parsed.path, reason: .byteLimit))
                overBudget += 1
            } else {
                totalBytes += size
            }
        }
        if overCount > 0 {
            diagnostics.append(Diagnostic(.limit, "\(overCount) files not listed: the limit of \(limits.maxFiles) files was reached"))
        }
        if overBudget > 0 {
            diagnostics.append(Diagnostic(.limit, "\(overBudget) files not read: the limit of \(limits.maxTotalBytes) bytes read in total was reached"))
        }
        files.sort { $0.path < $1.path }
        skipped.sort { $0.path < $1.path }
        return SourceListing(files: files, skipped: skipped, diagnostics: diagnostics, commit: commit, branch: branch,
                             knowsTracking: true)
    }

    public func read(_ file: ListedFile) -> [UInt8]? {
        guard let blobID = file.blobID, file.size <= limits.maxFileSize else { return nil }
        return reader.read(blobID)
    }

    /// `<mode> SP <type> SP <object> SP+ <size> TAB <path>`; nil for an entry that is not UTF-8
    /// or not in that shape.
    static func parseTreeEntry(_ entry: ArraySlice<UInt8>) -> (mode: String, type: String, object: String, size: Int?, path: String)? {
        guard let tab = entry.firstIndex(of: UInt8(ascii: "\t")),
              let path = String(validating: entry[(tab + 1)...], as: UTF8.self),
              let header = String(validating: entry[..<tab], as: UTF8.self) else { return nil }
        let fields = header.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count == 4 else { return nil }
        return (String(fields[0]), String(fields[1]), String(fields[2]), Int(fields[3]), path)
    }
}

/// One `git cat-file --batch` process: blobs by id, one request at a time (calls are serialised,
/// so scans may read from several threads). Started with the same safe arguments and environment
/// as every other git command; stopped when the reader is released.
public final class GitObjectReader: @unchecked Sendable {
    private let process: Process
    private let input: FileHandle
    private let output: Int32
    private let lock = NSLock()
    private var buffer: [UInt8] = []
    private var start = 0
    private var broken = false

    public init(repository: String) throws(SourceError) {
        guard let git = GitCommand.locate() else { throw SourceError("git was not found on PATH") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: git.executable)
        process.arguments = GitCommand.arguments(["cat-file", "--batch"], in: repository)
        process.environment = GitCommand.environment()
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { throw SourceError("cannot start `git cat-file`: \(error)") }
        self.process = process
        input = stdin.fileHandleForWriting
        output = stdout.fileHandleForReading.fileDescriptor
        // Keep the read end alive as long as we are.
        outputHandle = stdout.fileHandleForReading
    }

    private let outputHandle: FileHandle

    deinit {
        try? input.close()
        // cat-file exits at end of input; give it a moment, then stop it.
        let deadline = Date().addingTimeInterval(2)
        while process.isRunning, Date() < deadline { usleep(1000) }
        if process.isRunning { process.terminate() }
    }

    /// The bytes of a blob; nil when it is missing or the process is gone.
    public func read(_ objectID: String) -> [UInt8]? {
        guard objectID.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) else { return nil }
        lock.lock()
        defer { lock.unlock() }
        guard !broken, process.isRunning else { return nil }
        do { try input.write(contentsOf: Data((objectID + "\n").utf8)) } catch {
            broken = true
            return nil
        }
        guard let header = readLine() else {
            broken = true
            return nil
        }
        // `<oid> <type> <size>` or `<oid> missing`.
        let fields = header.split(separator: " ")
        guard fields.count == 3, let size = Int(fields[2]) else { return nil }
        guard let bytes = readBytes(size), readBytes(1) != nil else {
            broken = true
            return nil
        }
        return fields[1] == "blob" ? bytes : nil
    }

    private func fill() -> Bool {
        if start > 0, start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        }
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { posixRead(output, $0.baseAddress!, 65536) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return false }
            buffer.append(contentsOf: chunk[0..<n])
            return true
        }
    }

    private func readLine() -> String? {
        while true {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[start..<newline], as: UTF8.self)
                start = newline + 1
                return line
            }
            guard fill() else { return nil }
        }
    }

    private func readBytes(_ count: Int) -> [UInt8]? {
        while buffer.count - start < count {
            if start > 0 {
                buffer.removeSubrange(0..<start)
                start = 0
            }
            guard fill() else { return nil }
        }
        let bytes = Array(buffer[start..<(start + count)])
        start += count
        return bytes
    }
}
