import OpsAuditArtifacts
import OpsAuditModel

/// Checks that the log level comes from configuration rather than code.
struct LogLevelConfigurableRule: Rule {
    static let id: RuleID = "OBS-012"

    /// `LOG_LEVEL`, `LOGLEVEL`, `APP_LOG_LEVEL`, `RUST_LOG`, `LOGGING_LEVEL_ROOT`, `DJANGO_LOG_LEVEL`…
    static func isLogLevel(_ name: String) -> Bool {
        ASCIIText.contains(name, "log_level") || ASCIIText.contains(name, "loglevel") || ASCIIText.equals(name, "rust_log")
            || ASCIIText.hasPrefix(name, "logging_level") || ASCIIText.hasSuffix(name, "log_lvl")
    }

    func evaluate(_ repo: RepoModel) -> Outcome {
        let code = repo.applicationSourceSignals
        var evidence: [Evidence] = []
        for signals in code {
            for read in signals.envReads where Self.isLogLevel(read.value) {
                evidence.append(Evidence("code reads `\(read.value)`", at: read.location))
            }
        }
        for key in repo.envKeys(where: Self.isLogLevel) {
            evidence.append(Evidence("`\(key.value)` is set in `\(key.location.path)`", at: key.location))
        }
        guard evidence.isEmpty else { return .passed(evidence) }
        guard let logging = code.first(where: { $0.loggerCalls > 0 }) else {
            return .notApplicable("no logger calls found in application code")
        }
        guard repo.serviceEvidence != nil else { return .notApplicable(RepoModel.notAServiceReason) }
        return .failed(Finding(
            "the log level is not read from configuration (no `LOG_LEVEL`-style variable), so turning on debug logs during an incident takes a code change and a deploy",
            at: nil, related: [RelatedLocation("logger used", at: Location(path: logging.path, line: 1))], confidence: .medium))
    }
}
