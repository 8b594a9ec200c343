import OpsAuditArtifacts
import OpsAuditModel

/// Looks for runbooks: operational documents a person on call can follow.
struct RunbooksPresentRule: Rule {
    static let id: RuleID = "OPS-001"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let runbooks = repo.docs(about: .runbook) + repo.docs(about: .incidentResponse) + repo.docs(about: .onCall)
        guard runbooks.isEmpty else {
            var seen = Set<String>()
            return .passed(runbooks.compactMap { doc, location in
                seen.insert(doc.path).inserted ? Evidence("runbook `\(doc.path)`\(doc.title.map { ": \($0.value)" } ?? "")", at: location) : nil
            })
        }
        return .failed(Finding(
            "no runbook (`docs/runbooks/`, `RUNBOOK.md`, an on-call or incident-response guide): whoever is paged must rediscover how to diagnose and fix the service",
            at: nil))
    }
}
