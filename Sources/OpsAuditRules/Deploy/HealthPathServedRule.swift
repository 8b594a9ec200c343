import OpsAuditArtifacts
import OpsAuditModel

/// Checks that the health path a platform probes is a route the application declares.
struct HealthPathServedRule: Rule {
    static let id: RuleID = "DEP-002"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let configured = repo.configuredHealthPaths
        guard !configured.isEmpty else { return .notApplicable("no HTTP health path configured for a platform") }
        let routes = repo.applicationRoutes
        guard !routes.isEmpty else {
            return .notApplicable("no HTTP route found in application code (framework not recognised or code not in the repository)")
        }
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        for health in configured {
            if let route = routes.first(where: { RepoModel.route($0.route.path.value, serves: health.path.value) }) {
                evidence.append(Evidence("\(health.origin) probes `\(health.path.value)`, declared in code", at: route.route.path.location))
                continue
            }
            let nearest = routes.first { $0.route.looksLikeHealthCheck } ?? routes[0]
            let label = nearest.route.looksLikeHealthCheck ? "the app declares `\(nearest.route.path.value)` here" : "the app's routes are declared here"
            findings.append(Finding(
                "\(health.origin) probes `\(health.path.value)` but no route in the application serves it, so every check fails (404) and the platform marks healthy deploys as failed or restarts them",
                at: health.path.location, related: [RelatedLocation(label, at: nearest.route.path.location)], confidence: .medium))
        }
        return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
    }
}
