import OpsAuditModel

/// A Railway config-as-code file (`railway.toml` or `railway.json`): `build` and `deploy`.
public struct RailwayConfig: Artifact {
    public var path: String
    /// `NIXPACKS`, `RAILPACK`, `DOCKERFILE`…
    public var builder: Located<String>?
    public var dockerfilePath: Located<String>?
    public var buildCommand: Located<String>?
    public var startCommand: Located<String>?
    public var healthcheckPath: Located<String>?
    public var healthcheckTimeout: Located<String>?
    /// `ON_FAILURE`, `ALWAYS` or `NEVER`.
    public var restartPolicyType: Located<String>?
    public var restartPolicyMaxRetries: Located<String>?
    public var numReplicas: Located<String>?
    public var cronSchedule: Located<String>?
    public var sleepApplication: Located<String>?
    /// `preDeployCommand`: one string or a list.
    public var preDeployCommands: [Located<String>]
    /// `deploy.region`, or the regions of `deploy.multiRegionConfig`.
    public var regions: [Located<String>]
    /// Where the `deploy` section starts, when there is one.
    public var deploy: Location?
    /// `environments.<name>` overrides (`production`, `staging`, `pr`…), each read like the
    /// top level; only the keys they set are non-nil.
    public var environments: [RailwayEnvironment] = []

    /// The Dockerfile Railway builds from: `dockerfilePath` (relative to the repository root),
    /// else `Dockerfile`.
    public var dockerfile: String { RepoModel.joinPath("", dockerfilePath?.value ?? "Dockerfile") }
}

/// Settings Railway applies to one environment over the file's top level.
public struct RailwayEnvironment: Sendable {
    public var name: Located<String>
    public var config: RailwayConfig
}

/// Reads `railway.toml` and `railway.json` (same schema; JSON may carry `$schema`).
public enum RailwayParser {
    public static func parse(_ file: TextFile) -> ParseResult {
        if file.path.lowercased().hasSuffix(".json") {
            switch JSONNode.parse(file) {
            case let .success(root): return read(root, file: file)
            case let .failure(diagnostic): return ParseResult(diagnostics: [diagnostic])
            }
        }
        switch TOMLDocument.parse(file) {
        case let .document(document):
            return read(TOMLNode(value: document.root, path: TOMLKeyPath(), document: document), file: file)
        case let .failed(diagnostic): return ParseResult(diagnostics: [diagnostic])
        }
    }

    static func read<Node: ConfigTree>(_ root: Node, file: TextFile) -> ParseResult {
        guard root.isTable else {
            return ParseResult(diagnostics: [Diagnostic(.parse, "railway config is not an object", at: file.location(line: 1))])
        }
        var config = config(root, file: file)
        config.environments = (root["environments"]?.children ?? []).filter { $0.node.isTable }.map {
            RailwayEnvironment(name: Located($0.key, at: $0.node.location), config: self.config($0.node, file: file))
        }
        return ParseResult(config)
    }

    static func config<Node: ConfigTree>(_ root: Node, file: TextFile) -> RailwayConfig {
        let build = root["build"], deploy = root["deploy"]
        var regions = deploy?["region"]?.locatedText.map { [$0] } ?? []
        regions += deploy?["multiRegionConfig"]?.children.map { Located($0.key, at: $0.node.location) } ?? []
        return RailwayConfig(
            path: file.path,
            builder: build?["builder"]?.locatedText,
            dockerfilePath: build?["dockerfilePath"]?.locatedText,
            buildCommand: build?["buildCommand"]?.locatedText,
            startCommand: deploy?["startCommand"]?.locatedText,
            healthcheckPath: deploy?["healthcheckPath"]?.locatedText,
            healthcheckTimeout: deploy?["healthcheckTimeout"]?.locatedText,
            restartPolicyType: deploy?["restartPolicyType"]?.locatedText,
            restartPolicyMaxRetries: deploy?["restartPolicyMaxRetries"]?.locatedText,
            numReplicas: deploy?["numReplicas"]?.locatedText,
            cronSchedule: deploy?["cronSchedule"]?.locatedText,
            sleepApplication: deploy?["sleepApplication"]?.locatedText,
            preDeployCommands: deploy?["preDeployCommand"]?.locatedStrings ?? [],
            regions: regions,
            deploy: deploy?.location)
    }
}

extension RepoModel {
    /// Every parsed Railway config, in path order.
    public var railwayConfigs: [RailwayConfig] { artifacts(RailwayConfig.self) }

    /// Health checks of each config and of its environment overrides (an override's Dockerfile
    /// falls back to the top level's).
    var railwayHealthChecks: [PlatformHealthCheck] {
        railwayConfigs.flatMap { config in
            ([config] + config.environments.map(\.config)).compactMap { scope in
                scope.healthcheckPath.map {
                    PlatformHealthCheck(description: "railway `healthcheckPath = \($0.value)`", location: $0.location,
                                        dockerfile: scope.dockerfilePath == nil ? config.dockerfile : scope.dockerfile)
                }
            }
        }
    }

    /// Cron services of each config and of its environment overrides (an override's schedule
    /// runs the top level's start command unless it sets its own).
    var railwayScheduledTasks: [ScheduledTask] {
        railwayConfigs.flatMap { config in
            ([(nil, config)] + config.environments.map { ($0.name.value, $0.config) }).compactMap { environment, scope in
                guard let schedule = scope.cronSchedule else { return nil }
                let commands = (scope.startCommand ?? config.startCommand).map {
                    ShellScript.commands(in: EmbeddedScript(text: $0.value, allAt: $0.location))
                } ?? []
                let origin = environment.map { "Railway cron `\(config.path)` (\($0))" } ?? "Railway cron `\(config.path)`"
                return ScheduledTask(origin: origin, schedule: schedule, commands: commands)
            }
        }
    }
}
