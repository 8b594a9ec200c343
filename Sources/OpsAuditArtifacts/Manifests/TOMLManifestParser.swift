import OpsAuditModel
import TOMLKit

/// The line regions of a TOML document's `[table]` headers. TOMLKit drops positions, so a
/// dependency's line is found by searching for its name inside its table's region.
struct TOMLTableRegions {
    private(set) var headers: [(name: String, line: Int)] = []
    let lines: [Substring]

    init(_ file: TextFile) {
        lines = file.lines
        for (offset, line) in lines.enumerated() {
            let text = line.trimmingSpacesAndTabs()
            guard text.hasPrefix("["), let close = text.lastIndex(of: "]") else { continue }
            let after = text[text.index(after: close)...].trimmingSpacesAndTabs()
            guard after.isEmpty || after.hasPrefix("#") else { continue }
            // `[table]` and `[[array.of.tables]]`; quoted keys lose their quotes.
            let inner = text[..<close].drop { $0 == "[" }.reversed().drop { $0 == "]" }.reversed()
                .filter { $0 != " " && $0 != "\t" && $0 != "\"" && $0 != "'" }
            guard !inner.isEmpty, inner.allSatisfy({ $0.isLetter || $0.isNumber || "_-.".contains($0) }) else { continue }
            headers.append((String(inner), offset + 1))
        }
    }

    /// The 1-based line of the `[table]` header.
    func headerLine(_ table: String) -> Int? { headers.first { $0.name == table }?.line }

    /// Lines of `table`'s body (the whole prelude for the root table ""), 1-based.
    func region(_ table: String) -> Range<Int>? {
        if table.isEmpty { return 1..<((headers.first?.line ?? (lines.count + 1))) }
        guard let index = headers.firstIndex(where: { $0.name == table }) else { return nil }
        let start = headers[index].line + 1
        let end = index + 1 < headers.count ? headers[index + 1].line : lines.count + 1
        return start..<max(start, end)
    }

    /// The line where `name` first appears as a whole word in `table` (after the line that
    /// starts with `key`, when given); else the key's line, the header's line, or nil.
    func line(of name: String, in table: String, after key: String? = nil) -> Int? {
        guard let region = region(table) else { return search(name, 1..<(lines.count + 1)) }
        var start = region.lowerBound
        var keyLine: Int?
        if let key {
            keyLine = region.first { number in
                let text = lines[number - 1].trimmingSpacesAndTabs().filter { $0 != "\"" && $0 != "'" }
                guard text.hasPrefix(key) else { return false }
                let next = text.dropFirst(key.count).first
                return next == nil || next == " " || next == "=" || next == "\t"
            }
            start = keyLine ?? start
        }
        return search(name, start..<region.upperBound) ?? keyLine ?? headerLine(table)
    }

    private func search(_ name: String, _ range: Range<Int>) -> Int? {
        let needle = Array(name.lowercased().unicodeScalars)
        guard !needle.isEmpty else { return nil }
        for number in range where number >= 1 && number <= lines.count {
            let scalars = Array(lines[number - 1].lowercased().unicodeScalars)
            guard scalars.count >= needle.count else { continue }
            for start in 0...(scalars.count - needle.count) where Array(scalars[start..<(start + needle.count)]) == needle {
                let before = start == 0 ? " " : scalars[start - 1]
                let after = start + needle.count < scalars.count ? scalars[start + needle.count] : " "
                if !PythonRequirement.isNameScalar(before), !PythonRequirement.isNameScalar(after) { return number }
            }
        }
        return nil
    }
}

/// Parses the TOML manifests: pyproject.toml, Pipfile, Cargo.toml.
public enum TOMLManifestParser {
    /// Groups of optional or grouped Python dependencies that only serve development.
    static let pythonDevGroups: Set<String> = [
        "dev", "develop", "development", "test", "tests", "testing", "lint", "linting", "docs", "doc", "typing",
        "types", "mypy", "style", "ci", "check", "qa",
    ]

    /// The document, or the diagnostic saying where TOMLKit stopped.
    static func load(_ file: TextFile) -> (TOMLTable?, Diagnostic?) {
        // toml++ aborts the process on some malformed input (`[*a]]`, `a = [}`; found by
        // fuzzing): the same guard as TOMLDocument.parse, before TOMLKit sees the text.
        if let abort = TOMLHeaderCheck.firstAbortingConstruct(file) {
            return (nil, Diagnostic(.parse, "invalid TOML: \(abort.problem)", at: file.location(line: abort.line)))
        }
        do {
            return (try TOMLTable(string: file.text), nil)
        } catch let error as TOMLParseError {
            return (nil, Diagnostic(.parse, "invalid TOML: \(error.description)",
                                       at: file.location(line: max(1, error.source.begin.line), column: error.source.begin.column)))
        } catch {
            return (nil, Diagnostic(.parse, "invalid TOML: \(error)", at: file.location(line: 1)))
        }
    }

    private static func failed(_ file: TextFile, _ ecosystem: Ecosystem, _ diagnostic: Diagnostic) -> ParseResult {
        ParseResult(PackageManifest(path: file.path, ecosystem: ecosystem, name: nil, dependencies: []), diagnostics: [diagnostic])
    }

    /// The version of a `name = "1.0"` or `name = { version = "1.0", … }` entry.
    private static func version(_ value: TOMLValueConvertible) -> String? {
        value.string ?? value.table?["version"]?.string
    }

    /// pyproject.toml: PEP 621 `[project]` dependencies and optional dependencies, PEP 735
    /// `[dependency-groups]`, Poetry dependencies, dev-dependencies and groups, PDM dev groups.
    public static func parsePyproject(_ file: TextFile) -> ParseResult {
        let (document, diagnostic) = load(file)
        guard let root = document else {
            return failed(file, .python, diagnostic ?? Diagnostic(.parse, "invalid TOML", at: file.location(line: 1)))
        }
        let regions = TOMLTableRegions(file)
        var dependencies: [Dependency] = []
        func add(_ name: String, _ version: String?, isDev: Bool, table: String, key: String? = nil) {
            let line = regions.line(of: name, in: table, after: key) ?? 1
            dependencies.append(Dependency(name: name, version: version, location: file.location(line: line),
                                           isDev: isDev, ecosystem: .python))
        }
        func addRequirements(_ array: TOMLArray?, isDev: Bool, table: String, key: String) {
            for element in array ?? [] {
                guard let text = element.string, let requirement = PythonRequirement(Substring(text)) else { continue }
                add(requirement.name, requirement.version, isDev: isDev, table: table, key: key)
            }
        }
        let project = root["project"]?.table
        addRequirements(project?["dependencies"]?.array, isDev: false, table: "project", key: "dependencies")
        if let optional = project?["optional-dependencies"]?.table {
            let inline = regions.headerLine("project.optional-dependencies") == nil
            for group in optional.keys {
                addRequirements(optional[group]?.array, isDev: pythonDevGroups.contains(group.lowercased()),
                                table: inline ? "project" : "project.optional-dependencies", key: group)
            }
        }
        if let groups = root["dependency-groups"]?.table {
            for group in groups.keys {
                addRequirements(groups[group]?.array, isDev: true, table: "dependency-groups", key: group)
            }
        }
        let tool = root["tool"]?.table
        let poetry = tool?["poetry"]?.table
        func addPoetry(_ table: TOMLTable?, isDev: Bool, region: String) {
            guard let table else { return }
            for name in table.keys where name.lowercased() != "python" {
                add(name, table[name].flatMap(version), isDev: isDev, table: region)
            }
        }
        addPoetry(poetry?["dependencies"]?.table, isDev: false, region: "tool.poetry.dependencies")
        addPoetry(poetry?["dev-dependencies"]?.table, isDev: true, region: "tool.poetry.dev-dependencies")
        if let groups = poetry?["group"]?.table {
            for group in groups.keys {
                addPoetry(groups[group]?.table?["dependencies"]?.table, isDev: group != "main",
                          region: "tool.poetry.group.\(group).dependencies")
            }
        }
        if let pdm = tool?["pdm"]?.table?["dev-dependencies"]?.table {
            for group in pdm.keys {
                addRequirements(pdm[group]?.array, isDev: true, table: "tool.pdm.dev-dependencies", key: group)
            }
        }
        dependencies.sort { ($0.location, $0.name) < ($1.location, $1.name) }
        let name = project?["name"]?.string ?? poetry?["name"]?.string
        return ParseResult(PackageManifest(path: file.path, ecosystem: .python, name: name, dependencies: dependencies))
    }

    /// Pipfile: `[packages]` and `[dev-packages]`.
    public static func parsePipfile(_ file: TextFile) -> ParseResult {
        keyedSections(file, .python, sections: [("packages", false), ("dev-packages", true)], nameTable: nil)
    }

    /// Cargo.toml: `[dependencies]`, `[build-dependencies]`, `[dev-dependencies]`,
    /// `[workspace.dependencies]`; the package name from `[package]`.
    public static func parseCargoToml(_ file: TextFile) -> ParseResult {
        keyedSections(file, .rust, sections: [
            ("dependencies", false), ("build-dependencies", false), ("dev-dependencies", true),
            ("workspace.dependencies", false),
        ], nameTable: "package")
    }

    private static func keyedSections(
        _ file: TextFile, _ ecosystem: Ecosystem, sections: [(String, Bool)], nameTable: String?
    ) -> ParseResult {
        let (document, diagnostic) = load(file)
        guard let root = document else {
            return failed(file, ecosystem, diagnostic ?? Diagnostic(.parse, "invalid TOML", at: file.location(line: 1)))
        }
        let regions = TOMLTableRegions(file)
        var dependencies: [Dependency] = []
        for (section, isDev) in sections {
            var table: TOMLTable? = root
            for part in section.split(separator: ".") { table = table?[String(part)]?.table }
            guard let table else { continue }
            for name in table.keys {
                let line = regions.line(of: name, in: section) ?? 1
                dependencies.append(Dependency(name: name, version: table[name].flatMap(version),
                                               location: file.location(line: line), isDev: isDev, ecosystem: ecosystem))
            }
        }
        dependencies.sort { ($0.location, $0.name) < ($1.location, $1.name) }
        let name = nameTable.flatMap { root[$0]?.table?["name"]?.string }
        return ParseResult(PackageManifest(path: file.path, ecosystem: ecosystem, name: name, dependencies: dependencies))
    }
}
