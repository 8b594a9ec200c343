import OpsAuditModel
import TOMLKit

/// A TOML file read for a parser: values from TOMLKit, positions from `TOMLKeyLocator`.
/// Internal: parsers turn it into their own `Sendable` models and never expose TOMLKit types.
struct TOMLDocument {
    enum Parsed {
        case document(TOMLDocument)
        case failed(Diagnostic)
    }

    let root: TOMLTable
    let locator: TOMLKeyLocator
    let file: TextFile

    /// Parses `file`, or returns a `.parse` diagnostic at the line TOMLKit reports. A file
    /// that does not parse yields nothing else: its values cannot be trusted.
    static func parse(_ file: TextFile) -> Parsed {
        if let abort = TOMLHeaderCheck.firstAbortingConstruct(file) {
            return .failed(Diagnostic(.parse, "invalid TOML: \(abort.problem)", at: Location(path: file.path, line: abort.line)))
        }
        do {
            let root = try TOMLTable(string: file.text)
            return .document(TOMLDocument(root: root, locator: TOMLKeyLocator(file), file: file))
        } catch let error as TOMLParseError {
            let begin = error.source.begin
            return .failed(Diagnostic(
                .parse, "invalid TOML: \(error.description)",
                at: Location(path: file.path, line: begin.line, column: begin.column > 0 ? begin.column : nil)))
        } catch {
            return .failed(Diagnostic(.parse, "invalid TOML: \(error)", at: Location(path: file.path, line: 1)))
        }
    }

    /// Where `path` is defined, its closest recorded ancestor, or the file's first line.
    func location(_ path: TOMLKeyPath) -> Location {
        locator.nearestLocation(of: path) ?? Location(path: file.path, line: 1)
    }
}

/// A value of the document together with its path, so readers can cite what they read.
struct TOMLNode {
    let value: any TOMLValueConvertible
    let path: TOMLKeyPath
    let document: TOMLDocument

    var location: Location { document.location(path) }

    /// The child at `key` of a table node.
    subscript(key: String) -> TOMLNode? {
        guard let table = value.table, let child = table[key] else { return nil }
        return TOMLNode(value: child, path: path.appending(key), document: document)
    }

    /// Elements of an array node; a table node counts as a one-element array (fly accepts
    /// `[vm]` where `[[vm]]` is documented), keeping its own path.
    var elements: [TOMLNode] {
        if let array = value.array {
            return array.enumerated().map { TOMLNode(value: $0.element, path: path.appending(index: $0.offset), document: document) }
        }
        return value.table != nil ? [self] : []
    }

    /// Keys of a table node in document order when known (TOMLKit sorts them).
    var keys: [String] {
        guard let table = value.table else { return [] }
        return table.keys.sorted { lhs, rhs in
            let l = document.locator.location(of: path.appending(lhs)), r = document.locator.location(of: path.appending(rhs))
            switch (l, r) {
            case let (l?, r?) where l != r: return l < r
            default: return lhs < rhs
            }
        }
    }

    /// Children of a table node, in document order.
    var children: [(key: String, node: TOMLNode)] {
        keys.compactMap { key in self[key].map { (key, $0) } }
    }

    /// A scalar as text: strings as they are, integers, floats and booleans as written in TOML.
    var text: String? {
        if let string = value.string { return string }
        if let int = value.int { return String(int) }
        if let bool = value.bool { return bool ? "true" : "false" }
        if let double = value.double { return String(double) }
        return nil
    }

    var locatedText: Located<String>? { text.map { Located($0, at: location) } }
    var locatedInt: Located<Int>? {
        if let int = value.int { return Located(int, at: location) }
        if let string = value.string, let int = Int(string.tomlTrimmed) { return Located(int, at: location) }
        return nil
    }
    var locatedBool: Located<Bool>? {
        if let bool = value.bool { return Located(bool, at: location) }
        switch value.string?.tomlTrimmed.lowercased() {
        case "true": return Located(true, at: location)
        case "false": return Located(false, at: location)
        default: return nil
        }
    }
    /// Strings of an array node (or a single string).
    var strings: [String] {
        if let array = value.array { return array.compactMap { $0.string } }
        return value.string.map { [$0] } ?? []
    }
}

extension StringProtocol {
    var tomlTrimmed: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}

/// Finds the constructs toml++ cannot be trusted with: it asserts (aborting the process) on
/// table headers such as `[[[` or `[[ [`, and on a `}` where an array expects a value
/// (`a = [}`, `a = [1, }`; found by fuzzing). Valid TOML always passes; lines inside
/// multi-line arrays and strings are not headers and are skipped.
enum TOMLHeaderCheck {
    static func firstAbortingConstruct(_ file: TextFile) -> (line: Int, problem: String)? {
        var depth = 0
        var multiline: [UInt8]? = nil
        // The last byte of code before the current one, past blanks, line ends and comments.
        var previous: UInt8 = 0
        for number in 1...file.lineCount {
            let bytes = Array(file.line(number).utf8)
            var i = 0
            // toml++ skips a byte order mark that starts the document (one survives decoding
            // when a UTF-16 file starts with two), so a header after it is still a header.
            if number == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
            if multiline == nil, depth == 0 {
                while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
                if i < bytes.count, bytes[i] == UInt8(ascii: "[") {
                    if !validHeader(bytes[i...]) { return (number, "malformed table header") }
                    previous = UInt8(ascii: "]")
                    continue
                }
            }
            // Track multi-line strings and array depth through the line.
            while i < bytes.count {
                let byte = bytes[i]
                if let delimiter = multiline {
                    if byte == UInt8(ascii: "\\"), delimiter[0] == UInt8(ascii: "\""), i + 1 < bytes.count { i += 2; continue }
                    if bytes[i...].starts(with: delimiter) { multiline = nil; i += 3; continue }
                    i += 1
                    continue
                }
                if byte != 0x20, byte != 0x09, byte != UInt8(ascii: "#") {
                    if byte == UInt8(ascii: "}"), depth > 0, previous == UInt8(ascii: "[") || previous == UInt8(ascii: ",") {
                        return (number, "`}` where an array expects a value")
                    }
                    previous = byte
                }
                switch byte {
                case UInt8(ascii: "#"): i = bytes.count
                case UInt8(ascii: "\""), UInt8(ascii: "'"):
                    let triple = [byte, byte, byte]
                    if bytes[i...].starts(with: triple) { multiline = triple; i += 3; continue }
                    i += 1
                    while i < bytes.count, bytes[i] != byte {
                        if byte == UInt8(ascii: "\""), bytes[i] == UInt8(ascii: "\\") { i += 1 }
                        i += 1
                    }
                    i += 1
                case UInt8(ascii: "["): depth += 1; i += 1
                case UInt8(ascii: "]"): depth = max(0, depth - 1); i += 1
                default: i += 1
                }
            }
        }
        return nil
    }

    /// `[key.key]` or `[[key.key]]` with bare or quoted keys, then a comment or nothing.
    static func validHeader(_ line: ArraySlice<UInt8>) -> Bool {
        var i = line.startIndex
        func skipSpaces() { while i < line.endIndex, line[i] == 0x20 || line[i] == 0x09 { i += 1 } }
        func isBare(_ byte: UInt8) -> Bool {
            (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x5F || byte == 0x2D
        }
        i += 1
        let double = i < line.endIndex && line[i] == UInt8(ascii: "[")
        if double { i += 1 }
        while true {
            skipSpaces()
            guard i < line.endIndex else { return false }
            if line[i] == UInt8(ascii: "\"") || line[i] == UInt8(ascii: "'") {
                let quote = line[i]
                i += 1
                while i < line.endIndex, line[i] != quote {
                    if quote == UInt8(ascii: "\""), line[i] == UInt8(ascii: "\\") { i += 1 }
                    i += 1
                }
                guard i < line.endIndex else { return false }
                i += 1
            } else {
                let start = i
                while i < line.endIndex, isBare(line[i]) { i += 1 }
                guard i > start else { return false }
            }
            skipSpaces()
            guard i < line.endIndex else { return false }
            if line[i] == UInt8(ascii: ".") { i += 1; continue }
            break
        }
        guard line[i] == UInt8(ascii: "]") else { return false }
        i += 1
        if double {
            guard i < line.endIndex, line[i] == UInt8(ascii: "]") else { return false }
            i += 1
        }
        skipSpaces()
        return i == line.endIndex || line[i] == UInt8(ascii: "#")
    }
}
