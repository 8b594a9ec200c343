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
        // Large repositories declare the same paths many times and probe the same few paths from
        // many manifests: match each distinct probe against each distinct route path once.
        var firstByPath: [String: (route: Route, path: String)] = [:]
        var distinctPaths: [(path: String, segments: [Substring])] = []
        for route in routes where firstByPath[route.route.path.value] == nil {
            firstByPath[route.route.path.value] = route
            distinctPaths.append((route.route.path.value, RepoModel.pathSegments(route.route.path.value)))
        }
        var served: [String: (route: Route, path: String)?] = [:]
        func serving(_ probe: String) -> (route: Route, path: String)? {
            if let known = served[probe] { return known }
            let probeSegments = RepoModel.pathSegments(probe)
            let match = distinctPaths.first { RepoModel.route(segments: $0.segments, serves: probeSegments) }.flatMap { firstByPath[$0.path] }
            served[probe] = match
            return match
        }
        // The route to cite when a probed path is not served: a health-looking one, else the first.
        let nearest = repo.applicationHealthRoutes.first ?? routes[0]
        for health in configured {
            if let route = serving(health.path.value) {
                evidence.append(Evidence("\(health.origin) probes `\(health.path.value)`, declared in code", at: route.route.path.location))
                continue
            }
            let label = nearest.route.looksLikeHealthCheck ? "the app declares `\(nearest.route.path.value)` here" : "the app's routes are declared here"
            findings.append(Finding(
                "\(health.origin) probes `\(health.path.value)` but no route in the application serves it, so every check fails (404) and the platform marks healthy deploys as failed or restarts them",
                at: health.path.location, related: [RelatedLocation(label, at: nearest.route.path.location)], confidence: .medium))
        }
        return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
    }
}
