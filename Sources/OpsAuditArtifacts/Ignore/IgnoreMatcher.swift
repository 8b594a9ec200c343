import OpsAuditModel

/// A pattern that decided whether a path is ignored, with the directory its `.gitignore` sits in.
public struct IgnoreRule: Sendable, Hashable {
    public var pattern: IgnorePattern
    /// Repo-relative directory of the declaring `.gitignore` ("" for the root).
    public var baseDirectory: String

    public init(pattern: IgnorePattern, baseDirectory: String) {
        self.pattern = pattern
        self.baseDirectory = baseDirectory
    }
}

/// Decides whether repo-relative paths are ignored by a set of `.gitignore` files, with git's
/// semantics (gitignore(5)): last match wins, deeper files override shallower ones, and a path
/// inside an excluded directory stays excluded whatever negations follow.
///
/// Matching is a glob over UTF-8 bytes simulated as a set of text positions per pattern token,
/// so a pattern costs O(tokens × path length) whatever its stars (`a*a*a*…b` cannot go
/// exponential, unlike a backtracking matcher).
public struct IgnoreMatcher: Sendable {
    private struct Compiled: Sendable {
        var rule: IgnoreRule
        /// nil when the pattern can never match (unterminated class, trailing backslash).
        var glob: Glob?
        /// The pattern had no `/` except a trailing one: it matches the basename at any depth.
        var basenameOnly: Bool
    }

    /// Rules by the directory of their ignore file, in file order. Only the groups of a path's
    /// ancestors apply to it, so a path costs the rules that can match it, not every rule.
    private var groups: [String: [Compiled]] = [:]
    /// The most `/`-separated components of any group's directory: deeper ancestors of a path
    /// cannot hold rules, so lookups stop there (a path 2000 directories deep costs 2000 steps,
    /// not 2000²).
    private var deepestBase = 0

    public init() {}

    /// True when no pattern was added.
    public var isEmpty: Bool { groups.isEmpty }

    /// Adds the patterns of one ignore file. `baseDirectory` is the repo-relative directory of
    /// the file ("" for the root); `source` is its path, used in the patterns' locations.
    public mutating func add(patterns text: String, baseDirectory: String, source path: String) {
        add(IgnoreFile.parsePatterns(text, path: path, kind: .gitignore).patterns, baseDirectory: baseDirectory)
    }

    /// Adds already-parsed gitignore patterns declared in `baseDirectory`. Patterns added later
    /// for the same directory take precedence, as later lines of one file do.
    public mutating func add(_ patterns: [IgnorePattern], baseDirectory: String) {
        var base = Substring(baseDirectory)
        while base.hasSuffix("/") { base.removeLast() }
        while base.hasPrefix("/") { base.removeFirst() }
        var compiled: [Compiled] = []
        for pattern in patterns {
            var body = Array(pattern.text.utf8)
            if pattern.negated, body.first == 0x21 { body.removeFirst() }
            if pattern.directoryOnly, body.last == 0x2F { body.removeLast() }
            let basenameOnly = !body.contains(0x2F)
            if !basenameOnly, body.first == 0x2F { body.removeFirst() }
            compiled.append(Compiled(rule: IgnoreRule(pattern: pattern, baseDirectory: String(base)),
                                     glob: Glob(body), basenameOnly: basenameOnly))
        }
        guard !compiled.isEmpty else { return }
        groups[String(base), default: []].append(contentsOf: compiled)
        if !base.isEmpty { deepestBase = max(deepestBase, base.reduce(1) { $1 == "/" ? $0 + 1 : $0 }) }
    }

    /// True when `path` (repo-relative, `/` separators) is ignored.
    public func isIgnored(_ path: String, isDirectory: Bool) -> Bool {
        guard let rule = match(path, isDirectory: isDirectory) else { return false }
        return !rule.pattern.negated
    }

    /// The rule that decides `path`: an excluding rule of the path or of one of its parent
    /// directories, or the negation that re-included it; nil when no pattern matches.
    public func match(_ path: String, isDirectory: Bool) -> IgnoreRule? {
        guard !groups.isEmpty else { return nil }
        var bytes = Array(path.utf8)
        while bytes.last == 0x2F { bytes.removeLast() }
        while bytes.first == 0x2F { bytes.removeFirst() }
        guard !bytes.isEmpty else { return nil }
        // git never descends into an excluded directory, so nothing below it can be re-included.
        for end in bytes.indices where bytes[end] == 0x2F {
            if let rule = lastMatch(bytes[..<end], isDirectory: true), !rule.pattern.negated { return rule }
        }
        return lastMatch(bytes[...], isDirectory: isDirectory)
    }

    /// The last rule matching `path` itself, its parent directories assumed not excluded: for
    /// walkers, which never enter an excluded directory and so need not re-check parents.
    public func matchEntry(_ path: String, isDirectory: Bool) -> IgnoreRule? {
        guard !groups.isEmpty else { return nil }
        var bytes = Array(path.utf8)
        while bytes.last == 0x2F { bytes.removeLast() }
        while bytes.first == 0x2F { bytes.removeFirst() }
        guard !bytes.isEmpty else { return nil }
        return lastMatch(bytes[...], isDirectory: isDirectory)
    }

    /// The last matching rule of the deepest ignore file that has one: deeper files override
    /// shallower ones, and within a file the last match wins.
    private func lastMatch(_ path: ArraySlice<UInt8>, isDirectory: Bool) -> IgnoreRule? {
        // Ends of the candidate base directories, shallowest first: "" then each ancestor
        // directory up to `deepestBase` components (never the path itself).
        var separators: [ArraySlice<UInt8>.Index?] = [nil]
        var index = path.startIndex
        while separators.count <= deepestBase, let slash = path[index...].firstIndex(of: 0x2F) {
            separators.append(slash)
            index = slash + 1
        }
        for separator in separators.reversed() {
            let baseEnd = separator ?? path.startIndex
            let base = String(decoding: path[path.startIndex..<baseEnd], as: UTF8.self)
            if let rules = groups[base] {
                let relative = separator.map { path[($0 + 1)...] } ?? path
                let basename = relative.lastIndex(of: 0x2F).map { relative[($0 + 1)...] } ?? relative
                for index in rules.indices.reversed() {
                    if rules[index].rule.pattern.directoryOnly && !isDirectory { continue }
                    guard let glob = rules[index].glob else { continue }
                    if glob.matches(rules[index].basenameOnly ? basename : relative) { return rules[index].rule }
                }
            }
        }
        return nil
    }
}

/// A compiled wildmatch pattern (git's `wildmatch` with `WM_PATHNAME`) over UTF-8 bytes.
struct Glob: Sendable {
    enum Token: Sendable, Equatable {
        case byte(UInt8)
        /// `?`: one byte other than `/`.
        case one
        /// `[...]`: one byte of the set (never `/`).
        case set(ByteSet)
        /// `*`: any run of bytes without `/`.
        case star
        /// `**` bounded by slashes or the ends, not followed by `/`: anything, `/` included.
        case anything
        /// `**/` bounded on the left: empty, or anything ending with `/` (zero or more directories).
        case directories
    }

    let tokens: [Token]
    /// Literal bytes every match starts and ends with, and the fewest bytes a match needs:
    /// most paths are rejected by these before any simulation.
    private let prefix: [UInt8]
    private let suffix: [UInt8]
    private let minimumLength: Int
    private let isLiteral: Bool

    /// Compiles `pattern`; nil when git would never match it (unterminated `[`, trailing `\`,
    /// unknown `[:class:]`).
    init?(_ pattern: [UInt8]) {
        var tokens: [Token] = []
        var i = 0
        let n = pattern.count
        while i < n {
            let c = pattern[i]
            switch c {
            case UInt8(ascii: "\\"):
                guard i + 1 < n else { return nil }
                tokens.append(.byte(pattern[i + 1]))
                i += 2
            case UInt8(ascii: "?"):
                tokens.append(.one)
                i += 1
            case UInt8(ascii: "*"):
                var end = i
                while end < n, pattern[end] == UInt8(ascii: "*") { end += 1 }
                let leftBounded = i == 0 || pattern[i - 1] == 0x2F
                let rightBounded = end == n || pattern[end] == 0x2F
                    || (pattern[end] == UInt8(ascii: "\\") && end + 1 < n && pattern[end + 1] == 0x2F)
                if end - i >= 2 && leftBounded && rightBounded {
                    if end < n, pattern[end] == 0x2F {
                        tokens.append(.directories)
                        i = end + 1
                    } else {
                        tokens.append(.anything)
                        i = end
                    }
                } else {
                    if tokens.last != .star { tokens.append(.star) }
                    i = end
                }
            case UInt8(ascii: "["):
                guard let (set, next) = Glob.parseClass(pattern, from: i) else { return nil }
                tokens.append(.set(set))
                i = next
            default:
                tokens.append(.byte(c))
                i += 1
            }
        }
        self.tokens = tokens
        var prefix: [UInt8] = []
        for case let .byte(b) in tokens.prefix(while: { if case .byte = $0 { true } else { false } }) { prefix.append(b) }
        var suffix: [UInt8] = []
        for case let .byte(b) in tokens.reversed().prefix(while: { if case .byte = $0 { true } else { false } }) { suffix.insert(b, at: 0) }
        self.prefix = prefix
        self.suffix = suffix
        self.isLiteral = prefix.count == tokens.count
        self.minimumLength = tokens.reduce(0) { count, token in
            switch token {
            case .byte, .one, .set: count + 1
            case .star, .anything, .directories: count
            }
        }
    }

    /// Parses a bracket expression starting at `start` (the `[`), mirroring wildmatch.c: a `]`
    /// right after `[` or `[!` is literal, `!` or `^` negates, `\` escapes, `a-z` ranges, and
    /// `[:alpha:]`-style classes. Returns the set and the index after the closing `]`.
    private static func parseClass(_ p: [UInt8], from start: Int) -> (ByteSet, Int)? {
        let n = p.count
        var i = start + 1
        guard i < n else { return nil }
        var negated = false
        if p[i] == UInt8(ascii: "!") || p[i] == UInt8(ascii: "^") {
            negated = true
            i += 1
        }
        var set = ByteSet()
        var previous: UInt8? = nil
        var first = true
        while true {
            guard i < n else { return nil }
            var c = p[i]
            if c == UInt8(ascii: "]") && !first { break }
            first = false
            if c == UInt8(ascii: "\\") {
                i += 1
                guard i < n else { return nil }
                c = p[i]
                set.insert(c)
                previous = c
                i += 1
            } else if c == UInt8(ascii: "-"), let low = previous, i + 1 < n, p[i + 1] != UInt8(ascii: "]") {
                i += 1
                var high = p[i]
                if high == UInt8(ascii: "\\") {
                    i += 1
                    guard i < n else { return nil }
                    high = p[i]
                }
                if low <= high { set.insert(range: low...high) }
                previous = nil
                i += 1
            } else if c == UInt8(ascii: "["), i + 1 < n, p[i + 1] == UInt8(ascii: ":") {
                var j = i + 2
                while j < n, p[j] != UInt8(ascii: "]") { j += 1 }
                guard j < n else { return nil }
                if j - 1 >= i + 2, p[j - 1] == UInt8(ascii: ":") {
                    let name = String(decoding: p[(i + 2)..<(j - 1)], as: UTF8.self)
                    guard set.insert(posixClass: name) else { return nil }
                    previous = nil
                    i = j + 1
                } else {
                    // Not `[:name:]`: the `[` is an ordinary member.
                    set.insert(c)
                    previous = c
                    i += 1
                }
            } else {
                set.insert(c)
                previous = c
                i += 1
            }
        }
        if negated { set.invert() }
        set.remove(0x2F)
        return (set, i + 1)
    }

    /// Whether the whole of `text` matches. Simulates all match positions at once.
    func matches(_ text: ArraySlice<UInt8>) -> Bool {
        if isLiteral { return text.elementsEqual(prefix) }
        guard text.count >= minimumLength, text.starts(with: prefix),
              text.count >= suffix.count, text.suffix(suffix.count).elementsEqual(suffix) else { return false }
        let bytes = Array(text)
        let n = bytes.count
        var current = [Bool](repeating: false, count: n + 1)
        var next = current
        current[0] = true
        for token in tokens {
            for k in 0...n { next[k] = false }
            var any = false
            switch token {
            case let .byte(b):
                for k in 0..<n where current[k] && bytes[k] == b { next[k + 1] = true; any = true }
            case .one:
                for k in 0..<n where current[k] && bytes[k] != 0x2F { next[k + 1] = true; any = true }
            case let .set(set):
                for k in 0..<n where current[k] && set.contains(bytes[k]) { next[k + 1] = true; any = true }
            case .star:
                var active = false
                for k in 0...n {
                    if k > 0 && bytes[k - 1] == 0x2F { active = false }
                    if current[k] { active = true }
                    if active { next[k] = true; any = true }
                }
            case .anything:
                var active = false
                for k in 0...n {
                    if current[k] { active = true }
                    if active { next[k] = true; any = true }
                }
            case .directories:
                var seen = false
                for k in 0...n {
                    if seen && k > 0 && bytes[k - 1] == 0x2F { next[k] = true; any = true }
                    if current[k] { seen = true; next[k] = true; any = true }
                }
            }
            guard any else { return false }
            swap(&current, &next)
        }
        return current[n]
    }
}

/// A set of bytes as a 256-bit map.
struct ByteSet: Sendable, Equatable {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    static func == (a: ByteSet, b: ByteSet) -> Bool { a.words == b.words }

    func contains(_ byte: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: return words.0 & bit != 0
        case 1: return words.1 & bit != 0
        case 2: return words.2 & bit != 0
        default: return words.3 & bit != 0
        }
    }

    mutating func insert(_ byte: UInt8) {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: words.0 |= bit
        case 1: words.1 |= bit
        case 2: words.2 |= bit
        default: words.3 |= bit
        }
    }

    mutating func remove(_ byte: UInt8) {
        let bit = ~(UInt64(1) << UInt64(byte & 63))
        switch byte >> 6 {
        case 0: words.0 &= bit
        case 1: words.1 &= bit
        case 2: words.2 &= bit
        default: words.3 &= bit
        }
    }

    mutating func insert(range: ClosedRange<UInt8>) {
        for b in range { insert(b) }
    }

    mutating func invert() {
        words = (~words.0, ~words.1, ~words.2, ~words.3)
    }

    /// Adds a POSIX character class (ASCII, as git's wildmatch); false for an unknown name.
    mutating func insert(posixClass name: String) -> Bool {
        let test: (UInt8) -> Bool
        switch name {
        case "alnum": test = { ByteSet.isAlpha($0) || ByteSet.isDigit($0) }
        case "alpha": test = ByteSet.isAlpha
        case "blank": test = { $0 == 0x20 || $0 == 0x09 }
        case "cntrl": test = { $0 < 0x20 || $0 == 0x7F }
        case "digit": test = ByteSet.isDigit
        case "graph": test = { $0 > 0x20 && $0 < 0x7F }
        case "lower": test = { $0 >= 0x61 && $0 <= 0x7A }
        case "print": test = { $0 >= 0x20 && $0 < 0x7F }
        case "punct": test = { $0 > 0x20 && $0 < 0x7F && !ByteSet.isAlpha($0) && !ByteSet.isDigit($0) }
        case "space": test = { $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }
        case "upper": test = { $0 >= 0x41 && $0 <= 0x5A }
        case "xdigit": test = { ByteSet.isDigit($0) || ($0 >= 0x41 && $0 <= 0x46) || ($0 >= 0x61 && $0 <= 0x66) }
        default: return false
        }
        for b in UInt8(0)...UInt8(127) where test(b) { insert(b) }
        return true
    }

    private static func isAlpha(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }
    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
}
