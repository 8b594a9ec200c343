import Foundation
import OpsAuditModel
import Yams

/// The rule catalog: every rule's metadata, decoded from the YAML embedded in the binary (or from
/// files, for tests and custom catalogs). Read once, then shared.
public struct Catalog: Sendable {
    /// Rules sorted by ID.
    public let rules: [RuleMetadata]
    private let byID: [RuleID: Int]

    /// A problem in a rule file (the catalog is ours: tests fail on any of these).
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var message: String
        public var description: String { "\(path): \(message)" }
    }

    public init(rules: [RuleMetadata]) {
        self.rules = rules.sorted { $0.id < $1.id }
        var index: [RuleID: Int] = [:]
        for (i, rule) in self.rules.enumerated() { index[rule.id] = i }
        byID = index
    }

    /// The catalog compiled into this binary.
    public static let embedded: Catalog = {
        let (catalog, problems) = decode(files: embeddedRuleFiles)
        // A broken embedded catalog is a build defect the catalog tests catch; keep what decoded.
        precondition(problems.isEmpty || !catalog.rules.isEmpty, "embedded catalog is empty: \(problems)")
        return catalog
    }()

    /// `rules/**/*.yml` as embedded at build time: (package-relative path, text), sorted by path.
    public static var embeddedRuleFiles: [(path: String, text: String)] {
        EmbeddedResources.files.filter { $0.path.hasPrefix("rules/") && ($0.path.hasSuffix(".yml") || $0.path.hasSuffix(".yaml")) }
    }

    /// A template embedded from `reports/templates/`, by file name.
    public static func embeddedTemplate(named name: String) -> String? {
        EmbeddedResources.files.first { $0.path == "reports/templates/" + name }?.text
    }

    /// A short content hash of the rule files: reports name the catalog they were made with.
    public static let embeddedVersion: String = {
        var hasher = FNV1a()
        for file in embeddedRuleFiles {
            hasher.combine(file.path)
            hasher.combine(file.text)
        }
        return String(hasher.value, radix: 16).leftPadded(to: 16)
    }()

    /// Decodes rule files, collecting every problem rather than stopping at the first.
    public static func decode(files: [(path: String, text: String)]) -> (Catalog, [Problem]) {
        // Each file decodes on its own (in parallel: decoding the catalog is a fixed cost of every
        // run, a fifth of a small repository's scan); ids are then checked in file order.
        let decoded = parallelMap(files.map { File(path: $0.path, text: $0.text) }) { file -> (RuleMetadata?, [Problem]) in
            var problems: [Problem] = []
            do {
                if let node = try Yams.compose(yaml: file.text), let mapping = node.mapping {
                    for key in mapping.keys.compactMap(\.string) where !RuleMetadata.allowedKeys.contains(key) {
                        problems.append(Problem(path: file.path, message: "unknown key `\(key)`"))
                    }
                }
                var rule = try YAMLDecoder().decode(RuleMetadata.self, from: file.text)
                rule.sourcePath = file.path
                return (rule, problems + validate(rule))
            } catch {
                return (nil, problems + [Problem(path: file.path, message: "cannot decode: \(error)")])
            }
        }
        var rules: [RuleMetadata] = []
        var problems: [Problem] = []
        var seen: [RuleID: String] = [:]
        for (rule, fileProblems) in decoded {
            problems += fileProblems
            guard let rule else { continue }
            if let other = seen[rule.id] {
                problems.append(Problem(path: rule.sourcePath, message: "duplicate id \(rule.id) (also in \(other))"))
                continue
            }
            seen[rule.id] = rule.sourcePath
            rules.append(rule)
        }
        return (Catalog(rules: rules), problems)
    }

    /// A rule file to decode.
    private struct File: Sendable {
        let path: String
        let text: String
    }

    private static func validate(_ rule: RuleMetadata) -> [Problem] {
        var problems: [String] = []
        let file = (rule.sourcePath as NSString).lastPathComponent
        if file != "\(rule.id)-\(rule.name).yml" { problems.append("file name must be `\(rule.id)-\(rule.name).yml`") }
        let directory = (rule.sourcePath as NSString).deletingLastPathComponent
        if !directory.hasSuffix("/" + rule.category.rawValue) { problems.append("must live in rules/\(rule.category.rawValue)/") }
        if !rule.id.rawValue.hasPrefix(rule.category.idPrefix + "-") { problems.append("id must start with \(rule.category.idPrefix)-") }
        if !(1...4).contains(rule.level) { problems.append("level must be 1-4") }
        if rule.effortMinutes == nil { problems.append("effort `\(rule.effort)` is not like 30m, 2h, 1d, 1w") }
        if rule.examples.fail.isEmpty || rule.examples.pass.isEmpty { problems.append("needs at least one fail and one pass example") }
        if rule.references.isEmpty { problems.append("needs at least one reference") }
        if rule.name.contains(where: { !($0.isLowercase || $0.isNumber || $0 == "-") }) { problems.append("name must be kebab-case") }
        for example in rule.examples.fail where example.expect.isEmpty {
            problems.append("a fail example has no `expect`")
        }
        return problems.map { Problem(path: rule.sourcePath, message: $0) }
    }

    public func rule(_ id: RuleID) -> RuleMetadata? { byID[id].map { rules[$0] } }

    /// A rule by ID, name or alias, case-insensitively.
    public func lookup(_ key: String) -> RuleMetadata? {
        let lower = key.lowercased()
        return rules.first { $0.id.rawValue.lowercased() == lower || $0.name == lower || $0.aliases.contains(lower) }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
