import Foundation
import OpsAuditModel

/// The CI quality gate: conditions on a finished report. The exit code follows `GateResult.passed`.
public struct Gate: Sendable, Equatable {
    /// Fails when the overall score is below this.
    public var failUnder: Double?

    public init(failUnder: Double? = nil) {
        self.failUnder = failUnder
    }

    public var isEmpty: Bool { failUnder == nil }

    /// Evaluates every condition and names each one that failed, with the numbers.
    public func evaluate(_ report: Report) -> GateResult {
        var failures: [String] = []
        if let threshold = failUnder {
            let score = report.summary.overallScore ?? 0
            if score < threshold {
                let shown = report.summary.overallScore.map { String(format: "%.1f", $0) } ?? "n/a"
                failures.append("overall score \(shown) is below --fail-under \(String(format: "%.1f", threshold)) (short by \(String(format: "%.1f", threshold - score)))")
            }
        }
        return GateResult(passed: failures.isEmpty, failures: failures)
    }
}
