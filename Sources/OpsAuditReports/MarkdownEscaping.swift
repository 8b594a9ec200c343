/// Escapes untrusted text (file names, messages, snippets) for the place it takes in Markdown, so a
/// repository under audit cannot inject markup into the report.
public enum MarkdownEscaping {
    /// Characters with inline meaning anywhere in a line (emphasis, links, HTML, tables, code, strike).
    private static let inlineSpecial: Set<Character> = ["\\", "`", "*", "_", "[", "]", "<", ">", "|", "~"]
    /// Characters that start a block (heading, list, quote, rule, setext underline) at a line start.
    private static let blockStart: Set<Character> = ["#", "+", "-", "=", ">"]

    /// Plain inline text: one line (newlines become spaces), inline markup and a block-starting
    /// first character escaped with backslashes.
    public static func text(_ raw: String) -> String {
        escapeInline(singleLine(raw), lineBreak: " ")
    }

    /// Text for a table cell: as `text`, with line breaks kept as `<br>` (a raw newline would end the row).
    public static func cell(_ raw: String) -> String {
        escapeInline(normalizedNewlines(raw).trimmingWhitespace, lineBreak: "<br>")
    }

    /// Prose such as finding messages, where our style puts code in backticks: matched backtick
    /// spans become code spans (re-fenced by `code`), everything else is escaped as `text`.
    /// Unmatched backticks are escaped. In a table, `|` is escaped and line breaks become `<br>`.
    public static func prose(_ raw: String, inTable: Bool = false) -> String {
        if inTable {
            return normalizedNewlines(raw).trimmingWhitespace.split(separator: "\n", omittingEmptySubsequences: false)
                .map { proseLine(String($0), inTable: true) }.joined(separator: "<br>")
        }
        return proseLine(singleLine(raw), inTable: false)
    }

    /// Above this length a line is escaped as plain text: matching backtick runs is quadratic at worst.
    private static let proseLimit = 4096

    private static func proseLine(_ line: String, inTable: Bool) -> String {
        let characters = Array(line)
        guard characters.count <= proseLimit else { return escapeInline(line, lineBreak: " ", atLineStart: true) }
        var out = "", pending = ""
        func flush() {
            out += escapeInline(pending, lineBreak: " ", atLineStart: out.isEmpty)
            pending = ""
        }
        func run(at start: Int) -> Int {
            var end = start
            while end < characters.count && characters[end] == "`" { end += 1 }
            return end - start
        }
        var index = 0
        while index < characters.count {
            guard characters[index] == "`" else {
                pending.append(characters[index])
                index += 1
                continue
            }
            let length = run(at: index)
            var close = index + length
            var closing: Int?
            while close < characters.count {
                if characters[close] == "`" {
                    let other = run(at: close)
                    if other == length { closing = close; break }
                    close += other
                } else {
                    close += 1
                }
            }
            if let closing {
                flush()
                out += code(String(characters[(index + length)..<closing]), inTable: inTable)
                index = closing + length
            } else {
                pending += String(repeating: "`", count: length)
                index += length
            }
        }
        flush()
        return out
    }

    /// An inline code span whose fence is longer than any backtick run inside, padded with a space
    /// when the content starts or ends with a backtick or a space. `inTable` escapes `|`, which
    /// GFM reads as a cell separator even inside code spans.
    public static func code(_ raw: String, inTable: Bool = false) -> String {
        // Not trimmed: a path may really start or end with a space.
        var content = normalizedNewlines(raw).replacingAll("\n", with: " ")
        if inTable { content = content.replacingAll("|", with: "\\|") }
        if content.isEmpty { return "` `" }
        let fence = String(repeating: "`", count: longestBacktickRun(in: content) + 1)
        let needsPadding = content.first == "`" || content.last == "`" || (content.first == " " && content.last == " ")
        let padded = needsPadding ? " \(content) " : content
        return fence + padded + fence
    }

    /// A fenced code block (no trailing newline) whose fence is longer than any backtick run in
    /// the content, so a snippet holding ``` cannot close it early. Every line is indented by
    /// `indent` spaces: CommonMark strips a fence's indentation from its content, so an indent of 2
    /// nests the block under a list item and changes nothing at top level.
    public static func codeBlock(_ raw: String, language: String = "", indent: Int = 0) -> String {
        var content = normalizedNewlines(raw)
        while content.hasSuffix("\n") { content.removeLast() }
        let fence = String(repeating: "`", count: max(3, longestBacktickRun(in: content) + 1))
        let info = language.filter { $0.isLetter || $0.isNumber || $0 == "-" }
        let margin = String(repeating: " ", count: max(0, min(indent, 3)))
        let body = content.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : margin + $0 }.joined(separator: "\n")
        return "\(margin)\(fence)\(info)\n\(body)\n\(margin)\(fence)"
    }

    static func longestBacktickRun(in text: String) -> Int {
        var longest = 0, current = 0
        for character in text {
            if character == "`" {
                current += 1
                longest = max(longest, current)
            } else {
                current = 0
            }
        }
        return longest
    }

    private static func escapeInline(_ line: String, lineBreak: String, atLineStart startsLine: Bool = true) -> String {
        var out = ""
        out.reserveCapacity(line.count + 8)
        var atLineStart = startsLine
        var digitsSinceLineStart = 0
        for character in line {
            if character == "\n" {
                out += lineBreak
                atLineStart = true
                digitsSinceLineStart = 0
                continue
            }
            if inlineSpecial.contains(character) || (atLineStart && blockStart.contains(character)) {
                out.append("\\")
            } else if digitsSinceLineStart > 0 && (character == "." || character == ")") {
                // `1.` or `1)` opening a line would start an ordered list.
                out.append("\\")
            }
            out.append(character)
            let leadingDigit = character.isASCII && character.isNumber && (atLineStart || digitsSinceLineStart > 0)
            digitsSinceLineStart = leadingDigit ? digitsSinceLineStart + 1 : 0
            if !(atLineStart && character == " ") { atLineStart = false }
        }
        return out
    }

    private static func normalizedNewlines(_ raw: String) -> String {
        var out = ""
        out.reserveCapacity(raw.count)
        var previousCR = false
        for scalar in raw.unicodeScalars {
            if scalar == "\r" {
                out.append("\n")
                previousCR = true
                continue
            }
            if scalar == "\n" && previousCR {
                previousCR = false
                continue
            }
            previousCR = false
            out.unicodeScalars.append(scalar)
        }
        return out
    }

    private static func singleLine(_ raw: String) -> String {
        normalizedNewlines(raw).split(separator: "\n", omittingEmptySubsequences: true)
            .map { $0.trimmingWhitespace }.filter { !$0.isEmpty }.joined(separator: " ")
    }
}

extension StringProtocol {
    var trimmingWhitespace: String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" || first == "\n" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" || last == "\n" { slice.removeLast() }
        return String(slice)
    }

    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for character in self {
            if character == target { out += replacement } else { out.append(character) }
        }
        return out
    }
}
