import OpsAuditArtifacts
import OpsAuditModel

/// Checks that production web services run more than one instance, and that replicated
/// Kubernetes workloads keep some up during node drains.
struct RedundancyRule: Rule {
    static let id: RuleID = "DEP-005"

    func evaluate(_ repo: RepoModel) -> Outcome {
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        var services = 0
        for blueprint in repo.renderBlueprints where Classifier.environmentHint(of: blueprint.path) != .nonProduction {
            for service in blueprint.services where service.type?.value == "web" {
                services += 1
                let count = service.numInstances.flatMap { Int($0.value) } ?? 1
                if service.scaling != nil || count > 1 {
                    evidence.append(Evidence("Render service `\(service.name.value)` runs \(service.scaling != nil ? "autoscaled instances" : "\(count) instances")",
                                             at: service.scaling ?? service.numInstances!.location))
                } else {
                    findings.append(Finding(
                        "Render web service `\(service.name.value)` runs a single instance, so every crash, deploy hiccup or host failure is an outage",
                        at: service.numInstances?.location ?? service.name.location))
                }
            }
        }
        for object in repo.servingKubernetesWorkloads where ["Deployment", "StatefulSet", "Rollout", "DeploymentConfig"].contains(object.kind.value) {
            services += 1
            let autoscaled = repo.autoscalers(for: object).first
            let count = object.replicaCount ?? (object.replicas == nil ? 1 : 2)
            if count <= 1 && autoscaled == nil {
                findings.append(Finding(
                    "\(object.displayName) runs \(object.replicas == nil ? "one replica (no `replicas`)" : "`replicas: 1`"), so a node drain, eviction or crash takes it offline",
                    at: object.replicas?.location ?? object.location))
            } else if let budget = repo.disruptionBudgets(for: object).first {
                evidence.append(Evidence("\(object.displayName) is replicated and protected by PodDisruptionBudget `\(budget.name?.value ?? "")`", at: budget.location))
            } else {
                findings.append(Finding(
                    "\(object.displayName) is replicated but no PodDisruptionBudget selects it, so a node drain may evict every replica at once",
                    at: object.replicas?.location ?? object.location, confidence: .medium))
            }
        }
        for fly in repo.flyConfigs where Classifier.environmentHint(of: fly.path) != .nonProduction {
            for http in fly.servedServices {
                services += 1
                if let minimum = http.minMachinesRunning, minimum.value >= 2 {
                    evidence.append(Evidence("`\(fly.path)` keeps \(minimum.value) machines running", at: minimum.location))
                } else if let minimum = http.minMachinesRunning, minimum.value == 0, http.stopsIdleMachines {
                    findings.append(Finding(
                        "`\(fly.path)` lets fly stop every machine (`min_machines_running = 0`), so there may be no instance left to take over when one fails",
                        at: minimum.location, confidence: .medium))
                } else {
                    // fly deploys two machines by default and the count is set with `fly scale count`.
                    evidence.append(Evidence("`\(fly.path)` \(http.label) keeps machines running; the count is set outside the file (`fly scale count`)", at: http.location))
                }
            }
        }
        guard services > 0 else { return .notApplicable("no production web service in render.yaml, Kubernetes or fly.toml") }
        return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
    }
}
