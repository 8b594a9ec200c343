import OpsAuditArtifacts
import OpsAuditModel

/// Checks that backup jobs verify the artefact they produce.
struct BackupIntegrityVerifiedRule: Rule {
    static let id: RuleID = "BAK-007"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let jobs: [BackupJob]
        switch BackupPremise.jobs(repo, managedMeans: "backups are taken and verified by the provider") {
        case let .success(found): jobs = found
        case let .failure(why): return .notApplicable(why.reason)
        }
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        for job in jobs {
            if let check = job.commands.first(where: BackupStep.isIntegrityCheck) {
                evidence.append(Evidence("`\(check.text)` verifies the backup", at: check.location))
            } else {
                findings.append(Finding(
                    "the backup from `\(job.backup.text)` is never verified (archive test, checksum, `pg_restore --list`), so a truncated or corrupt dump looks like a good one",
                    at: job.backup.location))
            }
        }
        return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
    }
}
