import OpsAuditArtifacts
import OpsAuditModel

/// Checks that the database client's pool size is configured.
struct DBConnectionPoolingRule: Rule {
    static let id: RuleID = "RES-005"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let code = repo.applicationSourceSignals
        let sqlClients = code.flatMap(\.databaseClients).filter { $0.value != .redis }
        guard let client = sqlClients.first else { return .notApplicable("no database client found in application code") }
        var evidence: [Evidence] = []
        for signals in code {
            evidence += signals.poolSettings.map { Evidence("connection pool sized in `\(signals.path)`", at: $0) }
            evidence += signals.envReads.filter { $0.value.uppercased().contains("POOL") }
                .map { Evidence("pool size read from `\($0.value)`", at: $0.location) }
        }
        evidence += repo.envKeys { $0.uppercased().contains("POOL") }.map { Evidence("`\($0.value)` configures the pool", at: $0.location) }
        guard evidence.isEmpty else { return .passed(evidence) }
        return .failed(Finding(
            "the \(client.value.rawValue) client's connection pool size is never set, so the driver default decides how many connections each instance opens: too few queue requests, too many exhaust the database's limit when instances scale out",
            at: client.location, confidence: .medium))
    }
}
