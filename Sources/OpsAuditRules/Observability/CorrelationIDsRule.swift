import OpsAuditArtifacts
import OpsAuditModel

/// Looks for request or correlation ids handled by the server.
struct CorrelationIDsRule: Rule {
    static let id: RuleID = "OBS-011"

    static let packages = [
        "cls-rtracer", "express-request-id", "express-http-context", "correlation-id", "@fastify/request-context",
        "asgi-correlation-id", "django-guid", "django-request-id", "django-log-request-id", "github.com/gin-contrib/requestid",
        "request_store",
    ]
    static let modules: Set<String> = ["cls-rtracer", "express-request-id", "express-http-context", "correlation-id",
                                       "asgi-correlation-id", "django-guid", "django-request-id", "gin-contrib-requestid"]

    func evaluate(_ repo: RepoModel) -> Outcome {
        guard let route = repo.applicationRoutes.first else { return .notApplicable("no HTTP server found in application code") }
        var evidence = repo.libraryUses(packages: Self.packages, modules: Self.modules).map {
            Evidence("request-id library `\($0.name)` \($0.isDependency ? "is a dependency" : "is imported")", at: $0.location)
        }
        for signals in repo.applicationSourceSignals {
            evidence += signals.requestIDs.map { Evidence("request or correlation id handled in `\(signals.path)`", at: $0) }
        }
        guard evidence.isEmpty else { return .passed(evidence) }
        return .failed(Finding(
            "no request or correlation id is generated or propagated (`X-Request-Id`, a request-id middleware), so the log lines of one failing request cannot be found together",
            at: nil, related: [RelatedLocation("HTTP route", at: route.route.path.location)], confidence: .medium))
    }
}
