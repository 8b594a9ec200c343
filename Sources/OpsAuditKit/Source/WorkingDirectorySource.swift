import Foundation
#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import OpsAuditArtifacts
import OpsAuditModel

/// A directory on disk. Inside a git work tree it lists what git would commit
/// (`git ls-files -co --exclude-standard`: tracked plus untracked-not-ignored files); elsewhere,
/// or when git is missing, it walks the directory honouring `.gitignore` files.
///
/// Either way every path goes through the same `lstat` checks, so only regular files are
/// offered: symlinks are never followed out of the root, FIFOs, sockets and devices are never
/// opened. The listing contract:
/// - `files` holds every regular file (and every symlink resolving to a regular file inside the
///   root), including those too large or over the byte budget: their presence matters to rules
///   (a committed `terraform.tfstate` is a finding even when it is not read).
/// - `skipped` says which paths must not be read and why; `read` refuses files over
///   `maxFileSize` on its own.
public struct WorkingDirectorySource: RepoSource {
    public let root: String
    public let limits: SourceLimits
    public let displayName: String
    /// The root with links resolved, when it existed at init: spares `read` a `realpath` per file.
    private let realRoot: String?

    public init(root: String, limits: SourceLimits = .init()) {
        self.root = root
        self.limits = limits
        realRoot = FileSystem.realPath(root)
        let resolved = realRoot ?? root
        let name = URL(fileURLWithPath: resolved).lastPathComponent
        self.displayName = name.isEmpty ? resolved : name
    }

    public func list() throws(SourceError) -> SourceListing {
        let realRoot = try resolvedRoot()
        var diagnostics: [Diagnostic] = []
        var candidates: [String: Bool] = [:]
        var commit: String?, branch: String?
        var skipped: [SkippedFile] = []
        var walkerStopped = false

        var listedByGit = false
        if let git = GitCommand.locate() {
            switch gitListing(git, realRoot: realRoot) {
            case let .listed(paths, undecodable, head, headBranch):
                candidates = paths
                // Names that are not UTF-8 cannot be opened through a String path.
                skipped += undecodable.map { SkippedFile(path: $0, reason: .unreadable) }
                commit = head
                branch = headBranch
                listedByGit = true
            case .notARepository:
                break
            case let .failed(message):
                diagnostics.append(Diagnostic(.note, "\(message); listed by walking the directory instead, tracked status unknown"))
            }
        }

        var checker = PathChecker(realRoot: realRoot)
        var regular: [(path: String, size: Int, tracked: Bool)] = []
        if listedByGit {
            for (path, tracked) in candidates {
                if path.hasSuffix("/") {
                    // An untracked nested repository: git lists the directory itself.
                    skipped.append(SkippedFile(path: String(path.dropLast()), reason: .notRegularFile))
                    continue
                }
                switch checker.inspect(path, verifyParents: true) {
                case let .file(size): regular.append((path, size, tracked))
                case let .skip(reason): skipped.append(SkippedFile(path: path, reason: reason))
                case .directory: skipped.append(SkippedFile(path: path, reason: .notRegularFile))
                case .missing: break
                }
            }
        } else {
            var walker = Walker(realRoot: realRoot, limits: limits, checker: checker)
            walker.walk()
            regular = walker.files.map { ($0.path, $0.size, false) }
            skipped += walker.skipped
            walkerStopped = walker.stoppedAtLimit
        }

        regular.sort { $0.path < $1.path }
        var files: [ListedFile] = []
        files.reserveCapacity(min(regular.count, limits.maxFiles))
        var totalBytes = 0
        var overBudget = 0
        for entry in regular {
            guard files.count < limits.maxFiles else { break }
            files.append(ListedFile(path: entry.path, size: entry.size, isTracked: entry.tracked))
            if entry.size > limits.maxFileSize {
                skipped.append(SkippedFile(path: entry.path, reason: .tooLarge))
            } else if totalBytes + entry.size > limits.maxTotalBytes {
                skipped.append(SkippedFile(path: entry.path, reason: .byteLimit))
                overBudget += 1
            } else {
                totalBytes += entry.size
            }
        }
        if regular.count > limits.maxFiles {
            diagnostics.append(Diagnostic(.limit, "\(regular.count - limits.maxFiles) files not listed: the limit of \(limits.maxFiles) files was reached"))
        } else if walkerStopped {
            diagnostics.append(Diagnostic(.limit, "listing stopped after \(limits.maxFiles) files: the file limit was reached"))
        }
        if overBudget > 0 {
            diagnostics.append(Diagnostic(.limit, "\(overBudget) files not read: the limit of \(limits.maxTotalBytes) bytes read in total was reached"))
        }
        skipped.sort { $0.path < $1.path }
        return SourceListing(files: files, skipped: skipped, diagnostics: diagnostics, commit: commit, branch: branch,
                             knowsTracking: listedByGit)
    }

    /// Reads a listed file: opened without following links (a listed symlink is resolved and
    /// must stay inside the root), re-checked as a regular file, at most `maxFileSize` bytes.
    public func read(_ file: ListedFile) -> [UInt8]? {
        guard let realRoot = realRoot ?? (try? resolvedRoot()) else { return nil }
        guard let fd = FileSystem.openInside(realRoot: realRoot, relativePath: file.path, followFinalLink: true) else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, FileSystem.type(info) == .regular,
              Int(info.st_size) <= limits.maxFileSize else { return nil }
        let capacity = min(Int(info.st_size), limits.maxFileSize)
        var bytes = [UInt8](repeating: 0, count: capacity)
        var count = 0
        while count < capacity {
            let n = bytes.withUnsafeMutableBytes { buffer in
                posixRead(fd, buffer.baseAddress! + count, capacity - count)
            }
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 { break }
            count += n
        }
        if count < capacity { bytes.removeSubrange(count...) }
        return bytes
    }

    private func resolvedRoot() throws(SourceError) -> String {
        var info = stat()
        guard stat(root, &info) == 0 else {
            throw SourceError("\(root): no such directory")
        }
        guard FileSystem.type(info) == .directory else {
            throw SourceError("\(root) is not a directory")
        }
        guard let real = FileSystem.realPath(root) else { throw SourceError("\(root): cannot resolve the path") }
        return real
    }

    private enum GitListing {
        case listed([String: Bool], undecodable: [String], commit: String?, branch: String?)
        case notARepository
        case failed(String)
    }

    private func gitListing(_ git: GitCommand, realRoot: String) -> GitListing {
        guard let topLevel = git.run(["rev-parse", "--show-toplevel"], in: realRoot, timeout: 20) else {
            return .failed("`git rev-parse` did not answer")
        }
        guard topLevel.succeeded else {
            if topLevel.stderr.contains("dubious ownership") {
                return .failed("git refused the repository (dubious ownership)")
            }
            return .notARepository
        }
        // Run from the root, ls-files lists only what is below it, relative to it.
        guard let tracked = git.run(["ls-files", "-z", "-c"], in: realRoot, timeout: 120), tracked.succeeded,
              let others = git.run(["ls-files", "-z", "-o", "--exclude-standard"], in: realRoot, timeout: 120),
              others.succeeded else {
            return .failed("`git ls-files` failed")
        }
        var paths: [String: Bool] = [:]
        var undecodable: [String] = []
        for (output, isTracked) in [(others, false), (tracked, true)] {
            for entry in output.stdout.split(separator: 0) {
                if let path = String(validating: entry, as: UTF8.self) {
                    paths[path] = isTracked
                } else {
                    undecodable.append(String(decoding: entry, as: UTF8.self))
                }
            }
        }
        if paths.isEmpty, let entries = try? FileManager.default.contentsOfDirectory(atPath: realRoot),
           entries.contains(where: { $0 != ".git" }) {
            // The target itself is ignored by the enclosing repository (a scan of `vendor/x`):
            // git offers nothing, but the user asked for this directory.
            return .failed("the directory is ignored by its enclosing git repository")
        }
        let head = git.run(["rev-parse", "-q", "--verify", "HEAD"], in: realRoot, timeout: 20)
        let branch = git.run(["symbolic-ref", "--short", "-q", "HEAD"], in: realRoot, timeout: 20)
        return .listed(paths, undecodable: undecodable, commit: head.flatMap { $0.succeeded ? Self.firstLine($0.stdout) : nil },
                       branch: branch.flatMap { $0.succeeded ? Self.firstLine($0.stdout) : nil })
    }

    private static func firstLine(_ bytes: [UInt8]) -> String? {
        let line = bytes.split(separator: 0x0A).first.map { String(decoding: $0, as: UTF8.self) }
        return line?.isEmpty == false ? line : nil
    }
}

/// Walks a directory tree without git: sorted entries, `.gitignore` files honoured, `.git`
/// never entered, links never followed, and at most `maxFiles` regular files collected.
private struct Walker {
    let realRoot: String
    let limits: SourceLimits
    var checker: PathChecker
    var matcher = IgnoreMatcher()
    var files: [(path: String, size: Int)] = []
    var skipped: [SkippedFile] = []
    var stoppedAtLimit = false

    init(realRoot: String, limits: SourceLimits, checker: PathChecker) {
        self.realRoot = realRoot
        self.limits = limits
        self.checker = checker
    }

    mutating func walk() {
        var pending = [""]
        while let directory = pending.popLast() {
            let absolute = directory.isEmpty ? realRoot : realRoot + "/" + directory
            guard let (names, undecodable) = FileSystem.directoryEntries(absolute) else {
                if !directory.isEmpty { skipped.append(SkippedFile(path: directory, reason: .unreadable)) }
                continue
            }
            // Names that are not UTF-8 cannot be opened through a String path: reported, as git
            // listing does, under a lossy spelling.
            for name in undecodable {
                let path = directory.isEmpty ? name : directory + "/" + name
                if !isIgnored(path, isDirectory: false) { skipped.append(SkippedFile(path: path, reason: .unreadable)) }
            }
            if names.contains(".gitignore") { loadIgnoreFile(in: directory) }
            var subdirectories: [String] = []
            for name in names.sorted() where name != ".git" {
                let path = directory.isEmpty ? name : directory + "/" + name
                switch checker.inspect(path, verifyParents: false) {
                case .directory:
                    if !isIgnored(path, isDirectory: true) { subdirectories.append(path) }
                case let .file(size):
                    guard !isIgnored(path, isDirectory: false) else { continue }
                    guard files.count < limits.maxFiles else {
                        stoppedAtLimit = true
                        return
                    }
                    files.append((path, size))
                case let .skip(reason):
                    if !isIgnored(path, isDirectory: false) { skipped.append(SkippedFile(path: path, reason: reason)) }
                case .missing:
                    break
                }
            }
            // Reversed so that popLast visits them in sorted order.
            pending += subdirectories.reversed()
        }
    }

    /// The walker never enters an excluded directory, so only the entry itself needs matching.
    private func isIgnored(_ path: String, isDirectory: Bool) -> Bool {
        guard let rule = matcher.matchEntry(path, isDirectory: isDirectory) else { return false }
        return !rule.pattern.negated
    }

    private mutating func loadIgnoreFile(in directory: String) {
        let path = directory.isEmpty ? ".gitignore" : directory + "/.gitignore"
        guard case let .file(size) = checker.inspect(path, verifyParents: false), size <= limits.maxFileSize,
              // git does not follow a symlinked .gitignore either.
              let fd = FileSystem.openInside(realRoot: realRoot, relativePath: path, followFinalLink: false) else { return }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: size)
        var count = 0
        while count < size {
            let n = bytes.withUnsafeMutableBytes { posixRead(fd, $0.baseAddress! + count, size - count) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            count += n
        }
        guard case let .text(text, _) = TextFile.decode(path: path, bytes: Array(bytes[..<count])) else { return }
        matcher.add(patterns: text.text, baseDirectory: directory, source: path)
    }
}

/// What `lstat` says about one repo-relative path.
private enum PathVerdict {
    case file(size: Int)
    case directory
    case skip(SkipReason)
    /// Gone since git listed it (a deleted tracked file).
    case missing
}

/// Classifies paths under the root with `lstat`, never opening them; remembers which parent
/// directories are real directories (not links) so git-listed paths are checked cheaply.
private struct PathChecker {
    let realRoot: String
    private var plainDirectories: [String: Bool] = ["": true]

    init(realRoot: String) { self.realRoot = realRoot }

    private func absolute(_ path: String) -> String { path.isEmpty ? realRoot : realRoot + "/" + path }

    mutating func inspect(_ path: String, verifyParents: Bool) -> PathVerdict {
        let full = absolute(path)
        if verifyParents, let slash = path.lastIndex(of: "/"), !isPlainDirectory(String(path[..<slash])) {
            return parentVerdict(String(path[..<slash]), name: String(path[path.index(after: slash)...]))
        }
        var info = stat()
        guard lstat(full, &info) == 0 else {
            return errno == EACCES ? .skip(.unreadable) : .missing
        }
        switch FileSystem.type(info) {
        case .regular:
            return access(full, R_OK) == 0 ? .file(size: Int(info.st_size)) : .skip(.unreadable)
        case .directory:
            return .directory
        case .link:
            return linkVerdict(full) ?? .skip(.notRegularFile)
        case .other:
            return .skip(.notRegularFile)
        }
    }

    /// Where a path containing a link leads: a regular file inside the root is listed, a target
    /// outside is `link-outside-root`, a loop is `link-loop`, anything else is not a regular file.
    private func linkVerdict(_ full: String) -> PathVerdict? {
        guard let target = FileSystem.realPath(full) else {
            return errno == ELOOP ? .skip(.linkLoop) : .skip(.notRegularFile)
        }
        guard FileSystem.isInside(target, realRoot: realRoot) else { return .skip(.linkOutsideRoot) }
        var info = stat()
        guard stat(target, &info) == 0, FileSystem.type(info) == .regular else { return .skip(.notRegularFile) }
        return access(target, R_OK) == 0 ? .file(size: Int(info.st_size)) : .skip(.unreadable)
    }

    /// A git-listed path whose parent is not a plain directory: replaced by a link after
    /// checkout, or gone. Directory links are never followed; say where this one leads.
    private func parentVerdict(_ directory: String, name: String) -> PathVerdict {
        guard let target = FileSystem.realPath(absolute(directory)) else {
            return errno == ELOOP ? .skip(.linkLoop) : .missing
        }
        guard target == realRoot || FileSystem.isInside(target, realRoot: realRoot) else { return .skip(.linkOutsideRoot) }
        var info = stat()
        return lstat(target + "/" + name, &info) == 0 ? .skip(.notRegularFile) : .missing
    }

    private mutating func isPlainDirectory(_ directory: String) -> Bool {
        if let known = plainDirectories[directory] { return known }
        let parentOK: Bool
        if let slash = directory.lastIndex(of: "/") {
            parentOK = isPlainDirectory(String(directory[..<slash]))
        } else {
            parentOK = true
        }
        var info = stat()
        let plain = parentOK && lstat(absolute(directory), &info) == 0 && FileSystem.type(info) == .directory
        plainDirectories[directory] = plain
        return plain
    }
}

/// Thin POSIX helpers shared by the listing and the reader.
enum FileSystem {
    enum FileType { case regular, directory, link, other }

    static func type(_ info: stat) -> FileType {
        switch UInt32(info.st_mode) & 0o170000 {
        case 0o100000: .regular
        case 0o040000: .directory
        case 0o120000: .link
        default: .other
        }
    }

    /// The entry names of a directory (without `.` and `..`), split into UTF-8 names and, spelled
    /// lossily, names that are not UTF-8 (Foundation's listing drops or mangles those silently).
    /// Nil when the directory cannot be opened.
    static func directoryEntries(_ path: String) -> (names: [String], undecodable: [String])? {
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        var names: [String] = [], undecodable: [String] = []
        while let entry = readdir(directory) {
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if bytes == [0x2E] || bytes == [0x2E, 0x2E] { continue }
            if let name = String(validating: bytes, as: UTF8.self) {
                names.append(name)
            } else {
                undecodable.append(String(decoding: bytes, as: UTF8.self))
            }
        }
        return (names, undecodable)
    }

    /// `realpath(3)`; nil with `errno` set when the path cannot be resolved.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func isInside(_ path: String, realRoot: String) -> Bool {
        let prefix = realRoot.hasSuffix("/") ? realRoot : realRoot + "/"
        return path.hasPrefix(prefix)
    }

    /// Opens `relativePath` under `realRoot` one component at a time with `O_NOFOLLOW`, so no
    /// link anywhere on the way is followed (even one swapped in after listing). A final link
    /// is resolved once when `followFinalLink`, and must land inside the root. Non-blocking, so
    /// a FIFO swapped in after listing cannot hang the open.
    static func openInside(realRoot: String, relativePath: String, followFinalLink: Bool) -> Int32? {
        let components = relativePath.split(separator: "/")
        guard let last = components.last,
              !components.contains(where: { $0 == ".." || $0 == "." }) else { return nil }
        var directory = open(realRoot, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else { return nil }
        for component in components.dropLast() {
            let next = openat(directory, String(component), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            close(directory)
            guard next >= 0 else { return nil }
            directory = next
        }
        let fd = openat(directory, String(last), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        let openError = errno
        close(directory)
        if fd >= 0 { return fd }
        // Linux reports a final link under O_NOFOLLOW as ELOOP; macOS as ELOOP or EMLINK.
        guard followFinalLink, openError == ELOOP || openError == EMLINK,
              let target = realPath(realRoot + "/" + relativePath),
              isInside(target, realRoot: realRoot) else { return nil }
        let prefixLength = realRoot.hasSuffix("/") ? realRoot.count : realRoot.count + 1
        return openInside(realRoot: realRoot, relativePath: String(target.dropFirst(prefixLength)), followFinalLink: false)
    }
}

/// `read(2)`, named apart from `RepoSource.read` which shadows it inside the source.
@inline(__always)
func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Darwin)
    Darwin.read(fd, buffer, count)
    #elseif canImport(Glibc)
    Glibc.read(fd, buffer, count)
    #else
    Musl.read(fd, buffer, count)
    #endif
}
