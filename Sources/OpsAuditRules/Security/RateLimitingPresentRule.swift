import OpsAuditArtifacts
import OpsAuditModel

/// A web app (one that declares routes) uses rate limiting middleware.
struct RateLimitingPresentRule: Rule {
    static let id: RuleID = "SEC-009"

    func evaluate(_ repo: RepoModel) -> Outcome {
        SecurityMiddlewareOutcome.evaluate(repo, kind: .rateLimit,
            missing: "a login, password reset or expensive endpoint can be hammered without limit: brute force and cost spikes go unchecked")
    }
}

/// The shared check of SEC-009 and SEC-010: a route premise, then the middleware's import.
enum SecurityMiddlewareOutcome {
    static func evaluate(_ repo: RepoModel, kind: SecurityMiddleware.Kind, missing: String) -> Outcome {
        // Judged per file, not per route: large repositories declare hundreds of thousands of routes.
        let serving = repo.sourceSignals.filter { !$0.routes.isEmpty && !PathTraits.isDocumentationOrTest($0.path) }
        guard let first = serving.first?.routes.first else {
            return .notApplicable("no HTTP routes found in code: not a web app, or an unknown framework")
        }
        let routeCount = serving.reduce(0) { $0 + $1.routes.count }
        let found = repo.securityMiddleware(kind)
        guard found.isEmpty else {
            return .passed(found.map { Evidence("`\($0.value.module)` imported", at: $0.location) })
        }
        let name = kind == .rateLimit ? "rate limiting" : "security headers"
        return .failed(Finding(
            "the app declares \(routeCount) route\(routeCount == 1 ? "" : "s") (first `\(first.path.value)`) and imports no \(name) middleware: \(missing)",
            at: nil, related: [RelatedLocation("first route", at: first.path.location)]))
    }
}
