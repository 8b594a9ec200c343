/// A rule identifier such as `CI-003`: permanent, never reused.
public struct RuleID: Hashable, Codable, Sendable, Comparable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    /// Orders `CI-002` before `CI-010` (prefix, then number).
    public static func < (a: RuleID, b: RuleID) -> Bool {
        let (pa, na) = a.parts, (pb, nb) = b.parts
        return pa != pb ? pa < pb : (na != nb ? na < nb : a.rawValue < b.rawValue)
    }

    private var parts: (String, Int) {
        guard let dash = rawValue.lastIndex(of: "-"), let number = Int(rawValue[rawValue.index(after: dash)...]) else {
            return (rawValue, 0)
        }
        return (String(rawValue[..<dash]), number)
    }
}

/// How much a failing rule matters. Weights drive scoring (docs/scoring.md).
public enum Severity: String, Codable, Sendable, CaseIterable, Comparable {
    case critical, high, medium, low, info

    public var weight: Double {
        switch self {
        case .critical: 10
        case .high: 5
        case .medium: 3
        case .low: 1
        case .info: 0
        }
    }

    private var rank: Int { Severity.allCases.firstIndex(of: self)! }
    /// `critical > high > … > info`.
    public static func < (a: Severity, b: Severity) -> Bool { a.rank > b.rank }
}

/// The audit's chapters; every rule belongs to exactly one.
public enum Category: String, Codable, Sendable, CaseIterable, Comparable {
    case ci, containers, deploy, backups, security, observability, resilience, operations

    public var title: String {
        switch self {
        case .ci: "CI/CD"
        case .containers: "Containers"
        case .deploy: "Deployment"
        case .backups: "Backups & DR"
        case .security: "Security"
        case .observability: "Observability"
        case .resilience: "Resilience"
        case .operations: "Operations"
        }
    }

    /// The rule ID prefix used by the category (`CI`, `CTR`, …).
    public var idPrefix: String {
        switch self {
        case .ci: "CI"
        case .containers: "CTR"
        case .deploy: "DEP"
        case .backups: "BAK"
        case .security: "SEC"
        case .observability: "OBS"
        case .resilience: "RES"
        case .operations: "OPS"
        }
    }

    private var rank: Int { Category.allCases.firstIndex(of: self)! }
    public static func < (a: Category, b: Category) -> Bool { a.rank < b.rank }
}

/// How sure a heuristic is that a finding is real.
public enum Confidence: String, Codable, Sendable, CaseIterable {
    case high, medium, low
}

/// Maturity levels 1–4.
public enum MaturityLevel: Int, Codable, Sendable, CaseIterable, Comparable {
    case manual = 1, basicAutomation = 2, productionGrade = 3, enterpriseGrade = 4

    public var title: String {
        switch self {
        case .manual: "Manual"
        case .basicAutomation: "Basic automation"
        case .productionGrade: "Production-grade"
        case .enterpriseGrade: "Enterprise-grade"
        }
    }

    public static func < (a: MaturityLevel, b: MaturityLevel) -> Bool { a.rawValue < b.rawValue }
}
