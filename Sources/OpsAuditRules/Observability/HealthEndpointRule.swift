import OpsAuditArtifacts
import OpsAuditModel

/// Checks that a service declaring HTTP routes has a health route.
struct HealthEndpointRule: Rule {
    static let id: RuleID = "OBS-004"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let routes = repo.applicationRoutes
        guard let first = routes.first else {
            return .notApplicable("no HTTP routes found in application code (or the framework is not recognised)")
        }
        let health = repo.applicationHealthRoutes
        guard health.isEmpty else {
            return .passed(health.map { route in
                Evidence("health route `\(route.route.method.map { "\($0) " } ?? "")\(route.route.path.value)`", at: route.route.path.location)
            })
        }
        return .failed(Finding(
            "\(routes.count) HTTP route\(routes.count == 1 ? "" : "s") but no health endpoint (`/healthz`, `/health`, `/readyz`…), so platforms and monitors can only probe pages that do real work",
            at: first.route.path.location, confidence: .medium))
    }
}
