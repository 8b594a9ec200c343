import OpsAuditModel

/// The decoded text of one repository file with a line index, so parsers can turn byte
/// offsets into `Location`s without rescanning.
///
/// Decoding rules: a UTF-8 BOM is dropped; UTF-16 with a BOM is transcoded; invalid UTF-8 is
/// repaired with U+FFFD (and reported by `decode`). Lines end at `\n`; a preceding `\r` is not
/// part of the line's text.
public struct TextFile: Sendable {
    public let path: String
    public let text: String
    /// UTF-8 offsets of the first byte of each line.
    public let lineStarts: [Int]

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        var starts = [0]
        var offset = 0
        for byte in text.utf8 {
            offset += 1
            if byte == 0x0A { starts.append(offset) }
        }
        self.lineStarts = starts
    }

    public var lineCount: Int { lineStarts.count }

    /// The text of 1-based line `number`, without its line terminator; empty when out of range.
    public func line(_ number: Int) -> Substring {
        guard number >= 1, number <= lineStarts.count else { return "" }
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: lineStarts[number - 1])
        var end = number < lineStarts.count
            ? utf8.index(utf8.startIndex, offsetBy: lineStarts[number] - 1)
            : utf8.endIndex
        if end > start, utf8[utf8.index(before: end)] == 0x0D { end = utf8.index(before: end) }
        return text[start..<end]
    }

    /// Every line, 1-based numbering implied by position.
    public var lines: [Substring] { (1...lineCount).map(line) }

    /// The 1-based line containing UTF-8 offset `offset`.
    public func lineNumber(atUTF8Offset offset: Int) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }

    /// A location at 1-based `line` (and optional column) in this file.
    public func location(line: Int, column: Int? = nil, endLine: Int? = nil) -> Location {
        Location(path: path, line: line, column: column, endLine: endLine)
    }

    /// Location of a UTF-8 offset, column counted in Unicode scalars from 1.
    public func location(atUTF8Offset offset: Int) -> Location {
        let line = lineNumber(atUTF8Offset: offset)
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: lineStarts[line - 1])
        let target = utf8.index(utf8.startIndex, offsetBy: min(offset, utf8.count))
        let column = text.unicodeScalars[start..<target].count + 1
        return Location(path: path, line: line, column: column)
    }
}

extension TextFile {
    /// Outcome of turning raw bytes into text.
    public enum Decoded: Sendable {
        case text(TextFile, repaired: Bool)
        /// NUL bytes in the first 8 KiB without a UTF-16 BOM: not text.
        case binary
    }

    /// Decodes bytes as a repository text file (see the type's decoding rules).
    public static func decode(path: String, bytes: [UInt8]) -> Decoded {
        if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            let littleEndian = bytes[0] == 0xFF
            var units: [UInt16] = []
            units.reserveCapacity(bytes.count / 2)
            var i = 2
            while i + 1 < bytes.count {
                units.append(littleEndian ? UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8
                                          : UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]))
                i += 2
            }
            let text = String(decoding: units, as: UTF16.self)
            return .text(TextFile(path: path, text: text), repaired: text.unicodeScalars.contains("\u{FFFD}"))
        }
        if bytes.prefix(8192).contains(0) { return .binary }
        var body = bytes[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { body = bytes.dropFirst(3) }
        if let valid = String(validating: body, as: UTF8.self) {
            return .text(TextFile(path: path, text: valid), repaired: false)
        }
        return .text(TextFile(path: path, text: String(decoding: body, as: UTF8.self)), repaired: true)
    }
}
