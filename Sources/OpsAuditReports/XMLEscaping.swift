/// Escapes untrusted text for XML 1.0 text and attribute values, dropping what XML cannot hold.
///
/// XML 1.0 allows tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD and U+10000 and above
/// (https://www.w3.org/TR/xml/#charsets); anything else (C0 controls such as NUL or ESC from a
/// hostile file, U+FFFE, U+FFFF) makes the whole document unreadable, so it is removed. Lone
/// surrogates cannot occur in a Swift `String`.
enum XMLEscaping {
    /// Text content: `& < >` and quotes escaped (`>` so that `]]>` cannot appear), CR kept as
    /// `&#13;` because parsers turn a raw CR into LF.
    static func text(_ raw: String) -> String {
        escape(raw, inAttribute: false)
    }

    /// An attribute value (always written between double quotes): as `text`, and tab, LF and CR
    /// as character references, which attribute-value normalization would otherwise turn into spaces.
    static func attribute(_ raw: String) -> String {
        escape(raw, inAttribute: true)
    }

    /// Whether XML 1.0 allows the scalar at all.
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    private static func escape(_ raw: String, inAttribute: Bool) -> String {
        var out = ""
        out.reserveCapacity(raw.utf8.count + 16)
        for scalar in raw.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\r": out += "&#13;"
            case "\n" where inAttribute: out += "&#10;"
            case "\t" where inAttribute: out += "&#9;"
            default:
                if isAllowed(scalar) { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
