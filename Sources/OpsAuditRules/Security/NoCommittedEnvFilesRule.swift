import OpsAuditArtifacts
import OpsAuditModel

/// Finds real environment files in the repository: production ones always, others when they
/// hold secret-looking values. Example files are the documented alternative.
struct NoCommittedEnvFilesRule: Rule {
    static let id: RuleID = "SEC-002"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let byPath = Dictionary(uniqueKeysWithValues: repo.files.map { ($0.path, $0) })
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        for env in repo.envFiles {
            let file = byPath[env.path]
            if env.isExample {
                evidence.append(Evidence("`\(env.path)` documents the variables without real values", at: Location(path: env.path, line: 1)))
                continue
            }
            let state = file.map(repo.presence(of:)) ?? "is committed"
            let secret = env.entries.first(where: \.looksSecret)
            if Classifier.environmentHint(of: env.path) != .nonProduction {
                let place = secret?.key.location ?? env.entries.first?.key.location ?? Location(path: env.path, line: 1)
                findings.append(Finding(
                    "`\(env.path)` \(state): its values (\(env.entries.count) variable\(env.entries.count == 1 ? "" : "s")\(secret.map { ", including `\($0.key.value)`" } ?? "")) are readable by everyone with repository access and stay in history",
                    at: place, confidence: file?.isTracked == false && repo.knowsTracking ? .medium : .high))
            } else if let secret {
                findings.append(Finding(
                    "`\(env.path)` \(state) and holds a secret-looking value for `\(secret.key.value)`: rotate it and keep it out of git",
                    at: secret.key.location, confidence: .medium))
            } else {
                evidence.append(Evidence("`\(env.path)` holds no secret-looking values", at: Location(path: env.path, line: 1)))
            }
        }
        guard !findings.isEmpty || !evidence.isEmpty else { return .notApplicable("no env files in the repository") }
        return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
    }
}
