import OpsAuditModel

/// Limits a source applies while listing and reading; hitting one is reported, never silent.
public struct SourceLimits: Sendable, Hashable, Codable {
    /// Files larger than this are listed but not read.
    public var maxFileSize: Int
    /// At most this many files are listed; the rest are reported as skipped in one diagnostic.
    public var maxFiles: Int
    /// At most this many bytes are read in total.
    public var maxTotalBytes: Int

    public init(maxFileSize: Int = 2_000_000, maxFiles: Int = 500_000, maxTotalBytes: Int = 1_000_000_000) {
        self.maxFileSize = maxFileSize
        self.maxFiles = maxFiles
        self.maxTotalBytes = maxTotalBytes
    }
}

/// One regular file a source offers, relative to the repository root with `/` separators.
public struct ListedFile: Sendable, Hashable {
    public var path: String
    public var size: Int
    /// Tracked by git (false for untracked-not-ignored files, and outside git).
    public var isTracked: Bool
    /// The git blob id when known: a content hash usable as a parse-cache key.
    public var blobID: String?

    public init(path: String, size: Int, isTracked: Bool, blobID: String? = nil) {
        self.path = path
        self.size = size
        self.isTracked = isTracked
        self.blobID = blobID
    }
}

/// Why a path was not read.
public enum SkipReason: String, Codable, Sendable, CaseIterable {
    case tooLarge = "too-large"
    case notRegularFile = "not-regular-file"
    case linkOutsideRoot = "link-outside-root"
    case linkLoop = "link-loop"
    case unreadable
    case binary
    case fileLimit = "file-limit"
    case byteLimit = "byte-limit"
}

/// A path that was seen but not read, and why.
public struct SkippedFile: Sendable, Hashable, Codable {
    public var path: String
    public var reason: SkipReason

    public init(path: String, reason: SkipReason) {
        self.path = path
        self.reason = reason
    }
}

/// What a source lists: the readable regular files, what it skipped, and problems met.
public struct SourceListing: Sendable {
    public var files: [ListedFile]
    public var skipped: [SkippedFile]
    public var diagnostics: [Diagnostic]
    /// The git commit and branch when the source is a git work tree or revision.
    public var commit: String?
    public var branch: String?
    /// True when `ListedFile.isTracked` is meaningful (git listed the files); false for a plain
    /// directory, where nothing is tracked or untracked.
    public var knowsTracking: Bool

    public init(files: [ListedFile], skipped: [SkippedFile] = [], diagnostics: [Diagnostic] = [],
                commit: String? = nil, branch: String? = nil, knowsTracking: Bool = true) {
        self.files = files
        self.skipped = skipped
        self.diagnostics = diagnostics
        self.commit = commit
        self.branch = branch
        self.knowsTracking = knowsTracking
    }
}

/// The target cannot be listed at all (missing, not a directory, not a revision).
public struct SourceError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Lists a repository's files and reads their bytes. Implementations: a working directory
/// (git-aware), a git revision (history replay), and an in-memory map (tests, rule examples).
public protocol RepoSource: Sendable {
    /// A human name for the target (directory name, `repo@rev`).
    var displayName: String { get }
    /// Lists the files. Throws only when the target as a whole cannot be read.
    func list() throws(SourceError) -> SourceListing
    /// Reads one listed file's bytes; nil when it cannot be read now (reported by the caller).
    func read(_ file: ListedFile) -> [UInt8]?
}
