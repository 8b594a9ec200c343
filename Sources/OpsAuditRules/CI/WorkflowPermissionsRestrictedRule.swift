import OpsAuditArtifacts
import OpsAuditModel

/// Finds workflows whose `GITHUB_TOKEN` gets the repository default (no `permissions` at the top
/// or on every job) or `write-all`.
struct WorkflowPermissionsRestrictedRule: Rule {
    static let id: RuleID = "CI-008"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let workflows = repo.workflows.filter { !$0.jobs.isEmpty }
        guard !workflows.isEmpty else { return .notApplicable("no GitHub Actions workflow") }
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        var restricted = 0
        for workflow in workflows {
            let before = findings.count
            if let top = workflow.permissions, case .writeAll = top.kind {
                findings.append(Finding("`\(workflow.path)` grants `permissions: write-all`, so any step it runs can push code, publish releases and edit issues with its token", at: top.location))
            }
            for job in workflow.jobs {
                if let own = job.permissions, case .writeAll = own.kind {
                    findings.append(Finding("job `\(job.id.value)` grants `permissions: write-all`, so any step it runs can push code and publish releases with its token", at: own.location))
                }
            }
            let unset = workflow.permissions == nil ? workflow.jobs.filter { $0.permissions == nil } : []
            if let first = unset.first {
                findings.append(Finding(
                    "job `\(first.id.value)` runs with no `permissions` at the workflow's top or on the job, so its `GITHUB_TOKEN` gets the repository default, which may be read-write on everything",
                    at: first.id.location,
                    related: unset.dropFirst().map { RelatedLocation("job `\($0.id.value)` sets none either", at: $0.id.location) }))
            }
            guard findings.count == before else { continue }
            restricted += 1
            evidence.append(workflow.permissions.map {
                Evidence("`\(workflow.path)` sets `permissions` for the whole workflow", at: $0.location)
            } ?? Evidence("every job of `\(workflow.path)` sets its own `permissions`", at: workflow.jobs.first?.permissions?.location))
        }
        guard !findings.isEmpty else { return .passed(evidence) }
        return .failed(findings, credit: Double(restricted) / Double(workflows.count), evidence: evidence)
    }
}
