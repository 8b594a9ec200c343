import OpsAuditModel

/// Something the repository runs on a schedule, wherever it is declared: a GitHub workflow
/// with `on: schedule`, a crontab entry, a Render cron job, a GitLab job that only runs in
/// scheduled pipelines.
public struct ScheduledTask: Sendable {
    /// `GitHub workflow .github/workflows/backup.yml`, `crontab deploy/crontab`, `Render cron job nightly`.
    public var origin: String
    public var schedule: Located<String>
    /// The shell commands it runs (a Render cron's `startCommand` split like any script).
    public var commands: [ShellCommand]
}

extension RepoModel {
    /// Every scheduled task, in path order.
    public var scheduledTasks: [ScheduledTask] {
        var tasks: [ScheduledTask] = []
        for workflow in workflows {
            guard let first = workflow.schedules.first else { continue }
            let commands = workflow.jobs.flatMap { $0.steps.flatMap(\.commands) }
            tasks.append(ScheduledTask(origin: "GitHub workflow `\(workflow.path)`", schedule: first, commands: commands))
        }
        // GitLab schedules live in the project settings; jobs whose rules only run in
        // scheduled pipelines (or files whose workflow does) are the scheduled tasks.
        for pipeline in gitlabPipelines {
            for job in pipeline.runnableJobs where pipeline.runsOnlyOnSchedule || job.runsOnlyOnSchedule {
                tasks.append(ScheduledTask(
                    origin: "GitLab job `\(job.name.value)` (pipeline schedule)",
                    schedule: Located("pipeline schedule (set in GitLab)", at: job.name.location),
                    commands: job.gatingCommands))
            }
        }
        for config in circleCIConfigs {
            for workflow in config.workflows {
                guard let first = workflow.schedules.first else { continue }
                let names = Set(workflow.jobs.map(\.name.value))
                let commands = config.jobs.filter { names.contains($0.name.value) }.flatMap { $0.steps.flatMap(\.commands) }
                tasks.append(ScheduledTask(origin: "CircleCI workflow `\(workflow.name.value)`", schedule: first, commands: commands))
            }
        }
        for pipeline in azurePipelines {
            guard let first = pipeline.schedules.first else { continue }
            tasks.append(ScheduledTask(origin: "Azure pipeline `\(pipeline.path)`", schedule: first,
                                       commands: pipeline.jobs.flatMap { $0.steps.flatMap(\.commands) }))
        }
        for jenkinsfile in jenkinsfiles {
            guard let first = jenkinsfile.schedules.first else { continue }
            tasks.append(ScheduledTask(origin: "Jenkinsfile `\(jenkinsfile.path)`", schedule: first,
                                       commands: jenkinsfile.shellSteps.flatMap(\.commands)))
        }
        for crontab in crontabs {
            for entry in crontab.entries {
                tasks.append(ScheduledTask(origin: "crontab `\(crontab.path)`", schedule: entry.schedule, commands: entry.commands))
            }
        }
        for blueprint in renderBlueprints {
            for service in blueprint.services {
                guard let schedule = service.schedule else { continue }
                let commands = service.startCommand.map {
                    ShellScript.commands(in: EmbeddedScript(text: $0.value, allAt: $0.location))
                } ?? []
                tasks.append(ScheduledTask(origin: "Render cron job `\(service.name.value)`", schedule: schedule, commands: commands))
            }
        }
        for manifest in kubernetesManifests {
            for object in manifest.objects where object.kind.value == "CronJob" {
                guard let schedule = object.schedule else { continue }
                let commands = object.workload?.allContainers.flatMap(\.commands) ?? []
                tasks.append(ScheduledTask(origin: "Kubernetes CronJob `\(object.name?.value ?? "?")` in `\(manifest.path)`",
                                           schedule: schedule, commands: commands))
            }
        }
        return tasks + railwayScheduledTasks + vercelScheduledTasks + netlifyScheduledTasks
    }

    /// Scripts named for what they do (`scripts/backup.sh`) referenced by name: the command runs
    /// the script, so the script's own commands count as the task's.
    public func scriptCommands(invokedBy command: ShellCommand) -> [ShellCommand] {
        let words = command.effectiveWords
        let candidates = words.prefix(2).filter { $0.contains("/") || $0.hasSuffix(".sh") }
        var result: [ShellCommand] = []
        for candidate in candidates {
            let normalized = candidate.hasPrefix("./") ? String(candidate.dropFirst(2)) : candidate
            // `./scripts/backup.sh`, `/app/scripts/backup.sh` (the image's copy of the repo), `backup.sh`.
            for script in shellScripts where script.path == normalized || script.path.hasSuffix("/" + normalized)
                || normalized.hasSuffix("/" + script.path) {
                result += script.commands
            }
        }
        return result
    }
}

/// Evidence that the application keeps data in a database (not a cache): what makes the
/// backup rules apply.
extension RepoModel {
    /// Dependency names of database drivers and ORMs per ecosystem (Redis and caches excluded).
    static let databaseDependencies: [String] = [
        // npm
        "pg", "postgres", "pg-promise", "mysql", "mysql2", "mongodb", "mongoose", "sqlite3", "better-sqlite3",
        "@prisma/client", "prisma", "sequelize", "typeorm", "knex", "drizzle-orm", "@mikro-orm/core", "@neondatabase/serverless",
        // python
        "psycopg2", "psycopg2-binary", "psycopg", "asyncpg", "pymysql", "mysqlclient", "pymongo", "motor", "sqlalchemy",
        "django", "peewee", "tortoise-orm", "sqlmodel",
        // ruby
        "pg", "mysql2", "sqlite3", "activerecord", "rails", "sequel", "mongoid",
        // go
        "github.com/lib/pq", "github.com/jackc/pgx/v5", "github.com/jackc/pgx/v4", "gorm.io/gorm", "github.com/go-sql-driver/mysql",
        "go.mongodb.org/mongo-driver", "github.com/mattn/go-sqlite3",
        // php, rust, elixir
        "doctrine/orm", "laravel/framework", "illuminate/database", "sqlx", "diesel", "sea-orm", "ecto_sql", "postgrex",
        "myxql", "ecto_sqlite3", "mongodb_driver",
        // java (group:artifact), dotnet
        "org.postgresql:postgresql", "com.mysql:mysql-connector-j", "mysql:mysql-connector-java", "org.mariadb.jdbc:mariadb-java-client",
        "org.xerial:sqlite-jdbc", "org.mongodb:mongodb-driver-sync", "org.springframework.boot:spring-boot-starter-data-jpa",
        "org.springframework.boot:spring-boot-starter-data-mongodb", "org.springframework.boot:spring-boot-starter-jdbc",
        "org.hibernate.orm:hibernate-core", "org.jooq:jooq", "com.microsoft.sqlserver:mssql-jdbc",
        "Npgsql", "Npgsql.EntityFrameworkCore.PostgreSQL", "Microsoft.EntityFrameworkCore.SqlServer", "Microsoft.Data.SqlClient",
        "Pomelo.EntityFrameworkCore.MySql", "MySqlConnector", "MongoDB.Driver", "Microsoft.EntityFrameworkCore.Sqlite",
        "Microsoft.Data.Sqlite",
    ]

    /// Where the repository shows it uses a database, strongest evidence first.
    public var databaseEvidence: [Evidence] { derived("databaseEvidence") { gatherDatabaseEvidence() } }

    private func gatherDatabaseEvidence() -> [Evidence] {
        var evidence: [Evidence] = []
        for blueprint in renderBlueprints {
            for database in blueprint.databases {
                evidence.append(Evidence("Render database `\(database.name.value)`", at: database.name.location))
            }
        }
        for object in kubernetesObjects {
            for (container, engine) in object.databaseContainers {
                let image = container.image!
                evidence.append(Evidence("\(engine) runs in Kubernetes \(object.displayName) (`\(image.value)`)", at: image.location))
            }
        }
        for chart in helmCharts {
            for dependency in chart.dependencies where Self.databaseChartNames.contains(dependency.name.value.lowercased()) {
                evidence.append(Evidence("Helm chart dependency `\(dependency.name.value)`", at: dependency.name.location))
            }
        }
        for values in helmValues {
            if let enabled = values.postgresqlEnabled, enabled.value {
                evidence.append(Evidence("Helm values enable the bundled PostgreSQL (`postgresql.enabled: true`)", at: enabled.location))
            }
        }
        for database in terraformDatabases {
            evidence.append(Evidence("Terraform \(database.product) `\(database.address)`", at: database.block.location))
        }
        evidence += composeDatabaseEvidence + herokuDatabaseEvidence + litestreamDatabaseEvidence
        for dependency in dependencies() where !dependency.isDev && Self.databaseDependencies.contains(dependency.name) {
            evidence.append(Evidence("database dependency `\(dependency.name)`", at: dependency.location))
        }
        for client in databaseClients where client.value != .redis {
            evidence.append(Evidence("\(client.value.rawValue) client in code", at: client.location))
        }
        for fly in flyConfigs where !fly.mounts.isEmpty && fly.app?.value.lowercased().contains("db") == true {
            evidence.append(Evidence("fly app `\(fly.app?.value ?? "")` with a volume", at: fly.mounts[0].location))
        }
        for file in files where Self.isMigrationPath(file.path) {
            evidence.append(Evidence("database migrations in `\(file.directory)`", at: Location(path: file.path, line: 1)))
            break
        }
        return evidence
    }

    /// Helm chart dependencies that deploy a database (Bitnami and community names).
    static let databaseChartNames: Set<String> = [
        "postgresql", "postgresql-ha", "postgres", "mysql", "mariadb", "mariadb-galera", "mongodb", "mongodb-sharded",
        "cloudnative-pg", "cluster", "timescaledb-single", "cockroachdb", "percona-xtradb-cluster",
    ]

    static func isMigrationPath(_ path: String) -> Bool {
        path.hasPrefix("db/migrate/") || path.contains("/db/migrate/") || path.hasPrefix("prisma/migrations/")
            || path.hasSuffix("schema.prisma") || path.contains("/migrations/") && (path.hasSuffix(".sql") || path.hasSuffix(".py"))
            || path.hasPrefix("migrations/") || path.hasPrefix("alembic/versions/")
    }
}
