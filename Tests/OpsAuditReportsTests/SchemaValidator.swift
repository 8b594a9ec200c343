import Foundation

/// A JSON value as decoded from text, for the schema validator.
enum JSONValue: Decodable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    static func parse(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }
}

/// Validates JSON against the subset of JSON Schema 2020-12 our report schema uses: type (also as
/// an array, for nullable values), required, properties, additionalProperties, items, enum,
/// minimum, maximum and `$ref` to `#/$defs/...`. Any other keyword is an error, so the schema
/// cannot rely on something this validator does not check.
struct SchemaValidator {
    let root: JSONValue
    private static let annotations: Set<String> = ["$schema", "$id", "$defs", "title", "description"]
    private static let checked: Set<String> = ["type", "required", "properties", "additionalProperties", "items",
                                               "enum", "minimum", "maximum", "$ref"]

    /// Every violation as `<json pointer>: <problem>`; empty when the document is valid.
    func validate(_ value: JSONValue) -> [String] {
        var errors: [String] = []
        check(value, against: root, at: "", errors: &errors, depth: 0)
        return errors
    }

    private func check(_ value: JSONValue, against schema: JSONValue, at pointer: String, errors: inout [String], depth: Int) {
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
            let prefix = "#/$defs/"
            if reference.hasPrefix(prefix), let target = root["$defs"]?[String(reference.dropFirst(prefix.count))] {
                check(value, against: target, at: pointer, errors: &errors, depth: depth + 1)
            } else {
                errors.append("\(pointer): unresolved $ref \(reference)")
            }
        }
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
            let properties: [String: JSONValue]
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
        if case .array(let elements) = value, let items = keywords["items"] {
            for (index, element) in elements.enumerated() {
                check(element, against: items, at: "\(pointer)/\(index)", errors: &errors, depth: depth + 1)
            }
        }
    }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("number", .number), ("string", .string),
             ("array", .array), ("object", .object): true
        case ("integer", .number(let number)): number.rounded() == number
        default: false
        }
    }

    private static func typeName(_ value: JSONValue) -> String {
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
