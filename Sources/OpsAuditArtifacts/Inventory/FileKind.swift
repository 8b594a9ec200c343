/// What a repository file is, decided from its path alone (a few kinds need a content sniff,
/// see `FileKind.yamlCandidate`).
public enum FileKind: String, Codable, Sendable, CaseIterable, Comparable {
    // Containers
    case dockerfile, dockerignore
    // CI
    case githubWorkflow = "github-workflow", githubAction = "github-action"
    case gitlabCI = "gitlab-ci", circleCI = "circleci", azurePipelines = "azure-pipelines"
    case bitbucketPipelines = "bitbucket-pipelines", jenkinsfile
    case dependabot, renovate
    // Deploy platforms
    case compose, flyToml = "fly-toml", renderYAML = "render-yaml", railway, vercel, netlify
    case procfile, herokuAppJSON = "heroku-app-json", herokuYAML = "heroku-yml", nixpacks
    case kubernetes, helmChart = "helm-chart", helmValues = "helm-values", helmTemplate = "helm-template"
    case kustomization
    case terraform, terraformVars = "terraform-vars", terraformState = "terraform-state"
    case litestream, crontab
    // Configuration
    case envFile = "env-file", envExample = "env-example"
    // Package manifests and lockfiles
    case packageJSON = "package-json", requirementsTxt = "requirements-txt", pyproject, pipfile
    case goMod = "go-mod", gemfile, cargoToml = "cargo-toml", composerJSON = "composer-json"
    case pomXML = "pom-xml", csproj, gradle, mixExs = "mix-exs", lockfile
    // Repository hygiene and docs
    case gitignore, codeowners, pullRequestTemplate = "pr-template", markdown
    // Source code (code signals and secrets)
    case source
    /// A `.yml`/`.yaml` file not otherwise classified: a Kubernetes manifest if its content says so.
    case yamlCandidate = "yaml"
    /// Any other text file: read only for secrets.
    case other

    private var rank: Int { FileKind.allCases.firstIndex(of: self)! }
    public static func < (a: FileKind, b: FileKind) -> Bool { a.rank < b.rank }

    /// Kinds that describe how software is built, tested, deployed and operated.
    public var isOpsConfig: Bool {
        switch self {
        case .source, .other, .markdown, .yamlCandidate, .lockfile: false
        default: true
        }
    }
}

/// Programming languages the signal scanner understands.
public enum SourceLanguage: String, Codable, Sendable, CaseIterable {
    case javascript, typescript, python, go, ruby, java, kotlin, csharp, php, elixir, rust, swift, shell
}

/// One file of the repository as listed by a `RepoSource`, with its classification.
public struct RepoFile: Hashable, Codable, Sendable, Comparable {
    public var path: String
    public var kind: FileKind
    public var size: Int
    /// True when git tracks the file; false for untracked-not-ignored files or outside git.
    public var isTracked: Bool
    /// Source language for `.source` files.
    public var language: SourceLanguage?

    public init(path: String, kind: FileKind, size: Int, isTracked: Bool, language: SourceLanguage? = nil) {
        self.path = path
        self.kind = kind
        self.size = size
        self.isTracked = isTracked
        self.language = language
    }

    public static func < (a: RepoFile, b: RepoFile) -> Bool { a.path < b.path }

    public var name: Substring { path.split(separator: "/").last ?? Substring(path) }
    public var directory: String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }
}
