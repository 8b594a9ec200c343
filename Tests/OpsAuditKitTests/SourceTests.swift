import Foundation
import Testing
#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif
@testable import OpsAuditKit
import OpsAuditModel

/// A temporary directory removed when the value is dropped by `defer`.
private struct TempTree {
    let root: String

    init() throws {
        let base = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("opsaudit-src-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        root = FileSystem.realPath(base.path) ?? base.path
    }

    func write(_ path: String, _ text: String) throws {
        let url = URL(fileURLWithPath: root + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func link(_ path: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: root + "/" + path, withDestinationPath: target)
    }

    func fifo(_ path: String) {
        #expect(mkfifo(root + "/" + path, 0o644) == 0)
    }

    func remove() {
        _ = chmod(root + "/unreadable.txt", 0o644)
        try? FileManager.default.removeItem(atPath: root)
    }

    @discardableResult
    func git(_ arguments: [String], in directory: String? = nil) throws -> String {
        guard let git = GitCommand.locate() else { return "" }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: git.executable)
        process.arguments = ["-C", directory ?? root, "-c", "user.email=test@example.com", "-c", "user.name=Test",
                             "-c", "commit.gpgsign=false"] + arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }
        process.standardInput = FileHandle.nullDevice
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "git \(arguments.joined(separator: " "))")
        return String(decoding: data, as: UTF8.self)
    }
}

@Suite struct SourceTests {
    private let isRoot = geteuid() == 0

    /// A plain (non-git) tree with every hostile kind of entry.
    private func hostileTree() throws -> TempTree {
        let tree = try TempTree()
        try tree.write(".gitignore", "*.log\nbuild/\n")
        try tree.write("a.txt", "hello\n")
        try tree.write("b.log", "ignored\n")
        try tree.write("build/out.txt", "ignored\n")
        try tree.write("src/main.swift", "print(1)\n")
        try tree.write("src/.gitignore", "secret.txt\n!keep.log\n")
        try tree.write("src/secret.txt", "ignored\n")
        try tree.write("src/keep.log", "re-included\n")
        try tree.write("big.bin", String(repeating: "x", count: 300))
        try tree.write(".git/config", "not a repository, never listed\n")
        try tree.link("loop1", to: "loop2")
        try tree.link("loop2", to: "loop1")
        try tree.link("passwd", to: "/etc/passwd")
        try tree.link("inside-link", to: "a.txt")
        try tree.link("dirlink", to: "src")
        tree.fifo("fifo")
        try tree.write("unreadable.txt", "secret\n")
        #expect(chmod(tree.root + "/unreadable.txt", 0) == 0)
        return tree
    }

    @Test(.timeLimit(.minutes(1))) func walksPlainDirectoryWithIgnoreFilesAndHostileEntries() throws {
        let tree = try hostileTree()
        defer { tree.remove() }
        let source = WorkingDirectorySource(root: tree.root, limits: SourceLimits(maxFileSize: 100))
        let listing = try source.list()

        var expectedFiles = [".gitignore", "a.txt", "big.bin", "inside-link", "src/.gitignore", "src/keep.log", "src/main.swift"]
        var expectedSkipped: [SkippedFile] = [
            SkippedFile(path: "big.bin", reason: .tooLarge),
            SkippedFile(path: "dirlink", reason: .notRegularFile),
            SkippedFile(path: "fifo", reason: .notRegularFile),
            SkippedFile(path: "loop1", reason: .linkLoop),
            SkippedFile(path: "loop2", reason: .linkLoop),
            SkippedFile(path: "passwd", reason: .linkOutsideRoot),
        ]
        if isRoot {
            expectedFiles.append("unreadable.txt")
        } else {
            expectedSkipped.append(SkippedFile(path: "unreadable.txt", reason: .unreadable))
        }
        #expect(listing.files.map(\.path) == expectedFiles.sorted())
        #expect(listing.skipped == expectedSkipped.sorted { $0.path < $1.path })
        #expect(listing.files.allSatisfy { !$0.isTracked })
        #expect(listing.files.first { $0.path == "big.bin" }?.size == 300)
        #expect(listing.files.first { $0.path == "inside-link" }?.size == 6)
        #expect(listing.commit == nil && listing.branch == nil)
        #expect(listing.diagnostics.isEmpty)
        #expect(source.displayName == URL(fileURLWithPath: tree.root).lastPathComponent)
    }

    @Test(.timeLimit(.minutes(1))) func readsOnlyRegularFilesInsideTheRoot() throws {
        let tree = try hostileTree()
        defer { tree.remove() }
        let source = WorkingDirectorySource(root: tree.root, limits: SourceLimits(maxFileSize: 100))
        func read(_ path: String) -> [UInt8]? { source.read(ListedFile(path: path, size: 0, isTracked: false)) }
        #expect(read("a.txt") == Array("hello\n".utf8))
        #expect(read("src/main.swift") == Array("print(1)\n".utf8))
        #expect(read("inside-link") == Array("hello\n".utf8))
        #expect(read("big.bin") == nil)
        #expect(read("fifo") == nil)
        #expect(read("passwd") == nil)
        #expect(read("loop1") == nil)
        #expect(read("dirlink/main.swift") == nil)
        #expect(read("../etc/passwd") == nil)
        #expect(read("src") == nil)
        #expect(read("missing.txt") == nil)
        if !isRoot { #expect(read("unreadable.txt") == nil) }
    }

    @Test func enforcesFileAndByteLimits() throws {
        let tree = try TempTree()
        defer { tree.remove() }
        for name in ["a", "b", "c", "d"] { try tree.write("\(name).txt", String(repeating: name, count: 10)) }

        let few = try WorkingDirectorySource(root: tree.root, limits: SourceLimits(maxFiles: 2)).list()
        #expect(few.files.map(\.path) == ["a.txt", "b.txt"])
        #expect(few.diagnostics.map(\.kind) == [.limit])

        let budget = try WorkingDirectorySource(root: tree.root, limits: SourceLimits(maxTotalBytes: 25)).list()
        #expect(budget.files.count == 4)
        #expect(budget.skipped == [SkippedFile(path: "c.txt", reason: .byteLimit), SkippedFile(path: "d.txt", reason: .byteLimit)])
        #expect(budget.diagnostics.count == 1)
        #expect(budget.diagnostics.first?.message.contains("2 files not read") == true)
    }

    @Test func missingOrNonDirectoryRootIsAnError() throws {
        let tree = try TempTree()
        defer { tree.remove() }
        try tree.write("file.txt", "x")
        let missing = tree.root + "/nope"
        #expect(throws: SourceError.self) { try WorkingDirectorySource(root: missing).list() }
        do {
            _ = try WorkingDirectorySource(root: missing).list()
        } catch {
            #expect(error.description.contains(missing))
        }
        do {
            _ = try WorkingDirectorySource(root: tree.root + "/file.txt").list()
            Issue.record("a file root must throw")
        } catch {
            #expect(error.description.contains("file.txt"))
            #expect(error.description.contains("not a directory"))
        }
    }

    /// A git repository: tracked, untracked-not-ignored and ignored files, plus a tracked link
    /// out of the root and a tracked file replaced by a FIFO.
    private func gitTree() throws -> TempTree? {
        guard GitCommand.locate() != nil else { return nil }
        let tree = try TempTree()
        try tree.git(["init", "-q"])
        try tree.git(["symbolic-ref", "HEAD", "refs/heads/trunk"])
        try tree.write(".gitignore", "*.log\nignored/\n")
        try tree.write("tracked.txt", "t\n")
        try tree.write("sub/tracked2.txt", "t2\n")
        try tree.write("sub/forced.log", "tracked although ignored\n")
        try tree.write("was-file.txt", "becomes a fifo\n")
        try tree.link("outside", to: "/etc/passwd")
        try tree.link("alias.txt", to: "tracked.txt")
        try tree.write("moved/inner.txt", "becomes a link to /etc\n")
        try tree.git(["add", ".gitignore", "tracked.txt", "sub/tracked2.txt", "was-file.txt", "outside", "alias.txt", "moved/inner.txt"])
        try tree.git(["add", "-f", "sub/forced.log"])
        try tree.git(["commit", "-q", "-m", "initial"])
        try tree.write("untracked.txt", "u\n")
        try tree.write("sub/new.txt", "n\n")
        try tree.write("app.log", "ignored\n")
        try tree.write("sub/x.log", "ignored\n")
        try tree.write("ignored/x.txt", "ignored\n")
        try FileManager.default.removeItem(atPath: tree.root + "/was-file.txt")
        tree.fifo("was-file.txt")
        try FileManager.default.removeItem(atPath: tree.root + "/moved")
        try tree.link("moved", to: "/etc")
        return tree
    }

    @Test(.timeLimit(.minutes(1))) func listsGitWorkTree() throws {
        guard let tree = try gitTree() else { return }
        defer { tree.remove() }
        let listing = try WorkingDirectorySource(root: tree.root).list()
        #expect(listing.files.map(\.path) == [".gitignore", "alias.txt", "sub/forced.log", "sub/new.txt", "sub/tracked2.txt", "tracked.txt", "untracked.txt"])
        #expect(listing.files.filter(\.isTracked).map(\.path) == [".gitignore", "alias.txt", "sub/forced.log", "sub/tracked2.txt", "tracked.txt"])
        // `moved` itself is now an untracked link out of the root; its tracked content is behind it.
        #expect(listing.skipped == [SkippedFile(path: "moved", reason: .linkOutsideRoot),
                                    SkippedFile(path: "moved/inner.txt", reason: .linkOutsideRoot),
                                    SkippedFile(path: "outside", reason: .linkOutsideRoot),
                                    SkippedFile(path: "was-file.txt", reason: .notRegularFile)])
        let source = WorkingDirectorySource(root: tree.root)
        #expect(source.read(ListedFile(path: "alias.txt", size: 2, isTracked: true)) == Array("t\n".utf8))
        #expect(source.read(ListedFile(path: "moved/inner.txt", size: 2, isTracked: true)) == nil)
        #expect(source.read(ListedFile(path: "was-file.txt", size: 2, isTracked: true)) == nil)
        let head = try tree.git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(listing.commit == head)
        #expect(listing.commit?.count == 40)
        #expect(listing.branch == "trunk")
        #expect(listing.diagnostics.isEmpty)
    }

    @Test(.timeLimit(.minutes(1))) func listsSubdirectoryOfGitWorkTreeRelativeToIt() throws {
        guard let tree = try gitTree() else { return }
        defer { tree.remove() }
        let source = WorkingDirectorySource(root: tree.root + "/sub")
        let listing = try source.list()
        #expect(listing.files.map(\.path) == ["forced.log", "new.txt", "tracked2.txt"])
        #expect(listing.files.map(\.isTracked) == [true, false, true])
        #expect(listing.commit?.count == 40)
        #expect(source.read(listing.files[2]) == Array("t2\n".utf8))
        #expect(source.displayName == "sub")
    }

    @Test(.timeLimit(.minutes(1))) func walksATargetIgnoredByItsEnclosingRepository() throws {
        guard let tree = try gitTree() else { return }
        defer { tree.remove() }
        let listing = try WorkingDirectorySource(root: tree.root + "/ignored").list()
        #expect(listing.files.map(\.path) == ["x.txt"])
        #expect(listing.files.map(\.isTracked) == [false])
        #expect(listing.diagnostics.map(\.kind) == [.note])
    }

    @Test func gitIsFoundOnlyThroughAbsolutePathEntries() {
        #expect(GitCommand.locate(environment: [:]) == nil)
        #expect(GitCommand.locate(environment: ["PATH": "relative/bin:bin"]) == nil)
        if let git = GitCommand.locate() {
            #expect(git.executable.hasPrefix("/"))
            #expect(GitCommand.locate(environment: ["PATH": "bin:" + URL(fileURLWithPath: git.executable).deletingLastPathComponent().path])?.executable == git.executable)
        }
    }

    @Test(.timeLimit(.minutes(1))) func gitCommandTimesOut() throws {
        guard let git = GitCommand.locate() else { return }
        let clock = ContinuousClock()
        var output: GitCommand.Output?
        let elapsed = clock.measure {
            output = git.run(["-c", "alias.hang=!sleep 8", "hang"], in: NSTemporaryDirectory(), timeout: 1)
        }
        #expect(output == nil)
        #expect(elapsed < .seconds(6))
        #expect(git.run(["--version"], in: NSTemporaryDirectory())?.succeeded == true)
    }

    @Test func listsThisPackageThroughGit() throws {
        // The package itself: a real work tree with nested ignore rules (.build is ignored).
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        guard GitCommand.locate() != nil, FileManager.default.fileExists(atPath: root + "/.git") else { return }
        let listing = try WorkingDirectorySource(root: root).list()
        #expect(listing.files.contains { $0.path == "Package.swift" && $0.isTracked })
        #expect(!listing.files.contains { $0.path.hasPrefix(".build/") })
    }
}
