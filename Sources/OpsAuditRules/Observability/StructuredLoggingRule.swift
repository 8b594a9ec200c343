import OpsAuditArtifacts
import OpsAuditModel

/// Looks for a structured (JSON) logger among the dependencies or imports.
struct StructuredLoggingRule: Rule {
    static let id: RuleID = "OBS-002"

    static let packages = [
        "pino", "winston", "bunyan", "pino-http", "nestjs-pino", "roarr",
        "structlog", "python-json-logger", "json-log-formatter",
        "go.uber.org/zap", "github.com/rs/zerolog", "github.com/sirupsen/logrus",
        "lograge", "semantic_logger", "rails_semantic_logger", "ougai",
        "net.logstash.logback:logstash-logback-encoder", "Serilog*", "monolog/monolog", "tracing-subscriber",
    ]
    static let modules: Set<String> = ["pino", "winston", "bunyan", "pino-http", "nestjs-pino", "roarr", "structlog",
                                       "python-json-logger", "json_log_formatter", "zap", "zerolog", "logrus", "slog",
                                       "lograge", "semantic_logger", "logstash-logback-encoder", "serilog", "tracing-subscriber"]

    func evaluate(_ repo: RepoModel) -> Outcome {
        guard repo.hasApplicationCode else { return .notApplicable("no application code or package manifest") }
        let uses = repo.libraryUses(packages: Self.packages, modules: Self.modules)
        guard uses.isEmpty else {
            return .passed(uses.map { Evidence("structured logger `\($0.name)` \($0.isDependency ? "is a dependency" : "is imported")", at: $0.location) })
        }
        guard repo.serviceEvidence != nil else { return .notApplicable(RepoModel.notAServiceReason) }
        return .failed(Finding(
            "no structured logger (pino, winston, structlog, zap, zerolog, slog, Serilog, lograge…): plain-text logs cannot be filtered by field, so incidents are investigated with grep",
            at: nil))
    }
}
