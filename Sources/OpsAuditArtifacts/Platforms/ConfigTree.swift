import OpsAuditModel

/// A positioned view of a TOML or JSON document, so platforms that accept both (Railway) are
/// read by one parser. Internal: parsers turn it into their own `Sendable` models.
protocol ConfigTree {
    subscript(key: String) -> Self? { get }
    var location: Location { get }
    /// A scalar as text (numbers and booleans as written); nil for tables and arrays.
    var text: String? { get }
    /// Elements of an array (a TOML table counts as one element).
    var elements: [Self] { get }
    /// Members of a table or object, in document order.
    var children: [(key: String, node: Self)] { get }
    var isTable: Bool { get }
}

extension ConfigTree {
    var locatedText: Located<String>? { text.map { Located($0, at: location) } }

    /// A scalar, or each scalar of an array, located.
    var locatedStrings: [Located<String>] {
        if let single = locatedText { return [single] }
        return elements.compactMap(\.locatedText)
    }
}

extension TOMLNode: ConfigTree {
    var isTable: Bool { value.table != nil }
}

/// A value of a decoded JSON document with its key path, located through `JSONKeyLocator`.
struct JSONNode: ConfigTree {
    let value: JSONValue
    let path: [String]
    let locator: JSONKeyLocator
    let file: TextFile

    /// The document's root, or a parse diagnostic.
    static func parse(_ file: TextFile) -> Loaded<JSONNode> {
        switch JSONValue.decode(file.text) {
        case let .success(value):
            return .success(JSONNode(value: value, path: [], locator: JSONKeyLocator(file), file: file))
        case let .failure(failure):
            return .failure(Diagnostic(.parse, "invalid JSON: \(failure.message)", at: file.location(line: failure.line)))
        }
    }

    subscript(key: String) -> JSONNode? {
        guard let child = value[key] else { return nil }
        return JSONNode(value: child, path: path + [key], locator: locator, file: file)
    }

    var location: Location {
        locator.location(of: path) ?? locator.valueLocation(of: path) ?? file.location(line: 1)
    }

    var text: String? {
        switch value {
        case let .string(string): return string
        case let .bool(bool): return bool ? "true" : "false"
        case let .number(number):
            if number.rounded() == number, abs(number) < 1e15 { return String(Int(number)) }
            return String(number)
        default: return nil
        }
    }

    var elements: [JSONNode] {
        guard let array = value.array else { return [] }
        return array.enumerated().map {
            JSONNode(value: $0.element, path: path + [String($0.offset)], locator: locator, file: file)
        }
    }

    var children: [(key: String, node: JSONNode)] {
        guard let object = value.object else { return [] }
        let nodes = object.map { (key: $0.key, node: JSONNode(value: $0.value, path: path + [$0.key], locator: locator, file: file)) }
        return nodes.sorted { ($0.node.location, $0.key) < ($1.node.location, $1.key) }
    }

    var isTable: Bool { value.object != nil }
}

/// A document read for a parser, or why it could not be (a `Result` whose failure is a
/// diagnostic, which is no `Error`).
enum Loaded<Value> {
    case success(Value)
    case failure(Diagnostic)
}
