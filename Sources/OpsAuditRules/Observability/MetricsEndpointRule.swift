import OpsAuditArtifacts
import OpsAuditModel

/// Looks for application metrics: a metrics library, a `/metrics` route or scrape configuration.
struct MetricsEndpointRule: Rule {
    static let id: RuleID = "OBS-007"

    static let packages = [
        "prom-client", "express-prom-bundle", "@opentelemetry/sdk-metrics", "hot-shots", "node-statsd", "statsd",
        "prometheus-client", "prometheus-fastapi-instrumentator", "django-prometheus", "starlette-exporter", "datadog",
        "opentelemetry-exporter-prometheus", "github.com/prometheus/client_golang", "go.opentelemetry.io/otel/sdk/metric",
        "github.com/DataDog/datadog-go*", "prometheus_exporter", "prometheus-client-mmap", "yabeda*",
        "io.micrometer:*", "prometheus-net*", "OpenTelemetry.Exporter.Prometheus*", "App.Metrics*",
        "promphp/prometheus_client_php", "metrics-exporter-prometheus", "prometheus",
    ]
    static let modules: Set<String> = ["hot-shots", "node-statsd", "statsd", "@opentelemetry/sdk-metrics", "opentelemetry-metrics", "micrometer", "metrics"]

    func evaluate(_ repo: RepoModel) -> Outcome {
        guard repo.hasApplicationCode else { return .notApplicable("no application code or package manifest") }
        var evidence = repo.libraryUses(packages: Self.packages, modules: Self.modules).map {
            Evidence("metrics library `\($0.name)` \($0.isDependency ? "is a dependency" : "is imported")", at: $0.location)
        }
        for signals in repo.applicationSourceSignals {
            if let sdk = signals.sdks.first(where: { $0.value == .prometheus }) {
                evidence.append(Evidence("Prometheus client used in `\(signals.path)`", at: sdk.location))
            }
        }
        for route in repo.applicationRoutes where route.route.path.value.hasSuffix("/metrics") || route.route.path.value == "metrics" {
            evidence.append(Evidence("metrics route `\(route.route.path.value)`", at: route.route.path.location))
        }
        for object in repo.kubernetesObjects where object.kind.value == "ServiceMonitor" || object.kind.value == "PodMonitor" {
            evidence.append(Evidence("Prometheus Operator `\(object.kind.value)` scrapes the service", at: object.location))
        }
        guard evidence.isEmpty else { return .passed(evidence) }
        guard repo.serviceEvidence != nil else { return .notApplicable(RepoModel.notAServiceReason) }
        return .failed(Finding(
            "no metrics library or `/metrics` endpoint (prom-client, prometheus_client, Micrometer, OpenTelemetry metrics, StatsD): request rates, errors and latencies cannot be graphed or alerted on",
            at: nil))
    }
}
