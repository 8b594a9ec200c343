import OpsAuditModel

extension ShellOptions {
    /// CircleCI `run` steps on Linux/macOS: `/bin/bash -eo pipefail` unless `shell:` says otherwise.
    /// https://circleci.com/docs/configuration-reference/#default-shell-options
    public static let circleci = ShellOptions(errexit: true, pipefail: true)
}

/// A CircleCI configuration (`.circleci/config.yml`).
public struct CircleCIConfig: Artifact {
    public var path: String
    /// Orbs used, as `name@version` values under their alias key.
    public var orbs: [CircleCIOrb]
    /// Names of `executors:`.
    public var executors: [Located<String>]
    public var jobs: [CircleCIJob]
    public var workflows: [CircleCIWorkflow]

    /// The job named `name`.
    public func job(_ name: String) -> CircleCIJob? { jobs.first { $0.name.value == name } }
}

/// An orb import: `node: circleci/node@5.1.0`.
public struct CircleCIOrb: Sendable {
    public var alias: Located<String>
    /// `circleci/node@5.1.0` as written (an inline orb definition gives its alias).
    public var reference: Located<String>
}

/// One job under `jobs:`.
public struct CircleCIJob: Sendable {
    public var name: Located<String>
    /// `docker:` first image, `machine:`, `macos:` or the `executor:` name, as written.
    public var executor: Located<String>?
    public var steps: [CircleCIStep]
}

/// One step: a `run` (string or map), or another step (`checkout`, an orb command…).
public struct CircleCIStep: Sendable {
    public var location: Location
    /// `run`, `checkout`, `node/test`…
    public var kind: Located<String>
    public var name: Located<String>?
    /// `run` command with per-line locations.
    public var command: EmbeddedScript?
    public var commands: [ShellCommand]
    /// `when:` (`always`, `on_fail`, `on_success`): when the step runs, not whether it may fail.
    public var when: Located<String>?
    public var shell: Located<String>?
    /// `background: true`: the job goes on without waiting, and the step's failure is never seen.
    public var background: Located<String>?
}

/// A workflow and the jobs it runs.
public struct CircleCIWorkflow: Sendable {
    public var name: Located<String>
    public var jobs: [CircleCIWorkflowJob]
    /// `triggers: - schedule: cron:` values.
    public var schedules: [Located<String>]
}

/// One job reference in a workflow.
public struct CircleCIWorkflowJob: Sendable {
    public var name: Located<String>
    public var requires: [Located<String>]
    /// `filters:` as written (branches/tags only/ignore), flattened.
    public var filters: Located<String>?
    /// `type: approval`: a manual hold.
    public var isApproval: Bool
    public var context: [Located<String>]
}

/// Builds `CircleCIConfig` artifacts.
public enum CircleCIParser {
    public static func parse(_ file: TextFile) -> ParseResult {
        let (documents, diagnostics) = YAMLLoader.load(file)
        guard let root = documents.first, !root.isNull else { return ParseResult(diagnostics: diagnostics) }
        guard root.isMapping else {
            return ParseResult(diagnostics: diagnostics + [Diagnostic(.parse, "CircleCI config is not a YAML mapping", at: root.location)])
        }
        let orbs = root["orbs"]?.pairs.compactMap { pair -> CircleCIOrb? in
            guard let alias = pair.key.located else { return nil }
            return CircleCIOrb(alias: alias, reference: pair.value.located ?? alias)
        } ?? []
        let jobs = root["jobs"]?.pairs.compactMap { pair -> CircleCIJob? in
            guard let name = pair.key.located, pair.value.isMapping else { return nil }
            return job(name, pair.value, file: file)
        } ?? []
        let workflows = root["workflows"]?.pairs.compactMap { pair -> CircleCIWorkflow? in
            guard let name = pair.key.located, pair.value.isMapping else { return nil }
            return CircleCIWorkflow(
                name: name,
                jobs: pair.value["jobs"]?.items.compactMap(workflowJob) ?? [],
                schedules: pair.value["triggers"]?.items.compactMap { $0["schedule"]?["cron"]?.located } ?? [])
        } ?? []
        let config = CircleCIConfig(path: file.path, orbs: orbs, executors: root["executors"]?.pairs.compactMap(\.key.located) ?? [],
                                    jobs: jobs, workflows: workflows)
        return ParseResult(config, diagnostics: diagnostics)
    }

    static func job(_ name: Located<String>, _ node: YAMLNode, file: TextFile) -> CircleCIJob {
        let executor = node["docker"]?.items.first?["image"]?.located ?? node["machine"]?.locatedText
            ?? node["macos"]?["xcode"]?.located ?? node["executor"].flatMap { $0.located ?? $0["name"]?.located }
        let defaultShell = node["shell"]?.located
        let steps = node["steps"]?.items.compactMap { step -> CircleCIStep? in
            if let kind = step.located { return CircleCIStep(location: step.location, kind: kind, commands: []) }
            guard let pair = step.pairs.first, let kind = pair.key.located else { return nil }
            guard kind.value == "run" else {
                return CircleCIStep(location: step.location, kind: kind, name: pair.value["name"]?.located, commands: [])
            }
            let body = pair.value
            let commandNode = body.isMapping ? body["command"] : body
            let script = commandNode?.embeddedScript(in: file)
            let shell = body["shell"]?.located ?? defaultShell
            let options: ShellOptions = shell == nil ? .circleci : .posixSh
            return CircleCIStep(
                location: step.location, kind: kind, name: body["name"]?.located, command: script,
                commands: script.map { ShellScript.commands(in: $0, options: options) } ?? [],
                when: body["when"]?.located, shell: shell,
                background: body["background"].flatMap { $0.bool == true ? $0.located : nil })
        } ?? []
        return CircleCIJob(name: name, executor: executor, steps: steps)
    }

    /// `branches: {only: main}` → `branches.only: main`; entries joined with `; `.
    static func filterText(_ node: YAMLNode, depth: Int) -> String {
        guard node.isMapping, depth < 4 else { return node.flatText }
        return node.pairs.map { pair in
            let key = pair.key.string ?? ""
            return pair.value.isMapping ? "\(key).\(filterText(pair.value, depth: depth + 1))" : "\(key): \(pair.value.flatText)"
        }.joined(separator: "; ")
    }

    static func workflowJob(_ node: YAMLNode) -> CircleCIWorkflowJob? {
        if let name = node.located {
            return CircleCIWorkflowJob(name: name, requires: [], filters: nil, isApproval: false, context: [])
        }
        guard let pair = node.pairs.first, let name = pair.key.located else { return nil }
        let config = pair.value
        return CircleCIWorkflowJob(
            name: name, requires: config["requires"]?.stringList ?? [], filters: config["filters"].map { Located(filterText($0, depth: 0), at: $0.location) },
            isApproval: config["type"]?.string == "approval", context: config["context"]?.stringList ?? [])
    }
}

extension RepoModel {
    /// Every parsed CircleCI config.
    public var circleCIConfigs: [CircleCIConfig] { artifacts(CircleCIConfig.self) }

    var circleCICommands: [CICommand] {
        circleCIConfigs.flatMap { config in
            // A job used only by scheduled workflows is scheduled; one in any other workflow checks changes.
            let scheduledOnly = Set(config.workflows.filter { !$0.schedules.isEmpty }.flatMap { $0.jobs.map(\.name.value) })
                .subtracting(config.workflows.filter { $0.schedules.isEmpty }.flatMap { $0.jobs.map(\.name.value) })
            return config.jobs.flatMap { job in
                job.steps.flatMap { step in
                    step.commands.map { command in
                        // `when: always` decides when the step runs, not whether its failure counts.
                        CICommand(system: .circleci, command: command, path: config.path, job: job.name.value,
                                  step: step.name?.value ?? step.kind.value,
                                  neutralizer: command.swallowedBy.map { Neutralizer(how: "`\($0)`", location: command.swallowedAt ?? command.location) }
                                      ?? step.background.map { Neutralizer(how: "`background: true` on the step", location: $0.location) },
                                  isScheduled: scheduledOnly.contains(job.name.value),
                                  checksChanges: !scheduledOnly.contains(job.name.value))
                    }
                }
            }
        }
    }
}
