import OpsAuditModel

/// Reads dependencies from `build.gradle` / `build.gradle.kts` as text (they are programs; we
/// read the common declaration forms, not arbitrary code): `implementation("g:n:v")`,
/// `testImplementation 'g:n:v'`, `api(platform("g:n:v"))`, `implementation(libs.x.y)` (a
/// version catalog reference, kept as `libs.x.y`), and the map form `group: 'g', name: 'n'`.
public enum GradleParser {
    /// Configurations that declare the project's own dependencies (`classpath` is the build's).
    static let configurations: Set<String> = [
        "implementation", "api", "compile", "compileOnly", "runtimeOnly", "runtime", "annotationProcessor", "kapt", "ksp",
        "testImplementation", "testCompile", "testCompileOnly", "testRuntimeOnly", "testRuntime", "testAnnotationProcessor",
        "androidTestImplementation", "debugImplementation", "releaseImplementation", "developmentOnly",
        "compileOnlyApi", "integrationTestImplementation", "testFixturesImplementation", "testFixturesApi",
    ]

    public static func parse(_ file: TextFile) -> ParseResult {
        var dependencies: [Dependency] = []
        var diagnostics: [Diagnostic] = []
        var inBlockComment = false
        for number in 1...file.lineCount {
            var line = Substring(file.line(number))
            if inBlockComment {
                guard let end = line.range(of: "*/") else { continue }
                line = line[end.upperBound...]
                inBlockComment = false
            }
            if let start = line.range(of: "/*"), !line[..<start.lowerBound].contains("\"") {
                if line[start.upperBound...].range(of: "*/") == nil { inBlockComment = true }
                line = line[..<start.lowerBound]
            }
            let indent = line.prefix { $0 == " " || $0 == "\t" }.count
            let code = line.dropFirst(indent)
            let word = code.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            guard !word.isEmpty, configurations.contains(String(word)) else { continue }
            var rest = code.dropFirst(word.count).drop { $0 == " " || $0 == "\t" }
            guard rest.first == "(" || rest.first == "\"" || rest.first == "'" || rest.hasPrefix("libs.")
                || rest.hasPrefix("platform") || rest.hasPrefix("group") || rest.hasPrefix("enforcedPlatform") else { continue }
            if rest.first == "(" { rest = rest.dropFirst().drop { $0 == " " } }
            for wrapper in ["platform(", "enforcedPlatform(", "platform ", "kotlin("] where rest.hasPrefix(wrapper) {
                if wrapper == "kotlin(" { break }
                rest = rest.dropFirst(wrapper.count).drop { $0 == " " }
            }
            let column = indent + code.unicodeScalars.distance(from: code.startIndex, to: rest.startIndex) + 1
            let location = file.location(line: number, column: column)
            let isDev = word.hasPrefix("test") || word.hasPrefix("androidTest") || word.hasPrefix("integrationTest")
            if rest.hasPrefix("libs.") {
                let reference = rest.prefix { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-" }
                dependencies.append(Dependency(name: String(reference), version: nil, location: location, isDev: isDev, ecosystem: .java))
            } else if let quote = rest.first, quote == "\"" || quote == "'" {
                guard let close = rest.dropFirst().firstIndex(of: quote) else {
                    diagnostics.append(Diagnostic(.parse, "unterminated string in `\(word)` dependency", at: location))
                    continue
                }
                let coordinate = rest[rest.index(after: rest.startIndex)..<close].split(separator: ":", omittingEmptySubsequences: false)
                guard coordinate.count >= 2 else { continue }
                let version = coordinate.count >= 3 && !coordinate[2].isEmpty ? String(coordinate[2]) : nil
                dependencies.append(Dependency(name: "\(coordinate[0]):\(coordinate[1])", version: version,
                                               location: location, isDev: isDev, ecosystem: .java))
            } else if rest.hasPrefix("group") {
                let values = mapArguments(rest)
                guard let group = values["group"], let name = values["name"] else { continue }
                dependencies.append(Dependency(name: "\(group):\(name)", version: values["version"], location: location,
                                               isDev: isDev, ecosystem: .java))
            }
        }
        return ParseResult(PackageManifest(path: file.path, ecosystem: .java, name: nil, dependencies: dependencies),
                           diagnostics: diagnostics)
    }

    /// `group: 'g', name: 'n', version: 'v'` or `group = "g", name = "n"`.
    static func mapArguments(_ text: Substring) -> [String: String] {
        var result: [String: String] = [:]
        for part in text.split(separator: ",") {
            let pieces = part.split(maxSplits: 1, whereSeparator: { $0 == ":" || $0 == "=" })
            guard pieces.count == 2 else { continue }
            let key = pieces[0].trimming(characters: " \t(")
            let value = pieces[1].trimming(characters: " \t\"')")
            if !key.isEmpty, !value.isEmpty { result[key] = value }
        }
        return result
    }
}

/// Reads dependencies from a `mix.exs` as text: the `{:name, "~> 1.0", only: :test}` tuples
/// inside `defp deps do … end`.
public enum MixParser {
    public static func parse(_ file: TextFile) -> ParseResult {
        var dependencies: [Dependency] = []
        var diagnostics: [Diagnostic] = []
        var name: String?
        var depsIndent: Int?
        var depsLine = 0
        for number in 1...file.lineCount {
            let line = file.line(number)
            let indent = line.prefix { $0 == " " || $0 == "\t" }.count
            let code = line.dropFirst(indent)
            if code.hasPrefix("#") { continue }
            if name == nil, let app = code.range(of: "app: :") {
                name = String(code[app.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" })
            }
            if depsIndent == nil {
                if code.hasPrefix("defp deps") || code.hasPrefix("def deps") {
                    depsIndent = indent
                    depsLine = number
                }
                continue
            }
            if code == "end" || code.hasPrefix("end ") , indent <= depsIndent! {
                depsIndent = nil
                depsLine = 0
                continue
            }
            guard let open = code.range(of: "{:") else { continue }
            let atom = code[open.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            guard !atom.isEmpty else { continue }
            let afterAtom = code[open.upperBound...].dropFirst(atom.count)
            var version: String?
            if let quote = afterAtom.firstIndex(of: "\""), afterAtom[..<quote].allSatisfy({ $0 == "," || $0 == " " }) {
                let tail = afterAtom[afterAtom.index(after: quote)...]
                if let close = tail.firstIndex(of: "\"") { version = String(tail[..<close]) }
            }
            let isDev = onlyEnvironments(afterAtom).map { !$0.isEmpty && !$0.contains("prod") } ?? false
            let column = indent + code.unicodeScalars.distance(from: code.startIndex, to: open.lowerBound) + 1
            dependencies.append(Dependency(name: String(atom), version: version,
                                           location: file.location(line: number, column: column), isDev: isDev,
                                           ecosystem: .elixir))
        }
        if depsIndent != nil {
            diagnostics.append(Diagnostic(.parse, "`deps` function without its `end`", at: file.location(line: depsLine)))
        }
        return ParseResult(PackageManifest(path: file.path, ecosystem: .elixir, name: name, dependencies: dependencies),
                           diagnostics: diagnostics)
    }

    /// The environments of an `only:` option (`only: :test`, `only: [:dev, :test]`).
    static func onlyEnvironments(_ text: Substring) -> [String]? {
        guard let only = text.range(of: "only:") else { return nil }
        var rest = text[only.upperBound...].drop { $0 == " " }
        if rest.first == "[" {
            rest = rest.dropFirst().prefix { $0 != "]" }
        } else {
            rest = rest.prefix { $0 != "," && $0 != "}" }
        }
        return rest.split(separator: ",").map { $0.trimming(characters: " :") }
    }
}
