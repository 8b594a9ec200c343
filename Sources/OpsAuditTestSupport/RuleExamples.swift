import Foundation
import OpsAuditArtifacts
import OpsAuditKit
import OpsAuditModel
import OpsAuditRules

/// One run of one catalog example: the rule, which example, and which variant of its files.
public struct ExampleCase: Sendable, CustomStringConvertible {
    /// How the example's files are altered before the scan (STYLE.md "Examples are the first tests").
    public enum Variant: String, Sendable, CaseIterable {
        case plain
        /// `\n` → `\r\n`.
        case crlf
        /// A UTF-8 byte order mark before every file.
        case bom
        /// A comment line before every file that has a comment syntax: expected lines move by one.
        case comment
        /// An `opsaudit:ignore` comment above every expected finding: nothing may remain.
        case suppression
    }

    public var metadata: RuleMetadata
    public var isFailing: Bool
    public var index: Int
    public var example: RuleExample
    public var variant: Variant

    /// How `expect` names a finding about the repository as a whole (something missing).
    public static let repositoryLevel = "repository"

    public var description: String {
        "\(metadata.id) \(isFailing ? "fail" : "pass")[\(index)] \(variant.rawValue)"
    }

    /// Every example of every rule in `catalog`, in every variant that applies.
    public static func all(catalog: Catalog = .embedded) -> [ExampleCase] {
        var cases: [ExampleCase] = []
        for rule in catalog.rules {
            for (isFailing, examples) in [(true, rule.examples.fail), (false, rule.examples.pass)] {
                for (index, example) in examples.enumerated() {
                    for variant in Variant.allCases where example.skipVariants[variant.rawValue] == nil {
                        // Inline suppressions need a line; repository-level findings are silenced in configuration.
                        if variant == .suppression, !isFailing || example.expect.contains(repositoryLevel) { continue }
                        cases.append(ExampleCase(metadata: rule, isFailing: isFailing, index: index, example: example, variant: variant))
                    }
                }
            }
        }
        return cases
    }

    /// The comment syntax of a file in an example, by name; nil when the format has none (JSON).
    static func commentPrefix(for path: String) -> (String, String)? {
        let name = (path as NSString).lastPathComponent.lowercased()
        let ext = (name as NSString).pathExtension
        // Jenkinsfiles are Groovy, named without an extension (`Jenkinsfile`, `Jenkinsfile.release`).
        if name == "jenkinsfile" || name.hasPrefix("jenkinsfile.") || ext == "jenkinsfile" || ext == "groovy" { return ("// ", "") }
        switch ext {
        case "json": return nil
        case "md", "markdown", "html": return ("<!-- ", " -->")
        case "js", "ts", "mjs", "cjs", "jsx", "tsx", "go", "java", "kt", "cs", "swift", "rs", "php": return ("// ", "")
        default: return ("# ", "")
        }
    }

    /// The files to scan and the `path:line` findings expected after the variant's changes.
    public func prepared() -> (files: [String: [UInt8]], expected: [String]) {
        let (files, expected, _) = preparedWithHistory()
        return (files, expected)
    }

    /// As `prepared`, with the example's earlier commits (oldest first) changed the same way.
    public func preparedWithHistory() -> (files: [String: [UInt8]], expected: [String], history: [[String: [UInt8]]]) {
        var texts = example.files
        var expected = example.expect
        var history = example.history
        switch variant {
        case .plain, .bom, .crlf:
            break
        case .comment:
            let paths = Set(texts.keys).union(history.flatMap(\.keys))
            for path in paths.sorted() {
                guard let (open, close) = Self.commentPrefix(for: path) else { continue }
                let comment = "\(open)a leading comment line\(close)\n"
                if let text = texts[path] { texts[path] = comment + text }
                for index in history.indices {
                    if let text = history[index][path] { history[index][path] = comment + text }
                }
                expected = expected.map { Self.shift($0, in: path) }
            }
        case .suppression:
            var linesByPath: [String: [Int]] = [:]
            for entry in example.expect {
                guard let (path, line) = Self.split(entry) else { continue }
                linesByPath[path, default: []].append(line)
            }
            for (path, lines) in linesByPath {
                guard let (open, close) = Self.commentPrefix(for: path), let text = texts[path] else { continue }
                var fileLines = text.components(separatedBy: "\n")
                for line in Set(lines).sorted(by: >) where line >= 1 && line <= fileLines.count {
                    let target = fileLines[line - 1]
                    let indent = String(target.prefix { $0 == " " || $0 == "\t" })
                    fileLines.insert("\(indent)\(open)opsaudit:ignore \(metadata.id) -- accepted in the example test\(close)", at: line - 1)
                }
                texts[path] = fileLines.joined(separator: "\n")
            }
            expected = []
        }
        func encoded(_ texts: [String: String]) -> [String: [UInt8]] {
            var files: [String: [UInt8]] = [:]
            for (path, text) in texts {
                var content = variant == .crlf ? text.replacingOccurrences(of: "\n", with: "\r\n") : text
                if variant == .bom { content = "\u{FEFF}" + content }
                files[path] = Array(content.utf8)
            }
            return files
        }
        return (encoded(texts), expected.sorted(), history.map(encoded))
    }

    /// Runs the example through the whole pipeline with only this rule.
    public func run(catalog: Catalog = .embedded) throws -> RuleResult {
        let (files, _, history) = preparedWithHistory()
        let untracked = Set(example.untracked)
        let source = InMemorySource(name: "example", files: files, untracked: untracked)
        guard let rule = AllRules.all.first(where: { $0.id == metadata.id }) else {
            throw ExampleError("no implementation registered for \(metadata.id)")
        }
        var options = ScanOptions()
        options.timestamp = "2026-01-01T00:00:00Z"
        if !example.history.isEmpty {
            // The earlier commits go through the same secret scan as `scan --history-depth`.
            var builder = SecretHistory.Builder()
            for (index, commit) in history.enumerated() {
                builder.add(commit: "example~\(history.count - index)", matches: SecretHistoryScanner.matches(in: commit))
            }
            options.secretHistory = builder.build()
        }
        let report = try Scanner(catalog: catalog, rules: [rule]).scan(source, options: options).report
        guard let result = report.rules.first(where: { $0.id == metadata.id }) else {
            throw ExampleError("\(metadata.id) produced no result")
        }
        return result
    }

    static func split(_ entry: String) -> (String, Int)? {
        guard let colon = entry.lastIndex(of: ":"), let line = Int(entry[entry.index(after: colon)...]) else { return nil }
        return (String(entry[..<colon]), line)
    }

    static func shift(_ entry: String, in path: String) -> String {
        guard let (p, line) = split(entry), p == path else { return entry }
        return "\(p):\(line + 1)"
    }
}

/// A broken example (not a failed assertion: the example itself cannot run).
public struct ExampleError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
