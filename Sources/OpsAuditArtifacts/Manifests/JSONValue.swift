import Foundation
import OpsAuditModel

/// A decoded JSON document without positions (pair it with `JSONKeyLocator` for those).
public enum JSONValue: Hashable, Sendable, Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public subscript(key: String) -> JSONValue? {
        if case let .object(members) = self { return members[key] }
        return nil
    }

    public var string: String? {
        if case let .string(value) = self { return value }
        return nil
    }

    public var object: [String: JSONValue]? {
        if case let .object(members) = self { return members }
        return nil
    }

    public var array: [JSONValue]? {
        if case let .array(elements) = self { return elements }
        return nil
    }

    /// Decodes `text`, or describes why it cannot be, with the line where the problem is when
    /// Foundation says (else 1).
    public static func decode(_ text: String) -> Result<JSONValue, JSONDecodeFailure> {
        let data = Data(text.utf8)
        do {
            return .success(try JSONDecoder().decode(JSONValue.self, from: data))
        } catch {
            // JSONDecoder's error carries no position; JSONSerialization's says "around character N".
            var detail = String(describing: error)
            do {
                _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            } catch let serialization as NSError {
                detail = serialization.userInfo[NSDebugDescriptionErrorKey] as? String ?? detail
            }
            return .failure(JSONDecodeFailure(detail, file: TextFile(path: "", text: text)))
        }
    }
}

/// Why a JSON document could not be decoded, and on which line when Foundation says.
public struct JSONDecodeFailure: Error, Sendable {
    public var message: String
    public var line: Int

    init(_ description: String, file: TextFile) {
        message = description.count > 200 ? String(description.prefix(200)) + "…" : description
        if let line = JSONDecodeFailure.number(after: "line ", in: description) {
            self.line = line
        } else if let offset = JSONDecodeFailure.number(after: "character ", in: description) {
            line = file.lineNumber(atUTF8Offset: offset)
        } else {
            line = 1
        }
    }

    /// The number after the first `word` in a message.
    static func number(after word: String, in description: String) -> Int? {
        guard let range = description.range(of: word) else { return nil }
        return Int(description[range.upperBound...].prefix { $0.isASCII && $0.isNumber })
    }
}

/// Positions of the keys and values of a JSON document by key path, from one scan of its
/// bytes: JSON decoders drop positions. Array elements are addressed by their index as a string.
/// Lenient: it does not validate (the decoder does) and stops recording below `maxDepth`.
public struct JSONKeyLocator: Sendable {
    /// Where each member's key (or each array element) starts.
    public private(set) var keys: [[String]: Location] = [:]
    /// Where each value starts.
    public private(set) var values: [[String]: Location] = [:]
    static let maxDepth = 256

    private struct Frame {
        var isObject: Bool
        var key: String?
        var index = 0
        var expectingKey = true
    }

    public init(_ file: TextFile) {
        let bytes = Array(file.text.utf8)
        var frames: [Frame] = []
        var line = 1
        var column = 1
        var i = 0
        let path = file.path

        func currentPath(_ frames: [Frame]) -> [String] {
            frames.map { $0.isObject ? ($0.key ?? "") : String($0.index) }
        }

        /// Records the start of a value (and of an array element).
        func recordValue(_ frames: [Frame], _ location: Location, into locator: inout JSONKeyLocator) {
            guard let top = frames.last, frames.count <= JSONKeyLocator.maxDepth else { return }
            let valuePath = currentPath(frames)
            if locator.values[valuePath] == nil { locator.values[valuePath] = location }
            if !top.isObject, locator.keys[valuePath] == nil { locator.keys[valuePath] = location }
        }

        func advance(_ byte: UInt8) {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }

        while i < bytes.count {
            let byte = bytes[i]
            let here = Location(path: path, line: line, column: column)
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                recordValue(frames, here, into: &self)
                frames.append(Frame(isObject: byte == UInt8(ascii: "{")))
                advance(byte)
                i += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if !frames.isEmpty { frames.removeLast() }
                advance(byte)
                i += 1
            case UInt8(ascii: ","):
                if let top = frames.indices.last {
                    if frames[top].isObject { frames[top].expectingKey = true } else { frames[top].index += 1 }
                }
                advance(byte)
                i += 1
            case UInt8(ascii: ":"):
                if let top = frames.indices.last { frames[top].expectingKey = false }
                advance(byte)
                i += 1
            case UInt8(ascii: "\""):
                var scalarBytes: [UInt8] = []
                advance(byte)
                i += 1
                while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
                    if bytes[i] == UInt8(ascii: "\\"), i + 1 < bytes.count {
                        let escaped = bytes[i + 1]
                        advance(bytes[i])
                        advance(escaped)
                        i += 2
                        switch escaped {
                        case UInt8(ascii: "n"): scalarBytes.append(0x0A)
                        case UInt8(ascii: "t"): scalarBytes.append(0x09)
                        case UInt8(ascii: "r"): scalarBytes.append(0x0D)
                        case UInt8(ascii: "b"): scalarBytes.append(0x08)
                        case UInt8(ascii: "f"): scalarBytes.append(0x0C)
                        case UInt8(ascii: "u"):
                            let hex = bytes[i..<min(i + 4, bytes.count)]
                            if let code = UInt32(String(decoding: hex, as: UTF8.self), radix: 16),
                               let scalar = Unicode.Scalar(code) {
                                scalarBytes.append(contentsOf: Array(String(Character(scalar)).utf8))
                            }
                            for b in hex { advance(b) }
                            i += hex.count
                        default: scalarBytes.append(escaped)
                        }
                        continue
                    }
                    scalarBytes.append(bytes[i])
                    advance(bytes[i])
                    i += 1
                }
                if i < bytes.count {
                    advance(bytes[i])
                    i += 1
                }
                if let top = frames.indices.last, frames[top].isObject, frames[top].expectingKey {
                    frames[top].key = String(decoding: scalarBytes, as: UTF8.self)
                    frames[top].expectingKey = false
                    if frames.count <= JSONKeyLocator.maxDepth {
                        let keyPath = currentPath(frames)
                        if keys[keyPath] == nil { keys[keyPath] = here }
                    }
                } else {
                    recordValue(frames, here, into: &self)
                }
            case 0x20, 0x09, 0x0A, 0x0D:
                advance(byte)
                i += 1
            default:
                recordValue(frames, here, into: &self)
                while i < bytes.count, !",}] \t\r\n".utf8.contains(bytes[i]) {
                    advance(bytes[i])
                    i += 1
                }
            }
        }
    }

    /// Where the member at `path` starts (its key), or the array element at `path`.
    public func location(of path: [String]) -> Location? { keys[path] }

    /// Where the value at `path` starts.
    public func valueLocation(of path: [String]) -> Location? { values[path] }
}
