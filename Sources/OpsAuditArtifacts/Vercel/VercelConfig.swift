import OpsAuditModel

/// A `vercel.json`: crons, function sizing, regions, routing counts and build settings.
public struct VercelConfig: Artifact {
    public var path: String
    public var crons: [VercelCron]
    public var functions: [VercelFunction]
    public var regions: [Located<String>]
    public var headersCount: Int
    public var redirectsCount: Int
    public var rewritesCount: Int
    /// `redirects` entries, for rules about HTTPS and hosts.
    public var redirects: [VercelRedirect]
    public var buildCommand: Located<String>?
    public var framework: Located<String>?
    /// `git.deploymentEnabled` as written (`false` turns off git deployments).
    public var gitDeploymentEnabled: Located<String>?
}

/// One `crons` entry: Vercel calls `path` on `schedule`.
public struct VercelCron: Sendable {
    public var path: Located<String>
    public var schedule: Located<String>
}

/// One `functions` entry: a glob of function files and their limits.
public struct VercelFunction: Sendable {
    public var pattern: Located<String>
    /// MB, as written.
    public var memory: Located<String>?
    /// Seconds, as written.
    public var maxDuration: Located<String>?
}

/// One `redirects` entry.
public struct VercelRedirect: Sendable {
    public var source: Located<String>
    public var destination: Located<String>?
    public var permanent: Bool
}

/// Reads `vercel.json`.
public enum VercelParser {
    public static func parse(_ file: TextFile) -> ParseResult {
        let root: JSONNode
        switch JSONNode.parse(file) {
        case let .success(node): root = node
        case let .failure(diagnostic): return ParseResult(diagnostics: [diagnostic])
        }
        guard root.isTable else {
            return ParseResult(diagnostics: [Diagnostic(.parse, "vercel.json is not an object", at: file.location(line: 1))])
        }
        var diagnostics: [Diagnostic] = []
        var crons: [VercelCron] = []
        for entry in root["crons"]?.elements ?? [] {
            guard let path = entry["path"]?.locatedText, let schedule = entry["schedule"]?.locatedText else {
                diagnostics.append(Diagnostic(.parse, "vercel cron without `path` and `schedule`", at: entry.location))
                continue
            }
            crons.append(VercelCron(path: path, schedule: schedule))
        }
        let functions = (root["functions"]?.children ?? []).map { key, node in
            VercelFunction(pattern: Located(key, at: node.location), memory: node["memory"]?.locatedText,
                           maxDuration: node["maxDuration"]?.locatedText)
        }
        let redirects = (root["redirects"]?.elements ?? []).compactMap { entry -> VercelRedirect? in
            guard let source = entry["source"]?.locatedText else { return nil }
            return VercelRedirect(source: source, destination: entry["destination"]?.locatedText,
                                  permanent: entry["permanent"]?.text == "true")
        }
        return ParseResult(VercelConfig(
            path: file.path, crons: crons, functions: functions, regions: root["regions"]?.locatedStrings ?? [],
            headersCount: root["headers"]?.elements.count ?? 0,
            redirectsCount: root["redirects"]?.elements.count ?? 0,
            rewritesCount: root["rewrites"]?.elements.count ?? 0,
            redirects: redirects,
            buildCommand: root["buildCommand"]?.locatedText,
            framework: root["framework"]?.locatedText,
            gitDeploymentEnabled: root["git"]?["deploymentEnabled"]?.locatedText), diagnostics: diagnostics)
    }
}

extension RepoModel {
    /// Every parsed `vercel.json`, in path order.
    public var vercelConfigs: [VercelConfig] { artifacts(VercelConfig.self) }

    /// Vercel crons call an HTTP path, not a command: their tasks carry no commands.
    var vercelScheduledTasks: [ScheduledTask] {
        vercelConfigs.flatMap { config in
            config.crons.map {
                ScheduledTask(origin: "Vercel cron `\($0.path.value)` in `\(config.path)`", schedule: $0.schedule, commands: [])
            }
        }
    }
}
