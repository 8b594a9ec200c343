import OpsAuditArtifacts
import OpsAuditModel

/// Finds CI deploys that can run without the tests having passed first.
struct DeployGatedOnTestsRule: Rule {
    static let id: RuleID = "CI-010"

    func evaluate(_ repo: RepoModel) -> Outcome {
        // Previews and staging exist to try a change before it is trusted; production must wait.
        let jobs = repo.ciDeployJobs.filter { !$0.isNonProduction }
        guard !jobs.isEmpty else { return .notApplicable("no CI job deploys to production") }
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        for job in jobs {
            // The job's main deploy must wait; the others in the job wait with it.
            let deploy = job.primary
            let gate = repo.ciDeployGate(deploy)
            if let test = gate.tests.first {
                evidence.append(Evidence("`\(deploy.text)` in job `\(job.job.value)` runs after `\(test.text)` passes", at: deploy.location))
            } else if let (test, neutralizer) = gate.neutralised.first {
                findings.append(Finding(
                    "job `\(job.job.value)` deploys (`\(deploy.text)`) after tests whose failure is swallowed (\(neutralizer.how)), so failing code still ships",
                    at: deploy.location,
                    related: [RelatedLocation("failure swallowed here", at: neutralizer.location), RelatedLocation("test", at: test.location)]))
            } else {
                findings.append(Finding(
                    "job `\(job.job.value)` deploys (`\(deploy.text)`) without waiting for a test run, so a broken commit reaches users",
                    at: deploy.location, related: [RelatedLocation("deploy job", at: job.job.location)]))
            }
        }
        guard !findings.isEmpty else { return .passed(evidence) }
        return .failed(findings, credit: Double(evidence.count) / Double(jobs.count), evidence: evidence)
    }
}
