import OpsAuditArtifacts
import OpsAuditModel

/// Looks for a disaster recovery document that states recovery targets (RTO/RPO).
struct DRPlanDocumentedRule: Rule {
    static let id: RuleID = "BAK-006"

    static let targetTerms = ["RTO", "RPO", "recovery time objective", "recovery point objective"]

    func evaluate(_ repo: RepoModel) -> Outcome {
        guard !repo.databaseEvidence.isEmpty else { return .notApplicable("no database in use") }
        let plans = repo.docs(about: .disasterRecovery)
        for (doc, _) in plans {
            if let targets = doc.firstLine(containingAnyOf: Self.targetTerms) {
                return .passed(Evidence("disaster recovery plan `\(doc.path)` states recovery targets", at: targets))
            }
        }
        if let (doc, location) = plans.first {
            return .failed([Finding(
                "`\(doc.path)` describes recovery but sets no RTO/RPO targets, so nobody can tell whether backups are frequent enough or a restore fast enough",
                at: location)], credit: 0.5)
        }
        return .failed(Finding(
            "no disaster recovery document: when the database or region is lost, the restore is improvised and its duration and data loss unknown",
            at: nil))
    }
}
