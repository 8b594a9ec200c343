import OpsAuditModel

/// Builds `ComposeFile`s from Compose YAML. Compose allows most fields in several shapes
/// (string or list, list or map); each shape is read, and a value of an unexpected shape is
/// ignored rather than guessed at. Templated files (Coolify `${SERVICE_…}`, Helm `{{ }}`) parse
/// when they are YAML and are diagnosed, never crash, when they are not.
public enum ComposeParser {
    public static func parse(_ file: TextFile) -> ParseResult {
        var (documents, loadDiagnostics) = YAMLLoader.load(file)
        if loadDiagnostics.contains(where: { $0.kind == .parse }), let template = Self.untemplated(file) {
            // A Jinja/cookiecutter/Helm template: its placeholders are not YAML. Placeholders
            // replaced by `_` runs of the same length keep every position.
            let (retried, retryDiagnostics) = YAMLLoader.load(template)
            let note = Diagnostic(.note, "templated compose file: `{{ }}` placeholders read as `_`, `{% %}` tags ignored",
                                  at: file.location(line: 1))
            if retryDiagnostics.contains(where: { $0.kind == .parse }) {
                return ParseResult(diagnostics: [Diagnostic(
                    .note, "templated compose file is not YAML once its placeholders are removed; not parsed",
                    at: loadDiagnostics.first?.location)])
            }
            (documents, loadDiagnostics) = (retried, [note] + retryDiagnostics)
        }
        var diagnostics = loadDiagnostics
        guard let root = documents.first else {
            return ParseResult(ComposeFile(path: file.path, services: [], volumes: []), diagnostics: diagnostics)
        }
        guard root.isMapping else {
            if !root.isNull {
                diagnostics.append(Diagnostic(.parse, "compose file is not a YAML mapping", at: root.location))
            }
            return ParseResult(ComposeFile(path: file.path, services: [], volumes: []), diagnostics: diagnostics)
        }
        var services: [ComposeService] = []
        if let node = root["services"], node.isMapping {
            for pair in node.pairs {
                guard let name = pair.key.located else { continue }
                guard pair.value.isMapping || pair.value.isNull else {
                    diagnostics.append(Diagnostic(.parse, "compose service `\(name.value)` is not a mapping", at: name.location))
                    continue
                }
                services.append(service(pair.value, name: name))
            }
        }
        let volumes = root["volumes"]?.pairs.compactMap(\.key.located) ?? []
        return ParseResult(ComposeFile(path: file.path, services: services, volumes: volumes), diagnostics: diagnostics)
    }

    /// The file with template expressions blanked (`{{ … }}` → `_…_`, `{% … %}` and `{# … #}`
    /// → spaces) when it has any; nil otherwise.
    static func untemplated(_ file: TextFile) -> TextFile? {
        guard file.text.contains("{{") || file.text.contains("{%") else { return nil }
        var output: [Character] = []
        let characters = Array(file.text)
        var i = 0
        while i < characters.count {
            if characters[i] == "{", i + 1 < characters.count, "{%#".contains(characters[i + 1]) {
                let close: Character = characters[i + 1] == "{" ? "}" : characters[i + 1]
                var j = i + 2
                while j + 1 < characters.count, characters[j] != "\n", characters[j] != "\r\n", !(characters[j] == close && characters[j + 1] == "}") { j += 1 }
                if j + 1 < characters.count, characters[j] == close, characters[j + 1] == "}" {
                    let filler: Character = characters[i + 1] == "{" ? "_" : " "
                    output += Array(repeating: filler, count: j + 2 - i)
                    i = j + 2
                    continue
                }
            }
            output.append(characters[i])
            i += 1
        }
        return TextFile(path: file.path, text: String(output))
    }

    static func service(_ node: YAMLNode, name: Located<String>) -> ComposeService {
        let deploy = node["deploy"]
        let resources = deploy?["resources"]
        return ComposeService(
            name: name,
            image: node["image"]?.located,
            build: node["build"].flatMap(build),
            healthcheck: node["healthcheck"].flatMap(healthcheck),
            restart: node["restart"]?.located ?? deploy?["restart_policy"]?["condition"]?.located,
            limits: resources?["limits"].flatMap(self.resources),
            reservations: resources?["reservations"].flatMap(self.resources),
            memLimit: node["mem_limit"]?.located,
            cpus: node["cpus"]?.located,
            replicas: (deploy?["replicas"] ?? node["scale"])?.located,
            environment: environment(node["environment"]),
            envFiles: envFiles(node["env_file"]),
            ports: node["ports"]?.items.compactMap(port) ?? [],
            volumes: node["volumes"]?.items.compactMap(volume) ?? [],
            dependsOn: dependsOn(node["depends_on"]),
            command: node["command"].flatMap(command),
            entrypoint: node["entrypoint"].flatMap(command),
            profiles: node["profiles"]?.stringList ?? [],
            location: name.location)
    }

    static func build(_ node: YAMLNode) -> ComposeBuild? {
        if let context = node.located {
            return ComposeBuild(context: context, dockerfile: nil, location: node.location)
        }
        guard node.isMapping else { return nil }
        return ComposeBuild(context: node["context"]?.located, dockerfile: node["dockerfile"]?.located,
                            location: node.location)
    }

    static func healthcheck(_ node: YAMLNode) -> ComposeHealthcheck? {
        guard node.isMapping else { return nil }
        let test = node["test"].map { test in
            Located(test.isSequence ? test.items.compactMap(\.string).joined(separator: " ") : test.string ?? "",
                    at: test.location)
        }
        let testIsNone = test.map { $0.value.trimmingSpaces.uppercased() == "NONE" } ?? false
        return ComposeHealthcheck(
            test: test, interval: node["interval"]?.located, timeout: node["timeout"]?.located,
            retries: node["retries"]?.located,
            isDisabled: node["disable"]?.bool == true || testIsNone,
            location: node.location)
    }

    static func resources(_ node: YAMLNode) -> ComposeResources? {
        guard node.isMapping else { return nil }
        return ComposeResources(memory: node["memory"]?.located, cpus: node["cpus"]?.located, location: node.location)
    }

    static func environment(_ node: YAMLNode?) -> [ComposeEnvironmentVariable] {
        guard let node else { return [] }
        if node.isMapping {
            return node.pairs.compactMap { pair in
                guard let key = pair.key.located else { return nil }
                return ComposeEnvironmentVariable(key: key, value: pair.value.isNull ? nil : pair.value.string)
            }
        }
        return node.items.compactMap { item in
            guard let text = item.string, !text.isEmpty else { return nil }
            guard let equals = text.firstIndex(of: "=") else {
                return ComposeEnvironmentVariable(key: Located(text, at: item.location), value: nil)
            }
            return ComposeEnvironmentVariable(key: Located(String(text[..<equals]), at: item.location),
                                              value: String(text[text.index(after: equals)...]))
        }
    }

    static func envFiles(_ node: YAMLNode?) -> [Located<String>] {
        guard let node else { return [] }
        if let single = node.located { return [single] }
        return node.items.compactMap { $0.located ?? $0["path"]?.located }
    }

    static func port(_ node: YAMLNode) -> Located<String>? {
        if let text = node.located { return text }
        guard node.isMapping, let target = node["target"]?.string else { return nil }
        let published = node["published"]?.string.map { $0 + ":" } ?? ""
        return Located(published + target, at: node.location)
    }

    static func volume(_ node: YAMLNode) -> ComposeVolumeMount? {
        if let text = node.located {
            // `source:target[:mode]`; a lone path is an anonymous volume.
            let parts = text.value.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count >= 2 else {
                return ComposeVolumeMount(kind: .anonymous, source: nil, target: text.value, text: text)
            }
            let source = String(parts[0])
            return ComposeVolumeMount(kind: isHostPath(source) ? .bind : .named, source: source,
                                      target: String(parts[1]), text: text)
        }
        guard node.isMapping else { return nil }
        let source = node["source"]?.string
        let target = node["target"]?.string
        let kind: ComposeVolumeMount.Kind = switch node["type"]?.string {
        case "bind": .bind
        case "tmpfs": .tmpfs
        default: source == nil ? .anonymous : .named
        }
        return ComposeVolumeMount(kind: kind, source: source, target: target,
                                  text: Located("\(source ?? ""):\(target ?? "")", at: node.location))
    }

    /// Compose treats a source starting with `/`, `.` or `~` as a host path (and a variable,
    /// which is almost always a host directory, as one too).
    static func isHostPath(_ source: String) -> Bool {
        guard let first = source.first else { return false }
        return first == "/" || first == "." || first == "~" || first == "$" || source.contains("/")
    }

    static func dependsOn(_ node: YAMLNode?) -> [ComposeDependency] {
        guard let node else { return [] }
        if node.isMapping {
            return node.pairs.compactMap { pair in
                guard let service = pair.key.located else { return nil }
                return ComposeDependency(service: service, condition: pair.value["condition"]?.located)
            }
        }
        return node.stringList.map { ComposeDependency(service: $0, condition: nil) }
    }

    static func command(_ node: YAMLNode) -> ComposeCommand? {
        if let text = node.located, !node.isNull { return ComposeCommand(text: text, arguments: nil) }
        guard node.isSequence else { return nil }
        let arguments = node.items.compactMap(\.string)
        return ComposeCommand(text: Located(arguments.joined(separator: " "), at: node.location), arguments: arguments)
    }
}
