/// A problem of the tool's, not of the repository's practices: an unparsable file, a skipped
/// file, a budget hit. Always reported, never silent.
public struct Diagnostic: Hashable, Codable, Sendable, Comparable {
    public enum Kind: String, Codable, Sendable {
        /// The file could not be parsed (or only in part).
        case parse
        /// The file was not read (size, binary, unreadable, outside the root…).
        case skipped
        /// A limit was hit (node budget, depth, file count…).
        case limit
        /// Configuration or suppression problems.
        case config
        /// A recognised file deliberately not parsed (Helm templates…).
        case note
    }

    public var kind: Kind
    public var message: String
    public var location: Location?

    public init(_ kind: Kind, _ message: String, at location: Location? = nil) {
        self.kind = kind
        self.message = message
        self.location = location
    }

    public static func < (a: Diagnostic, b: Diagnostic) -> Bool {
        switch (a.location, b.location) {
        case let (l?, r?) where l != r: return l < r
        case (nil, _?): return true
        case (_?, nil): return false
        default: return (a.kind.rawValue, a.message) < (b.kind.rawValue, b.message)
        }
    }
}
