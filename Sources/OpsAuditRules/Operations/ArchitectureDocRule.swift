import OpsAuditArtifacts
import OpsAuditModel

/// Looks for an architecture overview or architecture decision records.
struct ArchitectureDocRule: Rule {
    static let id: RuleID = "OPS-006"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let docs = repo.docs(about: .architecture)
        guard docs.isEmpty else {
            return .passed(docs.prefix(5).map { doc, location in Evidence("architecture described in `\(doc.path)`", at: location) })
        }
        return .failed(Finding(
            "no architecture overview or decision records: the system's parts and data flows live only in people's heads",
            at: nil))
    }
}
