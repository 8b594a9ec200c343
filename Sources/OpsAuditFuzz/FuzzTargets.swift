import OpsAuditArtifacts

/// One fuzz target: a parser or scanner fed arbitrary bytes. Each must return normally on any
/// input; a crash, an abort from a C++ dependency (toml++) or a sanitizer report is a finding.
enum FuzzTarget: String, CaseIterable {
    case dockerfile, dotenv, ignore, yaml, toml, secrets, signals

    /// Runs the target once on `bytes`.
    func run(_ bytes: [UInt8]) {
        switch self {
        case .dockerfile:
            analyze("Dockerfile", .dockerfile, bytes)
        case .dotenv:
            analyze(".env.production", .envFile, bytes)
            analyze(".env.example", .envExample, bytes)
        case .ignore:
            guard case let .text(text, _) = TextFile.decode(path: ".gitignore", bytes: bytes) else { return }
            _ = IgnoreFile.parse(text, kind: .dockerignore)
            var matcher = IgnoreMatcher()
            matcher.add(patterns: text.text, baseDirectory: "sub", source: "sub/.gitignore")
            // The input's own lines double as paths, so patterns meet the paths they were built from.
            for line in text.text.split(separator: "\n", omittingEmptySubsequences: true).prefix(64) {
                let path = "sub/" + line
                _ = matcher.match(path, isDirectory: false)
                _ = matcher.isIgnored(path, isDirectory: true)
            }
            _ = matcher.isIgnored("sub/a/b/c.txt", isDirectory: false)
        case .yaml:
            guard case let .text(text, _) = TextFile.decode(path: "config.yml", bytes: bytes) else { return }
            _ = YAMLLoader.load(text)
            // The same bytes through the YAML formats' own parsers.
            analyze(".github/workflows/ci.yml", .githubWorkflow, bytes)
            analyze("render.yaml", .renderYAML, bytes)
            analyze("docker-compose.yml", .compose, bytes)
        case .toml:
            // fly.toml runs TOMLHeaderCheck, then TOMLKit (toml++), then the key locator.
            analyze("fly.toml", .flyToml, bytes)
            analyze("pyproject.toml", .pyproject, bytes)
        case .secrets:
            guard case let .text(text, _) = TextFile.decode(path: "config.js", bytes: bytes) else { return }
            _ = SecretScanner.scan(text)
        case .signals:
            guard case let .text(text, _) = TextFile.decode(path: "src/app", bytes: bytes) else { return }
            // The first byte picks the language, so one corpus covers every lexical syntax.
            let languages = SourceLanguage.allCases
            let language = languages[Int(bytes.first ?? 0) % languages.count]
            _ = SourceScanner.scan(text, language: language)
        }
    }

    private func analyze(_ path: String, _ kind: FileKind, _ bytes: [UInt8]) {
        _ = FileAnalyzer.analyze(RepoFile(path: path, kind: kind, size: bytes.count, isTracked: true), bytes: bytes)
    }
}
