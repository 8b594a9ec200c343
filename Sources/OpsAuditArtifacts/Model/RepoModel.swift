import OpsAuditModel

/// Everything rules may read about a repository: its files by kind, the artifacts parsed from
/// them, and their diagnostics. Rules never read files; they query this.
///
/// Typed accessors (`dockerfiles`, `workflows`, …) live beside each artifact's model as
/// extensions, so adding a format never means editing this type.
public struct RepoModel: Sendable {
    /// Every file listed by the source and classified (sorted by path).
    public let files: [RepoFile]
    /// One analysis per file that was read (sorted by path).
    public let analyses: [FileAnalysis]
    private let artifactsByType: [ObjectIdentifier: [any Artifact]]
    private let textByPath: [String: TextFile]
    private let filesByKind: [FileKind: [RepoFile]]
    private let filesByPath: [String: RepoFile]
    /// Derived facts kept across queries; shared by copies of the model, whose files and
    /// analyses cannot change.
    let facts = DerivedFacts()

    public init(files: [RepoFile], analyses: [FileAnalysis]) {
        self.files = files.sorted()
        self.analyses = analyses.sorted { $0.file.path < $1.file.path }
        var byType: [ObjectIdentifier: [any Artifact]] = [:]
        var texts: [String: TextFile] = [:]
        for analysis in self.analyses {
            for artifact in analysis.artifacts {
                byType[ObjectIdentifier(type(of: artifact)), default: []].append(artifact)
            }
            if let text = analysis.text { texts[analysis.file.path] = text }
        }
        artifactsByType = byType
        textByPath = texts
        filesByKind = Dictionary(grouping: self.files, by: \.kind)
        filesByPath = Dictionary(self.files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// All artifacts of one type, in path order.
    public func artifacts<T: Artifact>(_ type: T.Type) -> [T] {
        facts.value(.artifacts(ObjectIdentifier(type))) {
            (artifactsByType[ObjectIdentifier(type)] ?? []).compactMap { $0 as? T }
        }
    }

    /// The listed file at `path`, if any.
    public func file(at path: String) -> RepoFile? { filesByPath[path] }

    /// Files of one kind, in path order (whether or not they were parsed).
    public func files(_ kind: FileKind) -> [RepoFile] { filesByKind[kind] ?? [] }

    /// The text of a configuration file, when it was read.
    public func text(of path: String) -> TextFile? { textByPath[path] }

    /// How a file is held by the repository, for messages: committed, about to be, or present.
    public func presence(of file: RepoFile) -> String {
        guard knowsTracking else { return "is in the scanned directory" }
        return file.isTracked ? "is committed" : "is not ignored by git and will be committed by the next `git add`"
    }

    /// True when the files were listed by git, so `RepoFile.isTracked` says what is committed.
    /// False for a plain directory: files are present, neither tracked nor untracked.
    public var knowsTracking = true

    /// Credentials found in earlier commits, when the scan read git history (`--history-depth`);
    /// nil otherwise, and rules that need it are then not applicable.
    public var secretHistory: SecretHistory?

    /// Problems met while listing and reading (skipped files, budgets), set by the engine.
    public var sourceDiagnostics: [Diagnostic] = []

    /// Every diagnostic raised while listing, reading and parsing.
    public var diagnostics: [Diagnostic] { sourceDiagnostics + analyses.flatMap(\.diagnostics) + helmTemplateNotes }
}
