/// A second place a finding or evidence refers to, with a short label ("declared here").
public struct RelatedLocation: Hashable, Codable, Sendable {
    public var label: String
    public var location: Location

    public init(_ label: String, at location: Location) {
        self.label = label
        self.location = location
    }
}

/// One problem a rule found: what, why it matters here, and where.
///
/// Severity is not here: it comes from the catalog and policy. The rule ID, fingerprint,
/// snippet and suppression state are stamped by the engine.
public struct Finding: Hashable, Codable, Sendable {
    public var message: String
    public var location: Location?
    public var related: [RelatedLocation]
    public var confidence: Confidence
    /// Redacted text shown with the finding; when nil the engine takes the source line.
    public var snippet: String?
    /// What identifies this finding across line moves; defaults to the normalized snippet.
    public var fingerprintKey: String?

    public init(
        _ message: String,
        at location: Location?,
        related: [RelatedLocation] = [],
        confidence: Confidence = .high,
        snippet: String? = nil,
        fingerprintKey: String? = nil
    ) {
        self.message = message
        self.location = location
        self.related = related
        self.confidence = confidence
        self.snippet = snippet
        self.fingerprintKey = fingerprintKey
    }
}

/// What a passing rule saw, with proof: the way an auditor lists strengths.
public struct Evidence: Hashable, Codable, Sendable {
    public var message: String
    public var location: Location?

    public init(_ message: String, at location: Location? = nil) {
        self.message = message
        self.location = location
    }
}

/// The verdict of one rule on one repository.
public struct Outcome: Hashable, Codable, Sendable {
    public enum Status: String, Codable, Sendable {
        case passed, failed
        case notApplicable = "not_applicable"
    }

    public var status: Status
    /// Share of the rule's weight earned, 0...1 (1 passed, 0 failed, in between for graded rules).
    public var credit: Double
    public var findings: [Finding]
    public var evidence: [Evidence]
    /// Why the rule does not apply.
    public var reason: String?

    public init(status: Status, credit: Double, findings: [Finding] = [], evidence: [Evidence] = [], reason: String? = nil) {
        self.status = status
        self.credit = min(1, max(0, credit))
        self.findings = findings
        self.evidence = evidence
        self.reason = reason
    }

    public static func notApplicable(_ reason: String) -> Outcome {
        Outcome(status: .notApplicable, credit: 0, reason: reason)
    }

    public static func passed(_ evidence: [Evidence]) -> Outcome {
        Outcome(status: .passed, credit: 1, evidence: evidence)
    }

    public static func passed(_ evidence: Evidence) -> Outcome { .passed([evidence]) }

    /// Failed; `credit` > 0 for graded rules that are partly satisfied. Evidence lists what was right.
    public static func failed(_ findings: [Finding], credit: Double = 0, evidence: [Evidence] = []) -> Outcome {
        Outcome(status: .failed, credit: credit, findings: findings, evidence: evidence)
    }

    public static func failed(_ finding: Finding) -> Outcome { .failed([finding]) }
}
