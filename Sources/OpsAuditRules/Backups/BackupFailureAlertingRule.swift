import OpsAuditArtifacts
import OpsAuditModel

/// Checks that a failing backup job notifies someone.
struct BackupFailureAlertingRule: Rule {
    static let id: RuleID = "BAK-005"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let jobs: [BackupJob]
        switch BackupPremise.jobs(repo, managedMeans: "backups are run and monitored by the provider") {
        case let .success(found): jobs = found
        case let .failure(why): return .notApplicable(why.reason)
        }
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        for job in jobs {
            if let alert = Self.alert(for: job) {
                evidence.append(alert)
            } else {
                findings.append(Finding(
                    "the backup job `\(job.backup.text)` (\(job.task.origin)) fails silently: nobody learns that backups stopped until a restore is needed",
                    at: job.task.schedule.location))
            }
        }
        return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
    }

    /// A monitor ping in the job, or (GitHub) a step that runs on failure.
    static func alert(for job: BackupJob) -> Evidence? {
        if let ping = job.commands.first(where: BackupStep.isMonitorPing) {
            return Evidence("`\(ping.text)` reports the job to a monitor", at: ping.location)
        }
        for workflowJob in job.workflow?.jobs ?? [] {
            for step in workflowJob.steps {
                guard let condition = step.condition, condition.value.contains("failure()") else { continue }
                return Evidence("step `\(step.label)` runs when the backup job fails", at: condition.location)
            }
        }
        return nil
    }
}
