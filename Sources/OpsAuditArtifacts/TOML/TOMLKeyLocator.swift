import OpsAuditModel

/// Where each key of a TOML document is defined, found in one pass over the text.
///
/// TOMLKit (toml++) returns values without positions; parsers read values from TOMLKit and
/// ask this locator where to cite them. It records table headers (`[a.b]`), each element of
/// an array of tables (`[[a]]` → `a[0]`, `a[1]`…), dotted keys (`a.b = 1` records `a` and
/// `a.b`), quoted keys, keys of inline tables and elements of inline arrays. Multi-line
/// strings and arrays are skipped as values, so a `[` inside a string is never a header.
/// A path is recorded where it is first defined; an implicit parent (`a` for `[a.b]`) gets
/// the line that first mentions it. It does not validate: on malformed input it records
/// what it can and never fails (the parser reports TOMLKit's error instead).
public struct TOMLKeyLocator: Sendable {
    public let path: String
    private var locations: [TOMLKeyPath: Location] = [:]
    /// Element counts of arrays of tables and inline arrays.
    private var counts: [TOMLKeyPath: Int] = [:]
    private var tableArrays: Set<TOMLKeyPath> = []

    /// Nesting deeper than this is skipped without recording (hostile input).
    static let maxDepth = 32

    public init(_ file: TextFile) {
        path = file.path
        var scanner = Scanner(bytes: Array(file.text.utf8), path: file.path)
        scanner.run()
        locations = scanner.locations
        counts = scanner.counts
        tableArrays = scanner.tableArrays
    }

    /// Where `path` is defined, when it is.
    public func location(of path: TOMLKeyPath) -> Location? { locations[path] }

    /// Where `path` is defined or, failing that, its closest recorded ancestor (values nested
    /// deeper than the locator records cite their enclosing inline table).
    public func nearestLocation(of path: TOMLKeyPath) -> Location? {
        var current: TOMLKeyPath? = path
        while let candidate = current {
            if let location = locations[candidate] { return location }
            current = candidate.parent
        }
        return nil
    }

    /// Number of elements seen for an array of tables (`[[a]]`) or an inline array.
    public func elementCount(of path: TOMLKeyPath) -> Int { counts[path] ?? 0 }

    /// Whether `path` was declared with `[[…]]` headers.
    public func isArrayOfTables(_ path: TOMLKeyPath) -> Bool { tableArrays.contains(path) }

    /// Every recorded path, sorted.
    public var paths: [TOMLKeyPath] { locations.keys.sorted() }
}

extension TOMLKeyLocator {
    /// The single pass. Works on UTF-8 bytes: every structural character of TOML is ASCII.
    fileprivate struct Scanner {
        let bytes: [UInt8]
        let path: String
        var pos = 0
        var line = 1
        var locations: [TOMLKeyPath: Location] = [:]
        var counts: [TOMLKeyPath: Int] = [:]
        var tableArrays: Set<TOMLKeyPath> = []

        init(bytes: [UInt8], path: String) {
            self.bytes = bytes
            self.path = path
        }

        var atEnd: Bool { pos >= bytes.count }
        var current: UInt8 { bytes[pos] }

        func peek(_ offset: Int) -> UInt8? {
            pos + offset < bytes.count ? bytes[pos + offset] : nil
        }

        var column = 1

        /// Location of the current byte; the column counts Unicode scalars.
        var here: Location { Location(path: path, line: line, column: column) }

        mutating func advance() {
            let byte = bytes[pos]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if pos + 1 >= bytes.count || bytes[pos + 1] & 0xC0 != 0x80 {
                // A scalar is counted once its last byte is passed.
                column += 1
            }
            pos += 1
        }

        mutating func record(_ key: TOMLKeyPath, _ location: Location) {
            if locations[key] == nil { locations[key] = location }
        }

        mutating func skipSpaces() {
            while !atEnd, current == 0x20 || current == 0x09 { advance() }
        }

        /// Skips spaces, comments and newlines (inside arrays).
        mutating func skipTrivia() {
            while !atEnd {
                switch current {
                case 0x20, 0x09, 0x0D, 0x0A: advance()
                case 0x23: skipToEndOfLine()
                default: return
                }
            }
        }

        mutating func skipToEndOfLine() {
            while !atEnd, current != 0x0A { advance() }
        }

        mutating func run() {
            var table = TOMLKeyPath()
            while !atEnd {
                skipTrivia()
                guard !atEnd else { break }
                if current == 0x5B { // [
                    table = header()
                } else {
                    keyValue(in: table, depth: 0)
                }
                skipSpaces()
                if !atEnd, current == 0x23 { skipToEndOfLine() }
                // Whatever is left on the line is malformed; resynchronise at the next line.
                skipToEndOfLine()
            }
        }

        /// Resolves header keys against arrays of tables already seen: `[a.b]` after `[[a]]`
        /// means the last element of `a`.
        func resolve(_ keys: [String]) -> TOMLKeyPath {
            var resolved = TOMLKeyPath()
            for key in keys {
                resolved = resolved.appending(key)
                if tableArrays.contains(resolved), let count = counts[resolved], count > 0 {
                    resolved = resolved.appending(index: count - 1)
                }
            }
            return resolved
        }

        mutating func header() -> TOMLKeyPath {
            let location = here
            let isArray = peek(1) == 0x5B
            advance()
            if isArray { advance() }
            skipSpaces()
            let keys = dottedKey()
            skipSpaces()
            if !atEnd, current == 0x5D { advance() }
            if isArray, !atEnd, current == 0x5D { advance() }
            guard !keys.isEmpty else { return TOMLKeyPath() }
            let parent = resolve(Array(keys.dropLast()))
            recordAncestors(of: parent, at: location)
            let named = parent.appending(keys[keys.count - 1])
            guard isArray else {
                record(named, location)
                return named
            }
            tableArrays.insert(named)
            record(named, location)
            let index = counts[named, default: 0]
            counts[named] = index + 1
            let element = named.appending(index: index)
            record(element, location)
            return element
        }

        mutating func recordAncestors(of key: TOMLKeyPath, at location: Location) {
            var prefix = TOMLKeyPath()
            for component in key.components {
                prefix = TOMLKeyPath(prefix.components + [component])
                record(prefix, location)
            }
        }

        /// `key = value` at the current position, inside `table`.
        mutating func keyValue(in table: TOMLKeyPath, depth: Int) {
            let location = here
            let keys = dottedKey()
            guard !keys.isEmpty else { return }
            var key = table
            for part in keys {
                key = key.appending(part)
                record(key, location)
            }
            skipSpaces()
            guard !atEnd, current == 0x3D else { return } // =
            advance()
            skipSpaces()
            value(at: key, depth: depth)
        }

        /// A dotted key: bare, "basic" or 'literal' parts separated by dots.
        mutating func dottedKey() -> [String] {
            var parts: [String] = []
            while !atEnd {
                skipSpaces()
                guard !atEnd else { break }
                switch current {
                case 0x22: parts.append(quoted(escapes: true))
                case 0x27: parts.append(quoted(escapes: false))
                default:
                    let start = pos
                    // Non-ASCII letters are accepted as TOML 1.1 allows them; being lenient costs nothing here.
                    while !atEnd, current >= 0x80 || TOMLKeyPath.isBareKeyScalar(Unicode.Scalar(current)) { advance() }
                    guard pos > start else { return parts }
                    parts.append(String(decoding: bytes[start..<pos], as: UTF8.self))
                }
                skipSpaces()
                guard !atEnd, current == 0x2E else { break } // .
                advance()
            }
            return parts
        }

        /// A one-line quoted string starting at the current quote; returns its raw content
        /// (escapes other than `\"` and `\\` are kept as written: keys rarely use them).
        mutating func quoted(escapes: Bool) -> String {
            let quote = current
            advance()
            var content: [UInt8] = []
            while !atEnd, current != quote, current != 0x0A {
                if escapes, current == 0x5C, let next = peek(1), next != 0x0A {
                    advance()
                    if current != 0x22 && current != 0x5C { content.append(0x5C) }
                }
                content.append(current)
                advance()
            }
            if !atEnd, current == quote { advance() }
            return String(decoding: content, as: UTF8.self)
        }

        /// Skips a value, recording the keys of inline tables and elements of arrays.
        mutating func value(at key: TOMLKeyPath, depth: Int) {
            guard !atEnd else { return }
            switch current {
            case 0x22, 0x27: // " '
                if peek(1) == current, peek(2) == current {
                    multilineString()
                } else {
                    _ = quoted(escapes: current == 0x22)
                }
            case 0x5B: // [
                guard depth < TOMLKeyLocator.maxDepth else { return skipNested() }
                advance()
                var index = 0
                while true {
                    skipTrivia()
                    guard !atEnd else { return }
                    if current == 0x5D { advance(); break }
                    if current == 0x2C { advance(); continue } // stray comma
                    let element = key.appending(index: index)
                    record(element, here)
                    let before = pos
                    value(at: element, depth: depth + 1)
                    index += 1
                    counts[key] = index
                    skipTrivia()
                    if !atEnd, current == 0x2C { advance() } else if pos == before { advance() }
                }
            case 0x7B: // {
                guard depth < TOMLKeyLocator.maxDepth else { return skipNested() }
                advance()
                while true {
                    skipTrivia()
                    guard !atEnd else { return }
                    if current == 0x7D { advance(); break }
                    if current == 0x2C { advance(); continue }
                    let before = pos
                    keyValue(in: key, depth: depth + 1)
                    if pos == before { advance() }
                }
            default:
                // Numbers, booleans, dates: up to a delimiter.
                while !atEnd {
                    switch current {
                    case 0x2C, 0x5D, 0x7D, 0x0A, 0x0D, 0x23: return
                    default: advance()
                    }
                }
            }
        }

        /// `"""…"""` or `'''…'''`; a closing run may carry up to two extra quotes.
        mutating func multilineString() {
            let quote = current
            advance(); advance(); advance()
            while !atEnd {
                if quote == 0x22, current == 0x5C {
                    advance()
                    if !atEnd { advance() }
                    continue
                }
                if current == quote, peek(1) == quote, peek(2) == quote {
                    advance(); advance(); advance()
                    while !atEnd, current == quote { advance() }
                    return
                }
                advance()
            }
        }

        /// Skips a too-deep bracketed value without recursion, honouring strings and comments.
        mutating func skipNested() {
            var depth = 0
            while !atEnd {
                switch current {
                case 0x5B, 0x7B:
                    depth += 1
                    advance()
                case 0x5D, 0x7D:
                    depth -= 1
                    advance()
                    if depth <= 0 { return }
                case 0x22, 0x27:
                    if peek(1) == current, peek(2) == current { multilineString() } else { _ = quoted(escapes: current == 0x22) }
                case 0x23:
                    skipToEndOfLine()
                default:
                    advance()
                }
            }
        }
    }
}
