import OpsAuditArtifacts
import OpsAuditModel

/// Finds GitHub workflows that deploy without `concurrency`, and GitLab deploy jobs without
/// `resource_group`, so two runs can deploy at once.
struct DeployConcurrencyRule: Rule {
    static let id: RuleID = "CI-016"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let deploys = repo.ciChecks(for: [.deploy])
        let workflows = repo.workflows.filter { workflow in deploys.contains { $0.path == workflow.path } }
        let gitlabDeploys = repo.ciDeployJobs.filter { $0.system == .gitlab }
        guard !workflows.isEmpty || !gitlabDeploys.isEmpty else { return .notApplicable("no GitHub Actions or GitLab CI job deploys") }
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        for deploy in gitlabDeploys {
            let job = repo.gitlabPipelines.first { $0.path == deploy.path }?.job(deploy.job.value)
            if let group = job?.resourceGroup {
                evidence.append(Evidence("GitLab deploy job `\(deploy.job.value)` sets `resource_group: \(group.value)`", at: group.location))
            } else {
                findings.append(Finding(
                    "GitLab job `\(deploy.job.value)` deploys (`\(deploy.primary.text)`) without `resource_group`, so two pipelines close together deploy at once and the older build can land last",
                    at: deploy.job.location, related: [RelatedLocation("deploys here", at: deploy.primary.location)]))
            }
        }
        for workflow in workflows {
            if let concurrency = workflow.concurrency {
                evidence.append(Evidence("deploy workflow `\(workflow.path)` sets `concurrency`", at: concurrency))
                continue
            }
            for job in workflow.jobs {
                guard let deploy = deploys.first(where: { $0.path == workflow.path && $0.job == job.id.value }) else { continue }
                if let concurrency = job.concurrency {
                    evidence.append(Evidence("deploy job `\(job.id.value)` sets `concurrency`", at: concurrency))
                } else {
                    findings.append(Finding(
                        "job `\(job.id.value)` deploys (`\(deploy.text)`) without `concurrency`, so two runs close together deploy at once and the older build can land last",
                        at: job.id.location, related: [RelatedLocation("deploys here", at: deploy.location)]))
                }
            }
        }
        return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
    }
}
