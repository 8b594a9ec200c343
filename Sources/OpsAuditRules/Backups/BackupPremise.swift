import OpsAuditArtifacts
import OpsAuditModel

/// The shared premise of the rules about a backup's properties (BAK-002…005, BAK-007): they
/// apply only when a database is backed up by the repository's own jobs. When BAK-001 fails the
/// gap is reported once, there, not six times (ARCHITECTURE.md, "Backups").
enum BackupPremise {
    /// The backup jobs to judge, or the reason the rule does not apply.
    static func jobs(_ repo: RepoModel, managedMeans: String) -> Result<[BackupJob], BackupNotApplicable> {
        guard !repo.databaseEvidence.isEmpty else { return .failure(BackupNotApplicable("no database in use")) }
        let jobs = repo.backupJobs
        if !jobs.isEmpty { return .success(jobs) }
        if !repo.continuousBackups.isEmpty || !repo.managedBackups.isEmpty {
            return .failure(BackupNotApplicable(managedMeans))
        }
        return .failure(BackupNotApplicable("no scheduled backup to check (BAK-001 reports it)"))
    }
}

/// Why a backup-property rule does not apply.
struct BackupNotApplicable: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
