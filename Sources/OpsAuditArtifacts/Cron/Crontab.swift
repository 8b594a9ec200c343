import OpsAuditModel

/// A crontab file (`crontab`, `*.cron`, `/etc/cron.d/*`): scheduled commands with their lines.
public struct Crontab: Artifact {
    public var path: String
    public var entries: [CronEntry]
}

/// One scheduled line: five time fields (or `@daily`…), optionally a user (cron.d), a command.
public struct CronEntry: Sendable {
    public var schedule: Located<String>
    public var commands: [ShellCommand]
}

/// Parses crontab syntax: comments, environment assignments, `@reboot`/`@daily` macros, and
/// the five-field form with an optional user column (system crontabs).
public enum CrontabParser {
    static let macros: Set<String> = ["@reboot", "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"]

    public static func parse(_ file: TextFile) -> ParseResult {
        var entries: [CronEntry] = []
        var diagnostics: [Diagnostic] = []
        for number in 1...file.lineCount {
            let line = file.line(number)
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            let fields = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let first = fields.first else { continue }
            // `NAME=value` environment lines.
            if first.contains("="), !first.hasPrefix("@"), !first.first!.isNumber, first.first != "*" { continue }
            let scheduleCount: Int
            if Self.macros.contains(String(first)) {
                scheduleCount = 1
            } else if fields.count >= 6, fields.prefix(5).allSatisfy(Self.isTimeField) {
                scheduleCount = 5
            } else {
                diagnostics.append(Diagnostic(.parse, "not a crontab entry (five time fields or @macro, then a command)",
                                              at: file.location(line: number)))
                continue
            }
            var rest = fields.dropFirst(scheduleCount)
            // System crontabs name a user before the command; a bare word followed by more words.
            let systemCrontab = file.path.contains("cron.d/") || file.path == "etc/crontab" || file.path.hasSuffix("/etc/crontab")
            if systemCrontab, rest.count > 1 {
                rest = rest.dropFirst()
            }
            guard let commandStart = rest.first else { continue }
            let column = line.distance(from: line.startIndex, to: commandStart.startIndex) + 1
            let commandText = String(line[commandStart.startIndex...])
            let location = Location(path: file.path, line: number, column: column)
            let commands = ShellScript.commands(in: EmbeddedScript(text: commandText, firstLineAt: location))
            let schedule = fields.prefix(scheduleCount).joined(separator: " ")
            entries.append(CronEntry(schedule: Located(schedule, at: file.location(line: number, column: 1)), commands: commands))
        }
        return ParseResult(Crontab(path: file.path, entries: entries), diagnostics: diagnostics)
    }

    static func isTimeField(_ field: Substring) -> Bool {
        !field.isEmpty && field.allSatisfy { $0.isNumber || "*/,-".contains($0) || $0.isLetter && $0.isASCII }
            && (field.first!.isNumber || field.first == "*" || field.count == 3)
    }
}

extension RepoModel {
    public var crontabs: [Crontab] { artifacts(Crontab.self) }
}
