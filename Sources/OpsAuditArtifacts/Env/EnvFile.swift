import OpsAuditModel

/// A dotenv file (`.env`, `.env.production`, `.env.example`…): its assignments in order.
public struct EnvFile: Artifact {
    public var path: String
    /// True for templates (`.env.example`, `.env.sample`…), from the file's kind.
    public var isExample: Bool
    public var entries: [EnvEntry]

    public init(path: String, isExample: Bool, entries: [EnvEntry]) {
        self.path = path
        self.isExample = isExample
        self.entries = entries
    }

    /// The last assignment of `key` (later ones win when dotenv loads the file).
    public func entry(_ key: String) -> EnvEntry? { entries.last { $0.key.value == key } }
}

/// One `KEY=value` assignment of a dotenv file.
public struct EnvEntry: Hashable, Sendable {
    /// The variable name, located at its first character.
    public var key: Located<String>
    /// The value after quote removal and escape decoding; `${VAR}` references are kept as written.
    public var value: String
    /// True when the value was single-, double- or back-quoted.
    public var isQuoted: Bool
    /// True for `export KEY=value`.
    public var isExported: Bool
    /// What documents the variable: the comment lines right above it (no blank line between) or
    /// a ` # …` comment after an unquoted value, without the `#`.
    public var comment: String?

    public init(key: Located<String>, value: String, isQuoted: Bool, isExported: Bool, comment: String? = nil) {
        self.key = key
        self.value = value
        self.isQuoted = isQuoted
        self.isExported = isExported
        self.comment = comment
    }

    /// True for `KEY=` and `KEY=""`.
    public var isEmpty: Bool { value.isEmpty }
}

extension RepoModel {
    /// Every parsed dotenv file, examples included (see `EnvFile.isExample`), in path order.
    public var envFiles: [EnvFile] { artifacts(EnvFile.self) }
}
