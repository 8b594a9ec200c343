import OpsAuditArtifacts
import OpsAuditModel

/// Finds production configs that point a backing service's address at localhost.
struct NoLocalhostInProductionConfigRule: Rule {
    static let id: RuleID = "DEP-011"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let all = repo.productionSettings
        let settings = all.filter { RepoModel.namesServiceAddress($0.key.value) && !RepoModel.isSelfReference($0, among: all) }
        guard !settings.isEmpty else { return .notApplicable("no service address set in a production config") }
        // A Cloud SQL proxy or similar sidecar legitimately listens on localhost inside the pod.
        let sidecarPods = Set(repo.kubernetesWorkloads.filter { ($0.workload?.containers.count ?? 0) > 1 }.map(\.displayName))
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        for setting in settings {
            let sidecar = sidecarPods.contains { setting.origin == "Kubernetes \($0)" }
            if RepoModel.pointsAtLocalhost(setting.value) && !sidecar {
                findings.append(Finding(
                    "\(setting.origin) points `\(setting.key.value)` at localhost, which in production is the app's own container: the connection fails or reaches nothing",
                    at: setting.key.location, snippet: "\(setting.key.value)=<localhost>"))
            } else {
                evidence.append(Evidence("\(setting.origin) sets `\(setting.key.value)` to a non-local address", at: setting.key.location))
            }
        }
        return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
    }
}
