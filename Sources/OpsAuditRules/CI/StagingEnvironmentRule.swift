import OpsAuditArtifacts
import OpsAuditModel

/// Finds deployed repositories with no staging, preview or development environment.
struct StagingEnvironmentRule: Rule {
    static let id: RuleID = "CI-012"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let deployed = repo.deploymentEvidence
        guard !deployed.isEmpty || !repo.ciDeployJobs.isEmpty else { return .notApplicable("nothing shows the repository is deployed") }
        let environments = repo.nonProductionEnvironments
        guard environments.isEmpty else { return .passed(environments) }
        return .failed([Finding(
            "the repository deploys but declares no staging, preview or development environment, so every change is first tried in production",
            at: nil, related: deployed.prefix(3).compactMap { evidence in evidence.location.map { RelatedLocation(evidence.message, at: $0) } },
            confidence: .medium)])
    }
}
