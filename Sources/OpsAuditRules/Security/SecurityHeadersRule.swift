import OpsAuditArtifacts
import OpsAuditModel

/// A web app sets security headers through middleware (helmet, secure_headers, Talisman…).
struct SecurityHeadersRule: Rule {
    static let id: RuleID = "SEC-010"

    func evaluate(_ repo: RepoModel) -> Outcome {
        SecurityMiddlewareOutcome.evaluate(repo, kind: .securityHeaders,
            missing: "without `Content-Security-Policy`, `Strict-Transport-Security` and `X-Frame-Options` browsers allow clickjacking, downgrade and script injection")
    }
}
