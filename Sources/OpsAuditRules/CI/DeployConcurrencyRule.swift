import OpsAuditArtifacts
import OpsAuditModel

/// Finds GitHub workflows that deploy without `concurrency`, so two runs can deploy at once.
/// GitLab's equivalent (`resource_group`) is for when GitLab jobs are in the model.
struct DeployConcurrencyRule: Rule {
    static let id: RuleID = "CI-016"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let deploys = repo.ciChecks(for: [.deploy])
        let workflows = repo.workflows.filter { workflow in deploys.contains { $0.path == workflow.path } }
        guard !workflows.isEmpty else { return .notApplicable("no GitHub Actions workflow deploys") }
        var findings: [Finding] = []
        var evidence: [Evidence] = []
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
