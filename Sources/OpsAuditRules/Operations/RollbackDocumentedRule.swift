import OpsAuditArtifacts
import OpsAuditModel

/// Looks for documentation of how to roll a release back.
struct RollbackDocumentedRule: Rule {
    static let id: RuleID = "OPS-004"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let docs = repo.docs(about: .rollback)
        guard docs.isEmpty else {
            return .passed(docs.map { doc, location in Evidence("rollback documented in `\(doc.path)`", at: location) })
        }
        let deployment = repo.docs(about: .deployment).first
        return .failed(Finding(
            "no documented rollback procedure\(deployment.map { " (the deployment guide `\($0.doc.path)` does not say how to go back)" } ?? ""): a bad release is undone by improvisation under pressure",
            at: nil,
            related: deployment.map { [RelatedLocation("deployment guide", at: $0.location)] } ?? []))
    }
}
