import OpsAuditArtifacts
import OpsAuditModel

/// Looks for a vulnerability disclosure policy: `SECURITY.md` (anywhere GitHub reads it), a
/// documented "Reporting a vulnerability" section, or `security.txt`.
struct SecurityPolicyRule: Rule {
    static let id: RuleID = "SEC-011"

    func evaluate(_ repo: RepoModel) -> Outcome {
        var evidence = repo.docs(about: .securityPolicy).map { doc, location in
            Evidence("security policy in `\(doc.path)`", at: location)
        }
        evidence += repo.files.filter { $0.path.lowercased().hasSuffix("security.txt") }.map {
            Evidence("`\($0.path)` names a security contact", at: Location(path: $0.path, line: 1))
        }
        guard evidence.isEmpty else { return .passed(evidence) }
        return .failed(Finding(
            "no `SECURITY.md` or disclosure policy: whoever finds a vulnerability has no private channel and may open a public issue instead",
            at: nil))
    }
}
