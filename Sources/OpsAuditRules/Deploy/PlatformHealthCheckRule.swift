import OpsAuditArtifacts
import OpsAuditModel

/// Checks that every long-running service declared for a hosting platform has a health check there.
struct PlatformHealthCheckRule: Rule {
    static let id: RuleID = "DEP-001"

    /// Render service types that serve HTTP and support `healthCheckPath`.
    static let renderHTTPTypes: Set<String> = ["web"]

    func evaluate(_ repo: RepoModel) -> Outcome {
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        var services = 0
        func record(_ check: (String, Location)?, missing: @autoclosure () -> Finding) {
            services += 1
            if let (what, location) = check { evidence.append(Evidence(what, at: location)) } else { findings.append(missing()) }
        }
        for fly in repo.flyConfigs {
            var served: [(Location, [FlyCheck], String)] = []
            if let http = fly.httpService { served.append((http.location, http.checks, "[http_service]")) }
            for service in fly.services { served.append((service.location, service.checks, "[[services]]")) }
            for (location, checks, label) in served {
                // Top-level [checks] probe the machines of every service.
                let check = (checks + fly.checks).first
                record(check.map { ("`\(fly.path)` \(label) has a \($0.kind.rawValue) check\($0.path.map { " on `\($0.value)`" } ?? "")", $0.location) },
                       missing: Finding("\(label) in `\(fly.path)` has no health check, so fly routes traffic to machines that booted but cannot serve and deploys cannot wait for health", at: location))
            }
        }
        for blueprint in repo.renderBlueprints {
            for service in blueprint.services where Self.renderHTTPTypes.contains(service.type?.value ?? "") {
                record(service.healthCheckPath.map { ("Render service `\(service.name.value)` is checked on `\($0.value)`", $0.location) },
                       missing: Finding("Render web service `\(service.name.value)` has no `healthCheckPath`, so Render sends traffic to a new deploy as soon as its port opens and never restarts a hung instance", at: service.name.location))
            }
        }
        for railway in repo.railwayConfigs where railway.cronSchedule == nil {
            let path = railway.healthcheckPath ?? railway.environments.compactMap(\.config.healthcheckPath).first
            record(path.map { ("Railway `\(railway.path)` is checked on `\($0.value)`", $0.location) },
                   missing: Finding("`\(railway.path)` sets no `healthcheckPath`, so Railway switches traffic to a new deploy without knowing it can serve", at: railway.deploy ?? Location(path: railway.path, line: 1), confidence: .medium))
        }
        for object in repo.servingKubernetesWorkloads {
            for container in object.workload?.containers ?? [] {
                let name = container.name.map { " container `\($0.value)`" } ?? ""
                let missing = [("readinessProbe", container.readinessProbe), ("livenessProbe", container.livenessProbe)].filter { $0.1 == nil }.map(\.0)
                let present = container.readinessProbe ?? container.livenessProbe
                record(missing.isEmpty ? ("\(object.displayName)\(name) has readiness and liveness probes", present!.location) : nil,
                       missing: Finding("\(object.displayName)\(name) has no \(missing.map { "`\($0)`" }.joined(separator: " nor ")), so Kubernetes \(missing.contains("readinessProbe") ? "sends traffic to pods that cannot serve yet" : "never restarts a pod that hangs")", at: container.location))
            }
        }
        for file in repo.productionComposeFiles {
            for service in file.services {
                record(service.hasActiveHealthcheck ? ("compose service `\(service.name.value)` has a healthcheck", service.healthcheck!.location) : nil,
                       missing: Finding("compose service `\(service.name.value)` in `\(file.path)` has no active `healthcheck`, so dependants start before it serves and a hung container is never reported unhealthy", at: service.name.location))
            }
        }
        guard services > 0 else { return .notApplicable("no long-running service declared in fly.toml, render.yaml, Railway, Kubernetes or a production compose file") }
        return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
    }
}
