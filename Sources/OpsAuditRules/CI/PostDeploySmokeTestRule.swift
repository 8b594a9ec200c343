import OpsAuditArtifacts
import OpsAuditModel

/// Finds CI deploy jobs after which nothing checks that the deployed service answers.
struct PostDeploySmokeTestRule: Rule {
    static let id: RuleID = "CI-014"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let jobs = repo.ciDeployJobs
        guard !jobs.isEmpty else { return .notApplicable("no CI job deploys") }
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        for job in jobs {
            let last = job.deploys[job.deploys.count - 1]
            if let check = repo.ciPostDeployChecks(job).first {
                evidence.append(Evidence("`\(check.value)` checks the service after job `\(job.job.value)` deploys", at: check.location))
            } else {
                findings.append(Finding(
                    "nothing checks the service after job `\(job.job.value)` deploys (`\(last.text)`), so a release that fails to start is found by users",
                    at: last.location, related: [RelatedLocation("deploy job", at: job.job.location)]))
            }
        }
        guard !findings.isEmpty else { return .passed(evidence) }
        return .failed(findings, credit: Double(evidence.count) / Double(jobs.count), evidence: evidence)
    }
}
