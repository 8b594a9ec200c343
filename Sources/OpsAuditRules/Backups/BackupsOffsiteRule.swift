import OpsAuditArtifacts
import OpsAuditModel

/// Checks that each backup job copies its backup off the host.
struct BackupsOffsiteRule: Rule {
    static let id: RuleID = "BAK-002"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let jobs: [BackupJob]
        switch BackupPremise.jobs(repo, managedMeans: "") {
        case let .success(found): jobs = found
        case let .failure(why):
            let provider = repo.managedBackups + repo.continuousBackups
            return provider.isEmpty ? .notApplicable(why.reason) : .passed(provider)
        }
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        for job in jobs {
            if let copy = job.commands.first(where: BackupStep.isOffsiteCopy) {
                evidence.append(Evidence("`\(copy.text)` copies the backup off the host", at: copy.location))
            } else {
                findings.append(Finding(
                    "the backup taken by `\(job.backup.text)` (\(job.task.origin)) is never copied off the host, so the incident that loses the database can lose the backup with it",
                    at: job.backup.location))
            }
        }
        return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
    }
}
