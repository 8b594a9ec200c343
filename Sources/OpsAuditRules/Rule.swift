import OpsAuditArtifacts
import OpsAuditModel

/// A check over the repository model. Its words (title, severity, rationale…) live in its YAML
/// file under `rules/`; the Swift type holds only the check.
public protocol Rule: Sendable {
    /// The catalog ID this check implements.
    static var id: RuleID { get }
    init()
    /// Pure: reads the model, never files, configuration or the clock.
    func evaluate(_ repo: RepoModel) -> Outcome
}

extension Rule {
    public var id: RuleID { Self.id }
}
