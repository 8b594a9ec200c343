import OpsAuditModel

/// A check a CI pipeline runs — a shell command or a well-known action — with what it is for,
/// resolved through package.json scripts (`npm run ci` whose script runs `jest` is a test).
public struct CICheck: Sendable {
    /// What runs, for messages: the command text or the `uses:` reference.
    public var text: String
    public var location: Location
    public var path: String
    public var job: String
    /// Deploys into a throwaway cluster the job starts itself (kind, minikube, k3d) are not deploys.
    public var purposes: Set<CommandPurpose>
    /// The package.json script that gave a command its purposes, when it runs one.
    public var script: ManifestScript?
    /// What keeps its failure from failing the pipeline (CI-003 reports it), or nil.
    public var neutralizer: Neutralizer?
    /// The pipeline runs for pushes, pull requests or merge queues.
    public var checksChanges: Bool
    /// The check is an action (`uses:`), not a shell command.
    public var isAction: Bool

    /// Its failure fails the pipeline, so it counts as present.
    public var canFail: Bool { neutralizer == nil }
}

extension RepoModel {
    /// Every command and well-known action of every CI pipeline that has a purpose, in file order.
    public var ciChecks: [CICheck] { derived("ciChecks") { gatherCIChecks() } }

    private func gatherCIChecks() -> [CICheck] {
        let scripts = npmScripts
        let onChanges = changeCheckingWorkflowPaths
        let workflowPaths = Set(workflows.map(\.path))
        let throwaway = jobsWithLocalCluster
        let matrices = Dictionary(workflows.flatMap { workflow in workflow.jobs.map { ("\(workflow.path)#\($0.id.value)", $0.matrixValues) } },
                                  uniquingKeysWith: { first, _ in first })
        let commands = ciCommands.compactMap { command -> CICheck? in
            var (purposes, script) = Self.purposes(of: command.command, scripts: scripts)
            if purposes.isEmpty, let matrix = matrices["\(command.path)#\(command.job)"], !matrix.isEmpty {
                purposes = Self.matrixPurposes(of: command.command, matrix: matrix, scripts: scripts)
            }
            if throwaway.contains("\(command.path)#\(command.job)") { purposes.remove(.deploy) }
            guard !purposes.isEmpty else { return nil }
            return CICheck(
                text: command.command.text, location: command.command.location, path: command.path, job: command.job,
                purposes: purposes, script: script, neutralizer: command.neutralizer,
                checksChanges: workflowPaths.contains(command.path) ? onChanges.contains(command.path) : command.checksChanges,
                isAction: false)
        }
        return commands + ciActionChecks(onChanges: onChanges)
    }

    /// Jobs (`path#job`) that start a throwaway Kubernetes cluster on the runner (kind,
    /// minikube, k3d): their `kubectl apply` and `helm install` test the manifests, they deploy nothing.
    var jobsWithLocalCluster: Set<String> {
        let actions: Set<String> = ["helm/kind-action", "engineerd/setup-kind", "container-tools/kind-action",
                                    "medyagh/setup-minikube", "absaoss/k3d-action", "nolar/setup-k3d-k3s", "debianmaster/actions-k3s"]
        var jobs: Set<String> = []
        for workflow in workflows {
            for job in workflow.jobs {
                let startsCluster = job.steps.contains { step in
                    if let repository = step.uses?.value.repository?.lowercased(), actions.contains(repository) { return true }
                    return step.commands.contains { command in
                        let words = command.effectiveWords
                        return words.starts(with: ["kind", "create"]) || words.starts(with: ["minikube", "start"])
                            || words.starts(with: ["k3d", "cluster", "create"])
                    }
                }
                if startsCluster { jobs.insert("\(workflow.path)#\(job.id.value)") }
            }
        }
        return jobs
    }

    /// GitHub workflows that run on changes: directly (`push`, `pull_request`, `merge_group`), or
    /// as a reusable workflow (`workflow_call`) that such a workflow calls with `uses: ./…`.
    public var changeCheckingWorkflowPaths: Set<String> {
        var paths = Set(workflows.filter(\.checksChanges).map(\.path))
        var frontier = workflows.filter(\.checksChanges)
        let byPath = Dictionary(workflows.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        while let workflow = frontier.popLast() {
            for job in workflow.jobs {
                guard let uses = job.uses?.value, uses.hasPrefix("./") else { continue }
                let path = String(uses.dropFirst(2).prefix { $0 != "@" })
                if let called = byPath[path], paths.insert(path).inserted { frontier.append(called) }
            }
        }
        return paths
    }

    /// The checks that serve `purpose`, neutralised or not.
    public func ciChecks(for purposes: Set<CommandPurpose>) -> [CICheck] {
        ciChecks.filter { !$0.purposes.isDisjoint(with: purposes) }
    }

    /// Well-known actions and reusable workflows that GitHub workflows use.
    func ciActionChecks(onChanges: Set<String>) -> [CICheck] {
        workflows.flatMap { workflow in
            workflow.jobs.flatMap { job -> [CICheck] in
                let jobFlag = job.continueOnError.flatMap { flag in
                    flag.value.lowercased() == "true"
                        ? Neutralizer(how: "`continue-on-error: true` on job `\(job.id.value)`", location: flag.location) : nil
                }
                var uses: [(Located<ActionReference>, Neutralizer?)] = job.uses.map { [($0.map(ActionReference.init), jobFlag)] } ?? []
                for step in job.steps {
                    guard let reference = step.uses else { continue }
                    let stepFlag = step.continueOnError.flatMap { flag in
                        flag.value.lowercased() == "true"
                            ? Neutralizer(how: "`continue-on-error: true` on the step", location: flag.location) : nil
                    }
                    uses.append((reference, stepFlag ?? jobFlag))
                }
                return uses.compactMap { reference, neutralizer in
                    let purposes = reference.value.purposes
                    guard !purposes.isEmpty else { return nil }
                    return CICheck(
                        text: reference.value.raw, location: reference.location, path: workflow.path, job: job.id.value,
                        purposes: purposes, script: nil, neutralizer: neutralizer,
                        checksChanges: onChanges.contains(workflow.path), isAction: true)
                }
            }
        }
    }

    /// `run: ${{ matrix.command }}`: the purposes of every command the matrix puts there.
    static func matrixPurposes(of command: ShellCommand, matrix: [String: [Located<String>]],
                               scripts: [String: ManifestScript]) -> Set<CommandPurpose> {
        var purposes: Set<CommandPurpose> = []
        for path in WorkflowExpressions.contextPaths(in: command.text) where path.hasPrefix("matrix.") {
            let key = String(path.dropFirst("matrix.".count))
            guard let values = matrix.first(where: { $0.key.lowercased() == key })?.value else { continue }
            for value in values.prefix(64) {
                let script = EmbeddedScript(text: value.value, allAt: command.location)
                for expanded in ShellScript.commands(in: script) {
                    purposes.formUnion(Self.purposes(of: expanded, scripts: scripts).0)
                }
            }
        }
        return purposes
    }

    /// npm scripts by name, the manifest nearest the root first (a monorepo's root scripts are
    /// what CI usually runs).
    var npmScripts: [String: ManifestScript] {
        var scripts: [String: ManifestScript] = [:]
        let npm = manifests.filter { $0.ecosystem == .npm }
            .sorted { ($0.path.split(separator: "/").count, $0.path) < ($1.path.split(separator: "/").count, $1.path) }
        for manifest in npm {
            for script in manifest.scripts where scripts[script.name.value] == nil { scripts[script.name.value] = script }
        }
        return scripts
    }

    /// A command's purposes: its own by name or tool, plus those of the package.json script it
    /// runs, followed through scripts that run scripts (bounded depth).
    static func purposes(of command: ShellCommand, scripts: [String: ManifestScript]) -> (Set<CommandPurpose>, ManifestScript?) {
        let named = command.purposes
        guard let name = runScriptName(command.effectiveWords), let script = scripts[name] else { return (named, nil) }
        // npm's placeholder (`echo "Error: no test specified" && exit 1`) runs no test.
        if script.command.value.contains("no test specified") { return (named.subtracting([.test]), script) }
        let resolved = scriptPurposes(script, scripts: scripts, depth: 0)
        return (named.union(resolved), resolved.isEmpty ? nil : script)
    }

    static func scriptPurposes(_ script: ManifestScript, scripts: [String: ManifestScript], depth: Int) -> Set<CommandPurpose> {
        guard depth < 4 else { return [] }
        let commands = ShellScript.commands(in: EmbeddedScript(text: script.command.value, allAt: script.command.location))
        var purposes: Set<CommandPurpose> = []
        for command in commands {
            purposes.formUnion(command.purposes)
            if let name = runScriptName(command.effectiveWords), name != script.name.value, let inner = scripts[name] {
                purposes.formUnion(scriptPurposes(inner, scripts: scripts, depth: depth + 1))
            }
        }
        return purposes
    }

    /// The package.json script a package-manager command runs: `npm run ci` → `ci`, `yarn ci` → `ci`.
    static func runScriptName(_ words: [String]) -> String? {
        guard let first = words.first else { return nil }
        let tool = CommandClassifier.basename(first)
        guard ["npm", "yarn", "pnpm", "bun"].contains(tool) else { return nil }
        return CommandClassifier.scriptName(tool: tool, args: Array(words.dropFirst()))
    }
}

/// Which checks of some purpose a repository's CI runs, split by whether they count.
public struct CICoverage: Sendable {
    /// Checks that can fail a pipeline that runs on changes.
    public var counted: [CICheck]
    /// Checks whose failure is swallowed (CI-003 reports them): they do not count.
    public var neutralised: [CICheck]
    /// Checks that can fail but only run on a schedule or by hand, when the caller requires changes.
    public var offChanges: [CICheck]
    /// Pipeline files whose commands the model does not read (a system not modelled yet).
    public var unreadPipelines: [RepoFile]
}

extension RepoModel {
    /// Every CI pipeline definition of any supported system, in path order.
    public var ciPipelineFiles: [RepoFile] {
        [FileKind.githubWorkflow, .gitlabCI, .circleCI, .azurePipelines, .bitbucketPipelines, .jenkinsfile]
            .flatMap { files($0) }.sorted()
    }

    /// The checks serving `purposes`; with `onChanges`, those of pipelines that only run on a
    /// schedule or by hand are set apart (they never check a change before it lands).
    public func ciCoverage(of purposes: Set<CommandPurpose>, onChanges: Bool) -> CICoverage {
        let checks = ciChecks(for: purposes)
        let commandPaths = Set(ciCommands.map(\.path))
        let workflowPaths = Set(workflows.map(\.path))
        return CICoverage(
            counted: checks.filter { $0.canFail && ($0.checksChanges || !onChanges) },
            neutralised: checks.filter { !$0.canFail },
            offChanges: checks.filter { $0.canFail && onChanges && !$0.checksChanges },
            // A workflow that did not parse is unread too: its checks are unknown, not absent.
            unreadPipelines: ciPipelineFiles.filter {
                $0.kind == .githubWorkflow ? !workflowPaths.contains($0.path) : !commandPaths.contains($0.path)
            })
    }
}
