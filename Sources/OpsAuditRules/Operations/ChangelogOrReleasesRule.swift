import OpsAuditArtifacts
import OpsAuditModel

/// Looks for a changelog or release automation.
struct ChangelogOrReleasesRule: Rule {
    static let id: RuleID = "OPS-007"

    func evaluate(_ repo: RepoModel) -> Outcome {
        var evidence = repo.docs(about: .changelog).map { doc, location in Evidence("changelog `\(doc.path)`", at: location) }
        evidence += repo.releaseProcessEvidence
        guard evidence.isEmpty else { return .passed(evidence) }
        return .failed(Finding(
            "no changelog and no release process: after a bad deploy nobody can tell quickly what changed",
            at: nil))
    }
}
