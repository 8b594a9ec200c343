import OpsAuditArtifacts
import OpsAuditModel

/// Finds GitHub Actions jobs without `timeout-minutes`, which GitHub lets run for six hours.
/// GitLab `timeout` is for when GitLab jobs are in the model.
struct JobTimeoutsRule: Rule {
    static let id: RuleID = "CI-009"

    func evaluate(_ repo: RepoModel) -> Outcome {
        // A job that calls a reusable workflow cannot set `timeout-minutes`: the called jobs do.
        let jobs = repo.workflows.flatMap { workflow in
            workflow.jobs.filter { $0.uses == nil }.map { (workflow, $0) }
        }
        guard !jobs.isEmpty else { return .notApplicable("no GitHub Actions job") }
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        for (workflow, job) in jobs {
            if let timeout = job.timeoutMinutes {
                evidence.append(Evidence("job `\(job.id.value)` stops after \(timeout.value) minutes", at: timeout.location))
            } else {
                findings.append(Finding(
                    "job `\(job.id.value)` in `\(workflow.path)` has no `timeout-minutes`, so a hung step holds a runner for six hours",
                    at: job.id.location))
            }
        }
        guard !findings.isEmpty else { return .passed(evidence) }
        return .failed(findings, credit: Double(evidence.count) / Double(jobs.count), evidence: evidence)
    }
}
