/// A path to a value in a TOML document: keys and array indices, e.g. `vm[0].memory` or
/// `services[1].http_checks[0].path`. Indices count elements of arrays of tables (`[[a]]`)
/// and of inline arrays, in document order.
public struct TOMLKeyPath: Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// One step of a path.
    public enum Component: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    public var components: [Component]

    public init(_ components: [Component] = []) {
        self.components = components
    }

    /// Parses the textual form: bare keys separated by `.`, `"quoted keys"` (no escapes
    /// beyond `\"`), and `[n]` indices. Meant for literals in code and tests.
    public init(_ text: String) {
        var components: [Component] = []
        var scalars = Substring(text).unicodeScalars[...]
        while let first = scalars.first {
            switch first {
            case ".":
                scalars = scalars.dropFirst()
            case "[":
                let digits = scalars.dropFirst().prefix { $0 != "]" }
                components.append(.index(Int(String(String.UnicodeScalarView(digits))) ?? 0))
                scalars = scalars.dropFirst(digits.count + 2)
            case "\"", "'":
                var key = String.UnicodeScalarView()
                var rest = scalars.dropFirst()
                while let c = rest.first, c != first {
                    if c == "\\", first == "\"", rest.count > 1 { rest = rest.dropFirst() }
                    key.append(rest.first!)
                    rest = rest.dropFirst()
                }
                components.append(.key(String(key)))
                scalars = rest.dropFirst()
            default:
                let key = scalars.prefix { $0 != "." && $0 != "[" }
                components.append(.key(String(String.UnicodeScalarView(key))))
                scalars = scalars.dropFirst(key.count)
            }
        }
        self.components = components
    }

    public init(stringLiteral value: String) { self.init(value) }

    /// This path followed by a key.
    public func appending(_ key: String) -> TOMLKeyPath { TOMLKeyPath(components + [.key(key)]) }

    /// This path followed by an index.
    public func appending(index: Int) -> TOMLKeyPath { TOMLKeyPath(components + [.index(index)]) }

    /// The path without its last component (nil for the root).
    public var parent: TOMLKeyPath? {
        components.isEmpty ? nil : TOMLKeyPath(Array(components.dropLast()))
    }

    public var description: String {
        var out = ""
        for component in components {
            switch component {
            case let .index(i):
                out += "[\(i)]"
            case let .key(key):
                if !out.isEmpty { out += "." }
                let bare = !key.isEmpty && key.unicodeScalars.allSatisfy(TOMLKeyPath.isBareKeyScalar)
                out += bare ? key : "\"" + key.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\\\"") + "\""
            }
        }
        return out
    }

    public static func < (a: TOMLKeyPath, b: TOMLKeyPath) -> Bool { a.description < b.description }

    static func isBareKeyScalar(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "A"..."Z", "a"..."z", "0"..."9", "_", "-": true
        default: false
        }
    }
}
