import OpsAuditArtifacts
import OpsAuditModel

/// Checks that backup jobs prune old backups by a retention policy.
struct BackupRetentionRule: Rule {
    static let id: RuleID = "BAK-003"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let jobs: [BackupJob]
        switch BackupPremise.jobs(repo, managedMeans: "") {
        case let .success(found): jobs = found
        case let .failure(why):
            let provider = repo.managedBackups
            return provider.isEmpty ? .notApplicable(why.reason)
                : .passed(provider.map { Evidence($0.message + " with the provider's retention", at: $0.location) })
        }
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        for job in jobs {
            if let prune = job.commands.first(where: BackupStep.isRetention) {
                evidence.append(Evidence("`\(prune.text)` enforces retention", at: prune.location))
            } else {
                findings.append(Finding(
                    "backups taken by `\(job.backup.text)` (\(job.task.origin)) are never pruned: storage grows without bound or someone deletes them by hand, and nobody knows how far back a restore can go",
                    at: job.backup.location))
            }
        }
        return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
    }
}
