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
    ///
    /// The text is checked for well-formedness first, by our own scan: on Linux FoundationXML
    /// crashes on documents libxml2 cannot build (empty text), silently "recovers" malformed
    /// ones, prints libxml2's errors to stderr, and gives no line numbers.
    static func load(_ file: TextFile) -> Loaded<XMLDocument> {
        if file.text.contains("<!ENTITY") {
            return .failure(Diagnostic(.parse, "XML entity declarations are not read (possible entity expansion)",
                                       at: file.location(line: 1)))
        }
        if let problem = XMLWellFormedness.check(file) { return .failure(problem) }
        // The text is already decoded: a declared encoding is stale, and libxml2 fails (and
        // FoundationXML crashes) on one it does not support. The declaration is dropped.
        var text = file.text
        if text.hasPrefix("<?xml"), let end = text.range(of: "?>") {
            text = String(repeating: " ", count: text.distance(from: text.startIndex, to: end.upperBound))
                + text[end.upperBound...]
        }
        do {
            return .success(try XMLDocument(xmlString: text, options: [.nodeLoadExternalEntitiesNever]))
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

/// A well-formedness scan of XML text (tags balanced, one root, quoted attributes, closed
/// comments, CDATA and processing instructions, predefined entities only), reporting the line of
/// the first problem. Not a validator: just enough that libxml2 never has to recover.
enum XMLWellFormedness {
    static let predefinedEntities: Set<String> = ["amp", "lt", "gt", "quot", "apos"]

    static func check(_ file: TextFile) -> Diagnostic? {
        let bytes = Array(file.text.utf8)
        var i = 0
        var stack: [ArraySlice<UInt8>] = []
        var rootSeen = false
        func problem(_ message: String, at offset: Int) -> Diagnostic {
            Diagnostic(.parse, "invalid XML: \(message)", at: file.location(atUTF8Offset: min(offset, bytes.count)))
        }
        func find(_ needle: String, from: Int) -> Int? {
            let pattern = Array(needle.utf8)
            var j = from
            while j + pattern.count <= bytes.count {
                if bytes[j] == pattern[0], bytes[j..<(j + pattern.count)].elementsEqual(pattern) { return j }
                j += 1
            }
            return nil
        }
        func isNameStart(_ byte: UInt8) -> Bool {
            (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte == 0x3A
        }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        func starts(_ prefix: String, at offset: Int) -> Bool {
            let pattern = Array(prefix.utf8)
            return offset + pattern.count <= bytes.count && bytes[offset..<(offset + pattern.count)].elementsEqual(pattern)
        }
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "<") else {
                if stack.isEmpty, !isSpace(bytes[i]) { return problem("text outside the root element", at: i) }
                if bytes[i] < 0x20, !isSpace(bytes[i]) { return problem("control character", at: i) }
                if bytes[i] == UInt8(ascii: "&") {
                    var j = i + 1
                    while j < bytes.count, j - i < 40, bytes[j] != UInt8(ascii: ";") { j += 1 }
                    guard j < bytes.count, bytes[j] == UInt8(ascii: ";") else { return problem("`&` not starting an entity", at: i) }
                    let name = String(decoding: bytes[(i + 1)..<j], as: UTF8.self)
                    if !name.hasPrefix("#"), !predefinedEntities.contains(name) {
                        return problem("undefined entity `&\(name);`", at: i)
                    }
                }
                i += 1
                continue
            }
            if starts("<?", at: i) {
                guard let end = find("?>", from: i + 2) else { return problem("unclosed `<?`", at: i) }
                let target = bytes[(i + 2)..<min(i + 5, bytes.count)].map { $0 | 0x20 }
                if i > 0, target == Array("xml".utf8), i + 5 < bytes.count, isSpace(bytes[i + 5]) || bytes[i + 5] == UInt8(ascii: "?") {
                    return problem("XML declaration not at the start of the file", at: i)
                }
                i = end + 2
            } else if starts("<!--", at: i) {
                guard let end = find("-->", from: i + 4) else { return problem("unclosed comment", at: i) }
                i = end + 3
            } else if starts("<![CDATA[", at: i) {
                if stack.isEmpty { return problem("CDATA outside the root element", at: i) }
                guard let end = find("]]>", from: i + 9) else { return problem("unclosed CDATA section", at: i) }
                i = end + 3
            } else if starts("<!", at: i) {
                if !stack.isEmpty || rootSeen { return problem("declaration inside the document", at: i) }
                var depth = 0
                var j = i + 2
                while j < bytes.count, !(bytes[j] == UInt8(ascii: ">") && depth == 0) {
                    if bytes[j] == UInt8(ascii: "[") { depth += 1 }
                    if bytes[j] == UInt8(ascii: "]") { depth -= 1 }
                    j += 1
                }
                guard j < bytes.count else { return problem("unclosed declaration", at: i) }
                i = j + 1
            } else if starts("</", at: i) {
                var j = i + 2
                while j < bytes.count, !isSpace(bytes[j]), bytes[j] != UInt8(ascii: ">") { j += 1 }
                let name = bytes[(i + 2)..<j]
                while j < bytes.count, isSpace(bytes[j]) { j += 1 }
                guard j < bytes.count, bytes[j] == UInt8(ascii: ">") else { return problem("unclosed end tag", at: i) }
                guard let open = stack.popLast() else { return problem("end tag without a start tag", at: i) }
                guard open.elementsEqual(name) else {
                    return problem("`</\(String(decoding: name, as: UTF8.self))>` closes `<\(String(decoding: open, as: UTF8.self))>`", at: i)
                }
                i = j + 1
            } else {
                if stack.isEmpty, rootSeen { return problem("a second root element", at: i) }
                var j = i + 1
                while j < bytes.count, !isSpace(bytes[j]), bytes[j] != UInt8(ascii: ">"), bytes[j] != UInt8(ascii: "/") { j += 1 }
                let name = bytes[(i + 1)..<j]
                // libxml2 cannot build a document around an invalid name (FoundationXML then crashes).
                guard let first = name.first, first >= 0x80 || isNameStart(first),
                      name.allSatisfy({ $0 >= 0x80 || isNameStart($0) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x2E })
                else { return problem("invalid tag name", at: i) }
                var selfClosing = false
                while true {
                    while j < bytes.count, isSpace(bytes[j]) { j += 1 }
                    guard j < bytes.count else { return problem("unclosed start tag", at: i) }
                    if bytes[j] == UInt8(ascii: ">") { break }
                    if bytes[j] == UInt8(ascii: "/") {
                        guard j + 1 < bytes.count, bytes[j + 1] == UInt8(ascii: ">") else { return problem("stray `/` in a tag", at: j) }
                        selfClosing = true
                        j += 1
                        break
                    }
                    let nameStart = j
                    while j < bytes.count, !isSpace(bytes[j]), bytes[j] != UInt8(ascii: "="), bytes[j] != UInt8(ascii: ">"),
                          bytes[j] != UInt8(ascii: "<") { j += 1 }
                    if j == nameStart { return problem("malformed attribute", at: j) }
                    while j < bytes.count, isSpace(bytes[j]) { j += 1 }
                    guard j < bytes.count, bytes[j] == UInt8(ascii: "=") else { return problem("attribute without a value", at: nameStart) }
                    j += 1
                    while j < bytes.count, isSpace(bytes[j]) { j += 1 }
                    guard j < bytes.count, bytes[j] == UInt8(ascii: "\"") || bytes[j] == UInt8(ascii: "'") else {
                        return problem("unquoted attribute value", at: j)
                    }
                    let quote = bytes[j]
                    j += 1
                    while j < bytes.count, bytes[j] != quote {
                        if bytes[j] == UInt8(ascii: "<") { return problem("`<` in an attribute value", at: j) }
                        j += 1
                    }
                    guard j < bytes.count else { return problem("unclosed attribute value", at: nameStart) }
                    j += 1
                }
                if selfClosing {
                    if stack.isEmpty { rootSeen = true }
                } else {
                    stack.append(name)
                    rootSeen = true
                }
                i = j + 1
            }
        }
        if let open = stack.last { return problem("`<\(String(decoding: open, as: UTF8.self))>` is never closed", at: bytes.count) }
        if !rootSeen { return problem("no root element", at: 0) }
        return nil
    }
}
