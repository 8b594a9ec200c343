import OpsAuditModel

/// The scoring model (docs/scoring.md): pure functions from rule verdicts to category scores, an
/// overall score and a maturity level.
public enum Scoring {
    /// The score of a failing critical rule's category is capped here.
    public static let criticalCap = 4.0

    /// What scoring needs of one rule's verdict.
    public struct Verdict: Sendable, Equatable {
        public var rule: RuleID
        public var category: Category
        public var severity: Severity
        public var level: Int
        public var status: Outcome.Status
        public var credit: Double

        public init(rule: RuleID, category: Category, severity: Severity, level: Int, status: Outcome.Status, credit: Double) {
            self.rule = rule
            self.category = category
            self.severity = severity
            self.level = level
            self.status = status
            self.credit = credit
        }

        /// Counts for scores and levels: applicable and weighted (info rules never count).
        var counts: Bool { status != .notApplicable && severity.weight > 0 }
    }

    /// Category score 0–10 (unrounded) and whether the critical cap applied; nil score when no
    /// weighted rule of the category applies.
    public static func categoryScore(_ verdicts: [Verdict]) -> (score: Double?, capped: Bool) {
        let counted = verdicts.filter(\.counts)
        let total = counted.reduce(0) { $0 + $1.severity.weight }
        guard total > 0 else { return (nil, false) }
        let earned = counted.reduce(0) { $0 + $1.severity.weight * $1.credit }
        var score = 10 * earned / total
        let criticalFailed = counted.contains { $0.severity == .critical && $0.status == .failed }
        var capped = false
        if criticalFailed, score > criticalCap {
            score = criticalCap
            capped = true
        }
        return (score, capped)
    }

    /// Weighted mean of the applicable category scores (weights default to 1).
    public static func overall(_ scores: [Category: Double], weights: [Category: Double] = [:]) -> Double? {
        var sum = 0.0, weightSum = 0.0
        // In category order: floating-point sums depend on order, and a Dictionary's order
        // differs between instances, which flipped rounded roadmap gains (1.2 vs 1.3) run to run.
        for (category, score) in scores.sorted(by: { $0.key < $1.key }) {
            let weight = weights[category] ?? 1
            sum += weight * score
            weightSum += weight
        }
        return weightSum > 0 ? sum / weightSum : nil
    }

    /// Overall score from verdicts (unrounded): category scores, then their weighted mean.
    public static func overall(_ verdicts: [Verdict], weights: [Category: Double] = [:]) -> Double? {
        var scores: [Category: Double] = [:]
        for (category, group) in Dictionary(grouping: verdicts, by: \.category) {
            if let score = categoryScore(group).score { scores[category] = score }
        }
        return overall(scores, weights: weights)
    }

    /// The highest level N in 1...4 such that every counted rule with `level ≤ N` passes; 1 is the
    /// floor (a repository missing level-1 practices is still at "Manual").
    public static func level(_ verdicts: [Verdict]) -> Int {
        var reached = 1
        for candidate in 1...4 {
            let blocking = verdicts.contains { $0.counts && $0.level <= candidate && $0.status != .passed }
            if blocking { break }
            reached = candidate
        }
        return reached
    }

    /// Rounds a score to one decimal for display and comparison with gate thresholds.
    public static func rounded(_ value: Double) -> Double { (value * 10).rounded() / 10 }
}
