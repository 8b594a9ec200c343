import Foundation

/// A JSON value as decoded from text, for the schema validator (named apart from the
/// artifacts' `JSONValue` so test files can import both).
public enum JSONDocument: Decodable, Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONDocument])
    case object([String: JSONDocument])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONDocument].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONDocument].self)) }
    }

    public static func parse(_ text: String) throws -> JSONDocument {
        try JSONDecoder().decode(JSONDocument.self, from: Data(text.utf8))
    }

    public subscript(key: String) -> JSONDocument? {
        if case .object(let members) = self { return members[key] }
        return nil
    }
}

/// Validates JSON against the subset of JSON Schema our report schema (2020-12) and the SARIF
/// 2.1.0 schema (draft-04) use: type (also as an array, for nullable values), required,
/// properties, additionalProperties, items, enum, minimum, maximum, minItems, uniqueItems,
/// pattern, format (`uri`, `uri-reference`, `date-time`, loosely), anyOf, oneOf, allOf, and
/// `$ref` to `#/$defs/...` or `#/definitions/...`. Any other keyword or format is an error, also
/// inside anyOf/oneOf branches, so a schema cannot rely on something this validator does not check.
public struct SchemaValidator: Sendable {
    public let root: JSONDocument

    public init(root: JSONDocument) { self.root = root }

    private static let annotations: Set<String> = ["$schema", "$id", "id", "$defs", "definitions", "title",
                                                   "description", "default"]
    private static let checked: Set<String> = ["type", "required", "properties", "additionalProperties", "items",
                                               "enum", "minimum", "maximum", "$ref", "minItems", "uniqueItems",
                                               "pattern", "format", "anyOf", "oneOf", "allOf"]
    private static let formats: Set<String> = ["uri", "uri-reference", "date-time"]

    /// Every violation as `<json pointer>: <problem>`; empty when the document is valid.
    public func validate(_ value: JSONDocument) -> [String] {
        var errors: [String] = []
        check(value, against: root, at: "", errors: &errors, depth: 0)
        return errors
    }

    private func check(_ value: JSONDocument, against schema: JSONDocument, at pointer: String, errors: inout [String], depth: Int) {
        guard depth < 64 else { errors.append("\(pointer): schema nesting too deep"); return }
        if case .bool(let allowed) = schema {
            if !allowed { errors.append("\(pointer): no value allowed") }
            return
        }
        guard case .object(let keywords) = schema else { errors.append("\(pointer): schema is not an object"); return }
        for key in keywords.keys.sorted() where !Self.annotations.contains(key) && !Self.checked.contains(key) {
            errors.append("\(pointer): unsupported keyword \(key)")
        }
        if case .string(let reference)? = keywords["$ref"] {
            if let target = resolve(reference) {
                check(value, against: target, at: pointer, errors: &errors, depth: depth + 1)
            } else {
                errors.append("\(pointer): unresolved $ref \(reference)")
            }
        }
        checkCombinators(value, keywords, at: pointer, errors: &errors, depth: depth)
        if let type = keywords["type"] {
            let allowed: [String]
            switch type {
            case .string(let name): allowed = [name]
            case .array(let names): allowed = names.compactMap { if case .string(let n) = $0 { n } else { nil } }
            default: allowed = []
            }
            if !allowed.contains(where: { Self.matches(value, type: $0) }) {
                errors.append("\(pointer): expected \(allowed.joined(separator: " or ")), got \(Self.typeName(value))")
                return
            }
        }
        if case .array(let options)? = keywords["enum"], !options.contains(value) {
            errors.append("\(pointer): value not in enum")
        }
        if case .string(let text) = value {
            if case .string(let pattern)? = keywords["pattern"] {
                if let regex = try? NSRegularExpression(pattern: pattern) {
                    let range = NSRange(text.startIndex..., in: text)
                    if regex.firstMatch(in: text, range: range) == nil {
                        errors.append("\(pointer): does not match pattern \(pattern)")
                    }
                } else {
                    errors.append("\(pointer): unsupported pattern \(pattern)")
                }
            }
            if case .string(let format)? = keywords["format"] {
                if !Self.formats.contains(format) {
                    errors.append("\(pointer): unsupported format \(format)")
                } else if !Self.conforms(text, to: format) {
                    errors.append("\(pointer): not a valid \(format)")
                }
            }
        }
        if case .number(let number) = value {
            if case .number(let minimum)? = keywords["minimum"], number < minimum {
                errors.append("\(pointer): \(number) is below the minimum \(minimum)")
            }
            if case .number(let maximum)? = keywords["maximum"], number > maximum {
                errors.append("\(pointer): \(number) is above the maximum \(maximum)")
            }
        }
        if case .object(let members) = value {
            if case .array(let required)? = keywords["required"] {
                for case .string(let name) in required where members[name] == nil {
                    errors.append("\(pointer): missing required \(name)")
                }
            }
            let properties: [String: JSONDocument]
            if case .object(let declared)? = keywords["properties"] { properties = declared } else { properties = [:] }
            for name in members.keys.sorted() {
                let child = "\(pointer)/\(name)"
                if let propertySchema = properties[name] {
                    check(members[name]!, against: propertySchema, at: child, errors: &errors, depth: depth + 1)
                } else if let additional = keywords["additionalProperties"] {
                    if case .bool(false) = additional {
                        errors.append("\(child): additional property not allowed")
                    } else {
                        check(members[name]!, against: additional, at: child, errors: &errors, depth: depth + 1)
                    }
                }
            }
        }
        if case .array(let elements) = value {
            if case .number(let minimum)? = keywords["minItems"], Double(elements.count) < minimum {
                errors.append("\(pointer): \(elements.count) items, fewer than \(Int(minimum))")
            }
            if case .bool(true)? = keywords["uniqueItems"] {
                for index in elements.indices where elements[..<index].contains(elements[index]) {
                    errors.append("\(pointer)/\(index): duplicate item")
                }
            }
        }
        if case .array(let elements) = value, let items = keywords["items"] {
            for (index, element) in elements.enumerated() {
                check(element, against: items, at: "\(pointer)/\(index)", errors: &errors, depth: depth + 1)
            }
        }
    }

    /// `#/$defs/name` (2020-12) or `#/definitions/name` (draft-04).
    private func resolve(_ reference: String) -> JSONDocument? {
        for (prefix, container) in [("#/$defs/", "$defs"), ("#/definitions/", "definitions")]
            where reference.hasPrefix(prefix) {
            return root[container]?[String(reference.dropFirst(prefix.count))]
        }
        return nil
    }

    /// Errors that say the schema uses something unchecked: kept even from a branch of anyOf or
    /// oneOf that fails, so an unsupported keyword cannot hide behind a passing alternative.
    private static func isSchemaProblem(_ error: String) -> Bool {
        error.contains(": unsupported ") || error.contains(": unresolved $ref ")
    }

    private func checkCombinators(_ value: JSONDocument, _ keywords: [String: JSONDocument], at pointer: String,
                                  errors: inout [String], depth: Int) {
        func branches(_ name: String) -> [[String]]? {
            guard case .array(let schemas)? = keywords[name] else { return nil }
            return schemas.map { schema in
                var branch: [String] = []
                check(value, against: schema, at: pointer, errors: &branch, depth: depth + 1)
                return branch
            }
        }
        for name in ["allOf", "anyOf", "oneOf"] {
            guard let results = branches(name) else { continue }
            errors += results.flatMap { $0.filter(Self.isSchemaProblem) }
            let passing = results.filter(\.isEmpty).count
            switch name {
            case "allOf": errors += results.flatMap { $0.filter { !Self.isSchemaProblem($0) } }
            case "anyOf" where passing == 0: errors.append("\(pointer): matches none of anyOf")
            case "oneOf" where passing != 1: errors.append("\(pointer): matches \(passing) of oneOf, not exactly 1")
            default: break
            }
        }
    }

    /// Loose format checks: enough to catch a space, a missing scheme or a malformed time.
    private static func conforms(_ text: String, to format: String) -> Bool {
        let forbidden = text.unicodeScalars.contains { $0.value <= 0x20 || $0.value == 0x7F || "<>\"{}|\\^`".unicodeScalars.contains($0) }
        switch format {
        case "uri":
            guard !forbidden, let colon = text.firstIndex(of: ":"), colon != text.startIndex else { return false }
            let scheme = text[..<colon]
            return scheme.first!.isLetter && scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
        case "uri-reference":
            guard !forbidden else { return false }
            var index = text.startIndex
            while let percent = text[index...].firstIndex(of: "%") {
                let hex = text[text.index(after: percent)...].prefix(2)
                guard hex.count == 2, hex.allSatisfy(\.isHexDigit) else { return false }
                index = text.index(after: percent)
            }
            return true
        default:
            let pattern = #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"#
            return text.range(of: pattern, options: .regularExpression) != nil
        }
    }

    private static func matches(_ value: JSONDocument, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("number", .number), ("string", .string),
             ("array", .array), ("object", .object): true
        case ("integer", .number(let number)): number.rounded() == number
        default: false
        }
    }

    private static func typeName(_ value: JSONDocument) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
