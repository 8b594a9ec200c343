import OpsAuditArtifacts
import OpsAuditModel

/// Finds credentials that earlier commits held and the scanned snapshot no longer does: deleting
/// the line did not un-leak them.
struct NoSecretsInHistoryRule: Rule {
    static let id: RuleID = "SEC-012"

    func evaluate(_ repo: RepoModel) -> Outcome {
        guard let history = repo.secretHistory else {
            return .notApplicable("git history was not read (scan with `--history-depth N` or `all`)")
        }
        // Secrets still present are SEC-001's findings: reporting them twice would double the gap.
        let present = Set(repo.secretMatches.map(\.match.digest))
        let removed = history.secrets.filter { !present.contains($0.digest) }
        let findings = removed.map { secret in
            Finding(
                "\(secret.kind.title) `\(secret.redacted)` was committed in \(Self.short(secret.introducedIn)) and removed after \(Self.short(secret.lastSeenIn)): it is still in the history of every clone, so rotate it at its provider",
                at: secret.location,
                confidence: PathTraits.isDocumentationOrTest(secret.location.path) ? .low : .high,
                fingerprintKey: "\(secret.kind.rawValue) \(secret.redacted) \(secret.introducedIn)")
        }
        guard findings.isEmpty else { return .failed(findings) }
        let commits = history.commitsScanned
        return .passed(Evidence("no credential removed from the last \(commits) commit\(commits == 1 ? "" : "s") read"))
    }

    static func short(_ commit: String) -> String {
        commit.count == 40 && commit.allSatisfy(\.isHexDigit) ? "`\(commit.prefix(10))`" : "`\(commit)`"
    }
}
