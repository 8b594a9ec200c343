/// A repository held in memory: rule examples, tests and fuzzing use it.
public struct InMemorySource: RepoSource {
    public let displayName: String
    private let files: [String: [UInt8]]
    private let untracked: Set<String>

    /// `files` maps repo-relative paths to contents; paths in `untracked` are reported untracked.
    public init(name: String = "example", files: [String: [UInt8]], untracked: Set<String> = []) {
        self.displayName = name
        self.files = files
        self.untracked = untracked
    }

    public init(name: String = "example", texts: [String: String], untracked: Set<String> = []) {
        self.init(name: name, files: texts.mapValues { Array($0.utf8) }, untracked: untracked)
    }

    public func list() throws(SourceError) -> SourceListing {
        SourceListing(files: files.keys.sorted().map { path in
            ListedFile(path: path, size: files[path]?.count ?? 0, isTracked: !untracked.contains(path))
        })
    }

    public func read(_ file: ListedFile) -> [UInt8]? { files[file.path] }
}
