import OpsAuditModel

extension ShellOptions {
    /// Bitbucket Pipelines runs each `script` command in turn and stops the step at the first
    /// failing one (errexit-like); pipes are not `pipefail`.
    /// https://support.atlassian.com/bitbucket-cloud/docs/bitbucket-pipelines-configuration-reference/
    public static let bitbucket = ShellOptions(errexit: true, pipefail: false)
}

/// A Bitbucket Pipelines file (`bitbucket-pipelines.yml`).
public struct BitbucketPipelines: Artifact {
    public var path: String
    /// Top-level `image:` (string or `name:`).
    public var image: Located<String>?
    /// Every pipeline: `default`, each `branches`/`pull-requests`/`tags`/`custom` entry.
    public var pipelines: [BitbucketPipeline]
}

/// One pipeline and its steps (parallel groups and stages flattened in order).
public struct BitbucketPipeline: Sendable {
    /// Which section the pipeline is declared in.
    public enum Trigger: String, Sendable {
        case `default`, branches, pullRequests = "pull-requests", tags, custom
    }

    public var trigger: Trigger
    /// The branch/tag glob or custom pipeline name; `default` for the default pipeline.
    public var name: Located<String>
    public var steps: [BitbucketStep]

    /// Pipelines that run on pushes, pull requests or tags (custom ones run manually or on a
    /// schedule set in Bitbucket's UI, which the file does not say).
    public var checksChanges: Bool { trigger != .custom }
}

/// One `step:`.
public struct BitbucketStep: Sendable {
    public var location: Location
    public var name: Located<String>?
    public var image: Located<String>?
    /// Each `script` item (string items; `pipe:` items are listed in `pipes`).
    public var script: [EmbeddedScript]
    public var commands: [ShellCommand]
    /// `after-script` commands (they run after the step and never fail it).
    public var afterScriptCommands: [ShellCommand]
    /// `pipe:` references in `script`.
    public var pipes: [Located<String>]
    public var deployment: Located<String>?
    /// `trigger: manual`.
    public var trigger: Located<String>?
    public var services: [Located<String>]

    public var isManual: Bool { trigger?.value == "manual" }
}

/// Builds `BitbucketPipelines` artifacts.
public enum BitbucketParser {
    public static func parse(_ file: TextFile) -> ParseResult {
        let (documents, diagnostics) = YAMLLoader.load(file)
        guard let root = documents.first, !root.isNull else { return ParseResult(diagnostics: diagnostics) }
        guard root.isMapping else {
            return ParseResult(diagnostics: diagnostics + [Diagnostic(.parse, "Bitbucket Pipelines file is not a YAML mapping", at: root.location)])
        }
        var pipelines: [BitbucketPipeline] = []
        let section = root["pipelines"]
        for pair in section?.pairs ?? [] {
            guard let key = pair.key.located else { continue }
            if key.value == "default" {
                pipelines.append(BitbucketPipeline(trigger: .default, name: key, steps: steps(pair.value, file: file)))
                continue
            }
            guard let trigger = BitbucketPipeline.Trigger(rawValue: key.value) else { continue }
            for entry in pair.value.pairs {
                guard let name = entry.key.located else { continue }
                pipelines.append(BitbucketPipeline(trigger: trigger, name: name, steps: steps(entry.value, file: file)))
            }
        }
        let image = root["image"].flatMap { $0.isMapping ? $0["name"]?.located : $0.located }
        return ParseResult(BitbucketPipelines(path: file.path, image: image, pipelines: pipelines), diagnostics: diagnostics)
    }

    /// Steps of a pipeline: `- step:`, `- parallel:` (a list, or `steps:`), `- stage: steps:`.
    static func steps(_ node: YAMLNode, file: TextFile, depth: Int = 0) -> [BitbucketStep] {
        guard depth < 4 else { return [] }
        var result: [BitbucketStep] = []
        for item in node.items {
            if let step = item["step"], step.isMapping {
                result.append(self.step(step, file: file))
            } else if let group = item["parallel"] ?? item["stage"] {
                result += steps(group.isSequence ? group : group["steps"] ?? group, file: file, depth: depth + 1)
            }
        }
        return result
    }

    static func step(_ node: YAMLNode, file: TextFile) -> BitbucketStep {
        var scripts: [EmbeddedScript] = []
        var pipes: [Located<String>] = []
        for item in node["script"]?.items ?? [] {
            if let pipe = item["pipe"]?.located { pipes.append(pipe) } else if let script = item.embeddedScript(in: file) { scripts.append(script) }
        }
        let after = (node["after-script"]?.items ?? []).compactMap { $0.embeddedScript(in: file) }
        return BitbucketStep(
            location: node.location, name: node["name"]?.located,
            image: node["image"].flatMap { $0.isMapping ? $0["name"]?.located : $0.located },
            script: scripts, commands: commands(scripts), afterScriptCommands: commands(after), pipes: pipes,
            deployment: node["deployment"]?.located, trigger: node["trigger"]?.located,
            services: node["services"]?.stringList ?? [])
    }

    /// The items run in one shell, one after another.
    static func commands(_ lines: [EmbeddedScript]) -> [ShellCommand] {
        guard !lines.isEmpty else { return [] }
        let joined = EmbeddedScript(text: lines.map(\.text).joined(separator: "\n"), lineLocations: lines.flatMap(\.lineLocations))
        return ShellScript.commands(in: joined, options: .bitbucket)
    }
}

extension RepoModel {
    /// Every parsed Bitbucket Pipelines file.
    public var bitbucketPipelines: [BitbucketPipelines] { artifacts(BitbucketPipelines.self) }

    var bitbucketCommands: [CICommand] {
        bitbucketPipelines.flatMap { file in
            file.pipelines.flatMap { pipeline in
                pipeline.steps.flatMap { step -> [CICommand] in
                    let label = step.name?.value ?? "step"
                    let job = "\(pipeline.trigger.rawValue) \(pipeline.name.value)"
                    func make(_ command: ShellCommand, _ neutralizer: Neutralizer?) -> CICommand {
                        CICommand(system: .bitbucket, command: command, path: file.path, job: job, step: label,
                                  neutralizer: neutralizer, isScheduled: false, checksChanges: pipeline.checksChanges,
                                  isManual: step.isManual)
                    }
                    let own = { (command: ShellCommand) in
                        command.swallowedBy.map { Neutralizer(how: "`\($0)`", location: command.swallowedAt ?? command.location) }
                    }
                    return step.commands.map { make($0, own($0)) } + step.afterScriptCommands.map {
                        make($0, own($0) ?? Neutralizer(how: "`after-script` (its failures never fail the step)", location: $0.location))
                    }
                }
            }
        }
    }
}
