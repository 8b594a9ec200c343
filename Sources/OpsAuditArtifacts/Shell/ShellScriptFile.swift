import Foundation
import OpsAuditModel

/// A shell script of the repository (`*.sh`), split into commands like every other script.
public struct ShellScriptFile: Artifact {
    public var path: String
    public var commands: [ShellCommand]

    /// Parses a whole file as a POSIX shell script.
    public static func parse(_ file: TextFile) -> ParseResult {
        let text = file.text.replacingOccurrences(of: "\r\n", with: "\n")
        let script = EmbeddedScript(text: text, firstLineAt: Location(path: file.path, line: 1, column: 1))
        return ParseResult(ShellScriptFile(path: file.path, commands: ShellScript.commands(in: script)))
    }
}

extension RepoModel {
    public var shellScripts: [ShellScriptFile] { artifacts(ShellScriptFile.self) }
}
