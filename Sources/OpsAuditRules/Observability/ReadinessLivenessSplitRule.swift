import OpsAuditArtifacts
import OpsAuditModel

/// Checks that readiness and liveness are probed separately.
struct ReadinessLivenessSplitRule: Rule {
    static let id: RuleID = "OBS-006"

    func evaluate(_ repo: RepoModel) -> Outcome {
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        for workload in repo.kubernetesWorkloads {
            for container in workload.workload?.containers ?? [] {
                let name = container.name?.value ?? "container"
                switch (container.readinessProbe, container.livenessProbe) {
                case let (readiness?, liveness?):
                    evidence.append(Evidence("`\(name)` has a readiness and a liveness probe", at: readiness.location))
                    _ = liveness
                case (nil, nil):
                    continue
                case (nil, _?):
                    findings.append(Finding("`\(name)` has a liveness probe but no readiness probe, so traffic reaches pods that are not ready",
                                            at: container.location))
                case (_?, nil):
                    findings.append(Finding("`\(name)` has a readiness probe but no liveness probe, so a hung process is never restarted",
                                            at: container.location))
                }
            }
        }
        if !findings.isEmpty || !evidence.isEmpty {
            return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
        }
        let health = repo.applicationHealthRoutes
        guard let first = health.first else { return .notApplicable("no Kubernetes probes and no health route in code") }
        let words = health.map { $0.route.path.value.lowercased() }
        let readiness = health.first { path in ["ready", "readiness"].contains { path.route.path.value.lowercased().contains($0) } }
        let liveness = health.first { path in ["live", "liveness", "alive"].contains { path.route.path.value.lowercased().contains($0) } }
        if let readiness, let liveness {
            return .passed([Evidence("readiness route `\(readiness.route.path.value)`", at: readiness.route.path.location),
                            Evidence("liveness route `\(liveness.route.path.value)`", at: liveness.route.path.location)])
        }
        return .failed(Finding(
            "one health route (`\(words.joined(separator: "`, `"))`) serves both purposes, so a database outage either restarts every instance or a hung process keeps receiving traffic",
            at: first.route.path.location, confidence: .medium))
    }
}
