import OpsAuditArtifacts
import OpsAuditModel

/// Checks that a Dockerfile copying its whole build context has a `.dockerignore` that leaves
/// out `.git`, `.env` files and, beside a package.json, `node_modules`.
struct DockerignorePresentRule: Rule {
    static let id: RuleID = "CTR-005"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let dockerfiles = repo.productionDockerfiles
        guard !dockerfiles.isEmpty else {
            return .notApplicable(repo.dockerfiles.isEmpty ? "no Dockerfile" : "only development Dockerfiles")
        }
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        for dockerfile in dockerfiles {
            let context = repo.buildContext(for: dockerfile)
            let copies = dockerfile.instructions.filter { !$0.onbuild && $0.wholeContextSource != nil }
            guard let copy = copies.first else {
                evidence.append(Evidence("`\(dockerfile.path)` copies only named paths from its build context",
                                         at: dockerfile.stages.first?.location))
                continue
            }
            let shown = "`\(copy.keyword) \(copy.arguments)`"
            let required = Self.required(repo, context)
            guard let ignore = context.dockerignore else {
                let names = required.isEmpty ? "local files such as `.env`" : required.map { "`\($0.path)`" }.joined(separator: ", ")
                findings.append(Finding(
                    "\(shown) copies the whole build context and no `.dockerignore` filters it, so \(names) can end up in the image",
                    at: copy.location))
                continue
            }
            // A `!` pattern naming the path is a decision (vaultwarden's `!.git` feeds its version stamp), not an oversight.
            let missing = required.filter { context.decidingPattern($0.path, isDirectory: $0.isDirectory) == nil }
            let ignoreLocation = ignore.patterns.first?.location ?? Location(path: ignore.path, line: 1)
            if missing.isEmpty {
                let names = required.isEmpty ? "" : " (\(required.map { "`\($0.path)`" }.joined(separator: ", ")) excluded)"
                evidence.append(Evidence("`\(ignore.path)` filters the build context of `\(dockerfile.path)`\(names)",
                                         at: ignoreLocation))
            } else {
                let names = missing.map { "`\($0.path)`" }.joined(separator: ", ")
                findings.append(Finding(
                    "\(shown) copies the whole build context but `\(ignore.path)` does not exclude \(names), so \(missing.count == 1 ? "it ends" : "they end") up in the image",
                    at: copy.location, related: [RelatedLocation("ignore file", at: ignoreLocation)]))
            }
        }
        return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
    }

    /// Context-relative paths that must stay out: `.git` when the context is the repository root
    /// (elsewhere there is none), `.env` when the repository shows dotenv use (env files, or a
    /// `.gitignore` that ignores `.env`, which means developers keep one), every committed env file
    /// in the context, and `node_modules` beside every package.json.
    static func required(_ repo: RepoModel, _ context: DockerBuildContext) -> [(path: String, isDirectory: Bool)] {
        var result: [(path: String, isDirectory: Bool)] = []
        if context.directory.isEmpty { result.append((".git", true)) }
        let localEnv = context.directory.isEmpty ? ".env" : context.directory + "/.env"
        let usesDotenv = !repo.files(.envFile).isEmpty || !repo.files(.envExample).isEmpty || repo.gitignoreCovers(localEnv) != nil
        if usesDotenv { result.append((".env", false)) }
        for file in repo.files(.envFile) {
            if let relative = context.relative(file.path), relative != ".env" { result.append((relative, false)) }
        }
        for file in repo.files(.packageJSON) {
            guard let relative = context.relative(file.path) else { continue }
            let directory = relative.lastIndex(of: "/").map { String(relative[..<$0]) + "/" } ?? ""
            result.append((directory + "node_modules", true))
        }
        return result
    }
}
