import OpsAuditModel

/// A PEP 508 requirement string split into the parts manifests cite: `name[extras] spec ; marker`.
struct PythonRequirement: Equatable {
    var name: String
    /// Offset (in Unicode scalars) of the name in the string.
    var nameOffset: Int
    /// Version specifiers as written (`>=2.0,<3`), nil when none (or a direct URL reference).
    var version: String?

    /// Nil when the string does not start with a distribution name.
    init?(_ text: Substring) {
        let scalars = Array(text.unicodeScalars)
        var p = 0
        while p < scalars.count, scalars[p] == " " || scalars[p] == "\t" { p += 1 }
        let start = p
        while p < scalars.count, PythonRequirement.isNameScalar(scalars[p]) { p += 1 }
        guard p > start, PythonRequirement.isAlphanumeric(scalars[start]) else { return nil }
        name = String(String.UnicodeScalarView(scalars[start..<p]))
        nameOffset = start
        var rest = Substring(String(String.UnicodeScalarView(scalars[p...])))
        rest = rest.drop { $0 == " " || $0 == "\t" }
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            rest = rest[rest.index(after: close)...]
        }
        if let semicolon = rest.firstIndex(of: ";") { rest = rest[..<semicolon] }
        // pip per-requirement options (`--hash=...`) follow the specifier.
        if let option = rest.range(of: " --") { rest = rest[..<option.lowerBound] }
        let spec = rest.trimmingBlanks()
        if spec.hasPrefix("@") || spec.isEmpty {
            version = nil
        } else {
            version = spec.hasPrefix("(") && spec.hasSuffix(")") ? String(spec.dropFirst().dropLast()).trimmingBlanks() : spec
        }
        guard version.map({ $0.first.map { "<>=!~(".contains($0) } ?? true }) ?? true else { return nil }
    }

    static func isAlphanumeric(_ s: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s)
    }

    static func isNameScalar(_ s: Unicode.Scalar) -> Bool { isAlphanumeric(s) || s == "-" || s == "_" || s == "." }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    func trimmingBlanks() -> String {
        let start = firstIndex { $0 != " " && $0 != "\t" } ?? endIndex
        let end = lastIndex { $0 != " " && $0 != "\t" }.map { index(after: $0) } ?? start
        return start < end ? String(self[start..<end]) : ""
    }
}

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
            let text = logical.trimmingBlanks()
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
