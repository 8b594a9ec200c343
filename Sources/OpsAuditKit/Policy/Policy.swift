import Foundation
import OpsAuditArtifacts
import OpsAuditModel

/// A `rules: {ID: {ignore: [glob], reason}}` entry: findings of the rule in matching paths are
/// accepted. `*` or `**` also covers findings about the repository as a whole.
public struct ConfigSuppression: Sendable {
    public var rule: RuleID
    public var patterns: [IgnorePattern]
    public var reason: String
    fileprivate var matcher: IgnoreMatcher

    public init(rule: RuleID, patterns: [IgnorePattern], reason: String) {
        self.rule = rule
        self.patterns = patterns
        self.reason = reason
        var matcher = IgnoreMatcher()
        matcher.add(patterns, baseDirectory: "")
        self.matcher = matcher
    }

    /// The pattern that accepts a finding at `location` (nil: about the repository), or nil.
    func match(_ location: Location?) -> IgnorePattern? {
        guard let location else { return patterns.first { $0.text == "*" || $0.text == "**" } }
        guard let rule = matcher.match(location.path, isDirectory: false), !rule.pattern.negated else { return nil }
        return rule.pattern
    }
}

/// Everything `.opsaudit.yml` turned into, ready for a scan and its gate.
public struct LoadedConfiguration: Sendable {
    public var configuration: Configuration
    /// The file it was read from, as the user would name it; nil when there is none.
    public var path: String?
    /// Errors (`.config` diagnostics with file:line). A scan refuses to run with any.
    public var problems: [Diagnostic]
    public var customRules: [DeclarativeRule]

    public init(configuration: Configuration, path: String?, problems: [Diagnostic], customRules: [DeclarativeRule]) {
        self.configuration = configuration
        self.path = path
        self.problems = problems
        self.customRules = customRules
    }

    /// Reads `path` (or nothing, when nil) and the custom rules it names. `displayPath` is how
    /// locations cite the file: repo-relative when it sits in the scanned repository.
    public static func load(path: String?, displayPath: String? = nil, catalog: Catalog = .embedded) -> LoadedConfiguration {
        guard let path else { return LoadedConfiguration(configuration: Configuration(), path: nil, problems: [], customRules: []) }
        guard let data = FileManager.default.contents(atPath: path) else {
            return LoadedConfiguration(configuration: Configuration(), path: path,
                                       problems: [Diagnostic(.config, "cannot read the configuration file `\(path)`")], customRules: [])
        }
        guard case let .text(file, _) = TextFile.decode(path: displayPath ?? path, bytes: Array(data)) else {
            return LoadedConfiguration(configuration: Configuration(), path: path,
                                       problems: [Diagnostic(.config, "`\(path)` is not a text file")], customRules: [])
        }
        var (configuration, problems) = Configuration.parse(file)
        var custom: [DeclarativeRule] = []
        let directory = (path as NSString).deletingLastPathComponent
        for entry in configuration.customRules {
            let full = entry.value.hasPrefix("/") ? entry.value : (directory.isEmpty ? entry.value : (directory as NSString).appendingPathComponent(entry.value))
            let (rules, found) = DeclarativeRule.load(directory: full, displayPath: entry.value, catalog: catalog)
            problems += found.map { $0.location == nil ? Diagnostic(.config, $0.message, at: entry.location) : $0 }
            for rule in rules where !custom.contains(where: { $0.metadata.id == rule.metadata.id }) { custom.append(rule) }
        }
        let merged = Catalog(rules: catalog.rules + custom.map(\.metadata))
        problems += configuration.resolvedRules(in: merged).1
        return LoadedConfiguration(configuration: configuration, path: path, problems: problems.sorted(), customRules: custom)
    }

    /// The scan options the configuration asks for, on top of `options`.
    public func apply(to options: ScanOptions, catalog: Catalog = .embedded) -> ScanOptions {
        var options = options
        options.customRules = customRules
        let merged = Catalog(rules: catalog.rules + customRules.map(\.metadata))
        for (category, policy) in configuration.categories {
            if let weight = policy.weight { options.categoryWeights[category] = weight }
            if policy.enabled == false {
                for rule in merged.rules where rule.category == category { options.disabledRules.insert(rule.id) }
            }
        }
        // Rule settings come after categories: `enabled: true` brings one rule of a disabled category back.
        for (rule, entry) in configuration.resolvedRules(in: merged).0 {
            if entry.enabled == false { options.disabledRules.insert(rule.id) }
            if entry.enabled == true { options.disabledRules.remove(rule.id) }
            if let severity = entry.severity { options.severityOverrides[rule.id] = severity }
            if !entry.ignore.isEmpty {
                let patterns = entry.ignore.map { IgnorePattern(text: $0.value, location: $0.location, negated: false, directoryOnly: false) }
                options.configSuppressions.append(ConfigSuppression(rule: rule.id, patterns: patterns, reason: entry.reason ?? ""))
            }
        }
        if !configuration.exclude.isEmpty {
            var matcher = IgnoreMatcher()
            matcher.add(configuration.exclude.map { text in
                let directoryOnly = text.value.hasSuffix("/")
                return IgnorePattern(text: text.value, location: text.location, negated: text.value.hasPrefix("!"), directoryOnly: directoryOnly)
            }, baseDirectory: "")
            options.exclude = matcher
        }
        options.reportTitle = configuration.report.title
        options.reportClient = configuration.report.client
        return options
    }

    /// The gate the configuration asks for; command-line values replace these one by one.
    public var gate: Gate {
        let policy = configuration.gate
        return Gate(failUnder: policy.failUnder, failOn: policy.failOn, minCategory: policy.minCategory, minLevel: policy.minLevel)
    }
}
