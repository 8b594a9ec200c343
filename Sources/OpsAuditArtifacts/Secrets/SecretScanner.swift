import Foundation
import OpsAuditModel

/// The kinds of credentials recognised with high confidence from their own shape (a prefix and a
/// fixed alphabet), so no entropy guessing is needed.
public enum SecretKind: String, Codable, Sendable, CaseIterable {
    case privateKey = "private-key"
    case awsAccessKey = "aws-access-key"
    case githubToken = "github-token"
    case stripeLiveKey = "stripe-live-key"
    case slackToken = "slack-token"
    case slackWebhook = "slack-webhook"

    /// How a person names it.
    public var title: String {
        switch self {
        case .privateKey: "private key"
        case .awsAccessKey: "AWS access key ID"
        case .githubToken: "GitHub token"
        case .stripeLiveKey: "Stripe live secret key"
        case .slackToken: "Slack token"
        case .slackWebhook: "Slack incoming webhook URL"
        }
    }
}

/// One credential found in a file. The secret itself is never kept: only a redacted form.
public struct SecretMatch: Hashable, Sendable {
    public var kind: SecretKind
    public var location: Location
    /// The first characters of the match and a mask, e.g. `ghp_…[redacted]`.
    public var redacted: String
    /// A hash of the whole credential: tells two secrets with the same redacted form apart (history
    /// compares secrets across commits) without keeping the secret.
    public var digest: UInt64 = 0
}

/// The credentials found in one text file.
public struct SecretScan: Artifact {
    public var path: String
    public var matches: [SecretMatch]
}

/// Finds credentials in text in one pass over its UTF-8 bytes (no regex engine: it runs on every
/// text file of the repository).
public enum SecretScanner {
    /// Every match in `file`, in order. Placeholders (`EXAMPLE`, `xxxx…`) are skipped.
    public static func scan(_ file: TextFile) -> [SecretMatch] {
        ranges(in: Array(file.text.utf8)).map { kind, range, bytes in
            SecretMatch(kind: kind, location: file.location(atUTF8Offset: range.lowerBound),
                        redacted: redactedForm(kind: kind, bytes: bytes[range]), digest: digest(bytes[range]))
        }
    }

    /// Byte ranges of credentials in `bytes`, with their kind.
    static func ranges(in bytes: [UInt8]) -> [(SecretKind, Range<Int>, [UInt8])] {
        var found: [(SecretKind, Range<Int>, [UInt8])] = []
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            // Candidates start at a word boundary.
            let boundary = i == 0 || !isTokenByte(bytes[i - 1])
            var match: (SecretKind, Int)?
            switch b {
            case UInt8(ascii: "-"):
                if let end = privateKeyEnd(bytes, at: i) { match = (.privateKey, end) }
            case UInt8(ascii: "A") where boundary:
                if has(bytes, i, "AKIA") || has(bytes, i, "ASIA") {
                    let end = run(bytes, from: i + 4, where: isUpperAlnum)
                    if end - (i + 4) == 16, end == n || !isTokenByte(bytes[end]) { match = (.awsAccessKey, end) }
                }
            case UInt8(ascii: "g") where boundary:
                if has(bytes, i, "github_pat_") {
                    let end = run(bytes, from: i + 11, where: isWordByte)
                    if end - (i + 11) >= 70 { match = (.githubToken, end) }
                } else if i + 4 <= n, has(bytes, i, "gh"), [UInt8(ascii: "p"), UInt8(ascii: "o"), UInt8(ascii: "u"), UInt8(ascii: "s"), UInt8(ascii: "r")].contains(bytes[i + 2]), bytes[i + 3] == UInt8(ascii: "_") {
                    let end = run(bytes, from: i + 4, where: isAlnum)
                    if end - (i + 4) == 36 { match = (.githubToken, end) }
                }
            case UInt8(ascii: "s") where boundary, UInt8(ascii: "r") where boundary:
                if has(bytes, i + 1, "k_live_") {
                    let end = run(bytes, from: i + 8, where: isAlnum)
                    if end - (i + 8) >= 20 { match = (.stripeLiveKey, end) }
                }
            case UInt8(ascii: "x") where boundary:
                if has(bytes, i, "xox"), i + 4 < n, "baprse".utf8.contains(bytes[i + 3]), bytes[i + 4] == UInt8(ascii: "-") {
                    let end = run(bytes, from: i + 5, where: { isAlnum($0) || $0 == UInt8(ascii: "-") })
                    if end - (i + 5) >= 20 { match = (.slackToken, end) }
                }
            case UInt8(ascii: "h"):
                if has(bytes, i, "hooks.slack.com/services/T") {
                    let end = run(bytes, from: i + 25, where: { isAlnum($0) || $0 == UInt8(ascii: "/") })
                    if end - (i + 25) >= 20 { match = (.slackWebhook, end) }
                }
            default:
                break
            }
            if let (kind, end) = match {
                let range = i..<end
                if !isPlaceholder(bytes[range]) { found.append((kind, range, bytes)) }
                i = end
            } else {
                i += 1
            }
        }
        return found
    }

    /// `-----BEGIN … PRIVATE KEY-----` (RSA, EC, DSA, OPENSSH, encrypted, PGP) followed by key
    /// material: a header alone (in docs that explain the format) is not a key.
    private static func privateKeyEnd(_ bytes: [UInt8], at i: Int) -> Int? {
        guard has(bytes, i, "-----BEGIN ") else { return nil }
        var j = i + 11
        let limit = min(bytes.count, j + 40)
        while j < limit, bytes[j] != UInt8(ascii: "\n") {
            if has(bytes, j, "PRIVATE KEY-----") || has(bytes, j, "PRIVATE KEY BLOCK-----") {
                let headerEnd = j + (has(bytes, j, "PRIVATE KEY-----") ? 16 : 22)
                // Require at least 40 base64 characters after the header.
                var k = headerEnd, material = 0
                while k < bytes.count, k < headerEnd + 400, material < 40 {
                    let c = bytes[k]
                    if isAlnum(c) || c == UInt8(ascii: "+") || c == UInt8(ascii: "/") || c == UInt8(ascii: "=") { material += 1 }
                    else if c == UInt8(ascii: "-") { break }
                    k += 1
                }
                return material >= 40 ? headerEnd : nil
            }
            j += 1
        }
        return nil
    }

    /// Masks every credential in `text` (used on every snippet and message that leaves the tool).
    public static func redact(_ text: String) -> String {
        let bytes = Array(text.utf8)
        let found = ranges(in: bytes)
        guard !found.isEmpty else { return text }
        var out: [UInt8] = []
        var last = 0
        for (kind, range, _) in found {
            out += bytes[last..<range.lowerBound]
            out += Array(redactedForm(kind: kind, bytes: bytes[range]).utf8)
            last = range.upperBound
        }
        out += bytes[last...]
        return String(decoding: out, as: UTF8.self)
    }

    /// FNV-1a over the credential's bytes, with `\r` dropped so a CRLF checkout of a PEM block
    /// is the same secret.
    static func digest(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes where byte != 13 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    static func redactedForm(kind: SecretKind, bytes: ArraySlice<UInt8>) -> String {
        let keep = kind == .privateKey ? bytes.count : min(bytes.count, kind == .slackWebhook ? 26 : 4 + (kind == .stripeLiveKey ? 4 : 0))
        return String(decoding: bytes.prefix(keep), as: UTF8.self) + (kind == .privateKey ? "[redacted]" : "…[redacted]")
    }

    private static func isPlaceholder(_ bytes: ArraySlice<UInt8>) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        let upper = text.uppercased()
        if upper.contains("EXAMPLE") || upper.contains("XXXXXXXX") || upper.contains("PLACEHOLDER") || upper.contains("REDACTED") {
            return true
        }
        // One repeated character after the prefix (`ghp_000…`, `sk_live_aaaa…`).
        let tail = bytes.suffix(16)
        return Set(tail).count <= 2
    }

    private static func has(_ bytes: [UInt8], _ i: Int, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard i >= 0, i + count <= bytes.count else { return false }
        return literal.withUTF8Buffer { buffer in
            for k in 0..<count where bytes[i + k] != buffer[k] { return false }
            return true
        }
    }

    private static func run(_ bytes: [UInt8], from start: Int, where predicate: (UInt8) -> Bool) -> Int {
        var j = start
        while j < bytes.count, predicate(bytes[j]) { j += 1 }
        return j
    }

    private static func isAlnum(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
    }
    private static func isUpperAlnum(_ c: UInt8) -> Bool { (c >= 48 && c <= 57) || (c >= 65 && c <= 90) }
    private static func isWordByte(_ c: UInt8) -> Bool { isAlnum(c) || c == UInt8(ascii: "_") }
    private static func isTokenByte(_ c: UInt8) -> Bool { isWordByte(c) || c == UInt8(ascii: "-") }
}

/// Redaction for everything that leaves the tool: credentials by shape, and the values of
/// secret-named keys (`PASSWORD=…`, `api_key: …`).
public enum SecretRedactor {
    static let secretKeyWords = ["password", "passwd", "secret", "token", "api_key", "apikey", "private_key",
                                 "access_key", "auth", "credential", "dsn", "database_url"]

    public static func redact(_ text: String) -> String {
        let shaped = SecretScanner.redact(text)
        return redactAssignment(shaped)
    }

    /// Every `KEY=value` / `key: value` in the line whose key names a secret: the value is masked
    /// unless it is a reference (`${…}`, `$(…)`, `{{…}}`, `secrets.X`, `/run/secrets/…`) or shorter
    /// than 4 characters. Several assignments on one line (`ENV A=1 SECRET=x`, a trailing
    /// `# password=…` comment) are each handled.
    static func redactAssignment(_ line: String) -> String {
        let chars = Array(line)
        var out: [Character] = []
        var i = 0
        var copied = 0
        while i < chars.count {
            guard chars[i] == "=" || chars[i] == ":" else { i += 1; continue }
            // The key: identifier characters (and quotes) right before the separator.
            var keyStart = i
            while keyStart > 0, isKeyCharacter(chars[keyStart - 1]) { keyStart -= 1 }
            let key = String(chars[keyStart..<i]).lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            var valueStart = i + 1
            while valueStart < chars.count, chars[valueStart] == " " { valueStart += 1 }
            guard !key.isEmpty, secretKeyWords.contains(where: key.contains), !key.contains("public"), !key.contains("author"),
                  valueStart < chars.count, !(chars[i] == ":" && valueStart < chars.count && chars[valueStart] == "/") else {
                i += 1
                continue
            }
            // The value: up to the closing quote, or the next blank, `,`, `;`, `&` outside quotes.
            var valueEnd = valueStart
            let quote: Character? = chars[valueStart] == "\"" || chars[valueStart] == "'" ? chars[valueStart] : nil
            if let quote {
                valueEnd = valueStart + 1
                while valueEnd < chars.count, chars[valueEnd] != quote { valueEnd += 1 }
                valueEnd = min(chars.count, valueEnd + 1)
            } else {
                while valueEnd < chars.count, !" \t,;&".contains(chars[valueEnd]) { valueEnd += 1 }
            }
            let value = String(chars[valueStart..<valueEnd]).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            let isReference = value.count < 4 || value.hasPrefix("$") || value.contains("{{") || value.contains("secrets.")
                || value.hasPrefix("/run/secrets") || value.hasPrefix("[redacted]") || value.hasSuffix("[redacted]")
            if !isReference {
                out += chars[copied..<valueStart]
                out += Array("[redacted]")
                copied = valueEnd
            }
            i = max(i + 1, valueEnd)
        }
        out += chars[copied...]
        return String(out)
    }

    private static func isKeyCharacter(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || c == "_" || c == "-" || c == "." || c == "\"" || c == "'"
    }
}

extension RepoModel {
    /// Every credential found in any text file, in path order.
    public var secretMatches: [(file: RepoFile, match: SecretMatch)] {
        let byPath = Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0) })
        return artifacts(SecretScan.self).flatMap { scan in
            scan.matches.compactMap { match in byPath[scan.path].map { ($0, match) } }
        }
    }
}
