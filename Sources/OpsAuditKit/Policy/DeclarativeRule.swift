import Foundation
import OpsAuditArtifacts
import OpsAuditModel

/// A rule written as data (ARCHITECTURE.md "Declarative rules"): the catalog fields plus a
/// `check:` block, loaded from the `custom_rules` directories of `.opsaudit.yml`.
///
///     id: ACME-001
///     name: runbook-present
///     title: The service has a runbook
///     category: operations
///     severity: medium
///     check:
///       file_present: docs/runbook*.md
///
/// Checks: `file_present: GLOB`; `text_present` / `text_absent: {files: GLOB, pattern: TEXT,
/// regex: false}` (every matching file must contain, or must not contain, the pattern; lines are
/// searched one at a time); `key: {files: GLOB, path: a.b.0.c, equals: VALUE}` or `exists: BOOL`
/// in YAML, JSON or TOML files. Globs use `.gitignore` syntax (a pattern without `/` matches the
/// file name at any depth).
public struct DeclarativeRule: Sendable {
    public var metadata: RuleMetadata
    public var check: Check

    /// What the rule checks.
    public enum Check: Sendable {
        case filePresent(glob: String)
        case text(files: String, pattern: String, isRegex: Bool, present: Bool, message: String?)
        case key(files: String, path: [String], equals: String?, exists: Bool, message: String?)
    }

    static let keys = ["id", "name", "title", "category", "severity", "level", "effort", "rationale", "remediation",
                       "references", "check"]
    static let checkKinds = ["file_present", "text_present", "text_absent", "key"]

    // MARK: Evaluation

    func evaluate(_ model: RepoModel, texts: TextLookup) -> Outcome {
        switch check {
        case let .filePresent(glob):
            let matcher = Self.matcher(glob)
            let hits = model.files.filter { matcher.isIgnored($0.path, isDirectory: false) }
            guard let first = hits.first else {
                return .failed(Finding("no file matches `\(glob)`", at: nil, fingerprintKey: glob))
            }
            return .passed(Evidence("`\(first.path)` matches `\(glob)`", at: Location(path: first.path, line: 1)))
        case let .text(files, pattern, isRegex, present, message):
            let matcher = Self.matcher(files)
            let targets = model.files.filter { matcher.isIgnored($0.path, isDirectory: false) }
            guard !targets.isEmpty else { return .notApplicable("no file matches `\(files)`") }
            let regex = isRegex ? try? NSRegularExpression(pattern: pattern) : nil
            var findings: [Finding] = []
            var evidence: [Evidence] = []
            for file in targets {
                guard let text = texts.text(of: file.path) else { continue }
                var firstHit: Int?
                for number in 1...text.lineCount {
                    var line = text.line(number)
                    if line.last == "\r" { line = line.dropLast() }
                    let hit: Bool
                    if let regex {
                        let string = String(line)
                        hit = regex.firstMatch(in: string, range: NSRange(string.startIndex..., in: string)) != nil
                    } else {
                        hit = line.contains(pattern)
                    }
                    guard hit else { continue }
                    if present {
                        firstHit = number
                        break
                    }
                    findings.append(Finding(message ?? "`\(pattern)` must not appear in files matching `\(files)`",
                                            at: text.location(line: number)))
                }
                if present {
                    if let firstHit {
                        evidence.append(Evidence("`\(pattern)` found", at: text.location(line: firstHit)))
                    } else {
                        findings.append(Finding(message ?? "`\(pattern)` is missing (required in files matching `\(files)`)",
                                                at: text.location(line: 1), fingerprintKey: pattern))
                    }
                } else if findings.isEmpty || findings.last?.location?.path != file.path {
                    evidence.append(Evidence("no `\(pattern)`", at: Location(path: file.path, line: 1)))
                }
            }
            return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
        case let .key(files, path, equals, exists, message):
            let matcher = Self.matcher(files)
            let targets = model.files.filter { matcher.isIgnored($0.path, isDirectory: false) }
            guard !targets.isEmpty else { return .notApplicable("no file matches `\(files)`") }
            let dotted = path.joined(separator: ".")
            var findings: [Finding] = []
            var evidence: [Evidence] = []
            var read = 0
            for file in targets {
                guard let text = texts.text(of: file.path), let document = KeyPathReader.read(text) else { continue }
                read += 1
                let found = document.value(at: path)
                switch (found, equals) {
                case let (value?, expected?):
                    if value.text == expected {
                        evidence.append(Evidence("`\(dotted)` is `\(expected)`", at: value.location))
                    } else {
                        findings.append(Finding(message ?? "`\(dotted)` is `\(value.text)`, expected `\(expected)`", at: value.location))
                    }
                case let (nil, expected?):
                    findings.append(Finding(message ?? "`\(dotted)` is not set, expected `\(expected)`",
                                            at: text.location(line: 1), fingerprintKey: dotted))
                case let (value?, nil):
                    if exists { evidence.append(Evidence("`\(dotted)` is set", at: value.location)) } else {
                        findings.append(Finding(message ?? "`\(dotted)` must not be set", at: value.location))
                    }
                case (nil, nil):
                    if exists {
                        findings.append(Finding(message ?? "`\(dotted)` is not set", at: text.location(line: 1), fingerprintKey: dotted))
                    } else {
                        evidence.append(Evidence("`\(dotted)` is not set", at: text.location(line: 1)))
                    }
                }
            }
            guard read > 0 else { return .notApplicable("no file matching `\(files)` could be read as YAML, JSON or TOML") }
            return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
        }
    }

    static func matcher(_ glob: String) -> IgnoreMatcher {
        var matcher = IgnoreMatcher()
        matcher.add([IgnorePattern(text: glob, location: Location(path: ".opsaudit.yml", line: 1), negated: false, directoryOnly: false)],
                    baseDirectory: "")
        return matcher
    }

    // MARK: Loading

    /// Reads one custom rule file; problems are `.config` diagnostics at their line.
    public static func parse(_ file: TextFile, catalog: Catalog) -> (DeclarativeRule?, [Diagnostic]) {
        var problems: [Diagnostic] = []
        func problem(_ message: String, _ location: Location) { problems.append(Diagnostic(.config, message, at: location)) }
        let (documents, yamlProblems) = YAMLLoader.load(file)
        problems += yamlProblems.map { Diagnostic(.config, $0.message, at: $0.location) }
        guard let root = documents.first, root.isMapping else {
            problem("a custom rule must be a mapping with id, name, title, category, severity and check", file.location(line: 1))
            return (nil, problems)
        }
        for pair in root.pairs {
            guard let key = pair.key.string, !keys.contains(key) else { continue }
            problem("unknown key `\(key)` in a custom rule; allowed: \(keys.joined(separator: ", "))", pair.key.location)
        }
        func text(_ key: String, required: Bool = true) -> String? {
            guard let node = root[key] else {
                if required { problem("missing `\(key)`", root.location) }
                return nil
            }
            guard let value = node.string, !node.isNull else {
                problem("`\(key)` must be a string", node.location)
                return nil
            }
            return value
        }
        let id = text("id")
        let name = text("name")
        let title = text("title")
        let categoryText = text("category")
        let severityText = text("severity")
        var category: Category?
        if let categoryText {
            category = Category(rawValue: categoryText.lowercased())
            if category == nil { problem("unknown category `\(categoryText)`; use one of \(Category.allCases.map(\.rawValue).joined(separator: ", "))", root["category"]!.location) }
        }
        var severity: Severity?
        if let severityText {
            severity = Severity(rawValue: severityText.lowercased())
            if severity == nil { problem("unknown severity `\(severityText)`; use one of \(Severity.allCases.map(\.rawValue).joined(separator: ", "))", root["severity"]!.location) }
        }
        var level = 2
        if let node = root["level"] {
            if let value = node.int, (1...4).contains(value) { level = value } else { problem("`level` must be 1, 2, 3 or 4", node.location) }
        }
        let effort = text("effort", required: false) ?? "1h"
        if Effort.minutes(effort) == nil, let node = root["effort"] { problem("`effort` must be like 30m, 2h, 1d, 1w", node.location) }
        if let id, let node = root["id"] {
            if catalog.rule(RuleID(stringLiteral: id)) != nil { problem("`\(id)` is a built-in rule ID; custom rules need their own prefix (e.g. ACME-001)", node.location) }
            if id.contains(where: { $0.isWhitespace || $0 == "," }) { problem("`id` must not contain spaces or commas", node.location) }
        }
        let references = root["references"].map { node in node.items.compactMap(\.string) + (node.string.map { [$0] } ?? []) } ?? []
        let check = parseCheck(root["check"], at: root.location, problem: problem)
        guard let id, let name, let title, let category, let severity, let check, problems.isEmpty else { return (nil, problems) }
        let metadata = RuleMetadata(
            id: RuleID(stringLiteral: id), name: name, title: title, category: category, severity: severity, level: level,
            effort: effort, rationale: text("rationale", required: false) ?? "",
            remediation: text("remediation", required: false) ?? "", references: references, sourcePath: file.path)
        return (DeclarativeRule(metadata: metadata, check: check), problems)
    }

    private static func parseCheck(_ node: YAMLNode?, at fallback: Location, problem: (String, Location) -> Void) -> Check? {
        guard let node, node.isMapping else {
            problem("missing `check:` block (one of \(checkKinds.joined(separator: ", ")))", node?.location ?? fallback)
            return nil
        }
        let kinds = node.pairs.compactMap(\.key.string)
        guard kinds.count == 1, let kind = kinds.first, checkKinds.contains(kind), let body = node[kind] else {
            problem("`check` takes exactly one of \(checkKinds.joined(separator: ", "))", node.location)
            return nil
        }
        if kind == "file_present" {
            guard let glob = body.string, !glob.isEmpty else {
                problem("`file_present` takes a path glob", body.location)
                return nil
            }
            return .filePresent(glob: glob)
        }
        let allowed = kind == "key" ? ["files", "path", "equals", "exists", "message"] : ["files", "pattern", "regex", "message"]
        guard body.isMapping else {
            problem("`\(kind)` takes a mapping of \(allowed.joined(separator: ", "))", body.location)
            return nil
        }
        for pair in body.pairs {
            guard let key = pair.key.string, !allowed.contains(key) else { continue }
            problem("unknown key `\(key)` in `\(kind)`; allowed: \(allowed.joined(separator: ", "))", pair.key.location)
        }
        guard let files = body["files"]?.string, !files.isEmpty else {
            problem("`\(kind)` needs `files:` (a path glob)", body.location)
            return nil
        }
        let message = body["message"]?.string
        if kind == "key" {
            guard let path = body["path"]?.string, !path.isEmpty else {
                problem("`key` needs `path:` (like `http_service.force_https`)", body.location)
                return nil
            }
            var exists = true
            if let node = body["exists"] {
                guard let value = node.bool else {
                    problem("`exists` must be true or false", node.location)
                    return nil
                }
                exists = value
            }
            return .key(files: files, path: path.split(separator: ".").map(String.init), equals: body["equals"]?.string,
                        exists: exists, message: message)
        }
        guard let pattern = body["pattern"]?.string, !pattern.isEmpty else {
            problem("`\(kind)` needs `pattern:`", body.location)
            return nil
        }
        var isRegex = false
        if let node = body["regex"] {
            guard let value = node.bool else {
                problem("`regex` must be true or false", node.location)
                return nil
            }
            isRegex = value
            if value, (try? NSRegularExpression(pattern: pattern)) == nil {
                problem("`pattern` is not a valid regular expression", body["pattern"]!.location)
                return nil
            }
        }
        return .text(files: files, pattern: pattern, isRegex: isRegex, present: kind == "text_present", message: message)
    }

    /// Every `*.yml`/`*.yaml` file of `directory` (not recursive, sorted), parsed.
    public static func load(directory: String, displayPath: String, catalog: Catalog) -> ([DeclarativeRule], [Diagnostic]) {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue,
              let names = try? fm.contentsOfDirectory(atPath: directory) else {
            return ([], [Diagnostic(.config, "custom rules directory `\(displayPath)` does not exist")])
        }
        var rules: [DeclarativeRule] = []
        var problems: [Diagnostic] = []
        for name in names.sorted() where name.hasSuffix(".yml") || name.hasSuffix(".yaml") {
            let full = (directory as NSString).appendingPathComponent(name)
            let shown = (displayPath as NSString).appendingPathComponent(name)
            guard let data = fm.contents(atPath: full), case let .text(file, _) = TextFile.decode(path: shown, bytes: Array(data)) else {
                problems.append(Diagnostic(.config, "cannot read custom rule `\(shown)`"))
                continue
            }
            let (rule, found) = parse(file, catalog: catalog)
            problems += found
            if let rule {
                if rules.contains(where: { $0.metadata.id == rule.metadata.id }) {
                    problems.append(Diagnostic(.config, "custom rule \(rule.metadata.id) is defined twice", at: file.location(line: 1)))
                } else {
                    rules.append(rule)
                }
            }
        }
        return (rules, problems)
    }
}

/// A YAML, JSON or TOML document read for key-path checks: the scalar at a path, with where it is.
struct KeyPathReader {
    struct Value {
        var text: String
        var location: Location
    }

    private let lookup: ([String]) -> Value?

    func value(at path: [String]) -> Value? { lookup(path) }

    static func read(_ file: TextFile) -> KeyPathReader? {
        let lower = file.path.lowercased()
        if lower.hasSuffix(".json") {
            guard case let .success(root) = JSONValue.decode(file.text) else { return nil }
            let locator = JSONKeyLocator(file)
            return KeyPathReader { path in
                var node: JSONValue? = root
                for key in path {
                    if let array = node?.array, let index = Int(key) { node = index < array.count ? array[index] : nil } else { node = node?[key] }
                }
                guard let node else { return nil }
                let text: String
                switch node {
                case let .string(value): text = value
                case let .bool(value): text = value ? "true" : "false"
                case let .number(value): text = value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
                case .null: text = "null"
                case .array, .object: text = ""
                }
                let location = locator.valueLocation(of: path) ?? locator.location(of: path) ?? file.location(line: 1)
                return Value(text: text, location: location)
            }
        }
        if lower.hasSuffix(".toml") {
            let locator = TOMLKeyLocator(file)
            return KeyPathReader { path in
                guard let location = locator.location(of: TOMLKeyPath(path.map { TOMLKeyPath.Component.key($0) })) else { return nil }
                // The scalar after `=` on the key's line; tables and multi-line values read as "".
                var line = file.line(location.line)
                if line.last == "\r" { line = line.dropLast() }
                guard let equals = line.firstIndex(of: "=") else { return Value(text: "", location: location) }
                var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
                if let first = value.first, first == "\"" || first == "'" {
                    if let end = value.dropFirst().firstIndex(of: first) { value = String(value[value.index(after: value.startIndex)..<end]) }
                } else if let hash = value.firstIndex(of: "#") {
                    value = value[..<hash].trimmingCharacters(in: .whitespaces)
                }
                return Value(text: value, location: location)
            }
        }
        guard lower.hasSuffix(".yml") || lower.hasSuffix(".yaml") else { return nil }
        let (documents, _) = YAMLLoader.load(file)
        guard let root = documents.first else { return nil }
        return KeyPathReader { path in
            var node: YAMLNode? = root
            for key in path {
                if let current = node, current.isSequence, let index = Int(key) {
                    node = index < current.items.count ? current.items[index] : nil
                } else {
                    node = node?[key]
                }
            }
            guard let node else { return nil }
            return Value(text: node.string ?? "", location: node.location)
        }
    }
}
