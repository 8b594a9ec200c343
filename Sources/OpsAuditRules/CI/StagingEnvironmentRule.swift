import OpsAuditArtifacts
import OpsAuditModel

/// Finds deployed repositories with no staging, preview or development environment.
struct StagingEnvironmentRule: Rule {
    static let id: RuleID = "CI-012"

    func evaluate(_ repo: RepoModel) -> Outcome {
        // An image or a Procfile alone does not show where (or whether) the repository runs, and
        // Railway and Heroku keep their environments and review apps in the dashboard.
        let platformKinds: [FileKind] = [.flyToml, .renderYAML, .vercel, .netlify, .helmChart, .kustomization]
        let deployed = platformKinds.flatMap { repo.files($0) }.map { Evidence("`\($0.path)`", at: Location(path: $0.path, line: 1)) }
            + repo.kubernetesWorkloads.prefix(1).map { Evidence("Kubernetes \($0.kind.value)", at: $0.location) }
            + repo.ciDeployJobs.map { Evidence("CI job `\($0.job.value)`", at: $0.job.location) }
        guard !deployed.isEmpty else { return .notApplicable("no CI deploy job, Kubernetes workload or platform config whose environments the repository declares (Railway and Heroku keep theirs in the dashboard)") }
        let environments = repo.nonProductionEnvironments + repo.ciDeployJobs.filter(\.isNonProduction).map { job in
            Evidence("CI job `\(job.job.value)` deploys a non-production environment (`\(job.primary.text)`)", at: job.primary.location)
        }
        guard environments.isEmpty else { return .passed(environments) }
        return .failed([Finding(
            "the repository deploys but declares no staging, preview or development environment, so every change is first tried in production",
            at: nil, related: deployed.prefix(3).compactMap { evidence in evidence.location.map { RelatedLocation(evidence.message, at: $0) } },
            confidence: .medium)])
    }
}
