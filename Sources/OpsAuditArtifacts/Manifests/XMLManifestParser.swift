import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import OpsAuditModel

/// Parses Maven `pom.xml` and MSBuild project files (`*.csproj`, `*.fsproj`, `*.vbproj`)
/// through libxml2 (FoundationXML).
///
/// libxml2 nodes reach Foundation without line numbers, so each dependency's line is found by a
/// search for its `artifactId` / `Include="…"` in the text, skipping comments and the sections
/// whose dependencies are not the project's own (see `TextSearch`).
public enum XMLManifestParser {
    public static func parsePom(_ file: TextFile) -> ParseResult {
        let document: XMLDocument
        switch load(file) {
        case let .success(parsed): document = parsed
        case let .failure(diagnostic):
            return ParseResult(PackageManifest(path: file.path, ecosystem: .java, name: nil, dependencies: []),
                               diagnostics: [diagnostic])
        }
        guard let project = document.rootElement(), project.localNameOrName == "project" else {
            return ParseResult(PackageManifest(path: file.path, ecosystem: .java, name: nil, dependencies: []),
                               diagnostics: [Diagnostic(.parse, "pom.xml has no <project> root", at: file.location(line: 1))])
        }
        let search = TextSearch(file, excluding: ["dependencyManagement", "build", "profiles", "reporting"])
        var cursors: [String: Int] = [:]
        var dependencies: [Dependency] = []
        for element in project.children(named: "dependencies").flatMap({ $0.children(named: "dependency") }) {
            guard let artifact = element.childText("artifactId"), !artifact.isEmpty else { continue }
            let group = element.childText("groupId") ?? ""
            let location = search.next("<artifactId>\(artifact)</artifactId>", cursors: &cursors)
                ?? search.next(artifact, cursors: &cursors) ?? file.location(line: 1)
            dependencies.append(Dependency(
                name: group.isEmpty ? artifact : "\(group):\(artifact)", version: element.childText("version"),
                location: location, isDev: element.childText("scope") == "test", ecosystem: .java))
        }
        let name = project.childText("artifactId").map { artifact in
            project.childText("groupId").map { "\($0):\(artifact)" } ?? artifact
        }
        return ParseResult(PackageManifest(path: file.path, ecosystem: .java, name: name, dependencies: dependencies))
    }

    public static func parseProject(_ file: TextFile) -> ParseResult {
        let document: XMLDocument
        switch load(file) {
        case let .success(parsed): document = parsed
        case let .failure(diagnostic):
            return ParseResult(PackageManifest(path: file.path, ecosystem: .dotnet, name: nil, dependencies: []),
                               diagnostics: [diagnostic])
        }
        guard let project = document.rootElement(), project.localNameOrName == "Project" else {
            return ParseResult(PackageManifest(path: file.path, ecosystem: .dotnet, name: nil, dependencies: []),
                               diagnostics: [Diagnostic(.parse, "project file has no <Project> root", at: file.location(line: 1))])
        }
        let fileName = file.path.split(separator: "/").last.map(String.init) ?? file.path
        let projectName = fileName.split(separator: ".").dropLast().joined(separator: ".")
        let isTestProject = projectName.hasSuffix("Tests") || projectName.hasSuffix("Test")
            || project.children(named: "PropertyGroup").contains { $0.childText("IsTestProject")?.lowercased() == "true" }
        let search = TextSearch(file, excluding: [])
        var cursors: [String: Int] = [:]
        var dependencies: [Dependency] = []
        for element in project.children(named: "ItemGroup").flatMap({ $0.children(named: "PackageReference") }) {
            guard let name = element.attribute(forName: "Include")?.stringValue, !name.isEmpty else { continue }
            let version = element.attribute(forName: "Version")?.stringValue ?? element.childText("Version")
            let privateAssets = element.attribute(forName: "PrivateAssets")?.stringValue ?? element.childText("PrivateAssets")
            let location = search.next("Include=\"\(name)\"", cursors: &cursors)
                ?? search.next("Include='\(name)'", cursors: &cursors)
                ?? search.next(name, cursors: &cursors) ?? file.location(line: 1)
            dependencies.append(Dependency(
                name: name, version: version, location: location,
                isDev: isTestProject || privateAssets?.lowercased() == "all", ecosystem: .dotnet))
        }
        return ParseResult(PackageManifest(path: file.path, ecosystem: .dotnet, name: projectName, dependencies: dependencies))
    }

    /// Parses without network or entity expansion; documents declaring entities are refused
    /// (entity expansion is the XML bomb; no build file needs it).
    static func load(_ file: TextFile) -> Loaded<XMLDocument> {
        if file.text.contains("<!ENTITY") {
            return .failure(Diagnostic(.parse, "XML entity declarations are not read (possible entity expansion)",
                                       at: file.location(line: 1)))
        }
        do {
            return .success(try XMLDocument(xmlString: file.text, options: [.nodeLoadExternalEntitiesNever]))
        } catch {
            let message = (error as NSError).localizedDescription
            return .failure(Diagnostic(.parse, "invalid XML: \(message.prefix(200))", at: file.location(line: 1)))
        }
    }
}

extension XMLElement {
    /// The element's name without namespace prefix (POMs declare a default namespace).
    var localNameOrName: String { localName ?? name ?? "" }

    func children(named name: String) -> [XMLElement] {
        (children ?? []).compactMap { $0 as? XMLElement }.filter { $0.localNameOrName == name }
    }

    /// The trimmed text of the first child element called `name`.
    func childText(_ name: String) -> String? {
        children(named: name).first?.stringValue.map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }
}

/// Finds the line of successive occurrences of a string in a text, skipping `<!-- -->`
/// comments and the content of excluded elements.
struct TextSearch {
    let file: TextFile
    let bytes: [UInt8]
    /// Byte ranges not searched.
    var excluded: [Range<Int>] = []

    init(_ file: TextFile, excluding elements: [String]) {
        self.file = file
        bytes = Array(file.text.utf8)
        excluded = ranges(open: "<!--", close: "-->")
        for element in elements {
            excluded += ranges(open: "<\(element)>", close: "</\(element)>")
            excluded += ranges(open: "<\(element) ", close: "</\(element)>")
        }
    }

    /// Ranges from each `open` to the following `close`.
    func ranges(open: String, close: String) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var from = 0
        while let start = find(Array(open.utf8), from: from) {
            let end = find(Array(close.utf8), from: start + open.utf8.count).map { $0 + close.utf8.count } ?? bytes.count
            result.append(start..<end)
            from = end
        }
        return result
    }

    func find(_ needle: [UInt8], from: Int) -> Int? {
        guard let first = needle.first, needle.count <= bytes.count else { return nil }
        var i = from
        while i + needle.count <= bytes.count {
            if bytes[i] == first, bytes[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    /// The location of the next occurrence of `needle` not excluded, after the previous one
    /// found for the same needle (so duplicates get successive lines).
    func next(_ needle: String, cursors: inout [String: Int]) -> Location? {
        let pattern = Array(needle.utf8)
        var from = cursors[needle] ?? 0
        while let offset = find(pattern, from: from) {
            from = offset + 1
            if excluded.contains(where: { $0.contains(offset) }) { continue }
            cursors[needle] = from
            let line = file.lineNumber(atUTF8Offset: offset)
            // Point at the opening tag of the line's content.
            let text = file.line(line)
            let indent = text.unicodeScalars.prefix { $0 == " " || $0 == "\t" }.count
            return file.location(line: line, column: indent + 1)
        }
        return nil
    }
}
