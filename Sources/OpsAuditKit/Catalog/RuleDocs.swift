import OpsAuditModel

/// The per-rule documentation pages under `docs/rules/`, generated from the catalog (a test
/// fails when they are stale; `OPSAUDIT_UPDATE_GOLDEN=1 swift test` rewrites them).
public enum RuleDocs {
    /// `docs/rules/<ID>-<name>.md` for one rule.
    public static func page(for rule: RuleMetadata) -> String {
        var out = "# \(rule.id) \(rule.name)\n\n**\(rule.title)**\n\n"
        out += "| category | severity | level | effort | applies to |\n| --- | --- | --- | --- | --- |\n"
        out += "| \(rule.category.title) | \(rule.severity.rawValue) | \(rule.level) | \(rule.effort) | \(rule.appliesTo.joined(separator: ", ")) |\n\n"
        out += "## Why it matters\n\n\(rule.rationale)\n\n## How to fix\n\n\(rule.remediation)\n\n"
        if !rule.references.isEmpty {
            out += "## References\n\n" + rule.references.map { "- <\($0)>\n" }.joined() + "\n"
        }
        out += "## Examples\n"
        for (label, examples) in [("Fails", rule.examples.fail), ("Passes", rule.examples.pass)] {
            for example in examples {
                out += "\n### \(label)" + (example.note.map { ": \($0)" } ?? "") + "\n\n"
                for (index, commit) in example.history.enumerated() {
                    out += "Earlier commit \(index + 1) of \(example.history.count):\n\n"
                    for path in commit.keys.sorted() {
                        let text = commit[path] ?? ""
                        let fence = String(repeating: "`", count: max(3, longestBacktickRun(text) + 1))
                        out += "`\(path)`\n\n\(fence)\n\(text)\(text.hasSuffix("\n") ? "" : "\n")\(fence)\n\n"
                    }
                }
                if !example.history.isEmpty { out += "Now:\n\n" }
                for path in example.files.keys.sorted() {
                    let text = example.files[path] ?? ""
                    let fence = String(repeating: "`", count: max(3, longestBacktickRun(text) + 1))
                    out += "`\(path)`\n\n\(fence)\n\(text)\(text.hasSuffix("\n") ? "" : "\n")\(fence)\n\n"
                }
                if !example.expect.isEmpty {
                    out += "Findings at: " + example.expect.map { "`\($0)`" }.joined(separator: ", ") + "\n"
                }
            }
        }
        out += "\n_Generated from `\(rule.sourcePath)`; edit that file, not this one._\n"
        return out
    }

    /// `docs/rules/README.md`: the catalog as a table.
    public static func index(_ catalog: Catalog) -> String {
        var out = "# Rules\n\nEvery rule opsaudit applies, generated from `rules/`. `opsaudit rules show ID` prints the same text.\n"
        for category in Category.allCases {
            let rules = catalog.rules.filter { $0.category == category }
            guard !rules.isEmpty else { continue }
            out += "\n## \(category.title)\n\n| ID | name | severity | level | effort | title |\n| --- | --- | --- | --- | --- | --- |\n"
            for rule in rules {
                out += "| [\(rule.id)](\(fileName(for: rule))) | \(rule.name) | \(rule.severity.rawValue) | \(rule.level) | \(rule.effort) | \(rule.title) |\n"
            }
        }
        return out
    }

    public static func fileName(for rule: RuleMetadata) -> String { "\(rule.id)-\(rule.name).md" }

    private static func longestBacktickRun(_ text: String) -> Int {
        var longest = 0, current = 0
        for ch in text {
            current = ch == "`" ? current + 1 : 0
            longest = max(longest, current)
        }
        return longest
    }
}
