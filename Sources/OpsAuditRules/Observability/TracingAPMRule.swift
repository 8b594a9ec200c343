import OpsAuditArtifacts
import OpsAuditModel

/// Looks for a tracing SDK or APM agent among the dependencies, imports or start commands.
struct TracingAPMRule: Rule {
    static let id: RuleID = "OBS-010"

    static let packages = [
        "@opentelemetry/sdk-node", "@opentelemetry/sdk-trace-*", "@opentelemetry/auto-instrumentations-node", "dd-trace",
        "newrelic", "elastic-apm-node", "@google-cloud/trace-agent", "aws-xray-sdk*",
        "opentelemetry-sdk", "opentelemetry-instrumentation*", "opentelemetry-distro", "ddtrace", "elastic-apm", "scout-apm",
        "go.opentelemetry.io/otel/sdk", "gopkg.in/DataDog/dd-trace-go.v1", "github.com/DataDog/dd-trace-go*", "go.elastic.co/apm*",
        "github.com/newrelic/go-agent*", "newrelic_rpm", "skylight", "appsignal", "opentelemetry-instrumentation-all",
        "io.opentelemetry:*", "io.opentelemetry.instrumentation:*", "OpenTelemetry.Extensions.Hosting", "OpenTelemetry.Instrumentation.*",
        "Elastic.Apm*", "opentelemetry-otlp", "tracing-opentelemetry",
    ]
    static let modules: Set<String> = ["@opentelemetry/sdk-node", "@opentelemetry/sdk-trace-node", "@opentelemetry/sdk-trace-base",
                                       "@opentelemetry/auto-instrumentations-node", "dd-trace", "newrelic", "elastic-apm-node",
                                       "opentelemetry-tracing", "ddtrace", "elastic-apm", "dd-trace-go"]
    /// Start commands that load an agent without a code change.
    static let launchers = ["ddtrace-run", "newrelic-admin", "opentelemetry-instrument", "dd-trace/init", "-javaagent"]

    func evaluate(_ repo: RepoModel) -> Outcome {
        guard repo.hasApplicationCode else { return .notApplicable("no application code or package manifest") }
        var evidence = repo.libraryUses(packages: Self.packages, modules: Self.modules).map {
            Evidence("tracing/APM `\($0.name)` \($0.isDependency ? "is a dependency" : "is imported")", at: $0.location)
        }
        for dockerfile in repo.productionDockerfiles {
            guard let stage = dockerfile.shippedStage else { continue }
            let (entrypoint, cmd) = dockerfile.startCommand(of: stage)
            for instruction in [entrypoint, cmd].compactMap({ $0 }) {
                if let launcher = Self.launchers.first(where: { instruction.arguments.contains($0) }) {
                    evidence.append(Evidence("the image starts under `\(launcher)`", at: instruction.location))
                }
            }
        }
        guard evidence.isEmpty else { return .passed(evidence) }
        guard repo.serviceEvidence != nil else { return .notApplicable(RepoModel.notAServiceReason) }
        return .failed(Finding(
            "no tracing or APM agent (OpenTelemetry, dd-trace, New Relic, Elastic APM): a slow request cannot be followed across services and queries, so latency incidents are guesswork",
            at: nil))
    }
}
