import OpsAuditModel

/// A CORS configuration found in code: where, which idiom, which origins it admits and whether
/// it allows credentials (cookies, HTTP auth) on cross-origin requests.
public struct CORSConfiguration: Hashable, Codable, Sendable {
    /// Which origins the configuration lets read responses.
    public enum Origins: String, Hashable, Codable, Sendable {
        /// `*`, `AllowAnyOrigin()`, `CORS_ALLOW_ALL_ORIGINS`, or a framework default of every origin.
        case wildcard
        /// Every caller's `Origin` echoed back: `origin: true`, `SetIsOriginAllowed(_ => true)`,
        /// an origin function returning `true`, the request's `Origin` header copied into the response.
        case reflectAny = "reflect-any"
        /// A pattern that matches every origin (`allow_origin_regex=".*"`).
        case regexAny = "regex-any"
        /// Specific origins (string literals, none of them `*`).
        case explicit
        /// Computed or read from a variable the scanner does not follow.
        case unknown
    }

    /// The library or idiom (`cors`, `starlette`, `flask-cors`, `django-cors-headers`, `rs/cors`,
    /// `aspnet`, `spring`, `rack-cors`, `header`…).
    public var framework: String
    /// The construct that sets the origins (the call, the setting, the header).
    public var location: Location
    public var origins: Origins
    /// True or false when written as a literal (or by the framework's default), nil when computed.
    public var allowsCredentials: Bool?
    /// Where credentials are enabled, when that is another construct (a Django setting, a chained call).
    public var credentialsLocation: Location?

    public init(framework: String, location: Location, origins: Origins, allowsCredentials: Bool?,
                credentialsLocation: Location? = nil) {
        self.framework = framework
        self.location = location
        self.origins = origins
        self.allowsCredentials = allowsCredentials
        self.credentialsLocation = credentialsLocation
    }

    /// True for every-origin configurations (wildcard, reflected, match-all pattern) that allow credentials.
    public var allowsAnyOriginWithCredentials: Bool {
        allowsCredentials == true && [.wildcard, .reflectAny, .regexAny].contains(origins)
    }
}

extension RepoModel {
    /// CORS configurations of the application code (not tests, examples or scripts), in path order.
    public var corsConfigurations: [CORSConfiguration] { applicationSourceSignals.flatMap(\.corsConfigurations) }
}

/// File-level CORS facts the scanner combines once the file is read.
struct CORSFileSettings {
    var framework = ""
    /// `CORS_ALLOW_ALL_ORIGINS = True` and the origin lists or setters, in file order.
    var origins: [(location: Location, origins: CORSConfiguration.Origins)] = []
    var credentials: (location: Location, value: Bool)?
    /// `Access-Control-Allow-Origin` values set by hand, and where `Access-Control-Allow-Credentials: true` is.
    var headerOrigins: [(location: Location, origins: CORSConfiguration.Origins)] = []
    var headerCredentials: Location?
}

/// How a CORS anchor of `SignalTable.cors` is read.
enum CORSIdiom: Sendable {
    /// An options call or literal whose arguments (to the matching `)` or `}`) hold key/value
    /// pairs; `parenthesesOptional` for annotations that may stand alone (`@CrossOrigin`).
    case options(CORSOptionsSpec, parenthesesOptional: Bool = false)
    /// A builder call setting the origins (`AllowAnyOrigin()`, `.allowedOrigins("*")`); credentials
    /// come from a credentials call of the same statement.
    case chain(framework: String, origins: ChainOrigins, credentialsCall: String)
    /// A file-level setting combined with the file's other settings at the end of the scan
    /// (Django settings, Spring `CorsConfiguration` setters).
    case setting(framework: String, CORSSettingKind)
    /// rack-cors `origins …` inside an `allow do … end` block.
    case rackOrigins
    /// A constructor with a fixed meaning (`cors.Default()`: every origin, no credentials).
    case fixed(framework: String, CORSConfiguration.Origins, credentials: Bool)
}

/// How a chained builder call expresses its origins.
enum ChainOrigins: Sendable { case wildcard, arguments }

/// What a file-level CORS setting sets.
enum CORSSettingKind: Sendable {
    /// `CORS_ALLOW_ALL_ORIGINS = True`.
    case allowAll
    /// A list or call naming origins (`CORS_ALLOWED_ORIGINS = [...]`, `setAllowedOriginPatterns(List.of("*"))`).
    case origins
    /// `CORS_ALLOW_CREDENTIALS = True`, `setAllowCredentials(true)`.
    case credentials
}

/// Which keys of an options call matter, and what the framework does by default.
struct CORSOptionsSpec: Sendable {
    let framework: String
    /// Keys holding origins (a string, a list, a function, `true`).
    let originKeys: [String]
    /// Keys holding a pattern (`allow_origin_regex`).
    let regexKeys: [String]
    /// Boolean keys meaning "every origin" (`AllowAllOrigins`).
    let allowAllKeys: [String]
    let credentialKeys: [String]
    /// What `origin: true` means (Express `cors`: reflect the request origin).
    let trueOrigin: CORSConfiguration.Origins
    /// The origins when no origin key is given (Express `cors()`: `*`).
    let defaultOrigins: CORSConfiguration.Origins
    /// The options are the first argument (`cors(options)`), so a lone identifier there hides them;
    /// false when the first argument is the app (`CORS(app)`).
    var optionsFirst = false
}

/// One token of a CORS window.
struct CORSToken {
    enum Kind { case identifier, string, regex, punct }
    let kind: Kind
    let start: Int
    let text: String
}

/// Where a CORS window ends.
enum CORSWindowEnd {
    /// At the unmatched `)`, `]` or `}` (the window starts inside a call or literal).
    case closing
    /// At `;` outside brackets, or an unmatched closing byte.
    case statement
    /// At the end of a line outside brackets.
    case line
    /// At the next line starting with `end`, `allow` or `origins` (rack-cors blocks).
    case rubyBlock
}

/// Reads the bounded text after a CORS anchor: tokens, skipping comments, with string and
/// regular-expression literals as single tokens. Stateless; the scanner charges `scanned` to a
/// per-file budget so a file of anchors costs linear work.
enum CORSReader {
    /// The most bytes one window reads.
    static let windowBytes = 2048
    /// The most lines one window reads.
    static let windowLines = 30

    static func tokens(_ bytes: [UInt8], from offset: Int, until end: CORSWindowEnd, language: SourceLanguage,
                       limit budget: Int) -> (tokens: [CORSToken], next: Int, closed: Bool) {
        let slash = language != .python && language != .ruby
        let hash = language == .python || language == .ruby
        let limit = min(bytes.count, offset + min(budget, windowBytes))
        var tokens: [CORSToken] = []
        var depth = 0
        var lines = 0
        var k = offset
        func text(_ a: Int, _ b: Int) -> String { String(decoding: bytes[a..<min(b, bytes.count)], as: UTF8.self) }
        while k < limit {
            let b = bytes[k]
            if b == 0x0A {
                lines += 1
                if lines > windowLines { break }
                if end == .line, depth == 0 { return (tokens, k, true) }
                if end == .rubyBlock, depth == 0 {
                    var j = k + 1
                    while j < limit, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
                    for word in ["end", "allow", "origins"] where startsWord(bytes, j, word) { return (tokens, k, true) }
                }
                k += 1; continue
            }
            if b == 0x20 || b == 0x09 || b == 0x0D { k += 1; continue }
            if slash, b == UInt8(ascii: "/"), k + 1 < limit, bytes[k + 1] == UInt8(ascii: "/") || bytes[k + 1] == UInt8(ascii: "*") {
                if bytes[k + 1] == UInt8(ascii: "/") {
                    while k < limit, bytes[k] != 0x0A { k += 1 }
                } else {
                    k += 2
                    while k + 1 < limit, !(bytes[k] == UInt8(ascii: "*") && bytes[k + 1] == UInt8(ascii: "/")) { k += 1 }
                    k += 2
                }
                continue
            }
            if hash, b == UInt8(ascii: "#") {
                while k < limit, bytes[k] != 0x0A { k += 1 }
                continue
            }
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") || b == UInt8(ascii: "`") {
                var j = k + 1
                while j < limit, bytes[j] != b, bytes[j] != 0x0A { j += bytes[j] == UInt8(ascii: "\\") ? 2 : 1 }
                guard j < limit, bytes[j] == b else { return (tokens, j, false) }
                // Python prefixes and C# verbatim strings: `r"…"`, `@"…"` are one literal.
                if let last = tokens.last, last.start + last.text.utf8.count == k,
                   (last.kind == .identifier && last.text.utf8.count <= 2) || last.text == "@" { tokens.removeLast() }
                tokens.append(CORSToken(kind: .string, start: k, text: text(k + 1, j)))
                k = j + 1; continue
            }
            if b == UInt8(ascii: "/"), language == .javascript || language == .typescript || language == .ruby,
               tokens.last.map({ $0.kind == .punct && [":", ",", "(", "["].contains($0.text) }) ?? true {
                var j = k + 1
                while j < limit, bytes[j] != b, bytes[j] != 0x0A { j += bytes[j] == UInt8(ascii: "\\") ? 2 : 1 }
                if j < limit, bytes[j] == b {
                    tokens.append(CORSToken(kind: .regex, start: k, text: text(k + 1, j)))
                    k = j + 1; continue
                }
            }
            if isWordByte(b) {
                var j = k
                while j < limit, isWordByte(bytes[j]) { j += 1 }
                tokens.append(CORSToken(kind: .identifier, start: k, text: text(k, j)))
                k = j; continue
            }
            switch b {
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                if depth == 0 { return (tokens, k, end != .line) }
                depth -= 1
            case UInt8(ascii: ";") where depth == 0 && end == .statement: return (tokens, k, true)
            default: break
            }
            tokens.append(CORSToken(kind: .punct, start: k, text: text(k, k + 1)))
            k += 1
        }
        return (tokens, k, k >= bytes.count && end != .closing)
    }

    static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == 0x24
    }

    static func startsWord(_ bytes: [UInt8], _ k: Int, _ word: String) -> Bool {
        let w = Array(word.utf8)
        guard k + w.count <= bytes.count, bytes[k..<(k + w.count)].elementsEqual(w) else { return false }
        return k + w.count == bytes.count || !isWordByte(bytes[k + w.count])
    }

    static func rank(_ origins: CORSConfiguration.Origins) -> Int {
        switch origins {
        case .wildcard, .reflectAny, .regexAny: 3
        case .explicit: 2
        case .unknown: 1
        }
    }

    /// Index of the value after each key (an identifier or string followed by `:`, `=` or `=>`).
    static func pairs(_ tokens: [CORSToken]) -> [(key: String, keyIndex: Int, value: Int)] {
        var result: [(String, Int, Int)] = []
        var n = 0
        while n + 1 < tokens.count {
            let token = tokens[n]
            guard token.kind == .identifier || token.kind == .string else { n += 1; continue }
            let separator = tokens[n + 1]
            var value = n + 2
            var isPair = false
            if separator.kind == .punct, separator.text == ":" {
                isPair = !(n + 2 < tokens.count && tokens[n + 2].text == ":")
            } else if separator.kind == .punct, separator.text == "=" {
                if n + 2 < tokens.count, tokens[n + 2].text == ">" { value = n + 3; isPair = true }
                else { isPair = !(n + 2 < tokens.count && tokens[n + 2].text == "=") }
            }
            if isPair, value < tokens.count { result.append((token.text, n, value)) }
            n += 1
        }
        return result
    }

    /// The tokens of the value starting at `start`: to the next `,` outside brackets or the end.
    static func valueExtent(_ tokens: [CORSToken], from start: Int) -> ArraySlice<CORSToken> {
        var depth = 0
        var n = start
        while n < tokens.count {
            let t = tokens[n]
            if t.kind == .punct {
                if ["(", "[", "{"].contains(t.text) { depth += 1 }
                if [")", "]", "}"].contains(t.text) { depth -= 1; if depth < 0 { break } }
                if t.text == ",", depth == 0 { break }
            }
            n += 1
        }
        return tokens[start..<n]
    }

    static let conditionWords: Set<String> = ["if", "includes", "indexOf", "test", "match", "matches", "has", "in", "contains",
                                               "Contains", "startsWith", "endsWith", "EndsWith", "StartsWith", "some", "find",
                                               "HasSuffix", "HasPrefix", "Equals", "equals", "switch", "case"]

    /// Calls that only build a collection of their literal arguments.
    static let containerCalls: Set<String> = ["of", "asList", "listOf", "setOf", "arrayOf", "list", "set", "tuple", "frozenset",
                                              "Array", "List", "Set"]

    /// Classifies an origins value: literals, lists of literals, patterns and functions.
    static func origins(_ value: ArraySlice<CORSToken>, trueMeans: CORSConfiguration.Origins, regex: Bool = false)
        -> CORSConfiguration.Origins {
        guard let first = value.first else { return .unknown }
        let isFunction = value.contains { $0.kind == .identifier && ["func", "function", "lambda"].contains($0.text) }
            || zip(value, value.dropFirst()).contains { $0.text == "=" && $1.text == ">" }
        if isFunction {
            let conditional = value.contains { ($0.kind == .identifier && conditionWords.contains($0.text))
                || ($0.kind == .punct && ["?", "<"].contains($0.text)) }
                || zip(value, value.dropFirst()).contains { ["=", "!"].contains($0.text) && $1.text == "=" }
            let returnsTrue = value.contains { $0.kind == .identifier && ($0.text == "true" || $0.text == "True") }
            return !conditional && returnsTrue ? .reflectAny : .unknown
        }
        if value.count == 1, first.kind == .identifier {
            switch first.text {
            case "true", "True": return trueMeans
            case "false", "False", "None", "nil", "null": return .explicit
            default: return .unknown
            }
        }
        // `os.getenv("ORIGINS")`, `env.list(...)`, `.split(",")`: the literals are arguments, not origins.
        let calls = zip(value, value.dropFirst()).contains { $0.kind == .identifier && $1.text == "("
            && !containerCalls.contains($0.text) }
        if calls { return .unknown }
        let literals = value.filter { $0.kind == .string || $0.kind == .regex }
        if literals.contains(where: { $0.kind == .string && $0.text == "*" }) { return .wildcard }
        if literals.contains(where: { ($0.kind == .regex || regex) && matchesEverything($0.text) }) { return .regexAny }
        return literals.isEmpty ? .unknown : .explicit
    }

    /// True for patterns that admit every origin: `.*`, `^.*$`, `https?://.*`, `.+`.
    static func matchesEverything(_ pattern: String) -> Bool {
        var p = Substring(pattern)
        if p.hasPrefix("^") { p = p.dropFirst() }
        if p.hasSuffix("$") { p = p.dropLast() }
        for scheme in ["https?://", "https?:\\/\\/", "https://", "http://", "https:\\/\\/", "http:\\/\\/", "(https?://)?"] where p.hasPrefix(scheme) {
            p = p.dropFirst(scheme.count)
            break
        }
        return [".*", ".+", "(.*)", "(.+)", "*"].contains(String(p))
    }

    /// A credentials value: `true`, `True`, `"true"`; nil when computed.
    static func credentials(_ value: ArraySlice<CORSToken>) -> Bool? {
        guard value.count == 1, let t = value.first else { return nil }
        switch t.text {
        case "true", "True": return true
        case "false", "False": return false
        default: return nil
        }
    }

    /// Reads an options window: the origins and credentials it sets, with the offsets of their keys.
    static func options(_ tokens: [CORSToken], _ spec: CORSOptionsSpec)
        -> (origins: CORSConfiguration.Origins, originKey: Int?, credentials: Bool?, credentialsKey: Int?) {
        var origins: CORSConfiguration.Origins?
        var originKey: Int?
        var credentials: Bool? = false
        var credentialsKey: Int?
        for pair in pairs(tokens) {
            let value = valueExtent(tokens, from: pair.value)
            if spec.originKeys.contains(pair.key) || spec.regexKeys.contains(pair.key) {
                let found = Self.origins(value, trueMeans: spec.trueOrigin, regex: spec.regexKeys.contains(pair.key))
                // The most permissive of several keys wins (`resources` may widen `origins`).
                if origins.map({ rank(found) > rank($0) }) ?? true {
                    origins = found
                    originKey = tokens[pair.keyIndex].start
                }
            } else if spec.allowAllKeys.contains(pair.key) {
                if Self.credentials(value) == true { origins = .wildcard; originKey = tokens[pair.keyIndex].start }
            } else if spec.credentialKeys.contains(pair.key) {
                credentials = Self.credentials(value)
                credentialsKey = tokens[pair.keyIndex].start
            }
        }
        // A bare variable as the whole options (`cors(corsOptions)`) or a spread (`**kwargs`) hides both.
        let spread = zip(tokens, tokens.dropFirst()).contains { $0.text == "*" && $1.text == "*" || $0.text == "." && $1.text == "." }
        if origins == nil, credentialsKey == nil, spread || (spec.optionsFirst && !tokens.isEmpty && pairs(tokens).isEmpty) {
            return (.unknown, nil, nil, nil)
        }
        return (origins ?? spec.defaultOrigins, originKey, credentials, credentialsKey)
    }
}
