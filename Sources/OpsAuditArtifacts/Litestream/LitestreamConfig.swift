import OpsAuditModel

/// A `litestream.yml`: the SQLite databases Litestream replicates and where to.
public struct LitestreamConfig: Artifact {
    public var path: String
    public var databases: [LitestreamDatabase]
}

/// One `dbs` entry.
public struct LitestreamDatabase: Sendable {
    public var path: Located<String>?
    /// `replicas:` entries, or the single `replica:` form.
    public var replicas: [LitestreamReplica]
    public var location: Location
}

/// One replica destination of a database.
public struct LitestreamReplica: Sendable {
    /// `type:` (`s3`, `gcs`, `abs`, `sftp`, `file`…), or the scheme of `url:`.
    public var type: Located<String>?
    public var url: Located<String>?
    public var bucket: Located<String>?
    public var path: Located<String>?
    /// `retention:` (`72h`…); Litestream keeps 24h when absent.
    public var retention: Located<String>?
    public var location: Location

    /// True when the replica leaves the host (anything but `file`).
    public var isOffsite: Bool {
        let kind = (type?.value ?? url.map { String($0.value.prefix { $0 != ":" }) } ?? (path != nil ? "file" : "")).lowercased()
        return !kind.isEmpty && kind != "file"
    }
}

/// Reads `litestream.yml`. Litestream expands `$VAR` in values; they are kept as written.
public enum LitestreamParser {
    public static func parse(_ file: TextFile) -> ParseResult {
        let (documents, diagnostics) = YAMLLoader.load(file)
        guard let root = documents.first, root.isMapping else {
            let extra = documents.first.map { [Diagnostic(.parse, "litestream config is not a YAML mapping", at: $0.location)] } ?? []
            return ParseResult(LitestreamConfig(path: file.path, databases: []), diagnostics: diagnostics + extra)
        }
        let databases = (root["dbs"]?.items ?? []).filter(\.isMapping).map { node in
            var replicaNodes = node["replicas"]?.items ?? []
            if let single = node["replica"] { replicaNodes.append(single) }
            return LitestreamDatabase(path: node["path"]?.located, replicas: replicaNodes.filter(\.isMapping).map(replica),
                                      location: node.location)
        }
        return ParseResult(LitestreamConfig(path: file.path, databases: databases), diagnostics: diagnostics)
    }

    static func replica(_ node: YAMLNode) -> LitestreamReplica {
        LitestreamReplica(type: node["type"]?.located, url: node["url"]?.located, bucket: node["bucket"]?.located,
                          path: node["path"]?.located, retention: node["retention"]?.located, location: node.location)
    }
}

extension RepoModel {
    /// Every parsed Litestream config, in path order.
    public var litestreamConfigs: [LitestreamConfig] { artifacts(LitestreamConfig.self) }
}

extension RepoModel {
    /// SQLite databases Litestream replicates: a database is in use.
    var litestreamDatabaseEvidence: [Evidence] {
        litestreamConfigs.flatMap { config in
            config.databases.compactMap { database in
                database.path.map { Evidence("Litestream replicates `\($0.value)`", at: $0.location) }
            }
        }
    }
}
