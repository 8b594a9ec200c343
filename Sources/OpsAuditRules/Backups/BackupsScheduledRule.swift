import OpsAuditArtifacts
import OpsAuditModel

/// Checks that a repository using a database backs it up on a schedule (or continuously, or
/// through a managed plan with backups); names a backup script that nothing schedules.
struct BackupsScheduledRule: Rule {
    static let id: RuleID = "BAK-001"

    /// Render Postgres plans without automated backups.
    static let renderPlansWithoutBackups: Set<String> = ["free"]

    func evaluate(_ repo: RepoModel) -> Outcome {
        let databases = repo.databaseEvidence
        guard let firstDatabase = databases.first else { return .notApplicable("no database in use") }
        var evidence: [Evidence] = []
        for task in repo.scheduledTasks {
            for command in task.commands {
                let runs = [command] + repo.scriptCommands(invokedBy: command)
                if let backup = runs.first(where: { $0.purposes.contains(.backup) }) {
                    evidence.append(Evidence("\(task.origin) runs `\(backup.text)` on `\(task.schedule.value)`", at: command.location))
                }
            }
        }
        for file in repo.files(.litestream) {
            evidence.append(Evidence("litestream replicates SQLite continuously (`\(file.path)`)", at: Location(path: file.path, line: 1)))
        }
        for blueprint in repo.renderBlueprints {
            for database in blueprint.databases {
                // Without `plan:` Render creates a paid instance type (free must be asked for).
                let plan = database.plan?.value.lowercased()
                guard !Self.renderPlansWithoutBackups.contains(plan ?? "") else { continue }
                let described = plan.map { "on plan `\($0)`" } ?? "on Render's default paid instance type"
                evidence.append(Evidence("managed Render database `\(database.name.value)` \(described) has daily automated backups",
                                         at: database.plan?.location ?? database.name.location))
            }
        }
        guard evidence.isEmpty else { return .passed(evidence) }
        let related = databases.prefix(3).compactMap { item in item.location.map { RelatedLocation(item.message, at: $0) } }
        let unscheduled = repo.shellScripts.flatMap(\.commands).filter { $0.purposes.contains(.backup) }
        if !unscheduled.isEmpty {
            return .failed(unscheduled.map { command in
                Finding("`\(command.text)` in `\(command.location.path)` backs up the database but nothing schedules it, so backups happen only when someone remembers",
                        at: command.location, related: related)
            })
        }
        return .failed(Finding(
            "the application uses a database (\(firstDatabase.message)) but no scheduled backup, continuous replication or managed plan with backups was found: one bad migration or lost volume loses the data for good",
            at: nil, related: related))
    }
}
