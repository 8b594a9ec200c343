import OpsAuditArtifacts
import OpsAuditModel

/// Checks that production web services scale with load: Render `scaling`, Kubernetes HPA, fly
/// auto start/stop, Railway replicas.
struct AutoscalingConfiguredRule: Rule {
    static let id: RuleID = "DEP-012"

    func evaluate(_ repo: RepoModel) -> Outcome {
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        for blueprint in repo.renderBlueprints where Classifier.environmentHint(of: blueprint.path) != .nonProduction {
            for service in blueprint.services where service.type?.value == "web" {
                if let scaling = service.scaling {
                    evidence.append(Evidence("Render service `\(service.name.value)` autoscales", at: scaling))
                } else {
                    findings.append(Finding("Render web service `\(service.name.value)` has no `scaling`, so a traffic spike saturates its fixed instances", at: service.name.location))
                }
            }
        }
        for object in repo.servingKubernetesWorkloads where ["Deployment", "StatefulSet", "Rollout"].contains(object.kind.value) {
            if let hpa = repo.autoscalers(for: object).first {
                evidence.append(Evidence("\(object.displayName) is scaled by \(hpa.displayName)", at: hpa.location))
            } else {
                findings.append(Finding("\(object.displayName) has no HorizontalPodAutoscaler, so its replica count stays fixed whatever the load", at: object.kind.location))
            }
        }
        for fly in repo.flyConfigs where Classifier.environmentHint(of: fly.path) != .nonProduction {
            for http in fly.servedServices {
                if http.stopsIdleMachines && http.autoStartMachines?.value != false {
                    evidence.append(Evidence("`\(fly.path)` starts and stops machines with load", at: http.autoStopMachines?.location ?? http.location))
                } else {
                    findings.append(Finding("`\(fly.path)` does not let fly start and stop machines with load (`auto_stop_machines`/`auto_start_machines`), so capacity stays at what was deployed", at: http.autoStopMachines?.location ?? http.location))
                }
            }
        }
        for railway in repo.railwayConfigs where railway.cronSchedule == nil {
            if let replicas = railway.numReplicas, (Int(replicas.value) ?? 0) > 1 {
                evidence.append(Evidence("`\(railway.path)` runs \(replicas.value) replicas", at: replicas.location))
            }
        }
        guard !findings.isEmpty || !evidence.isEmpty else { return .notApplicable("no production web service in render.yaml, Kubernetes, fly.toml or Railway") }
        return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
    }
}
