import OpsAuditModel

/// What an operational document is about, decided from its path and its headings.
public enum DocTopic: String, Codable, Sendable, CaseIterable, Comparable {
    case runbook, disasterRecovery = "disaster-recovery", backup, rollback
    case incidentResponse = "incident-response", postmortem, deployment, architecture, monitoring
    case onCall = "on-call", securityPolicy = "security-policy", changelog, configuration, contributing

    private var rank: Int { DocTopic.allCases.firstIndex(of: self)! }
    public static func < (a: DocTopic, b: DocTopic) -> Bool { a.rank < b.rank }
}

/// One heading of a Markdown (or reStructuredText / AsciiDoc) document.
public struct MarkdownHeading: Hashable, Codable, Sendable {
    /// 1 for `#` / `===` underline, 2 for `##` / `---` underline, up to 6.
    public var level: Int
    public var text: String
    /// The heading's line (for setext headings, the text line, not the underline).
    public var location: Location

    public init(level: Int, text: String, location: Location) {
        self.level = level
        self.text = text
        self.location = location
    }
}

/// A documentation file: its headings, what operational topics it covers and where, and its
/// text for term searches (`firstLine(containingAnyOf:)`).
public struct MarkdownDoc: Artifact {
    public var path: String
    /// The first level-1 heading.
    public var title: Located<String>?
    /// Headings outside fenced code blocks and front matter, in order.
    public var headings: [MarkdownHeading]
    public var topics: Set<DocTopic> { Set(topicEvidence.keys) }
    /// Where each topic was detected: its first matching heading, else line 1 when only the
    /// path says so.
    public var topicEvidence: [DocTopic: Location]
    /// Words outside fenced code blocks.
    public var wordCount: Int
    let text: TextFile

    public init(path: String, title: Located<String>?, headings: [MarkdownHeading],
                topicEvidence: [DocTopic: Location], wordCount: Int, text: TextFile) {
        self.path = path
        self.title = title
        self.headings = headings
        self.topicEvidence = topicEvidence
        self.wordCount = wordCount
        self.text = text
    }

    /// The first line containing any of `terms`, case-insensitively. Terms of four characters
    /// or fewer (`RTO`, `RPO`, `DR`) must stand as words, so `RTO` does not match "shortop".
    public func firstLine(containingAnyOf terms: [String]) -> Location? {
        let needles = terms.filter { !$0.isEmpty }.map { Array($0.lowercased().utf8) }
        guard !needles.isEmpty else { return nil }
        if needles.allSatisfy({ $0.allSatisfy { $0 < 0x80 } }) { return firstLine(containingASCII: needles) }
        for number in 1...text.lineCount {
            let lineBytes = Array(text.line(number).lowercased().utf8)
            var best: Int?
            for needle in needles {
                if let offset = Self.find(needle, in: lineBytes, wordBounded: needle.count <= 4),
                   best.map({ offset < $0 }) ?? true {
                    best = offset
                }
            }
            if let best {
                let column = String(decoding: lineBytes[..<best], as: UTF8.self).unicodeScalars.count + 1
                return Location(path: path, line: number, column: column)
            }
        }
        return nil
    }

    /// `firstLine(containingAnyOf:)` for ASCII terms, over the text's bytes with ASCII case
    /// folding: no lowercased copy of each line (rules ask this for every variable × document).
    private func firstLine(containingASCII needles: [[UInt8]]) -> Location? {
        var whole = text.text
        return whole.withUTF8 { bytes -> Location? in
            for number in 1...text.lineCount {
                let start = text.lineStarts[number - 1]
                var end = number < text.lineCount ? text.lineStarts[number] - 1 : bytes.count
                if end > start, bytes[end - 1] == 0x0D { end -= 1 }
                let line = UnsafeBufferPointer(rebasing: bytes[start..<max(start, end)])
                var best: Int?
                for needle in needles {
                    if let offset = Self.find(needle, in: line, wordBounded: needle.count <= 4), best.map({ offset < $0 }) ?? true {
                        best = offset
                    }
                }
                if let best {
                    let column = line[..<best].count { $0 & 0xC0 != 0x80 } + 1
                    return Location(path: path, line: number, column: column)
                }
            }
            return nil
        }
    }

    private static func find<C: RandomAccessCollection<UInt8>>(_ needle: [UInt8], in line: C, wordBounded: Bool) -> Int? where C.Index == Int {
        let haystack = line
        let base = haystack.startIndex
        guard haystack.count >= needle.count else { return nil }
        func isWordByte(_ b: UInt8) -> Bool {
            (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || (b >= 0x41 && b <= 0x5A)
        }
        var start = base
        while start + needle.count <= haystack.endIndex {
            if ASCIIText.lower(haystack[start]) == needle[0], ASCIIText.equalsIgnoringCase(haystack[start..<(start + needle.count)], needle) {
                let wordBefore = start > base && isWordByte(haystack[start - 1])
                let end = start + needle.count
                let wordAfter = end < haystack.endIndex && isWordByte(haystack[end])
                if !wordBounded || (!wordBefore && !wordAfter) {
                    return start - base
                }
            }
            start += 1
        }
        return nil
    }
}

extension RepoModel {
    /// Every documentation file, in path order.
    public var docs: [MarkdownDoc] { artifacts(MarkdownDoc.self) }

    /// Documents covering `topic`, each with where the topic was detected.
    public func docs(about topic: DocTopic) -> [(doc: MarkdownDoc, location: Location)] {
        docs.compactMap { doc in doc.topicEvidence[topic].map { (doc: doc, location: $0) } }
    }
}
