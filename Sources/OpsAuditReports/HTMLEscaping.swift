/// Escapes untrusted text (file names, messages, snippets) for HTML, so a repository under audit
/// cannot inject markup, script or requests into the report.
public enum HTMLEscaping {
    /// Text content or a double- or single-quoted attribute value: `& < > " '` as entities;
    /// control characters (other than tab and line breaks) become U+FFFD, as HTML parsers would
    /// treat NUL, so what the reader sees does not depend on the browser.
    public static func text(_ raw: String) -> String {
        var out = ""
        out.reserveCapacity(raw.utf8.count + 16)
        for scalar in raw.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                if value < 0x20 || (0x7F...0x9F).contains(value) || value == 0xFFFE || value == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// Prose as rules write it: matched backtick spans become `<code>`, everything escaped.
    /// Unmatched backticks stay literal. Line breaks fold to spaces.
    static func prose(_ raw: String) -> String {
        let characters = Array(raw.map { $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
        // Matching backtick runs is quadratic at worst: a very long line is shown as plain text.
        guard characters.count <= 4096 else { return text(String(characters)) }
        var out = "", index = 0, pending = ""
        func run(at start: Int) -> Int {
            var end = start
            while end < characters.count && characters[end] == "`" { end += 1 }
            return end - start
        }
        while index < characters.count {
            guard characters[index] == "`" else {
                pending.append(characters[index])
                index += 1
                continue
            }
            let length = run(at: index)
            var close = index + length, closing: Int?
            while close < characters.count {
                guard characters[close] == "`" else { close += 1; continue }
                let other = run(at: close)
                if other == length { closing = close; break }
                close += other
            }
            guard let closing else {
                pending += String(repeating: "`", count: length)
                index += length
                continue
            }
            out += text(pending)
            pending = ""
            out += "<code>" + text(String(characters[(index + length)..<closing]).trimmingWhitespace) + "</code>"
            index = closing + length
        }
        return out + text(pending)
    }

    /// A fragment identifier made only of `[A-Za-z0-9-]`, so it is safe in `id` and `href="#…"`.
    static func anchor(_ raw: String) -> String {
        String(raw.unicodeScalars.map { scalar -> Character in
            let isSafe = scalar.isASCII && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                || ("0"..."9").contains(scalar) || scalar == "-")
            return isSafe ? Character(scalar) : "-"
        })
    }

    /// True for an `http(s)` URL with nothing that could break out of an attribute or change
    /// scheme: only those references become links; anything else (`javascript:`…) stays text.
    static func isWebURL(_ text: String) -> Bool {
        (text.hasPrefix("https://") || text.hasPrefix("http://"))
            && !text.unicodeScalars.contains { $0.value <= 0x20 || $0.value >= 0x7F || "<>\"'`{}|\\^".unicodeScalars.contains($0) }
    }
}
