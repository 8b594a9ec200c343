import OpsAuditArtifacts
import OpsAuditModel

/// Looks for a restore test: scheduled counts fully, a script or manual CI job half.
struct RestoreTestedRule: Rule {
    static let id: RuleID = "BAK-004"

    func evaluate(_ repo: RepoModel) -> Outcome {
        guard !repo.databaseEvidence.isEmpty else { return .notApplicable("no database in use") }
        guard !repo.backupJobs.isEmpty || !repo.managedBackups.isEmpty || !repo.continuousBackups.isEmpty else {
            return .notApplicable("no backup to restore (BAK-001 reports it)")
        }
        let scheduled = repo.scheduledTasks.flatMap { task in task.commands.flatMap { [$0] + repo.scriptCommands(invokedBy: $0) } }
        if let restore = scheduled.first(where: BackupStep.isRestore) {
            return .passed(Evidence("restore runs on a schedule: `\(restore.text)`", at: restore.location))
        }
        let scripted = (repo.shellScripts.flatMap(\.commands) + repo.ciCommands.map(\.command)).first(where: BackupStep.isRestore)
        if let restore = scripted {
            return .failed([Finding(
                "the restore `\(restore.text)` is scripted but nothing runs it regularly, so a broken backup is discovered during the incident",
                at: restore.location)], credit: 0.5, evidence: [Evidence("restore scripted: `\(restore.text)`", at: restore.location)])
        }
        return .failed(Finding(
            "no restore test: backups that were never restored are hopes, not backups — corrupt or incomplete dumps are found during the incident",
            at: nil))
    }
}
