import OpsAuditArtifacts
import OpsAuditModel

/// Looks for a post-incident review template or past reviews.
struct PostmortemTemplateRule: Rule {
    static let id: RuleID = "OPS-009"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let docs = repo.docs(about: .postmortem)
        guard docs.isEmpty else {
            return .passed(docs.prefix(5).map { doc, location in Evidence("post-incident review `\(doc.path)`", at: location) })
        }
        return .failed(Finding(
            "no post-incident review template: incidents end without recorded causes and action items, so they recur",
            at: nil))
    }
}
