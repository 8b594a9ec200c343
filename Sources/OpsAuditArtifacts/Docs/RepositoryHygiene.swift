import OpsAuditModel

/// A CODEOWNERS file: each ownership rule with its pattern and owners.
public struct CodeOwners: Artifact, Hashable {
    /// One `pattern @owner …` line.
    public struct Rule: Hashable, Sendable {
        public var pattern: Located<String>
        public var owners: [String]
    }
    public var path: String
    public var rules: [Rule]
}

/// Parses CODEOWNERS (GitHub and GitLab; GitLab `[Section]` headers are skipped).
public enum CodeOwnersParser {
    public static func parse(_ text: TextFile) -> ParseResult {
        var rules: [CodeOwners.Rule] = []
        for (index, raw) in text.lines.enumerated() {
            let line = raw.docTrimmed()
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("[") || line.hasPrefix("^[") { continue }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let pattern = fields.first else { continue }
            let owners = fields.dropFirst().prefix { !$0.hasPrefix("#") }.map(String.init)
            rules.append(.init(pattern: Located(String(pattern), at: text.location(line: index + 1, column: 1)), owners: owners))
        }
        return ParseResult(CodeOwners(path: text.path, rules: rules))
    }
}

/// A pull/merge request template: its document model and its checklist items (`- [ ] …`).
public struct PullRequestTemplate: Artifact {
    public var path: String
    public var doc: MarkdownDoc
    public var checklist: [Located<String>]

    public static func parse(_ text: TextFile) -> ParseResult {
        var checklist: [Located<String>] = []
        for (index, raw) in text.lines.enumerated() {
            let line = raw.docTrimmed()
            for marker in ["- [ ]", "* [ ]", "- [x]", "* [x]", "- [X]", "* [X]"] where line.hasPrefix(marker) {
                checklist.append(Located(String(line.dropFirst(marker.count).docTrimmed()),
                                         at: text.location(line: index + 1)))
                break
            }
        }
        return ParseResult(PullRequestTemplate(path: text.path, doc: MarkdownParser.document(text), checklist: checklist))
    }
}

extension RepoModel {
    /// CODEOWNERS files (GitHub reads the first of `.github/`, root, `docs/`).
    public var codeOwners: [CodeOwners] { artifacts(CodeOwners.self) }
    /// Pull and merge request templates.
    public var pullRequestTemplates: [PullRequestTemplate] { artifacts(PullRequestTemplate.self) }
}
