import OpsAuditModel

/// The build context a Dockerfile is presumably built with and the `.dockerignore` that filters it.
///
/// The context is chosen by whoever runs `docker build`, which the repository rarely says, so this
/// assumes: a `<Dockerfile>.dockerignore` beside the Dockerfile (BuildKit prefers it), else the
/// `.dockerignore` of the Dockerfile's directory, else of the nearest ancestor directory (the
/// common `docker build -f docker/Dockerfile .`); the directory holding that file is the context.
/// Without any, the context is the Dockerfile's directory.
public struct DockerBuildContext: Sendable {
    /// Repo-relative directory of the context ("" for the root).
    public var directory: String
    public var dockerignore: IgnoreFile?
    private let matcher: IgnoreMatcher

    public init(directory: String, dockerignore: IgnoreFile?) {
        self.directory = directory
        self.dockerignore = dockerignore
        var matcher = IgnoreMatcher()
        if let dockerignore { matcher.add(Self.anchored(dockerignore.patterns), baseDirectory: "") }
        self.matcher = matcher
    }

    /// True when `path` (relative to the context) is left out of the context. Docker's rules
    /// (moby/patternmatcher) differ from git's: every pattern is relative to the context root
    /// (`node_modules` does not match `app/node_modules`; `**/node_modules` does), a leading `/`
    /// or `./` and a trailing `/` are cleaned away, and the last matching pattern wins. Matching
    /// reuses the gitignore glob with every pattern anchored; the one remaining difference — Docker
    /// can re-include a file inside an excluded directory with `!`, git cannot — does not matter
    /// for the top-level paths asked about here.
    public func excludes(_ path: String, isDirectory: Bool = false) -> Bool {
        matcher.isIgnored(path, isDirectory: isDirectory)
    }

    /// The pattern that decides `path`: an exclusion, or a `!` pattern that deliberately keeps it
    /// (`!.git` for a build that reads its own history); nil when no pattern matches.
    public func decidingPattern(_ path: String, isDirectory: Bool = false) -> IgnorePattern? {
        matcher.match(path, isDirectory: isDirectory)?.pattern
    }

    /// The path relative to the context, or nil when it lies outside it.
    public func relative(_ repoPath: String) -> String? {
        guard !directory.isEmpty else { return repoPath }
        guard repoPath.hasPrefix(directory + "/") else { return nil }
        return String(repoPath.dropFirst(directory.count + 1))
    }

    static func anchored(_ patterns: [IgnorePattern]) -> [IgnorePattern] {
        patterns.compactMap { pattern in
            var body = Substring(pattern.negated ? String(pattern.text.dropFirst()) : pattern.text)
            body = body.drop { $0 == " " || $0 == "\t" }
            while body.hasPrefix("./") { body = body.dropFirst(2) }
            while body.hasPrefix("/") { body = body.dropFirst() }
            while body.hasSuffix("/") { body = body.dropLast() }
            guard !body.isEmpty, body != "." else { return nil }
            return IgnorePattern(text: (pattern.negated ? "!/" : "/") + body, location: pattern.location,
                                 negated: pattern.negated, directoryOnly: false)
        }
    }
}

extension RepoModel {
    /// The build context assumed for `dockerfile` (see `DockerBuildContext`).
    public func buildContext(for dockerfile: Dockerfile) -> DockerBuildContext {
        let ignores = ignoreFiles.filter { $0.kind == .dockerignore }
        if let specific = ignores.first(where: { $0.path == dockerfile.path + ".dockerignore" }) {
            return DockerBuildContext(directory: dockerfile.directory, dockerignore: specific)
        }
        var directory = dockerfile.directory
        while true {
            let candidate = directory.isEmpty ? ".dockerignore" : directory + "/.dockerignore"
            if let file = ignores.first(where: { $0.path == candidate }) {
                return DockerBuildContext(directory: directory, dockerignore: file)
            }
            guard !directory.isEmpty else { break }
            directory = directory.lastIndex(of: "/").map { String(directory[..<$0]) } ?? ""
        }
        return DockerBuildContext(directory: dockerfile.directory, dockerignore: nil)
    }
}
