import OpsAuditModel

/// A `Procfile` (Heroku, Dokku, Render native, Scalingo…): process types and their commands.
public struct Procfile: Artifact {
    public var path: String
    public var processes: [ProcfileProcess]

    /// The `release` process (run before each release: migrations).
    public var release: ProcfileProcess? { processes.first { $0.type.value == "release" } }
    /// The `web` process.
    public var web: ProcfileProcess? { processes.first { $0.type.value == "web" } }
}

/// One `type: command` line.
public struct ProcfileProcess: Sendable {
    public var type: Located<String>
    /// The command text, located at its first character.
    public var command: Located<String>
    /// The command split by the shell model.
    public var commands: [ShellCommand]
}

/// Parses Procfiles: one `type: command` per line; `#` comments and blank lines skipped.
/// Heroku requires the type to be alphanumeric (with `_` and `-`); other lines are diagnosed.
public enum ProcfileParser {
    public static func parse(_ file: TextFile) -> ParseResult {
        var processes: [ProcfileProcess] = []
        var diagnostics: [Diagnostic] = []
        for number in 1...file.lineCount {
            let line = file.line(number)
            let indent = line.prefix { $0 == " " || $0 == "\t" }.count
            let content = line.dropFirst(indent)
            guard !content.isEmpty, !content.hasPrefix("#") else { continue }
            guard let colon = content.firstIndex(of: ":"),
                  case let type = content[..<colon], !type.isEmpty,
                  type.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
            else {
                diagnostics.append(Diagnostic(.parse, "Procfile line is not `type: command`", at: file.location(line: number)))
                continue
            }
            let rest = content[content.index(after: colon)...]
            let spaces = rest.prefix { $0 == " " || $0 == "\t" }.count
            let command = String(rest.dropFirst(spaces))
            let typeLocation = file.location(line: number, column: indent + 1)
            let commandColumn = indent + type.unicodeScalars.count + 1 + rest.prefix(spaces).unicodeScalars.count + 1
            let commandLocation = file.location(line: number, column: commandColumn)
            guard !command.isEmpty else {
                diagnostics.append(Diagnostic(.parse, "Procfile process `\(type)` has no command", at: typeLocation))
                continue
            }
            processes.append(ProcfileProcess(
                type: Located(String(type), at: typeLocation), command: Located(command, at: commandLocation),
                commands: ShellScript.commands(in: EmbeddedScript(text: command, firstLineAt: commandLocation))))
        }
        return ParseResult(Procfile(path: file.path, processes: processes), diagnostics: diagnostics)
    }
}

extension RepoModel {
    /// Every parsed Procfile, in path order.
    public var procfiles: [Procfile] { artifacts(Procfile.self) }
}
