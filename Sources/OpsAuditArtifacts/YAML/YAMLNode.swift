import OpsAuditModel

/// One YAML node with where it starts in its file. Scalars stay strings (YAML 1.1 booleans like
/// `on`/`yes` are not resolved); typed views (`bool`, `int`) are asked for explicitly.
public struct YAMLNode: Sendable {
    /// How a scalar was written; block styles matter for mapping script lines to file lines.
    public enum ScalarStyle: Sendable, Hashable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    /// The node's content.
    public enum Value: Sendable {
        case scalar(String, ScalarStyle)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
    }

    public var value: Value
    /// Where the node starts: for a block scalar, the `|`/`>` indicator; for a block mapping,
    /// its first key.
    public var location: Location

    public init(_ value: Value, at location: Location) {
        self.value = value
        self.location = location
    }

    /// The scalar's text; nil for collections.
    public var string: String? {
        if case let .scalar(text, _) = value { return text }
        return nil
    }

    /// The scalar's style; nil for collections.
    public var scalarStyle: ScalarStyle? {
        if case let .scalar(_, style) = value { return style }
        return nil
    }

    /// `true`/`false` in any case (YAML 1.2 core); `yes`/`no`/`on`/`off` are not booleans.
    public var bool: Bool? {
        guard let text = string else { return nil }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default: return nil
        }
    }

    /// A decimal integer scalar.
    public var int: Int? { string.flatMap { Int($0.trimmingSpaces) } }

    /// A plain empty scalar or `null`/`~`: YAML's null.
    public var isNull: Bool {
        guard case let .scalar(text, .plain) = value else { return false }
        return text.isEmpty || text == "~" || text.lowercased() == "null"
    }

    /// The key/value pairs of a mapping; empty otherwise.
    public var pairs: [YAMLPair] {
        if case let .mapping(pairs) = value { return pairs }
        return []
    }

    /// The items of a sequence; empty otherwise.
    public var items: [YAMLNode] {
        if case let .sequence(items) = value { return items }
        return []
    }

    public var isMapping: Bool { if case .mapping = value { true } else { false } }
    public var isSequence: Bool { if case .sequence = value { true } else { false } }
    public var isScalar: Bool { if case .scalar = value { true } else { false } }

    /// The value of `key` in a mapping (the last one when the key is duplicated).
    public subscript(key: String) -> YAMLNode? {
        pairs.last { $0.key.string == key }?.value
    }

    /// Where `key` is written in a mapping.
    public func keyLocation(_ key: String) -> Location? {
        pairs.last { $0.key.string == key }?.key.location
    }

    /// The scalar as a located string.
    public var located: Located<String>? { string.map { Located($0, at: location) } }

    /// A scalar's text as shell lines mapped to file lines: a literal block starts on the line
    /// after its indicator (where libyaml's mark points); a one-line scalar sits on its own line;
    /// folded and multi-line quoted scalars cannot be mapped line by line, so every line cites
    /// the scalar.
    public var embeddedScript: EmbeddedScript? {
        guard case let .scalar(text, style) = value else { return nil }
        switch style {
        case .literal:
            return EmbeddedScript(text: text, firstLineAt: Location(path: location.path, line: location.line + 1))
        case .folded:
            return EmbeddedScript(text: text, allAt: location)
        case .plain, .singleQuoted, .doubleQuoted:
            if text.contains("\n") { return EmbeddedScript(text: text, allAt: location) }
            return EmbeddedScript(text: text, firstLineAt: location)
        }
    }
}

extension YAMLNode {
    /// `embeddedScript` with a column on every line, read from the file the node came from
    /// (where each literal block line's text starts), for SARIF regions and editors.
    public func embeddedScript(in file: TextFile) -> EmbeddedScript? {
        guard let script = embeddedScript else { return nil }
        guard scalarStyle == .literal else { return script }
        let locations = script.lineLocations.map { location -> Location in
            let line = file.line(location.line)
            let indent = line.unicodeScalars.prefix { $0 == " " || $0 == "\t" }.count
            guard indent < line.unicodeScalars.count else { return location }
            return Location(path: location.path, line: location.line, column: indent + 1)
        }
        return EmbeddedScript(text: script.text, lineLocations: locations)
    }
}

/// One key/value entry of a YAML mapping.
public struct YAMLPair: Sendable {
    public var key: YAMLNode
    public var value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

extension String {
    var trimmingSpaces: Substring {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return slice
    }
}

extension YAMLNode {
    /// A scalar's text, or a collection's scalar items joined by ", " (for fields GitHub lets
    /// be one string or a list, like `runs-on`); a mapping gives its scalar values.
    var flatText: String {
        switch value {
        case let .scalar(text, _): text
        case let .sequence(items): items.compactMap(\.string).joined(separator: ", ")
        case let .mapping(pairs): pairs.compactMap { $0.value.string ?? ($0.value.isSequence ? $0.value.flatText : nil) }
            .joined(separator: ", ")
        }
    }

    /// `flatText` at the node's location.
    var locatedText: Located<String> { Located(flatText, at: location) }

    /// A scalar alone, or each scalar of a sequence: the "string or list of strings" YAML idiom.
    var stringList: [Located<String>] {
        if let located { return [located] }
        return items.compactMap(\.located)
    }
}
