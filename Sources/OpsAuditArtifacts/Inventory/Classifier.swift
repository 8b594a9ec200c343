/// Classifies repository paths into `FileKind`s by name and location, reading no content.
///
/// The whole listing is classified at once because a few kinds depend on siblings: a Helm
/// chart's `values.yaml` and `templates/` are recognised from the `Chart.yaml` beside them.
public enum Classifier {
    /// Directories whose content is third-party or tool state: never read.
    static let ignoredDirectories: Set<Substring> = [
        ".git", "node_modules", "bower_components", "jspm_packages", ".venv", "venv", "__pycache__",
        ".terraform", ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".gradle", ".idea",
        ".pnpm-store", ".yarn", ".bundle", ".cache", ".parcel-cache", ".turbo", ".svelte-kit", "Pods",
        ".build", "DerivedData", ".dart_tool", "site-packages", "vendor",
        // Our own run history (`scan --record`).
        ".opsaudit",
    ]

    /// Build output: configuration files there are still read, source files are not.
    static let generatedDirectories: Set<Substring> = [
        "dist", "build", "out", ".next", ".nuxt", ".output", "coverage", "target", "bin", "obj",
        "public", "static", "generated", "__generated__", "third_party", "third-party", "external",
    ]

    /// Extensions never worth opening (binary assets, archives, media, fonts…).
    static let binaryExtensions: Set<Substring> = [
        "png", "jpg", "jpeg", "gif", "ico", "webp", "bmp", "tiff", "svg", "psd", "pdf", "zip", "gz", "tgz",
        "bz2", "xz", "7z", "rar", "tar", "jar", "war", "ear", "class", "so", "dylib", "dll", "exe", "o", "a",
        "lib", "bin", "dat", "woff", "woff2", "ttf", "otf", "eot", "mp3", "mp4", "mov", "avi", "wav", "ogg",
        "webm", "flac", "wasm", "pyc", "pyo", "db", "sqlite", "sqlite3", "lockb", "map", "snap", "ipynb",
        "parquet", "avro", "onnx", "pt", "pkl", "npy", "h5", "keystore", "jks", "p12", "pfx", "der",
    ]

    /// Classifies every path; nil entries are files that are never read.
    public static func classify(paths: [String]) -> [String: (FileKind, SourceLanguage?)] {
        var chartDirectories = Set<Substring>()
        for path in paths where path.hasSuffix("Chart.yaml") || path.hasSuffix("Chart.yml") {
            let (dir, name) = split(path)
            if name == "Chart.yaml" || name == "Chart.yml" { chartDirectories.insert(dir) }
        }
        var result: [String: (FileKind, SourceLanguage?)] = [:]
        result.reserveCapacity(paths.count)
        for path in paths {
            if let kind = classify(path: path, chartDirectories: chartDirectories) { result[path] = kind }
        }
        return result
    }

    /// Classifies one path (`chartDirectories` are directories that hold a `Chart.yaml`).
    public static func classify(path: String, chartDirectories: Set<Substring> = []) -> (FileKind, SourceLanguage?)? {
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        guard let name = components.last else { return nil }
        let directories = components.dropLast()
        if directories.contains(where: { ignoredDirectories.contains($0) }) { return nil }
        let lower = name.lowercased()
        let ext = name.lastIndex(of: ".").map { name[name.index(after: $0)...].lowercased() } ?? ""
        let dir = directories.joined(separator: "/")
        let dirLower = dir.lowercased()

        // Helm charts first: templates are not YAML.
        for chart in chartDirectories {
            let prefix = chart.isEmpty ? "" : chart + "/"
            guard path.hasPrefix(prefix) else { continue }
            let rest = path.dropFirst(prefix.count)
            if rest == "Chart.yaml" || rest == "Chart.yml" { return (.helmChart, nil) }
            if rest.hasPrefix("templates/") { return (.helmTemplate, nil) }
            if !rest.contains("/"), rest.hasPrefix("values"), rest.hasSuffix(".yaml") || rest.hasSuffix(".yml") {
                return (.helmValues, nil)
            }
        }

        if let kind = classifyByName(name: name, lower: lower, ext: ext, dir: dirLower, directories: directories) {
            return (kind, nil)
        }
        if binaryExtensions.contains(Substring(ext)) { return nil }
        if let language = sourceLanguage(lower: lower, ext: ext) {
            let generated = directories.contains { generatedDirectories.contains($0) }
            if generated || lower.hasSuffix(".min.js") || lower.hasSuffix(".d.ts") || lower.hasSuffix(".bundle.js") {
                return (.other, nil)
            }
            return (.source, language)
        }
        if ext == "yml" || ext == "yaml" { return (.yamlCandidate, nil) }
        return (.other, nil)
    }

    // swiftlint:disable:next cyclomatic_complexity
    private static func classifyByName(
        name: Substring, lower: String, ext: String, dir: String, directories: ArraySlice<Substring>
    ) -> FileKind? {
        let isYAML = ext == "yml" || ext == "yaml"
        // Containers
        if lower.hasSuffix(".dockerignore") { return .dockerignore }
        // `Dockerfile.swift`, `Procfile.ts`, `Jenkinsfile.md`: code or docs about the format, not the format.
        let namedLikeCode = sourceLanguage(lower: lower, ext: ext) != nil || ["md", "markdown", "txt", "json"].contains(ext)
        if namedLikeCode, ["dockerfile.", "containerfile.", "procfile.", "jenkinsfile."].contains(where: { lower.hasPrefix($0) }) {
            return ["md", "markdown"].contains(ext) ? .markdown : nil
        }
        if lower == "dockerfile" || lower.hasPrefix("dockerfile.") || lower.hasSuffix(".dockerfile")
            || lower == "containerfile" || lower.hasPrefix("containerfile.") {
            return .dockerfile
        }
        if lower == ".dockerignore" || lower.hasSuffix(".dockerignore") { return .dockerignore }
        // CI
        if dir == ".github/workflows", isYAML { return .githubWorkflow }
        if lower == "action.yml" || lower == "action.yaml" { return .githubAction }
        if (dir == ".github" || dir.isEmpty), lower == "dependabot.yml" || lower == "dependabot.yaml" { return .dependabot }
        if ["renovate.json", "renovate.json5", ".renovaterc", ".renovaterc.json", ".renovaterc.json5"].contains(lower),
           dir.isEmpty || dir == ".github" || dir == ".gitlab" {
            return .renovate
        }
        if lower == ".gitlab-ci.yml" || lower == ".gitlab-ci.yaml" || (lower.hasSuffix(".gitlab-ci.yml")) { return .gitlabCI }
        if (dir == ".gitlab" || dir.hasPrefix(".gitlab/ci")) && isYAML && lower != "renovate.json" { return .gitlabCI }
        if dir == ".circleci", lower == "config.yml" || lower == "config.yaml" { return .circleCI }
        if lower == "azure-pipelines.yml" || lower == "azure-pipelines.yaml"
            || ((dir == ".azure-pipelines" || dir == "azure-pipelines" || dir == ".azuredevops") && isYAML) {
            return .azurePipelines
        }
        if lower == "bitbucket-pipelines.yml" { return .bitbucketPipelines }
        if lower == "jenkinsfile" || lower.hasPrefix("jenkinsfile.") || lower.hasSuffix(".jenkinsfile") { return .jenkinsfile }
        // Deploy platforms
        if isYAML, lower.hasPrefix("docker-compose") || lower.hasPrefix("compose.") || lower.hasPrefix("compose-")
            || lower == "compose.yml" || lower == "compose.yaml" {
            return .compose
        }
        if lower == "fly.toml" || (lower.hasPrefix("fly.") && ext == "toml") || (lower.hasPrefix("fly-") && ext == "toml") {
            return .flyToml
        }
        if lower == "render.yaml" || lower == "render.yml" || (lower.hasPrefix("render.") && isYAML) { return .renderYAML }
        if lower == "railway.toml" || lower == "railway.json" { return .railway }
        if lower == "vercel.json" { return .vercel }
        if lower == "netlify.toml" { return .netlify }
        if lower == "procfile" || lower.hasPrefix("procfile.") { return .procfile }
        if lower == "app.json", !directories.contains(where: { $0 == "src" || $0 == "config" }) { return .herokuAppJSON }
        if lower == "heroku.yml" || lower == "heroku.yaml" { return .herokuYAML }
        if lower == "nixpacks.toml" { return .nixpacks }
        if lower == "kustomization.yaml" || lower == "kustomization.yml" { return .kustomization }
        if ext == "tf" { return .terraform }
        if ext == "tfvars" || lower.hasSuffix(".tfvars.json") { return .terraformVars }
        if ext == "tfstate" || lower.hasSuffix(".tfstate.backup") { return .terraformState }
        if lower == "litestream.yml" || lower == "litestream.yaml" { return .litestream }
        if lower == "crontab" || lower == "crontab.txt" || ext == "crontab" || ext == "cron"
            || dir.hasSuffix("cron.d") {
            return .crontab
        }
        // Environment files
        if isEnvFileName(lower) { return isEnvExampleName(lower) ? .envExample : .envFile }
        // Manifests
        switch lower {
        case "package.json": return .packageJSON
        case "pyproject.toml": return .pyproject
        case "pipfile": return .pipfile
        case "go.mod": return .goMod
        case "gemfile", "gems.rb": return .gemfile
        case "cargo.toml": return .cargoToml
        case "composer.json": return .composerJSON
        case "pom.xml": return .pomXML
        case "build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts": return .gradle
        case "mix.exs": return .mixExs
        case "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lock", "bun.lockb",
             "poetry.lock", "pipfile.lock", "uv.lock", "pdm.lock", "go.sum", "gemfile.lock", "gems.locked",
             "cargo.lock", "composer.lock", "mix.lock", "gradle.lockfile", "packages.lock.json", "deno.lock":
            return .lockfile
        default: break
        }
        if ext == "csproj" || ext == "fsproj" || ext == "vbproj" { return .csproj }
        if ext == "txt", lower.hasPrefix("requirements") || directories.last == "requirements" { return .requirementsTxt }
        // Hygiene and docs
        if lower == ".gitignore" { return .gitignore }
        if lower == "codeowners", dir.isEmpty || dir == ".github" || dir == "docs" || dir == ".gitlab" { return .codeowners }
        if lower.hasPrefix("pull_request_template") || dir.hasSuffix("pull_request_template")
            || dir.hasSuffix("merge_request_templates") {
            return .pullRequestTemplate
        }
        if ["md", "markdown", "mdx", "rst", "adoc", "asciidoc"].contains(ext) { return .markdown }
        return nil
    }

    /// `.env`, `.env.production`, `prod.env`, `.env.example`… but not `.envrc` or `env.ts`.
    public static func isEnvFileName(_ lower: String) -> Bool {
        if lower == ".env" || lower.hasPrefix(".env.") { return !lower.hasSuffix(".js") && !lower.hasSuffix(".ts") && !lower.hasSuffix(".py") }
        if lower.hasSuffix(".env") { return true }
        if lower == "env.example" || lower == "env.sample" || lower == "env.template" || lower == "example.env" { return true }
        return false
    }

    /// Env files that are templates: example, sample, template, tpl, dist, defaults.
    public static func isEnvExampleName(_ lower: String) -> Bool {
        ["example", "sample", "template", "tpl", "dist", "defaults", "default", "schema", "skeleton"].contains {
            lower.contains($0)
        }
    }

    static func sourceLanguage(lower: String, ext: String) -> SourceLanguage? {
        switch ext {
        case "js", "mjs", "cjs", "jsx": .javascript
        case "ts", "mts", "cts", "tsx": .typescript
        case "py": .python
        case "go": .go
        case "rb", "rake": .ruby
        case "java": .java
        case "kt", "kts": .kotlin
        case "cs": .csharp
        case "php": .php
        case "ex", "exs": .elixir
        case "rs": .rust
        case "swift": .swift
        case "sh", "bash", "zsh": .shell
        default: lower == "rakefile" || lower == "config.ru" ? .ruby : nil
        }
    }

    private static func split(_ path: String) -> (Substring, Substring) {
        guard let slash = path.lastIndex(of: "/") else { return ("", Substring(path)) }
        return (path[..<slash], path[path.index(after: slash)...])
    }
}

extension Classifier {
    /// Words in a path that mark a production configuration.
    static let productionWords: Set<String> = ["prod", "production", "live", "prd"]
    /// Words that mark a non-production one.
    static let nonProductionWords: Set<String> = [
        "dev", "development", "local", "test", "tests", "testing", "example", "examples", "sample", "samples",
        "staging", "stage", "ci", "preview", "demo", "demos", "qa", "e2e", "debug", "template", "templates",
        "fixtures", "devcontainer", "codesandbox", "gitpod",
    ]

    /// What the path says about the environment: production, non-production, or nothing.
    public static func environmentHint(of path: String) -> EnvironmentHint {
        var words: [String] = []
        var current = ""
        for scalar in path.lowercased().unicodeScalars {
            if CharacterSetASCII.isAlphanumeric(scalar) { current.unicodeScalars.append(scalar) } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        if words.contains(where: nonProductionWords.contains) { return .nonProduction }
        if words.contains(where: productionWords.contains) { return .production }
        return .unspecified
    }
}

/// What a file's path says about the environment it configures.
public enum EnvironmentHint: String, Codable, Sendable {
    case production, nonProduction = "non-production", unspecified
}

enum CharacterSetASCII {
    static func isAlphanumeric(_ s: Unicode.Scalar) -> Bool {
        (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9")
    }
}
