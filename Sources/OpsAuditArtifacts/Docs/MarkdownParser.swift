import OpsAuditModel

/// Builds a `MarkdownDoc`: one pass over the lines for headings (ATX `#`, setext underlines,
/// AsciiDoc `=`), skipping fenced code blocks and front matter; topics from path and headings.
public enum MarkdownParser {
    public static func parse(_ text: TextFile) -> ParseResult {
        let (doc, diagnostics) = read(text)
        return ParseResult(doc, diagnostics: diagnostics)
    }

    /// The document model of `text` (also used for PR templates).
    public static func document(_ text: TextFile) -> MarkdownDoc { read(text).doc }

    static func read(_ text: TextFile) -> (doc: MarkdownDoc, diagnostics: [Diagnostic]) {
        let lower = text.path.lowercased()
        let isAsciiDoc = lower.hasSuffix(".adoc") || lower.hasSuffix(".asciidoc")
        let isRST = lower.hasSuffix(".rst")
        var headings: [MarkdownHeading] = []
        var words = 0
        var fence: (marker: Character, length: Int, line: Int)?
        var previous: (text: Substring, number: Int, canBeSetext: Bool)?
        var number = 0
        let lines = text.lines

        // YAML front matter (`---` on line 1 to the next `---`) is metadata, not a setext heading.
        if lines.first == "---", let close = lines.dropFirst().firstIndex(where: { $0 == "---" || $0 == "..." }) {
            number = close + 1
        }
        while number < lines.count {
            let raw = lines[number]
            number += 1
            let indent = raw.prefix { $0 == " " }.count
            let content = raw.drop { $0 == " " || $0 == "\t" }
            if let open = fence {
                let run = content.prefix { $0 == open.marker }.count
                // Any indentation closes: fences inside list items are indented by their container,
                // and a missed close would hide the rest of the document.
                if run >= open.length, content.dropFirst(run).allSatisfy({ $0 == " " || $0 == "\t" }) {
                    fence = nil
                }
                previous = nil
                continue
            }
            if indent <= 3, let marker = content.first, marker == "`" || marker == "~" {
                let run = content.prefix { $0 == marker }.count
                if run >= 3, !(marker == "`" && content.dropFirst(run).contains("`")) {
                    fence = (marker, run, number)
                    previous = nil
                    continue
                }
            }
            words += content.split(whereSeparator: { $0 == " " || $0 == "\t" })
                .filter { $0.contains(where: { $0.isLetter || $0.isNumber }) }.count
            if content.isEmpty { previous = nil; continue }

            if indent <= 3, let heading = atxHeading(content, marker: isAsciiDoc ? "=" : "#") {
                headings.append(MarkdownHeading(level: heading.level, text: heading.text,
                                                location: text.location(line: number, column: indent + 1)))
                previous = nil
                continue
            }
            if let prior = previous, prior.canBeSetext, indent <= 3,
               let level = setextLevel(content, anyUnderline: isRST) {
                headings.append(MarkdownHeading(level: level, text: String(prior.text.docTrimmed()),
                                                location: text.location(line: prior.number, column: 1)))
                previous = nil
                continue
            }
            let isBlockStart = content.hasPrefix("- ") || content.hasPrefix("* ") || content.hasPrefix("+ ")
                || content.hasPrefix("|") || content.hasPrefix(">") || content.hasPrefix("<") || indent >= 4
            previous = (content, number, !isBlockStart)
        }

        var diagnostics: [Diagnostic] = []
        if let open = fence {
            diagnostics.append(Diagnostic(.parse, "code fence never closed; headings after it were not read",
                                          at: text.location(line: open.line)))
        }
        let title = headings.first { $0.level == 1 }.map { Located($0.text, at: $0.location) }
        let doc = MarkdownDoc(path: text.path, title: title, headings: headings,
                           topicEvidence: DocTopics.evidence(path: text.path, headings: headings),
                           wordCount: words, text: text)
        return (doc, diagnostics)
    }

    /// `## Text ##` → (2, "Text"); nil when the line is not an ATX heading.
    static func atxHeading(_ content: Substring, marker: Character) -> (level: Int, text: String)? {
        let level = content.prefix { $0 == marker }.count
        guard (1...6).contains(level) else { return nil }
        let rest = content.dropFirst(level)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        var text = rest.docTrimmed()
        // A closing sequence counts only when separated by a space.
        let closing = text.reversed().prefix { $0 == marker }.count
        if closing > 0 {
            let without = text.dropLast(closing)
            if without.isEmpty || without.last == " " || without.last == "\t" { text = without.docTrimmed() }
        }
        return (level, String(text))
    }

    /// `===` → 1, `---` → 2 (any punctuation run in reStructuredText → 1 for `=`, else 2).
    static func setextLevel(_ content: Substring, anyUnderline: Bool) -> Int? {
        let trimmed = content.docTrimmed()
        guard let first = trimmed.first, trimmed.allSatisfy({ $0 == first }) else { return nil }
        if first == "=" { return 1 }
        if first == "-" { return 2 }
        if anyUnderline, trimmed.count >= 3, "~^*+#\"'`:.".contains(first) { return 2 }
        return nil
    }
}

/// The topic vocabulary: path words and heading phrases per topic.
enum DocTopics {
    /// Words matched against path tokens (directory names and file stem split on non-letters);
    /// words of five or more letters also match inside a token with separators removed
    /// (`runbooks`, `DISASTER_RECOVERY`, `post-mortems`).
    static let pathWords: [(DocTopic, [String])] = [
        (.runbook, ["runbook", "runbooks", "playbook", "playbooks"]),
        (.disasterRecovery, ["dr", "disasterrecovery", "businesscontinuity"]),
        (.backup, ["backup", "backups", "restore"]),
        (.rollback, ["rollback", "rollbacks"]),
        (.incidentResponse, ["incident", "incidents"]),
        (.postmortem, ["postmortem", "postmortems"]),
        (.deployment, ["deploy", "deploying", "deployment", "deployments"]),
        (.architecture, ["architecture", "adr", "adrs"]),
        (.monitoring, ["monitoring", "observability", "alerting", "alerts"]),
        (.onCall, ["oncall"]),
        (.changelog, ["changelog", "changes", "history", "releasenotes"]),
        (.configuration, ["configuration", "config", "environment"]),
        (.contributing, ["contributing"]),
    ]

    /// Phrases matched (case-insensitively, at a word start) in heading text.
    static let headingPhrases: [(DocTopic, [String])] = [
        (.runbook, ["runbook", "playbook"]),
        (.disasterRecovery, ["disaster recovery", "disaster-recovery", "business continuity", "dr plan", "failover"]),
        (.backup, ["backup", "back up", "backing up", "restore", "restoring"]),
        (.rollback, ["rollback", "roll back", "rolling back", "roll-back", "revert a deploy", "reverting a deploy"]),
        (.incidentResponse, ["incident response", "incident management", "incidents", "incident"]),
        (.postmortem, ["postmortem", "post-mortem", "post mortem", "retrospective"]),
        (.deployment, ["deploy", "release process", "releasing"]),
        (.architecture, ["architecture"]),
        (.monitoring, ["monitoring", "observability", "alerting", "alerts", "dashboards"]),
        (.onCall, ["on-call", "on call", "oncall", "escalation", "pager"]),
        (.securityPolicy, ["security policy", "reporting a vulnerability", "reporting security", "vulnerability disclosure"]),
        (.changelog, ["changelog", "release notes"]),
        (.configuration, ["configuration", "environment variables", "env vars"]),
        (.contributing, ["contributing"]),
    ]

    static func evidence(path: String, headings: [MarkdownHeading]) -> [DocTopic: Location] {
        var evidence: [DocTopic: Location] = [:]
        for heading in headings {
            let lower = heading.text.lowercased()
            for (topic, phrases) in headingPhrases where evidence[topic] == nil
                && phrases.contains(where: { lower.containsAtWordStart($0) }) {
                evidence[topic] = heading.location
            }
        }
        for topic in topics(ofPath: path) where evidence[topic] == nil {
            evidence[topic] = Location(path: path, line: 1)
        }
        return evidence
    }

    static func topics(ofPath path: String) -> Set<DocTopic> {
        let lower = path.lowercased()
        var components = lower.split(separator: "/")
        if let last = components.popLast() {
            let stem = last.lastIndex(of: ".").map { last[..<$0] } ?? last
            components.append(stem)
        }
        let tokens = Set(components.flatMap { $0.split(whereSeparator: { !$0.isLetter && !$0.isNumber }) }.map(String.init))
        let joined = components.map { String($0.filter { $0.isLetter || $0.isNumber }) }
        var topics: Set<DocTopic> = []
        for (topic, words) in pathWords where words.contains(where: { word in
            tokens.contains(word) || (word.count >= 5 && joined.contains { $0.contains(word) })
        }) {
            topics.insert(topic)
        }
        if let stem = components.last, stem == "security" || stem == "security_policy" || stem == "security-policy" {
            topics.insert(.securityPolicy)
        }
        return topics
    }
}

extension Substring {
    /// Drops leading and trailing blanks (named apart from other helpers' trims on purpose).
    func docTrimmed() -> Substring {
        let start = firstIndex { $0 != " " && $0 != "\t" } ?? endIndex
        guard let last = self[start...].lastIndex(where: { $0 != " " && $0 != "\t" }) else { return self[start..<start] }
        return self[start...last]
    }
}

extension String {
    /// True when `phrase` occurs starting at the beginning of a word (ASCII-lowercased input).
    func containsAtWordStart(_ phrase: String) -> Bool {
        let haystack = Array(utf8), needle = Array(phrase.utf8)
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            let previous = start > 0 ? haystack[start - 1] : 0x20
            let isLetter = (previous >= 0x61 && previous <= 0x7A) || (previous >= 0x41 && previous <= 0x5A)
            if !isLetter, haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}
