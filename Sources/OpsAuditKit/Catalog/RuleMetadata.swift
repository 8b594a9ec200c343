import Foundation
import OpsAuditModel
import Yams

/// Everything a person reads about a rule, decoded from its YAML file in `rules/<category>/`.
public struct RuleMetadata: Sendable, Equatable, Decodable {
    public var id: RuleID
    public var name: String
    /// Former names that still select the rule (renamed rules keep their old name).
    public var aliases: [String]
    public var title: String
    public var category: Category
    public var severity: Severity
    /// The maturity level the rule is required for, 1–4.
    public var level: Int
    /// Typical time to fix, as written (`30m`, `2h`, `1d`, `1w`).
    public var effort: String
    public var appliesTo: [String]
    public var rationale: String
    public var remediation: String
    public var references: [String]
    public var examples: RuleExamples
    /// The YAML file the rule was read from, relative to the package root.
    public var sourcePath: String = ""

    /// The keys a rule file may have; anything else is a catalog error (a typo would silently drop text).
    public static let allowedKeys: Set<String> = [
        "id", "name", "aliases", "title", "category", "severity", "level", "effort", "applies_to", "rationale",
        "remediation", "references", "examples",
    ]

    enum CodingKeys: String, CodingKey {
        case id, name, aliases, title, category, severity, level, effort, rationale, remediation, references, examples
        case appliesTo = "applies_to"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(RuleID.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        aliases = try c.decodeIfPresent([String].self, forKey: .aliases) ?? []
        title = try c.decode(String.self, forKey: .title)
        category = try c.decode(Category.self, forKey: .category)
        severity = try c.decode(Severity.self, forKey: .severity)
        level = try c.decode(Int.self, forKey: .level)
        effort = try c.decode(String.self, forKey: .effort)
        appliesTo = try c.decodeIfPresent([String].self, forKey: .appliesTo) ?? []
        rationale = try c.decode(String.self, forKey: .rationale).trimmingTrailingWhitespace
        remediation = try c.decode(String.self, forKey: .remediation).trimmingTrailingWhitespace
        references = try c.decodeIfPresent([String].self, forKey: .references) ?? []
        examples = try c.decode(RuleExamples.self, forKey: .examples)
    }

    /// A rule defined outside the catalog (custom declarative rules): no aliases, no examples.
    public init(id: RuleID, name: String, title: String, category: Category, severity: Severity, level: Int,
                effort: String, rationale: String, remediation: String, references: [String], sourcePath: String) {
        self.id = id
        self.name = name
        self.aliases = []
        self.title = title
        self.category = category
        self.severity = severity
        self.level = level
        self.effort = effort
        self.appliesTo = []
        self.rationale = rationale
        self.remediation = remediation
        self.references = references
        self.examples = RuleExamples(fail: [], pass: [])
        self.sourcePath = sourcePath
    }

    /// `effort` in minutes (a day is 8 hours, a week 5 days); nil when it cannot be read.
    public var effortMinutes: Int? { Effort.minutes(effort) }
}

/// A rule's examples: each is a small repository given as a file map. They are the rule's
/// documentation and its first tests.
public struct RuleExamples: Sendable, Equatable, Decodable {
    public var fail: [RuleExample]
    public var pass: [RuleExample]
}

/// One example repository and, for failing ones, where each finding must point.
public struct RuleExample: Sendable, Equatable, Decodable {
    /// Repo-relative path → content.
    public var files: [String: String]
    /// `path:line` of every expected finding (fail examples).
    public var expect: [String]
    /// What the example shows, for the docs.
    public var note: String?
    /// Files in `files` that are untracked (git-aware rules such as committed env files).
    public var untracked: [String]
    /// Earlier commits of the example repository, oldest first, each a file map: rules about git
    /// history (SEC-012) read them as the history scan would.
    public var history: [[String: String]]
    /// Variants of the example test to skip, each with the reason (`crlf`, `bom`, `comment`, `suppression`).
    public var skipVariants: [String: String]

    enum CodingKeys: String, CodingKey {
        case files, expect, note, untracked, history
        case skipVariants = "skip_variants"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        files = try c.decode([String: String].self, forKey: .files)
        expect = try c.decodeIfPresent([String].self, forKey: .expect) ?? []
        note = try c.decodeIfPresent(String.self, forKey: .note)
        untracked = try c.decodeIfPresent([String].self, forKey: .untracked) ?? []
        history = try c.decodeIfPresent([[String: String]].self, forKey: .history) ?? []
        skipVariants = try c.decodeIfPresent([String: String].self, forKey: .skipVariants) ?? [:]
    }
}

/// Reading and writing the effort notation of the catalog (`30m`, `2h`, `1d`, `1w`).
public enum Effort {
    public static func minutes(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let unit = trimmed.last, let number = Double(trimmed.dropLast()), number > 0 else { return nil }
        switch unit {
        case "m": return Int(number)
        case "h": return Int(number * 60)
        case "d": return Int(number * 8 * 60)
        case "w": return Int(number * 5 * 8 * 60)
        default: return nil
        }
    }

    /// Minutes written back in the largest unit that reads well: `45m`, `2.5h`, `3d`, `2w`.
    public static func format(minutes: Int) -> String {
        if minutes < 60 { return "\(minutes)m" }
        let hours = Double(minutes) / 60
        if hours < 8 { return trim(hours) + "h" }
        let days = hours / 8
        if days < 5 { return trim(days) + "d" }
        return trim(days / 5) + "w"
    }

    private static func trim(_ value: Double) -> String {
        let rounded = (value * 2).rounded() / 2
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}

extension String {
    var trimmingTrailingWhitespace: String {
        var s = self
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return s
    }
}
