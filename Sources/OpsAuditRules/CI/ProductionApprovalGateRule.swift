import OpsAuditArtifacts
import OpsAuditModel

/// Finds production deploy jobs with no `environment:` (where approvals live) and no manual start.
struct ProductionApprovalGateRule: Rule {
    static let id: RuleID = "CI-013"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let jobs = repo.ciDeployJobs.filter { [.githubActions, .gitlab].contains($0.system) && !$0.isNonProduction }
        guard !jobs.isEmpty else { return .notApplicable("no GitHub Actions or GitLab CI job deploys to production") }
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        for job in jobs {
            if let environment = job.environment {
                evidence.append(Evidence("job `\(job.job.value)` deploys through environment `\(environment.value)`", at: environment.location))
            } else if let manual = job.manualGate {
                evidence.append(Evidence("job `\(job.job.value)` deploys only when someone starts it (`when: manual`)", at: manual))
            } else {
                let fix = job.system == .gitlab ? "`environment:` or `when: manual`" : "`environment:`"
                findings.append(Finding(
                    "job `\(job.job.value)` deploys to production (`\(job.primary.text)`) without \(fix), so no approval or protection rule can stop it",
                    at: job.job.location, related: [RelatedLocation("deploys here", at: job.primary.location)]))
            }
        }
        guard !findings.isEmpty else { return .passed(evidence) }
        return .failed(findings, credit: Double(evidence.count) / Double(jobs.count), evidence: evidence)
    }
}
