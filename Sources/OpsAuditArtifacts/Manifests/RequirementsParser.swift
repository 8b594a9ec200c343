import OpsAuditModel

/// Parses pip requirements files (`requirements.txt`, `requirements/dev.txt`…).
public enum RequirementsParser {
    /// Options, includes (`-r`), editable and URL/path lines are skipped: they name no registry
    /// package (or another file, parsed on its own). Dev when the file name says dev/test/lint/docs.
    public static func parse(_ file: TextFile) -> ParseResult {
        let name = (file.path.split(separator: "/").last.map(String.init) ?? file.path).lowercased()
        let isDev = ["dev", "test", "lint", "doc", "ci", "check", "typing"].contains { name.contains($0) }
        var dependencies: [Dependency] = []
        var diagnostics: [Diagnostic] = []
        let lines = file.lines
        var index = 0
        while index < lines.count {
            let startLine = index + 1
            var logical = String(stripComment(lines[index]))
            index += 1
            // A trailing backslash joins the next line (pip's rule).
            while logical.hasSuffix("\\"), index < lines.count {
                logical.removeLast()
                logical += stripComment(lines[index])
                index += 1
            }
            let text = logical.trimmingSpacesAndTabs()
            if text.isEmpty || text.hasPrefix("-") { continue }
            if text.contains("://") || text.hasPrefix(".") || text.hasPrefix("/") || text.hasPrefix("~") {
                if let at = text.range(of: " @ "), let requirement = PythonRequirement(text[..<at.lowerBound]) {
                    let column = leadingBlanks(logical) + requirement.nameOffset + 1
                    dependencies.append(Dependency(name: requirement.name, version: nil,
                                                   location: file.location(line: startLine, column: column),
                                                   isDev: isDev, ecosystem: .python))
                }
                continue
            }
            guard let requirement = PythonRequirement(Substring(text)) else {
                diagnostics.append(Diagnostic(.parse, "not a requirement: `\(text.prefix(80))`", at: file.location(line: startLine)))
                continue
            }
            dependencies.append(Dependency(
                name: requirement.name, version: requirement.version,
                location: file.location(line: startLine, column: leadingBlanks(logical) + requirement.nameOffset + 1),
                isDev: isDev, ecosystem: .python))
        }
        return ParseResult(PackageManifest(path: file.path, ecosystem: .python, name: nil, dependencies: dependencies),
                           diagnostics: diagnostics)
    }

    /// The line without a `#` comment (at the start or after a blank, as pip reads them).
    static func stripComment(_ line: Substring) -> Substring {
        var previous: Character = " "
        for index in line.indices {
            if line[index] == "#", previous == " " || previous == "\t" { return line[..<index] }
            previous = line[index]
        }
        return line
    }

    private static func leadingBlanks(_ text: String) -> Int { text.unicodeScalars.prefix { $0 == " " || $0 == "\t" }.count }
}
