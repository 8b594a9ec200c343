import OpsAuditArtifacts
import OpsAuditModel

/// Checks that every HTTP service declared for a hosting platform has a health check there.
struct PlatformHealthCheckRule: Rule {
    static let id: RuleID = "DEP-001"

    /// Render service types that serve HTTP and support `healthCheckPath`.
    static let renderHTTPTypes: Set<String> = ["web"]

    func evaluate(_ repo: RepoModel) -> Outcome {
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        var services = 0
        for fly in repo.flyConfigs {
            var served: [(Location, [FlyCheck], String)] = []
            if let http = fly.httpService { served.append((http.location, http.checks, "[http_service]")) }
            for service in fly.services { served.append((service.location, service.checks, "[[services]]")) }
            for (location, checks, label) in served {
                services += 1
                // Top-level [checks] probe the machines of every service.
                let all = checks + fly.checks
                if let check = all.first {
                    evidence.append(Evidence("`\(fly.path)` \(label) has a \(check.kind.rawValue) check\(check.path.map { " on `\($0.value)`" } ?? "")", at: check.location))
                } else {
                    findings.append(Finding(
                        "\(label) in `\(fly.path)` has no health check, so fly routes traffic to machines that booted but cannot serve and deploys cannot wait for health",
                        at: location))
                }
            }
        }
        for blueprint in repo.renderBlueprints {
            for service in blueprint.services where Self.renderHTTPTypes.contains(service.type?.value ?? "") {
                services += 1
                if let path = service.healthCheckPath {
                    evidence.append(Evidence("Render service `\(service.name.value)` is checked on `\(path.value)`", at: path.location))
                } else {
                    findings.append(Finding(
                        "Render web service `\(service.name.value)` has no `healthCheckPath`, so Render sends traffic to a new deploy as soon as its port opens and never restarts a hung instance",
                        at: service.name.location))
                }
            }
        }
        guard services > 0 else { return .notApplicable("no HTTP service declared in fly.toml or render.yaml") }
        return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
    }
}
