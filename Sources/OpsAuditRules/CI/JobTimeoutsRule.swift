import OpsAuditArtifacts
import OpsAuditModel

/// Finds CI jobs without a timeout: GitHub Actions jobs without `timeout-minutes` (six hours by
/// default), GitLab jobs without `timeout` of their own or from `default:`.
struct JobTimeoutsRule: Rule {
    static let id: RuleID = "CI-009"

    func evaluate(_ repo: RepoModel) -> Outcome {
        // A job that calls a reusable workflow cannot set `timeout-minutes`: the called jobs do.
        let githubJobs = repo.workflows.flatMap { workflow in
            workflow.jobs.filter { $0.uses == nil }.map { (workflow, $0) }
        }
        // A `default: timeout` in the root file applies to the jobs of the files it includes.
        let gitlabDefault = repo.gitlabPipelines.lazy.compactMap(\.defaults.timeout).first
        // Trigger jobs start another pipeline: they run no script and take no `timeout`.
        let gitlabJobs = repo.gitlabPipelines.flatMap { pipeline in
            pipeline.runnableJobs.filter { $0.trigger == nil }.map { (pipeline.path, $0) }
        }
        let total = githubJobs.count + gitlabJobs.count
        guard total > 0 else { return .notApplicable("no GitHub Actions or GitLab CI job") }
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        for (workflow, job) in githubJobs {
            if let timeout = job.timeoutMinutes {
                evidence.append(Evidence("job `\(job.id.value)` stops after \(timeout.value) minutes", at: timeout.location))
            } else {
                findings.append(Finding(
                    "job `\(job.id.value)` in `\(workflow.path)` has no `timeout-minutes`, so a hung step holds a runner for six hours",
                    at: job.id.location))
            }
        }
        for (path, job) in gitlabJobs {
            if let timeout = job.timeout ?? gitlabDefault {
                evidence.append(Evidence("GitLab job `\(job.name.value)` stops after \(timeout.value)", at: timeout.location))
            } else {
                findings.append(Finding(
                    "GitLab job `\(job.name.value)` in `\(path)` has no `timeout`, so a hung script holds a runner until the project timeout (one hour by default, often raised)",
                    at: job.name.location))
            }
        }
        guard !findings.isEmpty else { return .passed(evidence) }
        return .failed(findings, credit: Double(evidence.count) / Double(total), evidence: evidence)
    }
}
