import OpsAuditArtifacts
import OpsAuditModel

/// Checks with git's own ignore semantics that `.env` and `.env.*` files are ignored, so a real
/// env file is never committed by a `git add .`.
struct EnvFilesGitignoredRule: Rule {
    static let id: RuleID = "SEC-003"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let realEnvFiles = repo.envFiles.filter { !$0.isExample }
        guard !repo.envFiles.isEmpty || !repo.envReads.isEmpty else {
            return .notApplicable("no env files and no code reading environment variables")
        }
        let matcher = repo.gitignoreMatcher
        let gitignore = repo.ignoreFiles.first { $0.kind == .gitignore && $0.baseDirectory.isEmpty }
        let related = gitignore.map { [RelatedLocation(".gitignore", at: Location(path: $0.path, line: 1))] } ?? []
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        // Every real env file present, then the names a developer creates at the root.
        let present = realEnvFiles.map(\.path)
        var missing: [String] = []
        for path in present + [".env", ".env.local", ".env.production"].filter({ !present.contains($0) }) {
            if let rule = matcher.match(path, isDirectory: false), !rule.pattern.negated {
                evidence.append(Evidence("`\(path)` is ignored by `\(rule.pattern.text)`", at: rule.pattern.location))
            } else if present.contains(path) {
                findings.append(Finding(
                    "`\(path)` is not ignored by git: a `git add .` commits its real values; add `.env` and `.env.*` (with `!.env.example`) to `.gitignore`",
                    at: realEnvFiles.first { $0.path == path }?.entries.first?.key.location ?? Location(path: path, line: 1), related: related))
            } else {
                missing.append(path)
            }
        }
        if !missing.isEmpty {
            findings.append(Finding(
                "`.gitignore` does not ignore \(missing.map { "`\($0)`" }.joined(separator: ", ")): the first real env file a developer creates is one `git add .` away from being committed",
                at: nil, related: related))
        }
        return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
    }
}
