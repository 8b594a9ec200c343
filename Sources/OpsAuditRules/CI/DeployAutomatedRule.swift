import OpsAuditArtifacts
import OpsAuditModel

/// Finds deployments that only happen when someone runs a script by hand.
struct DeployAutomatedRule: Rule {
    static let id: RuleID = "CI-011"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let jobs = repo.ciDeployJobs
        let platforms = repo.platformAutoDeploys
        let manual = repo.manualDeployScripts
        // Only Fly has no git integration of its own. A Procfile is read by foreman on laptops too,
        // and Heroku's automatic deploys are set in its dashboard: the repository cannot tell.
        let platformFiles = repo.files(.flyToml)
        guard !jobs.isEmpty || !platforms.isEmpty || !manual.isEmpty || !platformFiles.isEmpty else {
            return .notApplicable("no CI deploy, deploy script, fly.toml or platform that deploys from git")
        }
        let evidence = jobs.map { job in
            Evidence("\(job.system.displayName) job `\(job.job.value)` deploys with `\(job.primary.text)`", at: job.primary.location)
        } + platforms
        guard evidence.isEmpty else { return .passed(evidence) }
        if !manual.isEmpty {
            return .failed(manual.map { script in
                Finding("\(script.name) deploys by hand (`\(script.command.value)`) and nothing runs it automatically, so releases depend on one person's machine and memory",
                        at: script.command.location)
            })
        }
        // A platform config (fly.toml, Procfile) with no CI deploy and no platform git integration.
        return .failed([Finding(
            "the app is deployed with \(platformFiles.map { "`\($0.path)`" }.joined(separator: ", ")) but no CI job or platform integration deploys it, so every release is a manual step",
            at: nil, related: platformFiles.prefix(3).map { RelatedLocation("platform config", at: Location(path: $0.path, line: 1)) },
            confidence: .medium)])
    }
}
