import OpsAuditModel

/// A typed model of one parsed file (or of one document inside it). Every citable value in
/// an artifact carries its `Location`.
public protocol Artifact: Sendable {
    /// The repository path the artifact was read from.
    var path: String { get }
}

/// What parsing one file produced: zero or more artifacts and the problems met on the way.
/// Parsers never throw: malformed input becomes diagnostics and whatever could be salvaged.
public struct ParseResult: Sendable {
    public var artifacts: [any Artifact]
    public var diagnostics: [Diagnostic]

    public init(_ artifacts: [any Artifact] = [], diagnostics: [Diagnostic] = []) {
        self.artifacts = artifacts
        self.diagnostics = diagnostics
    }

    public init(_ artifact: any Artifact, diagnostics: [Diagnostic] = []) {
        self.init([artifact], diagnostics: diagnostics)
    }
}

/// Everything learnt from one file in one read: artifacts, diagnostics, and the text kept for
/// snippets (configuration files only; source files keep their signals instead).
public struct FileAnalysis: Sendable {
    public var file: RepoFile
    public var artifacts: [any Artifact]
    public var diagnostics: [Diagnostic]
    /// Kept for configuration kinds, so findings can quote their lines.
    public var text: TextFile?

    public init(file: RepoFile, artifacts: [any Artifact] = [], diagnostics: [Diagnostic] = [], text: TextFile? = nil) {
        self.file = file
        self.artifacts = artifacts
        self.diagnostics = diagnostics
        self.text = text
    }
}
