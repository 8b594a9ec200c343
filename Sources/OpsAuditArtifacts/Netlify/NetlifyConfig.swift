import OpsAuditModel

/// A `netlify.toml`: build settings, plugins, headers, redirects, functions and contexts.
public struct NetlifyConfig: Artifact {
    public var path: String
    public var buildCommand: Located<String>?
    public var publish: Located<String>?
    /// `package` of each `[[plugins]]`.
    public var plugins: [Located<String>]
    public var headersCount: Int
    public var redirects: [NetlifyRedirect]
    /// `[functions] directory`.
    public var functionsDirectory: Located<String>?
    /// `[functions."name"]` sections that carry a `schedule`.
    public var scheduledFunctions: [NetlifyScheduledFunction]
    /// `[context.production]` settings, when the section exists.
    public var production: NetlifyContext?
    /// Names of every `[context.*]` section (`production`, `deploy-preview`, `staging`…).
    public var contexts: [Located<String>]
}

/// One `[[redirects]]` entry.
public struct NetlifyRedirect: Sendable {
    public var from: Located<String>
    public var to: Located<String>?
    public var status: Located<String>?
    public var force: Bool
}

/// A function Netlify runs on a cron schedule.
public struct NetlifyScheduledFunction: Sendable {
    public var name: Located<String>
    public var schedule: Located<String>
}

/// A `[context.<name>]` section.
public struct NetlifyContext: Sendable {
    public var name: Located<String>
    public var command: Located<String>?
    /// Keys of its `environment` table.
    public var environment: [Located<String>]
}

/// Reads `netlify.toml`.
public enum NetlifyParser {
    /// Keys of `[functions]` that are settings; any other table key names a function.
    static let functionSettings: Set<String> = [
        "directory", "node_bundler", "external_node_modules", "included_files", "ignored_node_modules", "schedule",
    ]

    public static func parse(_ file: TextFile) -> ParseResult {
        let document: TOMLDocument
        switch TOMLDocument.parse(file) {
        case let .document(parsed): document = parsed
        case let .failed(diagnostic): return ParseResult(diagnostics: [diagnostic])
        }
        let root = TOMLNode(value: document.root, path: TOMLKeyPath(), document: document)
        let build = root["build"]
        let functions = root["functions"]
        var scheduled: [NetlifyScheduledFunction] = []
        for (name, node) in functions?.children ?? [] where node.isTable && !functionSettings.contains(name) {
            if let schedule = node["schedule"]?.locatedText {
                scheduled.append(NetlifyScheduledFunction(name: Located(name, at: node.location), schedule: schedule))
            }
        }
        let contexts = (root["context"]?.children ?? []).filter { $0.node.isTable }
        let production = contexts.first { $0.key == "production" }.map { context($0.node, name: $0.key) }
        let redirects = (root["redirects"]?.elements ?? []).compactMap { node -> NetlifyRedirect? in
            guard let from = node["from"]?.locatedText else { return nil }
            return NetlifyRedirect(from: from, to: node["to"]?.locatedText, status: node["status"]?.locatedText,
                                   force: node["force"]?.text == "true")
        }
        return ParseResult(NetlifyConfig(
            path: file.path, buildCommand: build?["command"]?.locatedText, publish: build?["publish"]?.locatedText,
            plugins: (root["plugins"]?.elements ?? []).compactMap { $0["package"]?.locatedText },
            headersCount: root["headers"]?.elements.count ?? 0,
            redirects: redirects,
            functionsDirectory: functions?["directory"]?.locatedText ?? build?["functions"]?.locatedText,
            scheduledFunctions: scheduled, production: production,
            contexts: contexts.map { Located($0.key, at: $0.node.location) }))
    }

    static func context(_ node: TOMLNode, name: String) -> NetlifyContext {
        NetlifyContext(name: Located(name, at: node.location), command: node["command"]?.locatedText,
                       environment: (node["environment"]?.children ?? []).map { Located($0.key, at: $0.node.location) })
    }
}

extension RepoModel {
    /// Every parsed `netlify.toml`, in path order.
    public var netlifyConfigs: [NetlifyConfig] { artifacts(NetlifyConfig.self) }

    /// Netlify scheduled functions run code, not shell commands: their tasks carry no commands.
    var netlifyScheduledTasks: [ScheduledTask] {
        netlifyConfigs.flatMap { config in
            config.scheduledFunctions.map {
                ScheduledTask(origin: "Netlify scheduled function `\($0.name.value)` in `\(config.path)`",
                              schedule: $0.schedule, commands: [])
            }
        }
    }
}
