import OpsAuditModel

/// A scheduled task that backs up data, with everything it runs (including the scripts it
/// calls), so the backup rules can ask what happens around the dump.
public struct BackupJob: Sendable {
    public var task: ScheduledTask
    /// The command that takes the backup.
    public var backup: ShellCommand
    /// Every command the job runs, scripts it invokes expanded in place.
    public var commands: [ShellCommand]
    /// The workflow the job runs in, for GitHub steps that are not shell commands (`uses:`, `if: failure()`).
    public var workflow: Workflow?
}

extension RepoModel {
    /// Scheduled tasks that run a backup command, directly or through a script.
    public var backupJobs: [BackupJob] {
        let workflowsByPath = Dictionary(workflows.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        return scheduledTasks.compactMap { task in
            var invocations = Set<Location>()
            let commands = task.commands.flatMap { command -> [ShellCommand] in
                let expanded = scriptCommands(invokedBy: command)
                if !expanded.isEmpty { invocations.insert(command.location) }
                return [command] + expanded
            }
            // The dump itself (inside the script) rather than the line that calls `backup.sh`.
            let backups = commands.filter { $0.purposes.contains(.backup) }
            guard let backup = backups.first(where: { !invocations.contains($0.location) }) ?? backups.first else { return nil }
            let path = task.schedule.location.path
            return BackupJob(task: task, backup: backup, commands: commands, workflow: workflowsByPath[path])
        }
    }

    /// Every command that could belong to a backup routine: scheduled jobs and the repository's
    /// shell scripts (a script that backs up and one that restores are often separate files).
    public var backupRelatedCommands: [ShellCommand] {
        backupJobs.flatMap(\.commands) + shellScripts.flatMap(\.commands)
    }
}

/// What a backup command sequence does besides the dump, recognised from command words.
public enum BackupStep {
    /// Copies data off the host: object storage, remote repositories, another machine.
    public static func isOffsiteCopy(_ command: ShellCommand) -> Bool {
        let words = command.effectiveWords
        guard let tool = words.first else { return false }
        let rest = Array(words.dropFirst())
        switch tool {
        case "aws": return rest.prefix(2).contains("s3") || rest.contains("s3api")
        case "gsutil", "gcloud": return rest.contains { $0 == "cp" || $0 == "rsync" } || rest.contains("storage")
        case "az": return rest.contains("storage")
        case "rclone": return rest.first.map { ["copy", "sync", "copyto", "move", "rcat"].contains($0) } ?? false
        case "b2", "s3cmd", "mc", "azcopy", "s5cmd": return true
        case "scp", "rsync": return rest.contains { $0.contains(":") }
        case "restic", "borg":
            return rest.contains { $0.hasPrefix("s3:") || $0.hasPrefix("b2:") || $0.hasPrefix("sftp:") || $0.hasPrefix("rest:")
                || $0.hasPrefix("gs:") || $0.hasPrefix("azure:") || $0.hasPrefix("rclone:") || $0.hasPrefix("ssh://") }
        case "wal-g", "wal-e", "pgbackrest", "barman": return true // these push to remote repositories by design
        default: return false
        }
    }

    /// Deletes or prunes old backups.
    public static func isRetention(_ command: ShellCommand) -> Bool {
        let words = command.effectiveWords
        guard let tool = words.first else { return false }
        switch tool {
        case "find": return words.contains { $0 == "-mtime" || $0 == "-mmin" || $0 == "-ctime" } && words.contains { $0 == "-delete" || $0 == "-exec" }
        case "restic": return words.contains("forget") || words.contains("prune")
        case "borg": return words.contains("prune")
        case "wal-g": return words.contains("delete")
        case "pgbackrest": return words.contains { $0.hasPrefix("--repo1-retention") || $0.hasPrefix("--repo-retention") }
        case "aws": return words.contains("rm") || words.contains("put-bucket-lifecycle-configuration")
        case "rclone": return words.contains("delete") && words.contains { $0.hasPrefix("--min-age") }
        default: return words.contains { $0.hasPrefix("--keep-") || $0.hasPrefix("--retention") }
        }
    }

    /// Restores a backup (into a scratch database, to prove it works).
    public static func isRestore(_ command: ShellCommand) -> Bool {
        let words = command.effectiveWords
        guard let tool = words.first else { return false }
        switch tool {
        case "pg_restore", "mongorestore": return !words.contains("--list") && !words.contains("-l")
        case "psql", "mysql", "mariadb", "sqlite3": return command.text.contains("<") || words.contains("-f") || words.contains("--file")
        case "litestream", "restic", "wal-g": return words.contains("restore") || words.contains("backup-fetch")
        case "borg": return words.contains("extract")
        case "pgbackrest": return words.contains("restore")
        default: return false
        }
    }

    /// Checks a backup artefact: archive test, checksum, listing the dump.
    public static func isIntegrityCheck(_ command: ShellCommand) -> Bool {
        let words = command.effectiveWords
        guard let tool = words.first else { return false }
        switch tool {
        case "gunzip", "gzip", "xz", "zstd", "bzip2": return words.contains("-t") || words.contains("--test")
        case "sha256sum", "sha1sum", "md5sum", "sha512sum", "shasum", "b3sum": return true
        case "pg_restore": return words.contains("--list") || words.contains("-l")
        case "restic", "borg": return words.contains("check")
        case "pgbackrest": return words.contains("verify") || words.contains("check")
        case "tar": return words.contains { $0 == "-t" || $0.hasPrefix("-t") && $0.count <= 4 || $0 == "--list" }
        default: return false
        }
    }

    /// Reports success or failure to a monitor (healthchecks.io-style pings, webhooks).
    public static func isMonitorPing(_ command: ShellCommand) -> Bool {
        let text = command.text.lowercased()
        let hosts = ["hc-ping.com", "healthchecks.io", "cronitor.link", "cronitor.io", "nosnch.in", "deadmanssnitch",
                     "hooks.slack.com", "discord.com/api/webhooks", "betteruptime", "uptime.betterstack", "opsgenie", "pagerduty",
                     "sentry.io/api", "cronhub"]
        return hosts.contains { text.contains($0) } || command.effectiveWords.first == "cronitor"
    }
}

extension RepoModel {
    /// Render Postgres plans without automated backups.
    static let renderPlansWithoutBackups: Set<String> = ["free"]

    /// Managed databases whose plan includes automated backups kept by the provider.
    public var managedBackups: [Evidence] {
        var evidence: [Evidence] = []
        for blueprint in renderBlueprints {
            for database in blueprint.databases {
                // Without `plan:` Render creates a paid instance type (free must be asked for).
                let plan = database.plan?.value.lowercased()
                guard !Self.renderPlansWithoutBackups.contains(plan ?? "") else { continue }
                let described = plan.map { "on plan `\($0)`" } ?? "on Render's default paid instance type"
                evidence.append(Evidence("managed Render database `\(database.name.value)` \(described) has daily automated backups",
                                         at: database.plan?.location ?? database.name.location))
            }
        }
        return evidence
    }

    /// Managed databases on plans known to keep no backups: (what, where, plan).
    public var managedDatabasesWithoutBackups: [(name: String, plan: Located<String>)] {
        renderBlueprints.flatMap { blueprint in
            blueprint.databases.compactMap { database in
                guard let plan = database.plan, Self.renderPlansWithoutBackups.contains(plan.value.lowercased()) else { return nil }
                return (database.name.value, plan)
            }
        }
    }

    /// Continuous replication of the database to storage elsewhere (litestream).
    public var continuousBackups: [Evidence] {
        files(.litestream).map { Evidence("litestream replicates SQLite continuously (`\($0.path)`)", at: Location(path: $0.path, line: 1)) }
    }
}
