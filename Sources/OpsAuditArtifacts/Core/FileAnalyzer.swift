import OpsAuditModel

/// Turns one file's bytes into a `FileAnalysis`: decode, dispatch to the parser for its kind,
/// and run the per-file scanners. Pure: same bytes, same analysis (which makes it cacheable by
/// blob id for history replay).
public enum FileAnalyzer {
    /// The parser for each kind. A kind without an entry is inventoried but not parsed.
    /// Parsers receive the `RepoFile` too, for what the path classification already knows
    /// (a source file's language); most ignore it (`{ _, text in ... }`).
    static func parser(for kind: FileKind) -> (@Sendable (RepoFile, TextFile) -> ParseResult)? {
        switch kind {
        case .gitignore: { _, text in IgnoreFile.parse(text, kind: .gitignore) }
        case .dockerignore: { _, text in IgnoreFile.parse(text, kind: .dockerignore) }
        case .flyToml: { _, text in FlyConfigParser.parse(text) }
        case .dockerfile: { _, text in DockerfileParser.parse(text) }
        case .envFile: { _, text in EnvFileParser.parse(text, isExample: false) }
        case .envExample: { _, text in EnvFileParser.parse(text, isExample: true) }
        case .githubWorkflow: { _, text in WorkflowParser.parseWorkflow(text) }
        case .githubAction: { _, text in WorkflowParser.parseAction(text) }
        case .renderYAML: { _, text in RenderParser.parse(text) }
        case .gitlabCI: { _, text in GitLabParser.parse(text) }
        case .circleCI: { _, text in CircleCIParser.parse(text) }
        case .azurePipelines: { _, text in AzurePipelineParser.parse(text) }
        case .bitbucketPipelines: { _, text in BitbucketParser.parse(text) }
        case .jenkinsfile: { _, text in JenkinsfileParser.parse(text) }
        case .source: { file, text in
            var result = SourceScanner.scan(text, language: file.language)
            if file.language == .shell { result.artifacts += ShellScriptFile.parse(text).artifacts }
            return result
        }
        case .crontab: { _, text in CrontabParser.parse(text) }
        case .markdown: { _, text in MarkdownParser.parse(text) }
        case .codeowners: { _, text in CodeOwnersParser.parse(text) }
        case .pullRequestTemplate: { _, text in PullRequestTemplate.parse(text) }
        case .packageJSON: { _, text in JSONManifestParser.parsePackageJSON(text) }
        case .composerJSON: { _, text in JSONManifestParser.parseComposerJSON(text) }
        case .requirementsTxt: { _, text in RequirementsParser.parse(text) }
        case .pyproject: { _, text in TOMLManifestParser.parsePyproject(text) }
        case .pipfile: { _, text in TOMLManifestParser.parsePipfile(text) }
        case .cargoToml: { _, text in TOMLManifestParser.parseCargoToml(text) }
        case .goMod: { _, text in GoModParser.parse(text) }
        case .gemfile: { _, text in GemfileParser.parse(text) }
        case .yamlCandidate: { _, text in KubernetesParser.sniff(text) }
        case .kubernetes: { _, text in KubernetesParser.parse(text) }
        case .helmChart: { _, text in HelmParser.parseChart(text) }
        case .helmValues: { _, text in HelmParser.parseValues(text) }
        case .kustomization: { _, text in KustomizationParser.parse(text) }
        case .terraform: { _, text in TerraformScanner.parse(text) }
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
                let result = parse(file, text)
                analysis.artifacts = result.artifacts
                analysis.diagnostics += result.diagnostics
            }
            let secrets = SecretScanner.scan(text)
            if !secrets.isEmpty { analysis.artifacts.append(SecretScan(path: file.path, matches: secrets)) }
            if file.kind.isOpsConfig || file.kind == .markdown || !secrets.isEmpty { analysis.text = text }
            return analysis
        }
    }
}
