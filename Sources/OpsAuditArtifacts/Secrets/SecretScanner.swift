import Foundation
import OpsAuditModel

/// The kinds of credentials recognised: most from their own shape (a prefix and a fixed
/// alphabet), database URLs from an inline password, and `generic` from a secret-named key
/// holding a high-entropy literal.
public enum SecretKind: String, Codable, Sendable, CaseIterable {
    case privateKey = "private-key"
    case awsAccessKey = "aws-access-key"
    case githubToken = "github-token"
    case gitlabToken = "gitlab-token"
    case stripeLiveKey = "stripe-live-key"
    case slackToken = "slack-token"
    case slackWebhook = "slack-webhook"
    case twilioKey = "twilio-key"
    case sendgridKey = "sendgrid-key"
    case mailgunKey = "mailgun-key"
    case googleAPIKey = "google-api-key"
    case openAIKey = "openai-key"
    case anthropicKey = "anthropic-key"
    case npmToken = "npm-token"
    case pypiToken = "pypi-token"
    case jwt = "jwt"
    case databaseURL = "database-url-password"
    case generic = "generic-secret"

    /// How a person names it.
    public var title: String {
        switch self {
        case .privateKey: "private key"
        case .awsAccessKey: "AWS access key ID"
        case .githubToken: "GitHub token"
        case .gitlabToken: "GitLab personal access token"
        case .stripeLiveKey: "Stripe live secret key"
        case .slackToken: "Slack token"
        case .slackWebhook: "Slack incoming webhook URL"
        case .twilioKey: "Twilio API key or account SID"
        case .sendgridKey: "SendGrid API key"
        case .mailgunKey: "Mailgun API key"
        case .googleAPIKey: "Google API key"
        case .openAIKey: "OpenAI API key"
        case .anthropicKey: "Anthropic API key"
        case .npmToken: "npm access token"
        case .pypiToken: "PyPI API token"
        case .jwt: "signed JSON Web Token"
        case .databaseURL: "database URL with an inline password"
        case .generic: "high-entropy value of a secret-named key"
        }
    }
}

/// One credential found in a file. The secret itself is never kept: only a redacted form.
public struct SecretMatch: Hashable, Sendable {
    public var kind: SecretKind
    public var location: Location
    /// A non-secret prefix, the length and a short hash, e.g. `ghp_…[redacted 40 chars #1a2b3c]`.
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
    /// One credential: its byte range and how many leading bytes are safe to show.
    struct Hit {
        var kind: SecretKind
        var range: Range<Int>
        var keep: Int
    }

    /// Every match in `file`, in order. Placeholders (`EXAMPLE`, `xxxx…`) are skipped.
    public static func scan(_ file: TextFile) -> [SecretMatch] {
        let bytes = Array(file.text.utf8)
        return hits(in: bytes).map { hit in
            SecretMatch(kind: hit.kind, location: file.location(atUTF8Offset: hit.range.lowerBound),
                        redacted: redactedForm(hit, bytes), digest: digest(bytes[hit.range]))
        }
    }

    /// Credentials in `bytes`, in order and not overlapping.
    static func hits(in bytes: [UInt8]) -> [Hit] {
        var found: [Hit] = []
        var i = 0
        let n = bytes.count
        while i < n {
            var hit: Hit?
            if let (kind, end) = shaped(bytes, at: i) {
                let keep = kind == .privateKey ? privateKeyHeaderLength(bytes, i) : prefixLength(kind, bytes, i)
                hit = Hit(kind: kind, range: i..<end, keep: keep)
                if isPlaceholder(bytes[i..<end]) { hit = nil; i = end; continue }
            } else if bytes[i] == UInt8(ascii: ":"), has(bytes, i, "://") {
                hit = databasePassword(bytes, at: i)
            } else if bytes[i] == UInt8(ascii: "=") || bytes[i] == UInt8(ascii: ":") {
                hit = genericAssignment(bytes, at: i)
            }
            if let hit, hit.range.lowerBound >= (found.last?.range.upperBound ?? 0) {
                found.append(hit)
                i = max(i + 1, hit.range.upperBound)
            } else {
                i += 1
            }
        }
        return found
    }

    /// A credential recognised by its shape starting at `i`, with its end.
    static func shaped(_ bytes: [UInt8], at i: Int) -> (SecretKind, Int)? {
        let n = bytes.count
        let boundary = i == 0 || !isTokenByte(bytes[i - 1])
        func token(_ prefix: StaticString, _ min: Int, _ max: Int, _ alphabet: (UInt8) -> Bool) -> Int? {
            tokenEnd(bytes, i, prefix, min, max, alphabet)
        }
        switch bytes[i] {
        case UInt8(ascii: "-"):
            return privateKeyEnd(bytes, at: i).map { (.privateKey, $0) }
        case UInt8(ascii: "A") where boundary:
            if let end = token("AKIA", 16, 16, isUpperAlnum) ?? token("ASIA", 16, 16, isUpperAlnum) { return (.awsAccessKey, end) }
            if let end = token("AIza", 35, 35, isURLSafe) { return (.googleAPIKey, end) }
            if let end = token("AC", 32, 32, isLowerHex) { return (.twilioKey, end) }
        case UInt8(ascii: "S") where boundary:
            if let end = token("SK", 32, 32, isLowerHex) { return (.twilioKey, end) }
            if has(bytes, i, "SG."), let dot = Optional(run(bytes, from: i + 3, where: isURLSafe)), dot - (i + 3) == 22,
               dot < n, bytes[dot] == UInt8(ascii: ".") {
                let end = run(bytes, from: dot + 1, where: isURLSafe)
                if end - (dot + 1) == 43 { return (.sendgridKey, end) }
            }
        case UInt8(ascii: "g") where boundary:
            if let end = token("github_pat_", 70, .max, isWordByte) { return (.githubToken, end) }
            if i + 4 <= n, has(bytes, i, "gh"), "pousr".utf8.contains(bytes[i + 2]), bytes[i + 3] == UInt8(ascii: "_") {
                let end = run(bytes, from: i + 4, where: isAlnum)
                if end - (i + 4) == 36 { return (.githubToken, end) }
            }
            if let end = token("glpat-", 20, .max, isURLSafe) { return (.gitlabToken, end) }
        case UInt8(ascii: "s") where boundary, UInt8(ascii: "r") where boundary:
            if has(bytes, i + 1, "k_live_") {
                let end = run(bytes, from: i + 8, where: isAlnum)
                if end - (i + 8) >= 20 { return (.stripeLiveKey, end) }
            }
            guard bytes[i] == UInt8(ascii: "s") else { return nil }
            if let end = token("sk-ant-", 32, .max, isURLSafe) { return (.anthropicKey, end) }
            if let end = token("sk-proj-", 40, .max, isURLSafe) { return (.openAIKey, end) }
            if let end = token("sk-", 32, .max, isURLSafe), hasMixedCaseAndDigits(bytes[(i + 3)..<end]) { return (.openAIKey, end) }
        case UInt8(ascii: "x") where boundary:
            if has(bytes, i, "xox"), i + 4 < n, "baprse".utf8.contains(bytes[i + 3]), bytes[i + 4] == UInt8(ascii: "-") {
                let end = run(bytes, from: i + 5, where: { isAlnum($0) || $0 == UInt8(ascii: "-") })
                if end - (i + 5) >= 20 { return (.slackToken, end) }
            }
        case UInt8(ascii: "h"):
            if has(bytes, i, "hooks.slack.com/services/T") {
                let end = run(bytes, from: i + 25, where: { isAlnum($0) || $0 == UInt8(ascii: "/") })
                if end - (i + 25) >= 20 { return (.slackWebhook, end) }
            }
        case UInt8(ascii: "k") where boundary:
            if let end = token("key-", 32, 32, { isLowerAlnum($0) }) { return (.mailgunKey, end) }
        case UInt8(ascii: "n") where boundary:
            if let end = token("npm_", 36, 36, isAlnum) { return (.npmToken, end) }
        case UInt8(ascii: "p") where boundary:
            if let end = token("pypi-AgE", 50, .max, isURLSafe) { return (.pypiToken, end) }
        case UInt8(ascii: "e") where boundary:
            return jwtEnd(bytes, at: i).map { (.jwt, $0) }
        default:
            break
        }
        return nil
    }

    /// `prefix` at `i` then `min`...`max` bytes of `alphabet`, ending at a token boundary.
    private static func tokenEnd(_ bytes: [UInt8], _ i: Int, _ prefix: StaticString, _ min: Int, _ max: Int,
                                 _ alphabet: (UInt8) -> Bool) -> Int? {
        guard has(bytes, i, prefix) else { return nil }
        let start = i + prefix.utf8CodeUnitCount
        let end = run(bytes, from: start, where: alphabet)
        guard end - start >= min, end - start <= max, end == bytes.count || !isTokenByte(bytes[end]) else { return nil }
        return end
    }

    /// `eyJ…header.eyJ…payload.signature`: three base64url parts, the signature at least 16
    /// characters (an unsigned `alg: none` token has an empty one and grants nothing by itself).
    private static func jwtEnd(_ bytes: [UInt8], at i: Int) -> Int? {
        guard has(bytes, i, "eyJ") else { return nil }
        let headerEnd = run(bytes, from: i, where: isURLSafeNoDash)
        guard headerEnd - i >= 10, headerEnd < bytes.count, bytes[headerEnd] == UInt8(ascii: "."),
              has(bytes, headerEnd + 1, "eyJ") else { return nil }
        let payloadEnd = run(bytes, from: headerEnd + 1, where: isURLSafeNoDash)
        guard payloadEnd < bytes.count, bytes[payloadEnd] == UInt8(ascii: ".") else { return nil }
        let end = run(bytes, from: payloadEnd + 1, where: isURLSafe)
        guard end - (payloadEnd + 1) >= 16 else { return nil }
        // jwt.io's documented sample token is an example, not a credential.
        if has(bytes, payloadEnd + 1, "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c") { return nil }
        return end
    }

    static let databaseSchemes: Set<String> = [
        "postgres", "postgresql", "mysql", "mariadb", "mongodb", "mongodb+srv", "redis", "rediss",
        "amqp", "amqps", "mssql", "sqlserver", "cockroachdb", "postgresql+psycopg2", "mysql+pymysql",
    ]

    /// `scheme://user:password@host` for database and broker schemes; `i` is at `://`. The hit
    /// covers `scheme://user:password`, showing everything but the password.
    private static func databasePassword(_ bytes: [UInt8], at i: Int) -> Hit? {
        var schemeStart = i
        while schemeStart > 0, i - schemeStart < 24, isAlnum(bytes[schemeStart - 1]) || bytes[schemeStart - 1] == UInt8(ascii: "+") { schemeStart -= 1 }
        let scheme = String(decoding: bytes[schemeStart..<i], as: UTF8.self).lowercased()
        guard databaseSchemes.contains(scheme) else { return nil }
        let userStart = i + 3
        var j = userStart, colon: Int?
        while j < bytes.count, j < userStart + 256 {
            let c = bytes[j]
            if c == UInt8(ascii: "@") { break }
            if c <= 32 || c == UInt8(ascii: "/") || c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") || c == UInt8(ascii: "`") { return nil }
            if c == UInt8(ascii: ":"), colon == nil { colon = j }
            j += 1
        }
        guard j < bytes.count, bytes[j] == UInt8(ascii: "@"), let colon, j > colon + 1 else { return nil }
        let password = String(decoding: bytes[(colon + 1)..<j], as: UTF8.self)
        let user = String(decoding: bytes[userStart..<colon], as: UTF8.self)
        // Development defaults: the password repeats the user (`umami:umami`), says `test`, or
        // the host is this machine or a bare compose service name (`@db:5432`).
        var hostEnd = j + 1
        while hostEnd < bytes.count, isURLSafe(bytes[hostEnd]) || bytes[hostEnd] == UInt8(ascii: ".") { hostEnd += 1 }
        let host = String(decoding: bytes[(j + 1)..<hostEnd], as: UTF8.self).lowercased()
        let localHost = host.isEmpty || !host.contains(".") || host.hasPrefix("127.") || host == "0.0.0.0"
            || host.hasSuffix(".local") || host.hasSuffix(".localhost") || host == "host.docker.internal"
        guard password != user, !password.lowercased().contains("test"), !localHost else { return nil }
        guard EnvEntry.urlHasPassword("x://u:\(password)@h"), !EnvEntry.isPlaceholder(password),
              !password.contains("{"), !password.contains("%(") else { return nil }
        return Hit(kind: .databaseURL, range: schemeStart..<j, keep: colon + 1 - schemeStart)
    }

    /// `SECRET_KEY = "…"`, `"apiToken": "…"`, `password: …`: `i` is at the separator. Fires only
    /// when the key names a secret and the value is a long, high-entropy literal (entropy is
    /// computed on the value alone).
    private static func genericAssignment(_ bytes: [UInt8], at i: Int) -> Hit? {
        let n = bytes.count
        if i + 1 < n, bytes[i + 1] == UInt8(ascii: "=") || (bytes[i] == UInt8(ascii: ":") && bytes[i + 1] == UInt8(ascii: ":")) { return nil }
        if i > 0, "=!<>:".utf8.contains(bytes[i - 1]) && !(bytes[i] == UInt8(ascii: "=") && bytes[i - 1] == UInt8(ascii: ":")) { return nil }
        // The key: identifier bytes before the separator, past blanks, `:` of `:=` and a quote.
        var k = i
        if k > 0, bytes[k - 1] == UInt8(ascii: ":") { k -= 1 }
        while k > 0, bytes[k - 1] == UInt8(ascii: " ") || bytes[k - 1] == UInt8(ascii: "\t") { k -= 1 }
        if k > 0, bytes[k - 1] == UInt8(ascii: "\"") || bytes[k - 1] == UInt8(ascii: "'") { k -= 1 }
        let keyEnd = k
        while k > 0, keyEnd - k < 64, isWordByte(bytes[k - 1]) || bytes[k - 1] == UInt8(ascii: "-") || bytes[k - 1] == UInt8(ascii: ".") { k -= 1 }
        guard keyEnd > k else { return nil }
        // `user:pass@host:port`, `a/b:c`: a colon inside a URL or path is not an assignment.
        if k > 0, "@/:=%".utf8.contains(bytes[k - 1]) { return nil }
        let keyStart = k
        // The value: optional quote, then up to the quote, a blank or a separator.
        var v = i + 1
        while v < n, bytes[v] == UInt8(ascii: " ") || bytes[v] == UInt8(ascii: "\t") { v += 1 }
        guard v < n else { return nil }
        let quote: UInt8? = "\"'`".utf8.contains(bytes[v]) ? bytes[v] : nil
        if quote != nil { v += 1 }
        var end = v
        while end < n, end - v <= 200 {
            let c = bytes[end]
            if let quote { if c == quote || c == UInt8(ascii: "\n") { break } }
            else if c <= 32 || ",;)]}\"'`#".utf8.contains(c) { break }
            end += 1
        }
        if let quote, !(end < n && bytes[end] == quote) { return nil }
        // The length test first: most assignments have short values, and judging the key's
        // words is the costly part.
        guard end - v >= 12, end - v <= 200, isSecretName(String(decoding: bytes[keyStart..<keyEnd], as: UTF8.self)),
              shaped(bytes, at: v) == nil else { return nil }
        let value = bytes[v..<end]
        guard looksLikeSecretLiteral(value) else { return nil }
        return Hit(kind: .generic, range: v..<end, keep: 0)
    }

    /// Secret-named keys, judged on the key's words (`DB_PASSWORD`, `apiKey`, `client-secret`)
    /// so that `tokenserver_db` or `max_token_length` do not count.
    public static func isSecretName(_ key: String) -> Bool {
        // Every secret name holds one of these: most keys are ruled out without splitting words.
        guard ASCIIText.contains(key, "key") || ASCIIText.contains(key, "pass") || ASCIIText.contains(key, "secret")
            || ASCIIText.contains(key, "token") || ASCIIText.contains(key, "pwd") || ASCIIText.contains(key, "credential")
            || ASCIIText.contains(key, "pepper") else { return false }
        var words: [String] = []
        var current = ""
        var previousLower = false
        for c in key {
            if c.isLetter || c.isNumber {
                if c.isUppercase, previousLower, !current.isEmpty { words.append(current); current = "" }
                current.append(Character(c.lowercased()))
                previousLower = c.isLowercase || c.isNumber
            } else {
                if !current.isEmpty { words.append(current); current = "" }
                previousLower = false
            }
        }
        if !current.isEmpty { words.append(current) }
        guard !words.contains(where: secretNameExcludedWords.contains) else { return false }
        if words.contains(where: secretNameWords.contains) { return true }
        return zip(words, words.dropFirst()).contains { secretNameWordsBeforeKey.contains($0) && $1 == "key" }
            || zip(words, words.dropFirst()).contains { $0 == "client" && $1 == "secret" }
    }

    /// A key holding one of these words names a secret.
    static let secretNameWords: Set<String> = ["password", "passwd", "pwd", "secret", "token", "credential", "credentials", "pepper",
                                               "apikey", "privatekey", "accesskey", "secretkey", "authtoken", "passphrase"]
    /// `<word> key` names a secret (`API_KEY`, `signingKey`).
    static let secretNameWordsBeforeKey: Set<String> = ["api", "private", "access", "secret", "encryption", "signing", "master", "auth", "client"]
    /// A key holding one of these words names something about a secret, not the secret (`TOKEN_URL`, `PASSWORD_LENGTH`).
    static let secretNameExcludedWords: Set<String> = [
        "public", "url", "uri", "path", "file", "hash", "digest", "checksum", "fingerprint", "sha",
        "name", "type", "length", "expiry", "expires", "expiration", "ttl", "header", "endpoint",
        "host", "id", "kid", "enabled", "policy", "field", "ref", "arn", "format", "domain",
        "verification", "spec", "size", "count", "timeout", "max", "min", "env", "version", "mode",
    ]

    /// A literal (no reference, no code) that is not a placeholder, UUID or hash-like run, with
    /// letters and digits and a Shannon entropy of at least 3.2 bits per character.
    static func looksLikeSecretLiteral(_ value: ArraySlice<UInt8>) -> Bool {
        let text = String(decoding: value, as: UTF8.self)
        if text.hasPrefix("$") || text.contains("{{") || text.contains("${") || text.contains("(") || text.contains("secrets.")
            || text.hasPrefix("/") || text.hasPrefix("!") || text.hasPrefix("<") || text.contains("://") { return false }
        if EnvEntry.isPlaceholder(text) || isPlaceholder(value) { return false }
        let lower = text.lowercased()
        if ["test", "dummy", "sample", "fake", "mock", "local", "insecure", "notsecret", "not-secret", "here", "plaintext",
            "password", "secret"].contains(where: lower.contains) { return false }
        // `ECC_NIST_P256`, `GOOGLE_API_KEY_VAL`: constant names, not values.
        if value.contains(UInt8(ascii: "_")), !value.contains(where: { $0 >= 97 && $0 <= 122 }) { return false }
        if isUUID(value) { return false }
        // Dotted identifiers (`process.env.TOKEN`, `settings.SECRET_KEY`) are code, not values.
        if value.contains(UInt8(ascii: ".")), value.split(separator: UInt8(ascii: ".")).allSatisfy({ seg in
            seg.first.map { !isDigit($0) } ?? false && seg.allSatisfy(isWordByte) }) { return false }
        guard value.contains(where: isDigit), value.contains(where: { isAlnum($0) && !isDigit($0) }) else { return false }
        return entropy(value) >= 3.2
    }

    /// Shannon entropy in bits per byte.
    public static func entropy(_ value: ArraySlice<UInt8>) -> Double {
        var counts = [Int](repeating: 0, count: 256)
        for c in value { counts[Int(c)] += 1 }
        let total = Double(value.count)
        return counts.reduce(0.0) { sum, count in
            guard count > 0 else { return sum }
            let p = Double(count) / total
            return sum - p * log2(p)
        }
    }

    private static func isUUID(_ value: ArraySlice<UInt8>) -> Bool {
        guard value.count == 36 else { return false }
        return value.enumerated().allSatisfy { offset, c in
            [8, 13, 18, 23].contains(offset) ? c == UInt8(ascii: "-") : isHex(c)
        }
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
                guard material >= 40 else { return nil }
                // The hit runs to the `-----END` line so that redacting a whole text hides the
                // key material too; the header stays visible.
                var end = headerEnd
                // Key material has no dashes: stopping at the first `-----` keeps a file of
                // headers without footers linear.
                while end < bytes.count, end < headerEnd + 16_384, !has(bytes, end, "-----") { end += 1 }
                return end < bytes.count && has(bytes, end, "-----END") ? end : k

            }
            j += 1
        }
        return nil
    }

    /// Masks every credential in `text` (used on every snippet and message that leaves the tool).
    public static func redact(_ text: String) -> String {
        let bytes = Array(text.utf8)
        let found = hits(in: bytes)
        guard !found.isEmpty else { return text }
        var out: [UInt8] = []
        var last = 0
        for hit in found {
            out += bytes[last..<hit.range.lowerBound]
            out += Array(redactedForm(hit, bytes).utf8)
            last = hit.range.upperBound
        }
        out += bytes[last...]
        return String(decoding: out, as: UTF8.self)
    }

    /// FNV-1a over the credential's bytes, with `\r` dropped so a CRLF checkout of a PEM block
    /// is the same secret.
    static func digest(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var hasher = FNV1a()
        hasher.combine(bytes: bytes.lazy.filter { $0 != 13 })
        return hasher.value
    }

    /// The prefix that names the kind (never secret material), the secret's length and a short
    /// FNV-1a hash so two findings of the same value can be told apart without showing it.
    static func redactedForm(_ hit: Hit, _ bytes: [UInt8]) -> String {
        let shown = bytes[hit.range].prefix(hit.keep)
        let secret = bytes[hit.range].dropFirst(hit.keep)
        var hasher = FNV1a()
        hasher.combine(bytes: secret)
        let short = String(String(hasher.value, radix: 16).suffix(6))
        let separator = hit.kind == .privateKey || hit.keep == 0 ? "" : "…"
        let length = hit.kind == .databaseURL ? secret.count : hit.range.count
        return String(decoding: shown, as: UTF8.self) + separator + "[redacted \(length) chars #\(short)]"
    }

    /// The `-----BEGIN … PRIVATE KEY-----` header's length: the part of a key block that is shown.
    private static func privateKeyHeaderLength(_ bytes: [UInt8], _ i: Int) -> Int {
        var j = i + 11
        while j < bytes.count, !has(bytes, j, "KEY-----"), !has(bytes, j, "BLOCK-----") { j += 1 }
        return min(bytes.count, j + (has(bytes, j, "KEY-----") ? 8 : 10)) - i
    }

    /// How many leading bytes name the kind: shown in reports, never secret material.
    private static func prefixLength(_ kind: SecretKind, _ bytes: [UInt8], _ i: Int) -> Int {
        switch kind {
        case .githubToken: has(bytes, i, "github_pat_") ? 11 : 4
        case .gitlabToken: 6
        case .stripeLiveKey: 8
        case .slackToken: 5
        case .slackWebhook: 26
        case .twilioKey: 2
        case .sendgridKey: 3
        case .mailgunKey, .npmToken, .awsAccessKey, .googleAPIKey: 4
        case .openAIKey: has(bytes, i, "sk-proj-") ? 8 : 3
        case .anthropicKey: 7
        case .pypiToken: 5
        case .jwt: 3
        case .privateKey, .databaseURL, .generic: 0
        }
    }

    static func isPlaceholder(_ bytes: ArraySlice<UInt8>) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        let upper = text.uppercased()
        if upper.contains("EXAMPLE") || upper.contains("XXXXXXXX") || upper.contains("PLACEHOLDER") || upper.contains("REDACTED") {
            return true
        }
        // One repeated character after the prefix (`ghp_000…`, `sk_live_aaaa…`) or a counting run.
        let tail = bytes.suffix(16)
        if Set(tail).count <= 2 { return true }
        return upper.contains("1234567890") || upper.contains("ABCDEFGHIJ") || upper.contains("0123456789ABCDEF")
    }

    private static func hasMixedCaseAndDigits(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.contains(where: isDigit) && bytes.contains { $0 >= 65 && $0 <= 90 } && bytes.contains { $0 >= 97 && $0 <= 122 }
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

    private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    private static func isHex(_ c: UInt8) -> Bool { isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70) }
    private static func isLowerHex(_ c: UInt8) -> Bool { isDigit(c) || (c >= 97 && c <= 102) }
    private static func isAlnum(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
    }
    private static func isLowerAlnum(_ c: UInt8) -> Bool { isDigit(c) || (c >= 97 && c <= 122) }
    private static func isUpperAlnum(_ c: UInt8) -> Bool { (c >= 48 && c <= 57) || (c >= 65 && c <= 90) }
    private static func isWordByte(_ c: UInt8) -> Bool { isAlnum(c) || c == UInt8(ascii: "_") }
    private static func isURLSafe(_ c: UInt8) -> Bool { isWordByte(c) || c == UInt8(ascii: "-") }
    private static func isURLSafeNoDash(_ c: UInt8) -> Bool { isURLSafe(c) }
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
                || value.hasPrefix("/run/secrets") || value.contains("[redacted")
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
        derived("secretMatches") {
            artifacts(SecretScan.self).flatMap { scan in
                scan.matches.compactMap { match in file(at: scan.path).map { ($0, match) } }
            }
        }
    }
}
