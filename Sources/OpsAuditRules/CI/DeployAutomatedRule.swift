import OpsAuditArtifacts
import OpsAuditModel

/// Finds deployments that only happen when someone runs a script by hand.
struct DeployAutomatedRule: Rule {
    static let id: RuleID = "CI-011"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let jobs = repo.ciDeployJobs
        let platforms = repo.platformAutoDeploys
        let manual = repo.manualDeployScripts
        // A Procfile alone is not a deploy: foreman, honcho and overmind read it on laptops too.
        let platformFiles = [FileKind.flyToml, .herokuAppJSON, .herokuYAML].flatMap { repo.files($0) }
        guard !jobs.isEmpty || !platforms.isEmpty || !manual.isEmpty || !platformFiles.isEmpty else {
            return .notApplicable("no deploy command, deploy script or platform that deploys from the repository")
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
