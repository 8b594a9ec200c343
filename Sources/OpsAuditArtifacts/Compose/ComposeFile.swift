import OpsAuditModel

/// A Compose file (`docker-compose*.yml`, `compose*.yaml`): services and top-level volumes.
public struct ComposeFile: Artifact {
    public var path: String
    public var services: [ComposeService]
    /// Names declared under the top-level `volumes:`.
    public var volumes: [Located<String>]

    /// The directory of the file (`""` at the root), against which `build` paths resolve.
    public var directory: String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }
}

/// One entry of a Compose file's `services`.
public struct ComposeService: Sendable {
    public var name: Located<String>
    public var image: Located<String>?
    public var build: ComposeBuild?
    public var healthcheck: ComposeHealthcheck?
    /// `restart:` (`no`, `always`, `on-failure`, `unless-stopped`), else swarm's
    /// `deploy.restart_policy.condition` (`none`, `on-failure`, `any`).
    public var restart: Located<String>?
    /// `deploy.resources.limits` / `deploy.resources.reservations`.
    public var limits: ComposeResources?
    public var reservations: ComposeResources?
    /// The older `mem_limit:` / `cpus:` service keys.
    public var memLimit: Located<String>?
    public var cpus: Located<String>?
    /// `deploy.replicas` (or the legacy `scale:`), as written.
    public var replicas: Located<String>?
    public var environment: [ComposeEnvironmentVariable]
    public var envFiles: [Located<String>]
    /// Port mappings as written (`"8080:80"`); long-syntax entries as `published:target`.
    public var ports: [Located<String>]
    public var volumes: [ComposeVolumeMount]
    public var dependsOn: [ComposeDependency]
    public var command: ComposeCommand?
    public var entrypoint: ComposeCommand?
    public var profiles: [Located<String>]
    /// Where the service's key is written.
    public var location: Location

    /// True when the image is a database server (Postgres, MySQL, MongoDB…; not Redis or caches).
    public var isDatabase: Bool { image.map { ComposeService.isDatabaseImage($0.value) } ?? false }

    /// True when a health check is declared and not disabled (`disable: true`, `test: ["NONE"]`).
    public var hasActiveHealthcheck: Bool { healthcheck.map { !$0.isDisabled } ?? false }

    /// Repository names that mean a database server; matched on the image's last path
    /// component without tag (`bitnami/postgresql:16` → `postgresql`).
    static let databaseImageNames = [
        "postgres", "postgresql", "postgis", "timescaledb", "pgvector", "mysql", "mariadb", "percona", "mongo", "mongodb",
        "cockroach", "mssql", "couchdb", "cassandra", "scylla", "neo4j", "clickhouse", "surrealdb", "yugabyte",
    ]
    /// Tools that carry a database's name without being one.
    static let databaseToolMarkers = ["exporter", "admin", "express", "backup", "adminer", "ui", "proxy", "bouncer", "tools", "client"]

    /// Whether an image reference (`docker.io/library/postgres:16-alpine`) runs a database server.
    public static func isDatabaseImage(_ image: String) -> Bool {
        var name = image.lowercased()
        if let at = name.firstIndex(of: "@") { name = String(name[..<at]) }
        if let slash = name.lastIndex(of: "/") { name = String(name[name.index(after: slash)...]) }
        if let colon = name.firstIndex(of: ":") { name = String(name[..<colon]) }
        let parts = name.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == "." })
        guard parts.contains(where: { part in databaseImageNames.contains { part == $0 || part.hasPrefix($0) && part.dropFirst($0.count).allSatisfy(\.isNumber) } })
        else { return false }
        if parts.contains(where: { part in databaseToolMarkers.contains { part == $0 } }) { return false }
        return !(name.contains("pgadmin") || name.contains("pgbouncer"))
    }
}

/// A service's `build:` (a context string, or a mapping with `context` and `dockerfile`).
public struct ComposeBuild: Sendable {
    public var context: Located<String>?
    public var dockerfile: Located<String>?
    public var location: Location
}

/// A service's `healthcheck:`.
public struct ComposeHealthcheck: Sendable {
    /// The test as written: a string, or a list's items joined by spaces (`CMD curl -f …`).
    public var test: Located<String>?
    public var interval: Located<String>?
    public var timeout: Located<String>?
    public var retries: Located<String>?
    /// `disable: true`, or a test of `NONE`.
    public var isDisabled: Bool
    public var location: Location
}

/// `deploy.resources.limits` or `.reservations`.
public struct ComposeResources: Sendable {
    public var memory: Located<String>?
    public var cpus: Located<String>?
    public var location: Location
}

/// One variable of a service's `environment` (list `KEY=value` or map form).
public struct ComposeEnvironmentVariable: Sendable {
    public var key: Located<String>
    /// The value as written; nil when only the key is given (taken from the shell).
    public var value: String?
}

/// One entry of a service's `volumes`.
public struct ComposeVolumeMount: Sendable {
    /// Named volume, host path, or anonymous volume / tmpfs.
    public enum Kind: String, Sendable { case named, bind, anonymous, tmpfs }
    public var kind: Kind
    /// The volume name or host path; nil for anonymous volumes.
    public var source: String?
    public var target: String?
    /// The whole entry as written (short syntax) or `source:target` (long syntax).
    public var text: Located<String>
}

/// One entry of `depends_on` (list form, or map form with `condition`).
public struct ComposeDependency: Sendable {
    public var service: Located<String>
    /// `service_started`, `service_healthy`, `service_completed_successfully`; nil in list form.
    public var condition: Located<String>?
}

/// A `command:` or `entrypoint:`, as a string (shell-split by Compose) or a list (exec form).
public struct ComposeCommand: Sendable {
    /// The string, or the list's items joined by spaces.
    public var text: Located<String>
    /// The list's items, or nil for the string form.
    public var arguments: [String]?
    public var isListForm: Bool { arguments != nil }

    /// The command split for rules (one command line; a string is split as shell text).
    public var shellCommands: [ShellCommand] {
        ShellScript.commands(in: EmbeddedScript(text: text.value, allAt: text.location))
    }
}

extension RepoModel {
    /// Every parsed Compose file, in path order.
    public var composeFiles: [ComposeFile] { artifacts(ComposeFile.self) }

    /// Compose services with an active health check, with the Dockerfile they build from
    /// (`build.dockerfile` relative to `build.context`, itself relative to the compose file).
    var composeHealthChecks: [PlatformHealthCheck] {
        var result: [PlatformHealthCheck] = []
        for file in composeFiles {
            for service in file.services {
                guard let check = service.healthcheck, !check.isDisabled else { continue }
                var dockerfile: String?
                if let build = service.build {
                    let context = Self.joinPath(file.directory, build.context?.value ?? ".")
                    dockerfile = Self.joinPath(context, build.dockerfile?.value ?? "Dockerfile")
                }
                result.append(PlatformHealthCheck(
                    description: "compose healthcheck on `\(service.name.value)`",
                    location: check.location, dockerfile: dockerfile))
            }
        }
        return result
    }

    /// Database servers run as compose services.
    var composeDatabaseEvidence: [Evidence] {
        composeFiles.flatMap { file in
            file.services.compactMap { service in
                guard service.isDatabase, let image = service.image else { return nil }
                return Evidence("compose service `\(service.name.value)` runs `\(image.value)`", at: image.location)
            }
        }
    }
}
