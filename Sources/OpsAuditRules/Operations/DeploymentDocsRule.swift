import OpsAuditArtifacts
import OpsAuditModel

/// Checks that a deployed repository documents how it is deployed.
struct DeploymentDocsRule: Rule {
    static let id: RuleID = "OPS-003"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let deploys = repo.deploymentEvidence
        guard let first = deploys.first else { return .notApplicable("nothing in the repository is deployed") }
        let docs = repo.docs(about: .deployment)
        guard docs.isEmpty else {
            return .passed(docs.map { doc, location in Evidence("deployment documented in `\(doc.path)`", at: location) })
        }
        return .failed(Finding(
            "the repository deploys (\(first.message)) but no document says how: shipping and recovering depend on whoever remembers the steps",
            at: nil, related: first.location.map { [RelatedLocation("deployed with", at: $0)] } ?? []))
    }
}
