import Foundation
import OpsAuditModel

/// Parses dotenv files with the common semantics of node `dotenv` and `python-dotenv`:
/// `export`, single/double/back quotes (multi-line allowed), escapes in double quotes, ` #`
/// comments after unquoted values, `${VAR}` kept as written.
public enum EnvFileParser {
    /// Parses one dotenv file; never throws.
    public static func parse(_ file: TextFile, isExample: Bool) -> ParseResult {
        var reader = EnvReader(file: file)
        let entries = reader.run()
        return ParseResult(EnvFile(path: file.path, isExample: isExample, entries: entries),
                           diagnostics: reader.diagnostics)
    }
}

private func isBlank(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" }

private struct EnvReader {
    let file: TextFile
    let lines: [[Unicode.Scalar]]
    var diagnostics: [Diagnostic] = []

    init(file: TextFile) {
        self.file = file
        lines = file.lines.map { Array($0.unicodeScalars) }
    }

    mutating func run() -> [EnvEntry] {
        var entries: [EnvEntry] = []
        var index = 0
        // Comment lines directly above the next assignment document it.
        var pending: [String] = []
        while index < lines.count {
            let line = lines[index]
            let number = index + 1
            index += 1
            var p = 0
            while p < line.count, isBlank(line[p]) { p += 1 }
            guard p < line.count else {
                pending = []
                continue
            }
            guard line[p] != "#" else {
                let text = string(line[(p + 1)...]).trimmingCharacters(in: .whitespaces)
                if !text.isEmpty { pending.append(text) }
                continue
            }
            let above = pending.isEmpty ? nil : pending.joined(separator: " ")
            pending = []
            var exported = false
            if hasWord("export", in: line, at: p) {
                exported = true
                p += 6
                while p < line.count, isBlank(line[p]) { p += 1 }
            }
            let keyStart = p
            while p < line.count, line[p] != "=", !isBlank(line[p]) { p += 1 }
            let key = string(line[keyStart..<p])
            while p < line.count, isBlank(line[p]) { p += 1 }
            guard p < line.count, line[p] == "=", !key.isEmpty else {
                diagnostics.append(Diagnostic(.parse, "line without `=`: not a dotenv assignment",
                                              at: file.location(line: number, column: keyStart + 1)))
                continue
            }
            p += 1
            while p < line.count, isBlank(line[p]) { p += 1 }
            let located = Located(key, at: file.location(line: number, column: keyStart + 1))
            if p < line.count, line[p] == "\"" || line[p] == "'" || line[p] == "`" {
                let quote = line[p]
                if let (value, endIndex) = quoted(quote, line: index - 1, from: p + 1) {
                    entries.append(EnvEntry(key: located, value: value, isQuoted: true, isExported: exported, comment: above))
                    index = endIndex + 1
                } else {
                    diagnostics.append(Diagnostic(.parse, "unterminated quoted value for `\(key)`",
                                                  at: file.location(line: number, column: p + 1)))
                    let rest = string(line[(p + 1)...])
                    entries.append(EnvEntry(key: located, value: rest, isQuoted: true, isExported: exported, comment: above))
                }
                continue
            }
            var end = p
            // ` #` starts a comment (`KEY= # note` too); `#` right after `=` is a value (`COLOR=#fff`).
            while end < line.count, !(line[end] == "#" && end > 0 && isBlank(line[end - 1])) { end += 1 }
            let inline = end < line.count ? string(line[(end + 1)...]).trimmingCharacters(in: .whitespaces) : ""
            while end > p, isBlank(line[end - 1]) { end -= 1 }
            entries.append(EnvEntry(key: located, value: string(line[p..<end]), isQuoted: false, isExported: exported,
                                    comment: inline.isEmpty ? above : inline))
        }
        return entries
    }

    private func hasWord(_ word: String, in line: [Unicode.Scalar], at p: Int) -> Bool {
        let scalars = Array(word.unicodeScalars)
        guard p + scalars.count < line.count, Array(line[p..<(p + scalars.count)]) == scalars else { return false }
        return isBlank(line[p + scalars.count])
    }

    private func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// The value up to the closing `quote`, possibly on a later line; nil when none follows.
    /// Returns the value and the 0-based index of the line holding the closing quote.
    private func quoted(_ quote: Unicode.Scalar, line start: Int, from column: Int) -> (String, Int)? {
        var value = String.UnicodeScalarView()
        var index = start
        var p = column
        while true {
            let line = lines[index]
            while p < line.count {
                let c = line[p]
                if c == quote { return (String(value), index) }
                if quote == "\"", c == "\\", p + 1 < line.count {
                    let next = line[p + 1]
                    switch next {
                    case "n": value.append("\n")
                    case "r": value.append("\r")
                    case "t": value.append("\t")
                    case "\"", "\\": value.append(next)
                    default:
                        value.append(c)
                        value.append(next)
                    }
                    p += 2
                    continue
                }
                value.append(c)
                p += 1
            }
            index += 1
            guard index < lines.count else { return nil }
            value.append("\n")
            p = 0
        }
    }
}
