import OpsAuditArtifacts
import OpsAuditModel

/// Finds managed databases on plans that keep no automated backups.
struct ManagedDBPlanHasBackupsRule: Rule {
    static let id: RuleID = "BAK-008"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let without = repo.managedDatabasesWithoutBackups
        let with = repo.managedBackups
        guard !without.isEmpty || !with.isEmpty else { return .notApplicable("no managed database declared") }
        guard !without.isEmpty else { return .passed(with) }
        return .failed(without.map { name, plan in
            Finding("managed database `\(name)` is on plan `\(plan.value)`, which keeps no automated backups (and free Render databases expire): its data has no copy anywhere",
                    at: plan.location)
        }, evidence: with)
    }
}
