import OpsAuditModel

/// Turns one file's bytes into a `FileAnalysis`: decode, dispatch to the parser for its kind,
/// and run the per-file scanners. Pure: same bytes, same analysis (which makes it cacheable by
/// blob id for history replay).
public enum FileAnalyzer {
    /// The parser for each kind. A kind without an entry is inventoried but not parsed.
    static func parser(for kind: FileKind) -> (@Sendable (TextFile) -> ParseResult)? {
        switch kind {
        case .dockerfile: DockerfileParser.parse
        case .envFile: { EnvFileParser.parse($0, isExample: false) }
        case .envExample: { EnvFileParser.parse($0, isExample: true) }
        case .packageJSON: JSONManifestParser.parsePackageJSON
        case .composerJSON: JSONManifestParser.parseComposerJSON
        case .requirementsTxt: RequirementsParser.parse
        case .pyproject: TOMLManifestParser.parsePyproject
        case .pipfile: TOMLManifestParser.parsePipfile
        case .cargoToml: TOMLManifestParser.parseCargoToml
        case .goMod: GoModParser.parse
        case .gemfile: GemfileParser.parse
        default: nil
        }
    }

    /// Analyses one file. Never throws; problems become diagnostics.
    public static func analyze(_ file: RepoFile, bytes: [UInt8]) -> FileAnalysis {
        switch TextFile.decode(path: file.path, bytes: bytes) {
        case .binary:
            var analysis = FileAnalysis(file: file)
            if file.kind.isOpsConfig || file.kind == .markdown {
                analysis.diagnostics.append(Diagnostic(
                    .skipped, "binary content in a file named like a \(file.kind.rawValue); not parsed",
                    at: Location(path: file.path, line: 1)))
            }
            return analysis
        case let .text(text, repaired):
            var analysis = FileAnalysis(file: file)
            if repaired {
                analysis.diagnostics.append(Diagnostic(
                    .parse, "invalid UTF-8 replaced with U+FFFD", at: Location(path: file.path, line: 1)))
            }
            if let parse = parser(for: file.kind) {
                let result = parse(text)
                analysis.artifacts = result.artifacts
                analysis.diagnostics += result.diagnostics
            }
            if file.kind.isOpsConfig || file.kind == .markdown { analysis.text = text }
            return analysis
        }
    }
}
