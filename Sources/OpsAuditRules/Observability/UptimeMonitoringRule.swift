import OpsAuditArtifacts
import OpsAuditModel

/// Looks for external uptime monitoring kept as code.
struct UptimeMonitoringRule: Rule {
    static let id: RuleID = "OBS-008"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let monitors = repo.uptimeMonitors
        guard monitors.isEmpty else { return .passed(monitors) }
        guard !repo.applicationRoutes.isEmpty || repo.declaresNetworkService else {
            return .notApplicable("no network service found to monitor")
        }
        return .failed(Finding(
            "no external uptime check as code (Upptime, Checkly, Gatus, a monitoring Terraform provider, a scheduled probe of the public URL), so an outage is noticed when users report it",
            at: nil, confidence: .medium))
    }
}
