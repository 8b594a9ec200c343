import Foundation
import OpsAuditArtifacts
import OpsAuditModel

/// The typed content of `.opsaudit.yml`: what the team decided about scanning, rules, categories,
/// the gate and reports. Every value keeps where it was written so problems cite `file:line`.
public struct Configuration: Sendable {
    /// Path globs (gitignore syntax) of files never read.
    public var exclude: [Located<String>] = []
    /// Per-rule policy, in file order, keyed as written (ID or name) until resolved on a catalog.
    public var rules: [RuleEntry] = []
    /// Per-category weight and switch.
    public var categories: [Category: CategoryPolicy] = [:]
    public var gate = GatePolicy()
    /// Directories of declarative custom rules, relative to the configuration file.
    public var customRules: [Located<String>] = []
    public var report = ReportOptions()

    public init() {}

    /// One entry of `rules:`.
    public struct RuleEntry: Sendable {
        /// The rule ID or name as written.
        public var key: Located<String>
        public var enabled: Bool?
        public var severity: Severity?
        /// Path globs whose findings of this rule are accepted; `*` or `**` also covers
        /// repository-level findings.
        public var ignore: [Located<String>] = []
        public var reason: String?
    }

    /// One entry of `categories:`.
    public struct CategoryPolicy: Sendable, Equatable {
        public var weight: Double?
        public var enabled: Bool?
    }

    /// `gate:` — the same conditions as the command-line flags; flags win.
    public struct GatePolicy: Sendable, Equatable {
        public var failUnder: Double?
        public var failOn: Severity?
        public var minCategory: [Category: Double] = [:]
        public var minLevel: Int?
        public var newOnly: Bool?
        /// Baseline file, relative to the scanned directory.
        public var baseline: String?

        public init(failUnder: Double? = nil, failOn: Severity? = nil, minCategory: [Category: Double] = [:], minLevel: Int? = nil,
                    newOnly: Bool? = nil, baseline: String? = nil) {
            self.failUnder = failUnder
            self.failOn = failOn
            self.minCategory = minCategory
            self.minLevel = minLevel
            self.newOnly = newOnly
            self.baseline = baseline
        }
    }

    /// `report:` — options for the human-facing reports.
    public struct ReportOptions: Sendable, Equatable {
        /// A Mustache template for the Markdown report, relative to the configuration file.
        public var template: String?
        public var title: String?
        public var client: String?

        public init(template: String? = nil, title: String? = nil, client: String? = nil) {
            self.template = template
            self.title = title
            self.client = client
        }
    }

    /// The top-level keys; anything else is an error (a typo would silently change nothing).
    public static let topLevelKeys = ["exclude", "rules", "categories", "gate", "custom_rules", "report"]
    static let ruleKeys = ["enabled", "severity", "ignore", "reason"]
    static let categoryKeys = ["weight", "enabled"]
    static let gateKeys = ["fail_under", "fail_on", "min_category", "min_level", "new_only", "baseline"]
    static let reportKeys = ["template", "title", "client"]

    /// Reads a configuration file. Every problem is a `.config` diagnostic at its line; what is
    /// valid is kept, so `config check` lists all problems at once.
    public static func parse(_ file: TextFile) -> (Configuration, [Diagnostic]) {
        var reader = Reader(path: file.path)
        let (documents, yamlDiagnostics) = YAMLLoader.load(file)
        reader.problems += yamlDiagnostics.map { Diagnostic(.config, $0.message, at: $0.location) }
        var config = Configuration()
        guard let root = documents.first, !root.isNull else { return (config, reader.problems) }
        if documents.count > 1 { reader.problem("only one YAML document is read; the others are ignored", at: documents[1].location) }
        guard root.isMapping else {
            reader.problem("the configuration must be a mapping of keys like `rules:` and `gate:`", at: root.location)
            return (config, reader.problems)
        }
        reader.checkKeys(root, allowed: topLevelKeys, context: "the configuration")
        if let node = root["exclude"] { config.exclude = reader.strings(node, key: "exclude") }
        if let node = root["custom_rules"] { config.customRules = reader.strings(node, key: "custom_rules") }
        if let node = root["rules"], reader.expectMapping(node, key: "rules") {
            for pair in node.pairs {
                guard let key = pair.key.located else { continue }
                config.rules.append(reader.ruleEntry(key, pair.value))
            }
        }
        if let node = root["categories"], reader.expectMapping(node, key: "categories") {
            for pair in node.pairs {
                guard let key = pair.key.string else { continue }
                guard let category = Category(rawValue: key.lowercased()) else {
                    reader.problem("unknown category `\(key)`; use one of \(Category.allCases.map(\.rawValue).joined(separator: ", "))", at: pair.key.location)
                    continue
                }
                config.categories[category] = reader.categoryPolicy(pair.value, category: key)
            }
        }
        if let node = root["gate"], reader.expectMapping(node, key: "gate") {
            reader.checkKeys(node, allowed: gateKeys, context: "`gate`")
            var gate = GatePolicy()
            gate.failUnder = node["fail_under"].flatMap { reader.number($0, key: "gate.fail_under", range: 0...10) }
            gate.failOn = node["fail_on"].flatMap { reader.severity($0, key: "gate.fail_on") }
            gate.minLevel = node["min_level"].flatMap { reader.number($0, key: "gate.min_level", range: 1...4) }.map { Int($0) }
            gate.newOnly = node["new_only"].flatMap { reader.bool($0, key: "gate.new_only") }
            gate.baseline = node["baseline"].flatMap { reader.string($0, key: "gate.baseline") }
            if let minimums = node["min_category"], reader.expectMapping(minimums, key: "gate.min_category") {
                for pair in minimums.pairs {
                    guard let key = pair.key.string else { continue }
                    guard let category = Category(rawValue: key.lowercased()) else {
                        reader.problem("unknown category `\(key)` in `gate.min_category`; use one of \(Category.allCases.map(\.rawValue).joined(separator: ", "))", at: pair.key.location)
                        continue
                    }
                    if let score = reader.number(pair.value, key: "gate.min_category.\(key)", range: 0...10) { gate.minCategory[category] = score }
                }
            }
            config.gate = gate
        }
        if let node = root["report"], reader.expectMapping(node, key: "report") {
            reader.checkKeys(node, allowed: reportKeys, context: "`report`")
            config.report.template = node["template"].flatMap { reader.string($0, key: "report.template") }
            config.report.title = node["title"].flatMap { reader.string($0, key: "report.title") }
            config.report.client = node["client"].flatMap { reader.string($0, key: "report.client") }
        }
        return (config, reader.problems)
    }

    /// Rule entries resolved on a catalog (built-in plus custom rules): unknown IDs and names are
    /// errors with a "did you mean".
    public func resolvedRules(in catalog: Catalog) -> ([(RuleMetadata, RuleEntry)], [Diagnostic]) {
        var resolved: [(RuleMetadata, RuleEntry)] = []
        var problems: [Diagnostic] = []
        var seen: [RuleID: Location] = [:]
        for entry in rules {
            guard let rule = catalog.lookup(entry.key.value) else {
                let hint = RuleText.suggestion(for: entry.key.value, in: catalog).map { " (did you mean \($0)?)" } ?? ""
                problems.append(Diagnostic(.config, "unknown rule `\(entry.key.value)`\(hint)", at: entry.key.location))
                continue
            }
            if let first = seen[rule.id] {
                problems.append(Diagnostic(.config, "\(rule.id) is configured twice (also at line \(first.line))", at: entry.key.location))
                continue
            }
            seen[rule.id] = entry.key.location
            resolved.append((rule, entry))
        }
        return (resolved, problems)
    }
}

/// Reads typed values from YAML nodes, recording a positioned problem for each wrong one.
private struct Reader {
    let path: String
    var problems: [Diagnostic] = []

    mutating func problem(_ message: String, at location: Location) {
        problems.append(Diagnostic(.config, message, at: location))
    }

    mutating func checkKeys(_ node: YAMLNode, allowed: [String], context: String) {
        for pair in node.pairs {
            guard let key = pair.key.string, !allowed.contains(key) else { continue }
            let close = allowed.min { RuleText.editDistance(key, $0) < RuleText.editDistance(key, $1) }
            let hint = close.flatMap { RuleText.editDistance(key, $0) <= 3 ? " (did you mean `\($0)`?)" : nil } ?? ""
            problem("unknown key `\(key)` in \(context)\(hint); allowed: \(allowed.joined(separator: ", "))", at: pair.key.location)
        }
    }

    mutating func expectMapping(_ node: YAMLNode, key: String) -> Bool {
        if node.isMapping { return true }
        if node.isNull { return false }
        problem("`\(key)` must be a mapping, not \(describe(node))", at: node.location)
        return false
    }

    mutating func string(_ node: YAMLNode, key: String) -> String? {
        guard let text = node.string, !node.isNull else {
            problem("`\(key)` must be a string, not \(describe(node))", at: node.location)
            return nil
        }
        return text
    }

    mutating func strings(_ node: YAMLNode, key: String) -> [Located<String>] {
        if node.isNull { return [] }
        if let located = node.located { return [located] }
        guard node.isSequence else {
            problem("`\(key)` must be a list of strings, not \(describe(node))", at: node.location)
            return []
        }
        var result: [Located<String>] = []
        for item in node.items {
            if let located = item.located, !item.isNull { result.append(located) } else {
                problem("`\(key)` items must be strings, not \(describe(item))", at: item.location)
            }
        }
        return result
    }

    mutating func bool(_ node: YAMLNode, key: String) -> Bool? {
        guard let value = node.bool else {
            problem("`\(key)` must be true or false, not \(describe(node))", at: node.location)
            return nil
        }
        return value
    }

    mutating func number(_ node: YAMLNode, key: String, range: ClosedRange<Double>) -> Double? {
        guard let text = node.string, node.scalarStyle == .plain, let value = Double(text) else {
            problem("`\(key)` must be a number, not \(describe(node))", at: node.location)
            return nil
        }
        guard range.contains(value) else {
            problem("`\(key)` must be between \(Gate.decimal(range.lowerBound)) and \(Gate.decimal(range.upperBound)), got \(text)", at: node.location)
            return nil
        }
        return value
    }

    mutating func severity(_ node: YAMLNode, key: String) -> Severity? {
        guard let text = node.string, let severity = Severity(rawValue: text.lowercased()) else {
            problem("`\(key)` must be one of \(Severity.allCases.map(\.rawValue).joined(separator: ", ")), not \(describe(node))", at: node.location)
            return nil
        }
        return severity
    }

    mutating func ruleEntry(_ key: Located<String>, _ node: YAMLNode) -> Configuration.RuleEntry {
        var entry = Configuration.RuleEntry(key: key)
        // `CI-003: off` / `CI-003: false` is the short form of `enabled: false`.
        if let text = node.string, !node.isNull {
            switch text.lowercased() {
            case "off", "false", "disabled": entry.enabled = false
            case "on", "true", "enabled": entry.enabled = true
            default:
                problem("rule `\(key.value)` takes `off` or a mapping of \(Configuration.ruleKeys.joined(separator: ", ")), not \(describe(node))", at: node.location)
            }
            return entry
        }
        guard expectMapping(node, key: "rules.\(key.value)") else { return entry }
        checkKeys(node, allowed: Configuration.ruleKeys, context: "`rules.\(key.value)`")
        entry.enabled = node["enabled"].flatMap { bool($0, key: "rules.\(key.value).enabled") }
        entry.severity = node["severity"].flatMap { severity($0, key: "rules.\(key.value).severity") }
        entry.ignore = node["ignore"].map { strings($0, key: "rules.\(key.value).ignore") } ?? []
        entry.reason = node["reason"].flatMap { string($0, key: "rules.\(key.value).reason") }
        if !entry.ignore.isEmpty, (entry.reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            problem("`rules.\(key.value).ignore` needs a `reason`: accepted findings keep a record of why", at: key.location)
        }
        return entry
    }

    mutating func categoryPolicy(_ node: YAMLNode, category: String) -> Configuration.CategoryPolicy {
        var policy = Configuration.CategoryPolicy()
        if let text = node.string, !node.isNull, text.lowercased() == "off" || text.lowercased() == "false" {
            policy.enabled = false
            return policy
        }
        guard expectMapping(node, key: "categories.\(category)") else { return policy }
        checkKeys(node, allowed: Configuration.categoryKeys, context: "`categories.\(category)`")
        policy.weight = node["weight"].flatMap { number($0, key: "categories.\(category).weight", range: 0...100) }
        policy.enabled = node["enabled"].flatMap { bool($0, key: "categories.\(category).enabled") }
        return policy
    }

    func describe(_ node: YAMLNode) -> String {
        switch node.value {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case let .scalar(text, _): node.isNull ? "empty" : "`\(text)`"
        }
    }
}
