import Foundation
import OpsAuditModel

/// The CI quality gate: conditions on a finished report. The exit code follows `GateResult.passed`.
///
/// Suppressed findings never count; with `--new-only` the engine has already turned baselined
/// findings into suppressed ones, so every condition sees only new findings.
public struct Gate: Sendable, Equatable {
    /// Fails when the overall score is below this.
    public var failUnder: Double?
    /// Fails when any unsuppressed, non-baselined finding has this severity or a higher one.
    public var failOn: Severity?
    /// Fails when a category's score is below its minimum (an n/a category does not fail).
    public var minCategory: [Category: Double]
    /// Fails when the maturity level is below this.
    public var minLevel: Int?

    public init(failUnder: Double? = nil, failOn: Severity? = nil, minCategory: [Category: Double] = [:], minLevel: Int? = nil) {
        self.failUnder = failUnder
        self.failOn = failOn
        self.minCategory = minCategory
        self.minLevel = minLevel
    }

    public var isEmpty: Bool { failUnder == nil && failOn == nil && minCategory.isEmpty && minLevel == nil }

    /// Evaluates every condition and names each one that failed, with the numbers.
    public func evaluate(_ report: Report) -> GateResult {
        var conditions: [GateCondition] = []
        if let threshold = failUnder {
            let score = report.summary.overallScore ?? 0
            let shown = report.summary.overallScore.map(Self.decimal) ?? "n/a"
            let passed = score >= threshold
            conditions.append(GateCondition(
                condition: "--fail-under", passed: passed, actual: score, required: threshold,
                shortfall: passed ? 0 : Self.round(threshold - score),
                message: passed
                    ? "overall score \(shown) meets --fail-under \(Self.decimal(threshold))"
                    : "overall score \(shown) is below --fail-under \(Self.decimal(threshold)) (short by \(Self.decimal(threshold - score)))"))
        }
        if let severity = failOn {
            let counted = report.findings.filter { $0.suppression == nil && $0.baseline != .known && $0.severity >= severity }
            let passed = counted.isEmpty
            var message = "no unsuppressed \(severity.rawValue)-or-higher finding (--fail-on \(severity.rawValue))"
            if !passed {
                var bySeverity: [Severity: Int] = [:]
                for finding in counted { bySeverity[finding.severity, default: 0] += 1 }
                let counts = Severity.allCases.compactMap { s in bySeverity[s].map { "\($0) \(s.rawValue)" } }.joined(separator: ", ")
                let places = counted.prefix(3).map { "\($0.ruleID) at \($0.location?.description ?? "repository")" }.joined(separator: ", ")
                let more = counted.count > 3 ? ", …" : ""
                message = "\(counted.count) finding\(counted.count == 1 ? "" : "s") at or above --fail-on \(severity.rawValue) (\(counts)): \(places)\(more)"
            }
            conditions.append(GateCondition(condition: "--fail-on", passed: passed, actual: Double(counted.count), required: 0,
                                            shortfall: Double(counted.count), message: message))
        }
        for category in Category.allCases {
            guard let threshold = minCategory[category] else { continue }
            let result = report.categories.first { $0.id == category }
            let name = "--min-category \(category.rawValue)=\(Self.decimal(threshold))"
            guard let score = result?.score else {
                conditions.append(GateCondition(condition: name, passed: true, actual: 0, required: threshold, shortfall: 0,
                                                message: "\(category.title) is n/a (no rule applies), so \(name) does not apply"))
                continue
            }
            let passed = score >= threshold
            conditions.append(GateCondition(
                condition: name, passed: passed, actual: score, required: threshold,
                shortfall: passed ? 0 : Self.round(threshold - score),
                message: passed
                    ? "\(category.title) score \(Self.decimal(score)) meets \(name)"
                    : "\(category.title) score \(Self.decimal(score)) is below \(name) (short by \(Self.decimal(threshold - score)))"))
        }
        if let level = minLevel {
            let actual = report.summary.level
            let passed = actual >= level
            var message = "maturity level \(actual) meets --min-level \(level)"
            if !passed {
                let blocking = report.summary.nextLevel?.blockingRules.map(\.rawValue).joined(separator: ", ") ?? ""
                message = "maturity level \(actual) is below --min-level \(level) (short by \(level - actual) level\(level - actual == 1 ? "" : "s")"
                    + (blocking.isEmpty ? ")" : "; level \(actual + 1) is blocked by \(blocking))")
            }
            conditions.append(GateCondition(condition: "--min-level", passed: passed, actual: Double(actual), required: Double(level),
                                            shortfall: passed ? 0 : Double(level - actual), message: message))
        }
        let failures = conditions.filter { !$0.passed }.map(\.message)
        return GateResult(passed: failures.isEmpty, failures: failures, conditions: conditions)
    }

    /// One decimal, as the gate's messages print numbers.
    public static func decimal(_ value: Double) -> String { String(format: "%.1f", (value * 10).rounded() / 10) }
    static func round(_ value: Double) -> Double { (value * 10).rounded() / 10 }
}
