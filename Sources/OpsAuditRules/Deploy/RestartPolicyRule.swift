import OpsAuditArtifacts
import OpsAuditModel

/// Checks that crashed processes are restarted: Railway restart policy, compose `restart`,
/// Kubernetes Pods owned by a controller.
struct RestartPolicyRule: Rule {
    static let id: RuleID = "DEP-007"

    func evaluate(_ repo: RepoModel) -> Outcome {
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        var checked = 0
        for railway in repo.railwayConfigs where railway.cronSchedule == nil {
            checked += 1
            if let policy = railway.restartPolicyType, policy.value.uppercased() == "NEVER" {
                findings.append(Finding("`\(railway.path)` sets `restartPolicyType` to `NEVER`, so a crashed service stays down until someone redeploys it", at: policy.location))
            } else {
                // Railway restarts ON_FAILURE by default.
                evidence.append(Evidence("`\(railway.path)` restarts on failure (`\(railway.restartPolicyType?.value ?? "ON_FAILURE by default")`)",
                                         at: railway.restartPolicyType?.location ?? Location(path: railway.path, line: 1)))
            }
        }
        for file in repo.productionComposeFiles {
            for service in file.services {
                checked += 1
                if let restart = service.restart, restart.value != "no" {
                    evidence.append(Evidence("compose service `\(service.name.value)` has `restart: \(restart.value)`", at: restart.location))
                } else {
                    findings.append(Finding(
                        "compose service `\(service.name.value)` in `\(file.path)` \(service.restart == nil ? "sets no `restart` policy" : "has `restart: no`"), so it stays down after a crash or a host reboot",
                        at: service.restart?.location ?? service.name.location))
                }
            }
        }
        for object in repo.kubernetesObjects(kind: "Pod") where Classifier.environmentHint(of: object.location.path) != .nonProduction {
            checked += 1
            findings.append(Finding(
                "\(object.displayName) is a bare Pod: no controller recreates it when its node fails or it is evicted; run it from a Deployment, StatefulSet or Job",
                at: object.kind.location))
        }
        for object in repo.longRunningKubernetesWorkloads where object.kind.value != "Pod" {
            checked += 1
            evidence.append(Evidence("\(object.displayName) is managed by a controller", at: object.kind.location))
        }
        guard checked > 0 else { return .notApplicable("no Railway service, production compose file or Kubernetes workload") }
        return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
    }
}
