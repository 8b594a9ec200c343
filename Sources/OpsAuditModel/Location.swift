/// A place in the audited repository: repo-relative path with `/`, 1-based line, optional column.
///
/// Columns count Unicode scalars from 1, as libyaml does; SARIF's `columnKind` says so.
public struct Location: Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var column: Int?
    public var endLine: Int?

    public init(path: String, line: Int, column: Int? = nil, endLine: Int? = nil) {
        self.path = path
        self.line = max(1, line)
        self.column = column
        self.endLine = endLine
    }

    /// `path:line`, the form findings are cited in.
    public var description: String { "\(path):\(line)" }

    public static func < (a: Location, b: Location) -> Bool {
        if a.path != b.path { return a.path < b.path }
        if a.line != b.line { return a.line < b.line }
        return (a.column ?? 0) < (b.column ?? 0)
    }

    /// The same place moved down by `lines` (used when content is embedded at an offset).
    public func shifted(by lines: Int) -> Location {
        Location(path: path, line: line + lines, column: column, endLine: endLine.map { $0 + lines })
    }
}

/// A value read from a file together with where it was read.
public struct Located<Value>: CustomStringConvertible {
    public var value: Value
    public var location: Location

    public init(_ value: Value, at location: Location) {
        self.value = value
        self.location = location
    }

    public var description: String { "\(value) @ \(location)" }

    public func map<T>(_ transform: (Value) -> T) -> Located<T> { Located<T>(transform(value), at: location) }
}

extension Located: Sendable where Value: Sendable {}
extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}
extension Located: Codable where Value: Codable {}
