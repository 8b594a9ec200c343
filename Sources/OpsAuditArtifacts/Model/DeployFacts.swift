import OpsAuditModel

/// An environment variable a production platform config sets, with its literal value.
public struct ProductionSetting: Sendable {
    public var key: Located<String>
    public var value: String
    /// `render.yaml`, `compose service \`web\``…, for messages.
    public var origin: String
}

extension RepoModel {
    /// Compose files that describe production (ARCHITECTURE.md "Production config files"): the
    /// name or directory says so, or it is the only compose file and a deploy job brings it up.
    public var productionComposeFiles: [ComposeFile] {
        let named = composeFiles.filter { Classifier.environmentHint(of: $0.path) == .production }
        if !named.isEmpty { return named }
        guard composeFiles.count == 1, let only = composeFiles.first,
              Classifier.environmentHint(of: only.path) != .nonProduction else { return [] }
        return composeDeployCommand(for: only) == nil ? [] : [only]
    }

    /// A CI command that brings a compose file up on a server in a deploy job (`ssh … docker
    /// compose up`, `docker stack deploy`); CI jobs that start compose for tests do not count.
    public func composeDeployCommand(for file: ComposeFile) -> ShellCommand? {
        let name = String(file.path.split(separator: "/").last ?? "")
        return ciCommands.first { ci in
            let text = ci.command.text.lowercased()
            let brings = text.contains("compose") && (text.contains(" up") || text.contains("deploy")) || text.contains("stack deploy")
            let deployJob = ["deploy", "prod", "release"].contains { ci.job.lowercased().contains($0) } || ci.command.words.first == "ssh"
            let mentions = text.contains(name.lowercased()) || !file.path.contains("/")
            return brings && deployJob && mentions
        }?.command
    }

    /// Kubernetes workloads that run continuously (Deployments, StatefulSets…), outside
    /// directories and files named for development, tests or examples.
    public var longRunningKubernetesWorkloads: [KubernetesObject] {
        kubernetesManifests.filter { Classifier.environmentHint(of: $0.path) != .nonProduction }
            .flatMap(\.objects).filter { $0.isLongRunning && $0.workload != nil }
    }

    /// True when a container runs a datastore or broker rather than the application (Postgres,
    /// Redis, RabbitMQ…): sizing, replica and probe advice for apps does not fit them.
    public static func runsDatastore(_ container: Container) -> Bool {
        guard let image = container.image?.value else { return false }
        let name = container.imageName ?? ""
        return ComposeService.isDatabaseImage(image)
            || ["redis", "valkey", "memcached", "rabbitmq", "elasticsearch", "kafka", "zookeeper", "nats", "etcd"].contains(name)
    }

    /// Long-running workloads that run the application and take traffic: not datastores (every
    /// container runs a database or cache image), and, when the repository declares Services,
    /// selected by one (load generators and workers take no traffic).
    public var servingKubernetesWorkloads: [KubernetesObject] {
        let selectors = kubernetesObjects.compactMap { $0.service?.selector }.filter { !$0.isEmpty }
        return longRunningKubernetesWorkloads.filter { object in
            guard let pod = object.workload, !pod.containers.isEmpty, !pod.containers.allSatisfy(Self.runsDatastore) else { return false }
            return selectors.isEmpty || selectors.contains { pod.isSelected(by: $0) }
        }
    }
}

// MARK: - Migrations

extension RepoModel {
    /// Packages whose presence means schema migrations are part of deploying (by ecosystem name).
    static let migrationPackages: [String: String] = [
        "prisma": "Prisma", "@prisma/client": "Prisma", "knex": "Knex", "sequelize": "Sequelize", "sequelize-cli": "Sequelize",
        "typeorm": "TypeORM", "alembic": "Alembic", "flask-migrate": "Alembic", "django": "Django", "rails": "Rails",
        "activerecord": "Rails", "org.flywaydb:flyway-core": "Flyway", "flyway-core": "Flyway",
        "org.liquibase:liquibase-core": "Liquibase", "github.com/pressly/goose/v3": "goose",
        "github.com/golang-migrate/migrate/v4": "golang-migrate", "drizzle-kit": "Drizzle", "db-migrate": "db-migrate",
        "node-pg-migrate": "node-pg-migrate", "ecto_sql": "Ecto", "doctrine/migrations": "Doctrine", "laravel/framework": "Laravel",
    ]

    /// Where the repository shows a schema-migration tool is in use: dependencies, migration
    /// directories, `alembic.ini`, Flyway/Liquibase files.
    public var migrationTools: [Evidence] {
        var evidence: [Evidence] = []
        var seen: Set<String> = []
        for dependency in dependencies() {
            guard let tool = Self.migrationPackages[dependency.name.lowercased()] ?? Self.migrationPackages[dependency.name],
                  seen.insert(tool).inserted else { continue }
            evidence.append(Evidence("\(tool) (`\(dependency.name)`) manages the schema", at: dependency.location))
        }
        for file in files {
            let name = file.name.lowercased()
            let tool: String? =
                name == "alembic.ini" ? "Alembic" :
                name == "flyway.conf" || name == "flyway.toml" ? "Flyway" :
                name.hasPrefix("liquibase.properties") || name.hasPrefix("db.changelog") ? "Liquibase" :
                Self.isMigrationPath(file.path) ? "migration files" : nil
            if let tool, seen.insert(tool).inserted {
                evidence.append(Evidence("\(tool) in `\(file.path)`", at: Location(path: file.path, line: 1)))
            }
        }
        return evidence
    }

    /// True when a command line applies schema migrations (`prisma migrate deploy`, `rails
    /// db:migrate`, `python manage.py migrate`, `alembic upgrade head`, `npm run migrate`…).
    public static func isMigrationCommand(_ text: String) -> Bool {
        let lower = text.lowercased()
        if lower.contains("makemigrations") || lower.contains("migrate dev") || lower.contains("migration:generate")
            || lower.contains("migration:create") { return false }
        return lower.contains("migrate") || lower.contains("alembic upgrade") || lower.contains("liquibase update")
            || lower.contains("db:prepare") || lower.contains("goose up") || lower.contains("goose -dir")
            || lower.contains("migration:run") || lower.contains("db push")
    }

    /// Where migrations run as part of deploying: release/pre-deploy commands, start commands,
    /// Kubernetes Jobs and init containers, CI deploy jobs.
    public var automatedMigrations: [Evidence] {
        var evidence: [Evidence] = []
        func check(_ command: Located<String>?, _ what: String) {
            guard let command, Self.isMigrationCommand(command.value) else { return }
            evidence.append(Evidence("\(what) runs `\(command.value)`", at: command.location))
        }
        for fly in flyConfigs { check(fly.deploy?.releaseCommand, "fly `release_command`") }
        for blueprint in renderBlueprints {
            for service in blueprint.services {
                check(service.preDeployCommand, "Render `preDeployCommand`")
                check(service.startCommand, "Render `startCommand`")
            }
        }
        for railway in railwayConfigs {
            for command in railway.preDeployCommands { check(command, "Railway `preDeployCommand`") }
            check(railway.startCommand, "Railway `startCommand`")
        }
        for procfile in procfiles {
            for process in procfile.processes where ["release", "web"].contains(process.type.value) {
                check(process.command, "Procfile `\(process.type.value)`")
            }
        }
        for heroku in herokuYAMLs { for command in heroku.releaseCommands { check(command, "heroku.yml release") } }
        for manifest in manifests { for name in ["start", "prestart", "start:prod", "deploy", "release"] {
            check(manifest.script(name)?.command, "`\(manifest.path)` script `\(name)`")
        } }
        for dockerfile in productionDockerfiles {
            for instruction in dockerfile.finalStage?.instructions ?? [] where ["CMD", "ENTRYPOINT"].contains(instruction.keyword) {
                check(Located(instruction.arguments, at: instruction.location), "`\(dockerfile.path)` \(instruction.keyword)")
            }
        }
        for object in kubernetesObjects {
            let isJob = object.kind.value == "Job" || object.kind.value == "CronJob"
            let containers = isJob ? object.workload?.containers ?? [] : object.workload?.initContainers ?? []
            for container in containers {
                let words = container.command + container.args
                if let first = words.first, Self.isMigrationCommand(words.map(\.value).joined(separator: " ")) {
                    evidence.append(Evidence("Kubernetes \(object.displayName) runs migrations (`\(words.map(\.value).joined(separator: " "))`)",
                                             at: first.location))
                }
            }
        }
        for file in composeFiles {
            for service in file.services { check(service.command?.text, "compose service `\(service.name.value)`") }
        }
        for ci in ciCommands where ["deploy", "release", "prod"].contains(where: ci.job.lowercased().contains) {
            if Self.isMigrationCommand(ci.command.text) {
                evidence.append(Evidence("CI job `\(ci.job)` runs `\(ci.command.text)`", at: ci.command.location))
            }
        }
        return evidence
    }
}

// MARK: - Embedded databases and volumes

extension RepoModel {
    static let embeddedDatabasePackages: Set<String> = [
        "sqlite3", "better-sqlite3", "@libsql/client", "sqlite", "github.com/mattn/go-sqlite3", "modernc.org/sqlite",
        "ecto_sqlite3", "org.xerial:sqlite-jdbc", "microsoft.data.sqlite", "microsoft.entityframeworkcore.sqlite", "aiosqlite",
        "sqlite-utils", "rusqlite", "github.com/glebarez/sqlite", "gorm.io/driver/sqlite",
    ]

    /// True when a configured value names an embedded database file (`sqlite:///data/app.db`,
    /// `file:./prod.db`, `/data/db.sqlite3`).
    public static func isEmbeddedDatabaseValue(_ value: String) -> Bool {
        let lower = value.lowercased()
        return lower.hasPrefix("sqlite") || lower.hasPrefix("file:") && (lower.contains(".db") || lower.contains(".sqlite"))
            || lower.hasSuffix(".sqlite3") || lower.hasSuffix(".sqlite") || lower.hasSuffix(".db") && lower.contains("/")
    }

    /// Where the repository shows it keeps data in an embedded database file (SQLite clients and
    /// packages, Litestream, `*.db` paths in platform config).
    public var embeddedDatabaseEvidence: [Evidence] {
        var evidence: [Evidence] = []
        for dependency in dependencies() where !dependency.isDev && Self.embeddedDatabasePackages.contains(dependency.name.lowercased()) {
            evidence.append(Evidence("SQLite dependency `\(dependency.name)`", at: dependency.location))
        }
        for client in databaseClients where client.value == .sqlite {
            evidence.append(Evidence("SQLite client in code", at: client.location))
        }
        for config in litestreamConfigs {
            for database in config.databases {
                evidence.append(Evidence("Litestream replicates `\(database.path?.value ?? "a database")`", at: database.path?.location ?? database.location))
            }
        }
        for setting in productionSettings where Self.isEmbeddedDatabaseValue(setting.value) {
            evidence.append(Evidence("\(setting.origin) sets `\(setting.key.value)` to a database file", at: setting.key.location))
        }
        return evidence
    }
}

// MARK: - Production settings

extension RepoModel {
    /// Environment variables with literal values in production configs: render.yaml, Kubernetes
    /// container env (not in dev/test paths), production compose files, `.env.production*` files.
    public var productionSettings: [ProductionSetting] {
        var result: [ProductionSetting] = []
        for blueprint in renderBlueprints where Classifier.environmentHint(of: blueprint.path) != .nonProduction {
            for service in blueprint.services {
                for variable in service.envVars {
                    guard let value = variable.value else { continue }
                    result.append(ProductionSetting(key: variable.key, value: value.value, origin: "Render service `\(service.name.value)`"))
                }
            }
        }
        for object in longRunningKubernetesWorkloads + kubernetesObjects.filter({ !$0.isLongRunning && $0.workload != nil }) {
            guard Classifier.environmentHint(of: object.location.path) != .nonProduction else { continue }
            for container in object.workload?.allContainers ?? [] {
                for variable in container.env {
                    guard let value = variable.value else { continue }
                    result.append(ProductionSetting(key: variable.name, value: value.value, origin: "Kubernetes \(object.displayName)"))
                }
            }
        }
        for file in productionComposeFiles {
            for service in file.services {
                for variable in service.environment {
                    guard let value = variable.value else { continue }
                    result.append(ProductionSetting(key: variable.key, value: value, origin: "compose service `\(service.name.value)`"))
                }
            }
        }
        for env in envFiles where Self.isProductionEnvFile(env.path) {
            for entry in env.entries {
                result.append(ProductionSetting(key: entry.key, value: entry.value, origin: "`\(env.path)`"))
            }
        }
        return result
    }

    /// `.env.production`, `.env.prod.example`: an example of production settings still describes
    /// production, so `example`/`sample`/`template` suffixes do not make it non-production.
    public static func isProductionEnvFile(_ path: String) -> Bool {
        var trimmed = path
        for suffix in [".example", ".sample", ".template", ".dist"] where trimmed.hasSuffix(suffix) {
            trimmed.removeLast(suffix.count)
        }
        return Classifier.environmentHint(of: trimmed) == .production
    }

    /// True when a URL or host value points at the machine itself (`localhost`, `127.0.0.1`, `[::1]`).
    public static func pointsAtLocalhost(_ value: String) -> Bool {
        let lower = value.lowercased()
        for host in ["localhost", "127.0.0.1", "[::1]"] {
            var searchRange = lower.startIndex..<lower.endIndex
            while let range = lower.range(of: host, range: searchRange) {
                let before = range.lowerBound == lower.startIndex ? nil : lower[lower.index(before: range.lowerBound)]
                let after = range.upperBound == lower.endIndex ? nil : lower[range.upperBound]
                let boundaryBefore = before.map { "/@=:, ".contains($0) } ?? true
                let boundaryAfter = after.map { ":/?, ".contains($0) } ?? true
                if boundaryBefore && boundaryAfter { return true }
                searchRange = range.upperBound..<lower.endIndex
            }
        }
        return false
    }

    /// True when a localhost URL is the service calling itself: it names the `PORT` the same
    /// config sets, or `$PORT` (documenso's `NEXT_PRIVATE_INTERNAL_WEBAPP_URL=http://localhost:$PORT`).
    public static func isSelfReference(_ setting: ProductionSetting, among settings: [ProductionSetting]) -> Bool {
        let value = setting.value
        if value.contains("$PORT") || value.contains("${PORT") { return true }
        return settings.contains { other in
            other.origin == setting.origin && other.key.value == "PORT" && !other.value.isEmpty && value.contains(":\(other.value)")
                && (value.hasSuffix(":\(other.value)") || value.contains(":\(other.value)/"))
        }
    }

    /// True when a variable names a backing service's address (`DATABASE_URL`, `REDIS_HOST`,
    /// `SENTRY_DSN`); bind and listen addresses (`HOST`, `BIND_ADDR`) are the process's own.
    public static func namesServiceAddress(_ key: String) -> Bool {
        let upper = key.uppercased()
        if ["HOST", "HOSTNAME", "SERVER_HOST", "APP_HOST", "WEB_HOST", "ADDR", "LISTEN"].contains(upper)
            || upper.contains("BIND") || upper.contains("LISTEN") { return false }
        return ["URL", "URI", "DSN", "HOST", "ADDR", "ENDPOINT", "SERVER"].contains { upper.contains($0) }
    }
}

// MARK: - Node heap

extension RepoModel {
    /// `--max-old-space-size=N` (or `--max_old_space_size N`) in a command or `NODE_OPTIONS` value, in MB.
    public static func nodeHeapMB(in text: String) -> Int? {
        let lower = text.lowercased()
        for needle in ["max-old-space-size", "max_old_space_size"] {
            guard let range = lower.range(of: needle) else { continue }
            let rest = lower[range.upperBound...].drop { $0 == "=" || $0 == " " }
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            if let value = Int(digits.prefix(7)) { return value }
        }
        return nil
    }

    /// Node heap sizes set anywhere the service starts: Dockerfiles, Procfiles, package.json
    /// scripts, Render start commands and env, Kubernetes container commands and env, compose.
    public var nodeHeapSettings: [Located<Int>] {
        var result: [Located<Int>] = []
        func scan(_ text: String, at location: Location) {
            if let mb = Self.nodeHeapMB(in: text) { result.append(Located(mb, at: location)) }
        }
        for dockerfile in productionDockerfiles {
            for instruction in dockerfile.finalStage?.instructions ?? [] where ["CMD", "ENTRYPOINT", "ENV"].contains(instruction.keyword) {
                scan(instruction.arguments, at: instruction.location)
            }
        }
        for procfile in procfiles { for process in procfile.processes { scan(process.command.value, at: process.command.location) } }
        for manifest in manifests { for script in manifest.scripts where script.name.value.hasPrefix("start") {
            scan(script.command.value, at: script.command.location)
        } }
        for blueprint in renderBlueprints {
            for service in blueprint.services {
                if let start = service.startCommand { scan(start.value, at: start.location) }
            }
        }
        for object in kubernetesWorkloads {
            for container in object.workload?.containers ?? [] {
                for word in container.command + container.args { scan(word.value, at: word.location) }
            }
        }
        for file in composeFiles { for service in file.services {
            if let command = service.command { scan(command.text.value, at: command.text.location) }
        } }
        for setting in productionSettings where setting.key.value == "NODE_OPTIONS" { scan(setting.value, at: setting.key.location) }
        return result
    }
}

// MARK: - Platform memory

extension RepoModel {
    /// Memory of Render instance types, in MB (https://render.com/pricing).
    public static let renderPlanMemoryMB: [String: Int] = [
        "free": 512, "starter": 512, "starter plus": 1024, "standard": 2048, "standard plus": 3072, "pro": 4096,
        "pro plus": 8192, "pro max": 16384, "pro ultra": 32768,
    ]

    /// Parses a compose memory size (`256m`, `1g`, `512MB`, bytes) into MB.
    public static func composeMemoryMB(_ text: String) -> Int? {
        let lower = String(text.lowercased().filter { !$0.isWhitespace && $0 != "\"" && $0 != "'" })
        let number = lower.prefix { $0.isNumber || $0 == "." }
        var unit = String(lower.dropFirst(number.count))
        if unit.hasSuffix("ib") { unit.removeLast(2) } else if unit.hasSuffix("b") && unit.count == 2 { unit.removeLast() }
        guard let value = Double(number), value >= 0, value < 1e15 else { return nil }
        switch unit {
        case "", "b": return Int(value / 1_048_576)
        case "k": return Int(value / 1024)
        case "m": return Int(value.rounded())
        case "g": return Int((value * 1024).rounded())
        default: return nil
        }
    }
}

// MARK: - Infrastructure as code

extension RepoModel {
    /// Deployment infrastructure declared in code: platform blueprints and configs, Kubernetes,
    /// Helm, Kustomize, Terraform, Pulumi, CDK, Serverless, Heroku app manifests.
    public var infrastructureAsCode: [Evidence] {
        var evidence: [Evidence] = []
        let kinds: [(FileKind, String)] = [
            (.renderYAML, "Render blueprint"), (.flyToml, "fly.toml"), (.railway, "Railway config"), (.vercel, "vercel.json"),
            (.netlify, "netlify.toml"), (.herokuAppJSON, "Heroku app.json"), (.herokuYAML, "heroku.yml"), (.kubernetes, "Kubernetes manifest"),
            (.helmChart, "Helm chart"), (.kustomization, "kustomization"), (.terraform, "Terraform"),
        ]
        for (kind, label) in kinds {
            if let file = files(kind).first { evidence.append(Evidence("\(label) `\(file.path)`", at: Location(path: file.path, line: 1))) }
        }
        // Manifests found by sniffing plain YAML files are not of kind `.kubernetes`.
        if files(.kubernetes).isEmpty, let manifest = kubernetesManifests.first {
            evidence.append(Evidence("Kubernetes manifest `\(manifest.path)`", at: Location(path: manifest.path, line: 1)))
        }
        let names: [String: String] = ["pulumi.yaml": "Pulumi", "pulumi.yml": "Pulumi", "cdk.json": "AWS CDK", "serverless.yml": "Serverless",
                                       "serverless.yaml": "Serverless", "template.yaml": "AWS SAM", "samconfig.toml": "AWS SAM",
                                       "app.yaml": "App Engine", "copilot.yml": "AWS Copilot", "wrangler.toml": "Cloudflare Wrangler",
                                       "skaffold.yaml": "Skaffold", "tiltfile": "Tilt", "nomad.hcl": "Nomad", "docker-stack.yml": "Docker Stack"]
        for file in files {
            if let tool = names[file.name.lowercased()] {
                evidence.append(Evidence("\(tool) `\(file.path)`", at: Location(path: file.path, line: 1)))
            }
        }
        // Self-hosted products ship their deployment as a compose file.
        for compose in composeFiles where Classifier.environmentHint(of: compose.path) != .nonProduction {
            evidence.append(Evidence("compose file `\(compose.path)`", at: Location(path: compose.path, line: 1)))
            break
        }
        return evidence
    }
}

/// The memory a platform gives a production service, where it is set, and the floor for its kind.
public struct PlatformMemory: Sendable {
    /// `fly.toml machines`, `Render web service \`api\``…, for messages.
    public var what: String
    public var megabytes: Located<Int>
    /// 512 MB for whole machines and instances, 256 MB for containers sharing a node.
    public var minimumMB: Int
}

extension RepoModel {
    /// Memory given to production services: fly `[[vm]]`, Render web service plans, Kubernetes
    /// app-container limits, production compose limits. Unknown plans and templated values are skipped.
    public var platformMemory: [PlatformMemory] {
        var result: [PlatformMemory] = []
        for fly in flyConfigs where Classifier.environmentHint(of: fly.path) != .nonProduction {
            for vm in fly.vms {
                guard let memory = vm.memoryMB else { continue }
                let what = vm.memoryFromPreset ? "`\(fly.path)` size `\(vm.size?.value ?? "")`" : "`\(fly.path)` machines"
                result.append(PlatformMemory(what: what, megabytes: memory, minimumMB: 512))
            }
        }
        for blueprint in renderBlueprints where Classifier.environmentHint(of: blueprint.path) != .nonProduction {
            for service in blueprint.services where service.type?.value == "web" {
                // Render's default plan is `starter` (512 MB).
                let plan = service.plan?.value.lowercased() ?? "starter"
                guard let megabytes = Self.renderPlanMemoryMB[plan] else { continue }
                let location = service.plan?.location ?? service.name.location
                result.append(PlatformMemory(what: "Render web service `\(service.name.value)` (plan `\(plan)`)",
                                             megabytes: Located(megabytes, at: location), minimumMB: 512))
            }
        }
        for object in longRunningKubernetesWorkloads {
            for container in object.workload?.containers ?? [] where !Self.runsDatastore(container) {
                guard let memory = container.resources?.limits.memory, let megabytes = KubernetesQuantity.memoryMB(memory.value) else { continue }
                let name = container.name.map { " container `\($0.value)`" } ?? ""
                result.append(PlatformMemory(what: "\(object.displayName)\(name)", megabytes: Located(megabytes, at: memory.location), minimumMB: 256))
            }
        }
        for file in productionComposeFiles {
            for service in file.services where !service.isDatabase {
                guard let memory = service.limits?.memory ?? service.memLimit, let megabytes = Self.composeMemoryMB(memory.value) else { continue }
                result.append(PlatformMemory(what: "compose service `\(service.name.value)`", megabytes: Located(megabytes, at: memory.location), minimumMB: 256))
            }
        }
        return result
    }
}

// MARK: - Health paths and regions

/// An HTTP path a platform probes, where it is configured.
public struct ConfiguredHealthPath: Sendable {
    public var path: Located<String>
    /// `fly.toml`, `Render service \`api\``…, for messages.
    public var origin: String
}

extension RepoModel {
    /// HTTP health paths platforms probe: fly checks, Render `healthCheckPath`, Railway
    /// `healthcheckPath`, Kubernetes `httpGet` probes (production paths only).
    public var configuredHealthPaths: [ConfiguredHealthPath] {
        var result: [ConfiguredHealthPath] = []
        for fly in flyConfigs where Classifier.environmentHint(of: fly.path) != .nonProduction {
            for check in fly.allChecks { if let path = check.path { result.append(ConfiguredHealthPath(path: path, origin: "`\(fly.path)`")) } }
        }
        for blueprint in renderBlueprints {
            for service in blueprint.services {
                if let path = service.healthCheckPath { result.append(ConfiguredHealthPath(path: path, origin: "Render service `\(service.name.value)`")) }
            }
        }
        for railway in railwayConfigs {
            for scope in [railway] + railway.environments.map(\.config) {
                if let path = scope.healthcheckPath { result.append(ConfiguredHealthPath(path: path, origin: "`\(railway.path)`")) }
            }
        }
        for object in longRunningKubernetesWorkloads {
            for container in object.workload?.containers ?? [] {
                for probe in container.probes {
                    if let path = probe.path { result.append(ConfiguredHealthPath(path: path, origin: "\(object.displayName)")) }
                }
            }
        }
        return result
    }

    /// True when a declared route path serves a probed path: equal after normalising slashes and
    /// dropping the query, with `:param`/`{param}`/`<param>` segments matching anything. A route
    /// declared on a router mounted under a prefix (`/api` + `/health`) matches as a suffix.
    public static func route(_ declared: String, serves probed: String) -> Bool {
        route(segments: pathSegments(declared), serves: pathSegments(probed))
    }

    /// A path's segments for `route(segments:serves:)`: query dropped, regex anchors removed.
    public static func pathSegments(_ path: String) -> [Substring] {
        let noQuery = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return noQuery.split(separator: "/").filter { $0 != "^" && $0 != "$" }.map { segment in
            var s = segment
            while s.hasPrefix("^") { s = s.dropFirst() }
            while s.hasSuffix("$") { s = s.dropLast() }
            return s
        }
    }

    /// `route(_:serves:)` on segments computed once (rules match many routes against few probes).
    public static func route(segments route: [Substring], serves probe: [Substring]) -> Bool {
        if route.isEmpty { return probe.isEmpty }
        guard route.count <= probe.count else { return false }
        func isParameter(_ s: Substring) -> Bool { s.hasPrefix(":") || s.hasPrefix("{") || s.hasPrefix("<") || s == "*" }
        // A route of parameters only (`/:slug`) is a catch-all page, not a health endpoint.
        guard route.contains(where: { !isParameter($0) }) else { return false }
        return zip(route, probe.suffix(route.count)).allSatisfy { r, p in r == p || isParameter(r) }
    }

    /// Regions production services are declared in: fly `primary_region`, Render service and
    /// database `region`, Railway regions, Vercel `regions`.
    public var declaredRegions: [Located<String>] {
        var result: [Located<String>] = []
        for fly in flyConfigs where Classifier.environmentHint(of: fly.path) != .nonProduction {
            if let region = fly.primaryRegion { result.append(region) }
        }
        for blueprint in renderBlueprints where Classifier.environmentHint(of: blueprint.path) != .nonProduction {
            result += blueprint.services.compactMap(\.region) + blueprint.databases.compactMap(\.region)
        }
        for railway in railwayConfigs { result += railway.regions }
        for vercel in vercelConfigs { result += vercel.regions }
        return result
    }
}

/// A fly `[http_service]` or `[[services]]` entry, with the machine-scaling settings both share.
public struct FlyServedService: Sendable {
    /// `[http_service]` or `[[services]]`, for messages.
    public var label: String
    public var location: Location
    public var autoStopMachines: Located<String>?
    public var autoStartMachines: Located<Bool>?
    public var minMachinesRunning: Located<Int>?
    public var stopsIdleMachines: Bool
}

extension FlyConfig {
    /// The services fly routes traffic to, `[http_service]` first.
    public var servedServices: [FlyServedService] {
        var result: [FlyServedService] = []
        if let http = httpService {
            result.append(FlyServedService(label: "[http_service]", location: http.location, autoStopMachines: http.autoStopMachines,
                                           autoStartMachines: http.autoStartMachines, minMachinesRunning: http.minMachinesRunning,
                                           stopsIdleMachines: http.stopsIdleMachines))
        }
        for service in services {
            result.append(FlyServedService(label: "[[services]]", location: service.location, autoStopMachines: service.autoStopMachines,
                                           autoStartMachines: service.autoStartMachines, minMachinesRunning: service.minMachinesRunning,
                                           stopsIdleMachines: service.stopsIdleMachines))
        }
        return result
    }
}
