import OpsAuditArtifacts
import OpsAuditModel

/// Checks that a repository using a database backs it up on a schedule (or continuously, or
/// through a managed plan with backups); names a backup script that nothing schedules.
struct BackupsScheduledRule: Rule {
    static let id: RuleID = "BAK-001"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let databases = repo.databaseEvidence
        guard let firstDatabase = databases.first else { return .notApplicable("no database in use") }
        var evidence = repo.backupJobs.map { job in
            Evidence("\(job.task.origin) runs `\(job.backup.text)` on `\(job.task.schedule.value)`", at: job.backup.location)
        }
        evidence += repo.continuousBackups + repo.managedBackups
        guard evidence.isEmpty else { return .passed(evidence) }
        let related = databases.prefix(3).compactMap { item in item.location.map { RelatedLocation(item.message, at: $0) } }
        let unscheduled = repo.shellScripts.flatMap(\.commands).filter { $0.purposes.contains(.backup) }
        if !unscheduled.isEmpty {
            return .failed(unscheduled.map { command in
                Finding("`\(command.text)` in `\(command.location.path)` backs up the database but nothing schedules it, so backups happen only when someone remembers",
                        at: command.location, related: related)
            })
        }
        return .failed(Finding(
            "the application uses a database (\(firstDatabase.message)) but no scheduled backup, continuous replication or managed plan with backups was found: one bad migration or lost volume loses the data for good",
            at: nil, related: related))
    }
}
