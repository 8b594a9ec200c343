import OpsAuditArtifacts
import OpsAuditModel

/// Looks for alert rules or failure notifications kept as code.
struct AlertingConfiguredRule: Rule {
    static let id: RuleID = "OBS-009"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let alerts = repo.alertingConfiguration
        guard alerts.isEmpty else { return .passed(alerts) }
        guard !repo.applicationRoutes.isEmpty || repo.declaresNetworkService || !repo.ciCommands.isEmpty else {
            return .notApplicable("no service or pipeline found to alert on")
        }
        return .failed(Finding(
            "no alerting as code (Prometheus rules, Grafana alerting, Datadog/CloudWatch monitors, PagerDuty/Opsgenie routing) and no CI or deploy step that notifies on failure, so failures wait for someone to look",
            at: nil, confidence: .medium))
    }
}
