import Foundation
import OpsAuditModel

/// Builds `Workflow` and `ActionManifest` artifacts from their YAML.
public enum WorkflowParser {
    /// Parses a workflow file. A file whose first document is not a mapping yields a diagnostic.
    public static func parseWorkflow(_ file: TextFile) -> ParseResult {
        let (documents, diagnostics) = YAMLLoader.load(file)
        guard let root = documents.first else { return ParseResult(diagnostics: diagnostics) }
        guard root.isMapping else {
            return ParseResult(diagnostics: diagnostics + [Diagnostic(
                .parse, "workflow is not a YAML mapping", at: root.location)])
        }
        let on = root.pairs.last { $0.key.string == "on" }
        var workflow = Workflow(
            path: file.path,
            name: root["name"]?.located,
            triggersLocation: on?.key.location,
            triggers: on.map { triggers($0.value) } ?? [],
            permissions: root["permissions"].map(permissions),
            envKeys: root["env"]?.pairs.compactMap(\.key.located) ?? [],
            concurrency: root.keyLocation("concurrency"),
            defaultShell: root["defaults"]?["run"]?["shell"]?.located,
            jobs: root["jobs"]?.pairs.map { job($0, file: file) } ?? [])
        splitCommands(&workflow)
        return ParseResult(workflow, diagnostics: diagnostics)
    }

    /// Parses an `action.yml`.
    public static func parseAction(_ file: TextFile) -> ParseResult {
        let (documents, diagnostics) = YAMLLoader.load(file)
        guard let root = documents.first else { return ParseResult(diagnostics: diagnostics) }
        guard root.isMapping else {
            return ParseResult(diagnostics: diagnostics + [Diagnostic(
                .parse, "action metadata is not a YAML mapping", at: root.location)])
        }
        let runs = root["runs"]
        let manifest = ActionManifest(
            path: file.path,
            name: root["name"]?.located,
            using: runs?["using"]?.located,
            image: runs?["image"]?.located,
            steps: steps(runs?["steps"], file: file),
            inputs: root["inputs"]?.pairs.compactMap(\.key.located) ?? [])
        return ParseResult(manifest, diagnostics: diagnostics)
    }

    static func triggers(_ node: YAMLNode) -> [WorkflowTrigger] {
        switch node.value {
        case .scalar:
            return node.located.map { [WorkflowTrigger(event: $0)] } ?? []
        case let .sequence(items):
            return items.compactMap(\.located).map { WorkflowTrigger(event: $0) }
        case let .mapping(pairs):
            return pairs.compactMap { pair in
                guard let event = pair.key.located else { return nil }
                let config = pair.value
                return WorkflowTrigger(
                    event: event,
                    crons: config.items.compactMap { $0["cron"]?.located },
                    branches: config["branches"]?.stringList ?? [],
                    types: config["types"]?.stringList ?? [],
                    workflows: config["workflows"]?.stringList ?? [])
            }
        }
    }

    static func permissions(_ node: YAMLNode) -> Permissions {
        switch node.value {
        case let .scalar(text, _):
            let kind: Permissions.Kind = switch text {
            case "read-all": .readAll
            case "write-all": .writeAll
            default: .other(text)
            }
            return Permissions(location: node.location, kind: kind)
        case .sequence:
            return Permissions(location: node.location, kind: .other(node.flatText))
        case let .mapping(pairs):
            if pairs.isEmpty { return Permissions(location: node.location, kind: .none) }
            var scopes: [String: Located<String>] = [:]
            for pair in pairs {
                if let scope = pair.key.string { scopes[scope] = pair.value.locatedText }
            }
            return Permissions(location: node.location, kind: .scopes(scopes))
        }
    }

    static func job(_ pair: YAMLPair, file: TextFile) -> WorkflowJob {
        let node = pair.value
        let id = pair.key.locatedText
        let environment = node["environment"].flatMap { env in env.isMapping ? env["name"]?.located : env.located }
        let strategy = node["strategy"]
        return WorkflowJob(
            id: id,
            name: node["name"]?.located,
            location: pair.key.location,
            needs: node["needs"]?.stringList ?? [],
            condition: node["if"]?.located,
            environment: environment,
            timeoutMinutes: node["timeout-minutes"]?.located,
            continueOnError: node["continue-on-error"]?.located,
            permissions: node["permissions"].map(permissions),
            runsOn: node["runs-on"]?.locatedText,
            uses: node["uses"]?.located,
            hasMatrix: strategy?["matrix"] != nil,
            envKeys: node["env"]?.pairs.compactMap(\.key.located) ?? [],
            defaultShell: node["defaults"]?["run"]?["shell"]?.located,
            container: node["container"].flatMap { $0.isMapping ? $0["image"]?.located : $0.located },
            services: node["services"]?.pairs.compactMap(\.key.located) ?? [],
            steps: steps(node["steps"], file: file),
            concurrency: node.keyLocation("concurrency"),
            matrixValues: matrixValues(strategy?["matrix"]))
    }

    static func matrixValues(_ matrix: YAMLNode?) -> [String: [Located<String>]] {
        var values: [String: [Located<String>]] = [:]
        for pair in matrix?.pairs ?? [] {
            guard let key = pair.key.string, key != "exclude" else { continue }
            if key == "include" {
                for entry in pair.value.items {
                    for field in entry.pairs {
                        if let name = field.key.string, let value = field.value.located { values[name, default: []].append(value) }
                    }
                }
            } else {
                values[key, default: []] += pair.value.items.compactMap(\.located)
            }
        }
        return values
    }

    static func steps(_ node: YAMLNode?, file: TextFile) -> [WorkflowStep] {
        guard let node else { return [] }
        return node.items.enumerated().compactMap { index, step in
            guard step.isMapping else { return nil }
            return WorkflowStep(
                index: index,
                location: step.location,
                name: step["name"]?.located,
                id: step["id"]?.located,
                run: step["run"]?.embeddedScript(in: file),
                uses: step["uses"]?.located.map { $0.map(ActionReference.init) },
                with: entries(step["with"]),
                env: entries(step["env"]),
                shell: step["shell"]?.located,
                continueOnError: step["continue-on-error"]?.located,
                condition: step["if"]?.located,
                workingDirectory: step["working-directory"]?.located)
        }
    }

    /// Splits every `run:` into shell commands once, with the options of the shell that runs it.
    static func splitCommands(_ workflow: inout Workflow) {
        for j in workflow.jobs.indices {
            for s in workflow.jobs[j].steps.indices {
                let step = workflow.jobs[j].steps[s]
                guard let run = step.run else { continue }
                let shell = workflow.jobs[j].shell(of: step, in: workflow)?.value
                workflow.jobs[j].steps[s].commands = ShellScript.commands(in: run, options: shellOptions(shell))
            }
        }
    }

    /// How GitHub runs a `run:` script for a `shell:` value: no `shell:` means `bash -e {0}`
    /// (no pipefail), an explicit `bash` adds `-o pipefail`, `sh` uses `-e`; a custom template
    /// (`bash {0}`) runs without either.
    /// https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idstepsshell
    static func shellOptions(_ shell: String?) -> ShellOptions {
        switch shell?.trimmingCharacters(in: .whitespaces) {
        case nil, "": .githubDefault
        case "bash": .githubBash
        case "sh": .githubSh
        default: .posixSh
        }
    }

    static func entries(_ node: YAMLNode?) -> [WorkflowEntry] {
        node?.pairs.compactMap { pair in
            pair.key.located.map { WorkflowEntry(key: $0, value: pair.value.locatedText) }
        } ?? []
    }
}
