import OpsAuditArtifacts
import OpsAuditModel

/// Checks that Kubernetes containers and production compose services declare resource limits.
struct ResourceLimitsSetRule: Rule {
    static let id: RuleID = "DEP-004"

    func evaluate(_ repo: RepoModel) -> Outcome {
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        var checked = 0
        for object in repo.kubernetesWorkloads where Classifier.environmentHint(of: object.location.path) != .nonProduction {
            for container in object.workload?.containers ?? [] {
                checked += 1
                let name = container.name.map { " container `\($0.value)`" } ?? ""
                var missing: [String] = []
                if container.resources?.limits.memory == nil { missing.append("`limits.memory`") }
                if container.resources?.requests.cpu == nil { missing.append("`requests.cpu`") }
                if missing.isEmpty {
                    evidence.append(Evidence("\(object.displayName)\(name) sets memory limits and CPU requests", at: container.resources!.location))
                } else {
                    findings.append(Finding(
                        "\(object.displayName)\(name) sets no \(missing.joined(separator: " nor ")), so the scheduler packs it blindly and one leak can starve every pod on its node",
                        at: container.resources?.location ?? container.location))
                }
            }
        }
        for file in repo.productionComposeFiles {
            for service in file.services {
                checked += 1
                if let memory = service.limits?.memory ?? service.memLimit {
                    evidence.append(Evidence("compose service `\(service.name.value)` is limited to `\(memory.value)`", at: memory.location))
                } else {
                    findings.append(Finding(
                        "compose service `\(service.name.value)` in `\(file.path)` has no memory limit, so a leak in it can take the whole host and every other service down",
                        at: service.name.location))
                }
            }
        }
        guard checked > 0 else { return .notApplicable("no Kubernetes workload or production compose file") }
        return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
    }
}
