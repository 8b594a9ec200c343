import OpsAuditArtifacts
import OpsAuditModel

/// Reports production web services that scale to zero, so the first request after idle waits for a boot.
struct ColdStartRiskRule: Rule {
    static let id: RuleID = "DEP-013"

    func evaluate(_ repo: RepoModel) -> Outcome {
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        for fly in repo.flyConfigs where Classifier.environmentHint(of: fly.path) != .nonProduction {
            for http in fly.servedServices {
                let minimum = http.minMachinesRunning?.value ?? 0
                if http.stopsIdleMachines && minimum == 0 {
                    findings.append(Finding(
                        "`\(fly.path)` stops every idle machine (`min_machines_running = \(minimum)`), so the first request after a quiet period waits for a machine to boot",
                        at: http.minMachinesRunning?.location ?? http.autoStopMachines?.location ?? http.location))
                } else {
                    evidence.append(Evidence("`\(fly.path)` keeps \(http.stopsIdleMachines ? "\(minimum) machine(s)" : "its machines") running", at: http.minMachinesRunning?.location ?? http.location))
                }
            }
        }
        for blueprint in repo.renderBlueprints where Classifier.environmentHint(of: blueprint.path) != .nonProduction {
            for service in blueprint.services where service.type?.value == "web" {
                if let plan = service.plan, plan.value.lowercased() == "free" {
                    findings.append(Finding("Render web service `\(service.name.value)` is on the `free` plan, which spins down after 15 idle minutes and takes about a minute to wake", at: plan.location))
                } else {
                    evidence.append(Evidence("Render web service `\(service.name.value)` is on a paid plan that never sleeps", at: service.plan?.location ?? service.name.location))
                }
            }
        }
        for railway in repo.railwayConfigs {
            if let sleep = railway.sleepApplication, sleep.value.lowercased() == "true" {
                findings.append(Finding("`\(railway.path)` sets `sleepApplication`, so the service sleeps when idle and the next request waits for it to wake", at: sleep.location))
            }
        }
        guard !findings.isEmpty || !evidence.isEmpty else { return .notApplicable("no production web service in fly.toml, render.yaml or Railway") }
        return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
    }
}
