import OpsAuditModel

/// One pattern line of an ignore file, as written (trailing unescaped spaces removed).
public struct IgnorePattern: Sendable, Hashable {
    /// The pattern text, including a leading `!` and a trailing `/` when present.
    public var text: String
    /// Where the pattern is declared (its ignore file, 1-based line, column 1).
    public var location: Location
    /// A `!` pattern: re-includes what earlier patterns excluded.
    public var negated: Bool
    /// A trailing `/`: matches directories only (always false for `.dockerignore`, where Docker
    /// cleans the path).
    public var directoryOnly: Bool

    public init(text: String, location: Location, negated: Bool, directoryOnly: Bool) {
        self.text = text
        self.location = location
        self.negated = negated
        self.directoryOnly = directoryOnly
    }
}

/// A parsed `.gitignore` or `.dockerignore`: its patterns in file order.
public struct IgnoreFile: Artifact {
    public var path: String
    /// `.gitignore` or `.dockerignore`.
    public var kind: FileKind
    public var patterns: [IgnorePattern]

    public init(path: String, kind: FileKind, patterns: [IgnorePattern]) {
        self.path = path
        self.kind = kind
        self.patterns = patterns
    }

    /// The repo-relative directory holding the file ("" for the root): gitignore patterns are
    /// relative to it.
    public var baseDirectory: String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// Parses an ignore file of `kind` (`.gitignore` or `.dockerignore`).
    public static func parse(_ file: TextFile, kind: FileKind) -> ParseResult {
        let (patterns, diagnostics) = parsePatterns(file.text, path: file.path, kind: kind)
        return ParseResult(IgnoreFile(path: file.path, kind: kind, patterns: patterns), diagnostics: diagnostics)
    }

    /// Splits ignore-file text into patterns. gitignore(5): blank lines and lines starting with
    /// `#` are skipped, trailing spaces are dropped unless escaped with `\`, a `\r` before `\n`
    /// is dropped (as git does). `.dockerignore` (moby/patternmatcher): lines are trimmed on
    /// both sides, and `!` may be followed by spaces.
    static func parsePatterns(_ text: String, path: String, kind: FileKind) -> (patterns: [IgnorePattern], diagnostics: [Diagnostic]) {
        var patterns: [IgnorePattern] = []
        var diagnostics: [Diagnostic] = []
        var lineNumber = 0
        // Split on bytes: as Characters, "\r\n" is one grapheme and would never equal "\n".
        for rawLine in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line.removeLast() }
            if lineNumber == 1, line.hasPrefix("\u{FEFF}") { line.removeFirst() }
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            let location = Location(path: path, line: lineNumber, column: 1)
            if kind == .dockerignore {
                let trimmed = line.trimmingSpaces()
                guard !trimmed.isEmpty else { continue }
                patterns.append(IgnorePattern(text: String(trimmed), location: location,
                                              negated: trimmed.hasPrefix("!"), directoryOnly: false))
                continue
            }
            let pattern = trimTrailingSpaces(line)
            guard !pattern.isEmpty else { continue }
            let negated = pattern.hasPrefix("!")
            let directoryOnly = pattern.hasSuffix("/")
            var body = Array(pattern.utf8)
            if negated { body.removeFirst() }
            if directoryOnly { body.removeLast() }
            if !body.isEmpty, Glob(body) == nil {
                diagnostics.append(Diagnostic(.parse, "pattern `\(pattern)` can never match (unterminated `[` or trailing `\\`); git ignores it", at: location))
            }
            patterns.append(IgnorePattern(text: String(pattern), location: location,
                                          negated: negated, directoryOnly: directoryOnly))
        }
        return (patterns, diagnostics)
    }

    /// git's `trim_trailing_spaces`: drops the run of trailing spaces unless the first of them
    /// is escaped by a backslash.
    private static func trimTrailingSpaces(_ line: Substring) -> Substring {
        let bytes = Array(line.utf8)
        var lastSpace: Int? = nil
        var i = 0
        while i < bytes.count {
            switch bytes[i] {
            case 0x20:
                if lastSpace == nil { lastSpace = i }
            case 0x5C:
                i += 1
                if i >= bytes.count { return line }
                lastSpace = nil
            default:
                lastSpace = nil
            }
            i += 1
        }
        guard let cut = lastSpace else { return line }
        return Substring(String(decoding: bytes[..<cut], as: UTF8.self))
    }
}

private extension Substring {
    func trimmingSpaces() -> Substring {
        var result = self
        while let first = result.first, first.isWhitespace { result.removeFirst() }
        while let last = result.last, last.isWhitespace { result.removeLast() }
        return result
    }
}

extension RepoModel {
    /// Every parsed `.gitignore` and `.dockerignore`, in path order.
    public var ignoreFiles: [IgnoreFile] { artifacts(IgnoreFile.self) }

    /// The `.gitignore` pattern that would ignore `path` (a file unless `isDirectory`), or nil
    /// when no `.gitignore` of the repository ignores it (including when a negation re-includes it).
    public func gitignoreCovers(_ path: String, isDirectory: Bool = false) -> IgnorePattern? {
        guard let rule = gitignoreMatcher.match(path, isDirectory: isDirectory), !rule.pattern.negated else { return nil }
        return rule.pattern
    }

    /// A matcher over every `.gitignore` of the repository; build it once when asking about
    /// many paths.
    public var gitignoreMatcher: IgnoreMatcher {
        var matcher = IgnoreMatcher()
        for file in ignoreFiles where file.kind == .gitignore {
            matcher.add(file.patterns, baseDirectory: file.baseDirectory)
        }
        return matcher
    }
}
