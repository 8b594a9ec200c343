import OpsAuditArtifacts
import OpsAuditModel

/// Measures the share of raw console printing among the logging calls of server code.
struct ConsoleLoggingRatioRule: Rule {
    static let id: RuleID = "OBS-003"

    /// Up to this share of console calls passes: a few prints in startup code are harmless.
    static let tolerated = 0.2
    /// Fewer logging calls than this say too little to grade.
    static let minimumCalls = 5

    func evaluate(_ repo: RepoModel) -> Outcome {
        guard !repo.applicationRoutes.isEmpty else { return .notApplicable("no HTTP server found in application code") }
        // Scripts and tools print by design; only the server's own code is graded.
        let files = repo.applicationSourceSignals.filter { signals in
            !signals.path.lowercased().split(separator: "/").contains { ["scripts", "script", "bin", "tools", "cli", "migrations"].contains($0) }
        }
        let logger = files.reduce(0) { $0 + $1.loggerCalls }
        let console = files.reduce(0) { $0 + $1.consoleCalls }
        guard logger + console >= Self.minimumCalls else {
            return .notApplicable("fewer than \(Self.minimumCalls) logging calls in server code")
        }
        let share = Double(console) / Double(logger + console)
        let percent = Int((share * 100).rounded())
        guard share > Self.tolerated else {
            return .passed([Evidence("\(logger) logger calls and \(console) console calls (\(percent)% console) in server code", at: nil)])
        }
        let worst = files.filter { $0.consoleCalls > 0 }
            .sorted { ($0.consoleCalls, $1.path) > ($1.consoleCalls, $0.path) }
            .prefix(5)
        let listed = worst.map { "`\($0.path)` (\($0.consoleCalls))" }.joined(separator: ", ")
        let first = worst.first
        let finding = Finding(
            "\(percent)% of logging calls in server code print to the console (\(console) of \(logger + console)), worst: \(listed); console output has no level, no fields and no way to turn it down",
            at: first?.firstConsoleCall ?? first.map { Location(path: $0.path, line: 1) },
            related: worst.dropFirst().compactMap { signals in
                signals.firstConsoleCall.map { RelatedLocation("\(signals.consoleCalls) console calls", at: $0) }
            },
            confidence: .medium)
        return .failed([finding], credit: 1 - share)
    }
}
