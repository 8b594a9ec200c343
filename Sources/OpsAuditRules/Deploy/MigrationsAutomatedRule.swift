import OpsAuditArtifacts
import OpsAuditModel

/// Checks that schema migrations run as part of each deploy when a migration tool is in use.
struct MigrationsAutomatedRule: Rule {
    static let id: RuleID = "DEP-009"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let tools = repo.migrationTools
        guard let tool = tools.first else { return .notApplicable("no schema-migration tool in use") }
        let automated = repo.automatedMigrations
        guard automated.isEmpty else { return .passed(automated) }
        return .failed([Finding(
            "\(tool.message), but no release command, pre-deploy command, start script, Kubernetes Job or CI deploy step runs the migrations, so each deploy relies on someone remembering to migrate by hand",
            at: nil, related: tools.compactMap { evidence in evidence.location.map { RelatedLocation(evidence.message, at: $0) } },
            confidence: .medium)])
    }
}
