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
            guard let ignore = context.dockerignore else {
                findings.append(Finding(
                    "\(shown) copies the whole build context and no `.dockerignore` filters it, so `.git`, local `.env` files and `node_modules` can end up in the image",
                    at: copy.location))
                continue
            }
            let missing = Self.required(repo, context).filter { !context.excludes($0.path, isDirectory: $0.isDirectory) }
            let ignoreLocation = ignore.patterns.first?.location ?? Location(path: ignore.path, line: 1)
            if missing.isEmpty {
                evidence.append(Evidence("`\(ignore.path)` keeps `.git`, `.env` files and dependencies out of the context of `\(dockerfile.path)`",
                                         at: ignoreLocation))
            } else {
                let names = missing.map { "`\($0.path)`" }.joined(separator: ", ")
                findings.append(Finding(
                    "\(shown) copies the whole build context but `\(ignore.path)` does not exclude \(names), so they end up in the image",
                    at: copy.location, related: [RelatedLocation("ignore file", at: ignoreLocation)]))
            }
        }
        return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
    }

    /// Context-relative paths that must stay out: `.git`, `.env` and every committed env file in
    /// the context, and `node_modules` beside every package.json.
    static func required(_ repo: RepoModel, _ context: DockerBuildContext) -> [(path: String, isDirectory: Bool)] {
        var result: [(path: String, isDirectory: Bool)] = [(".git", true), (".env", false)]
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
