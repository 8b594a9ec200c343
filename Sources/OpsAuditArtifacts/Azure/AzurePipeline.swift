import OpsAuditModel

/// An Azure Pipelines definition (`azure-pipelines.yml`, templates under `.azure-pipelines/`).
public struct AzurePipeline: Artifact {
    public var path: String
    /// `trigger:` as written (flattened); `none` turns CI triggers off.
    public var trigger: Located<String>?
    /// `pr:` as written (flattened).
    public var pr: Located<String>?
    /// `schedules: - cron:` values.
    public var schedules: [Located<String>]
    /// Every job, from `stages[].jobs`, top-level `jobs`, or top-level `steps` (one implicit job).
    public var jobs: [AzureJob]
    /// Every `template:` reference, wherever written (stages, jobs, steps, `extends`).
    public var templates: [Located<String>]

    /// Pushes or pull requests start the pipeline (Azure's default when `trigger:` is absent).
    public var checksChanges: Bool {
        let off = { (value: Located<String>?) in value?.value.lowercased() == "none" }
        return !(off(trigger) && (pr == nil || off(pr)))
    }
}

/// One job (or deployment job) of an Azure pipeline.
public struct AzureJob: Sendable {
    /// `job:`/`deployment:` name; the stage's or `(steps)` when implicit.
    public var name: Located<String>
    public var stage: Located<String>?
    public var condition: Located<String>?
    public var continueOnError: Located<String>?
    public var environment: Located<String>?
    public var timeoutInMinutes: Located<String>?
    public var steps: [AzureStep]
}

/// One step: a script (`script`, `bash`, `pwsh`, `powershell`), a `task`, a `template`, or
/// `checkout`/`download`/`publish`.
public struct AzureStep: Sendable {
    public var location: Location
    /// `script`, `bash`, `pwsh`, `powershell`, `task`, `template`, `checkout`…
    public var kind: Located<String>
    public var displayName: Located<String>?
    public var script: EmbeddedScript?
    public var commands: [ShellCommand]
    /// `task:` as written: `Npm@1`.
    public var task: Located<String>?
    public var continueOnError: Located<String>?
    public var condition: Located<String>?
}

/// Builds `AzurePipeline` artifacts.
///
/// `${{ }}` template expressions used as keys (`- ${{ if ... }}:`) are skipped with their
/// content; parameters and variables are not expanded; templates are listed, not read.
public enum AzurePipelineParser {
    static let scriptKinds: Set<String> = ["script", "bash", "pwsh", "powershell"]

    public static func parse(_ file: TextFile) -> ParseResult {
        let (documents, diagnostics) = YAMLLoader.load(file)
        guard let root = documents.first, !root.isNull else { return ParseResult(diagnostics: diagnostics) }
        guard root.isMapping else {
            return ParseResult(diagnostics: diagnostics + [Diagnostic(.parse, "Azure pipeline is not a YAML mapping", at: root.location)])
        }
        var jobs: [AzureJob] = []
        for stage in root["stages"]?.items ?? [] {
            let stageName = stage["stage"]?.located
            jobs += (stage["jobs"]?.items ?? []).compactMap { job($0, stage: stageName, file: file) }
        }
        jobs += (root["jobs"]?.items ?? []).compactMap { job($0, stage: nil, file: file) }
        if let steps = root["steps"] {
            jobs.append(AzureJob(name: Located("(steps)", at: root.keyLocation("steps") ?? steps.location), stage: nil,
                                 steps: self.steps(steps, file: file)))
        }
        var templates: [Located<String>] = []
        collectTemplates(root, depth: 0, into: &templates)
        let pipeline = AzurePipeline(
            path: file.path, trigger: root["trigger"]?.locatedText, pr: root["pr"]?.locatedText,
            schedules: root["schedules"]?.items.compactMap { $0["cron"]?.located } ?? [],
            jobs: jobs, templates: templates)
        return ParseResult(pipeline, diagnostics: diagnostics)
    }

    static func job(_ node: YAMLNode, stage: Located<String>?, file: TextFile) -> AzureJob? {
        guard node.isMapping, let name = node["job"]?.located ?? node["deployment"]?.located else { return nil }
        var steps = self.steps(node["steps"], file: file)
        // Deployment jobs keep steps under `strategy: runOnce|rolling|canary: <hook>: steps:`.
        for strategy in node["strategy"]?.pairs ?? [] {
            for hook in strategy.value.pairs {
                steps += self.steps(hook.value["steps"], file: file)
                for outcome in hook.value.pairs where outcome.key.string == "failure" || outcome.key.string == "success" {
                    steps += self.steps(outcome.value["steps"], file: file)
                }
            }
        }
        let environment = node["environment"].flatMap { $0.isMapping ? $0["name"]?.located : $0.located }
        return AzureJob(name: name, stage: stage, condition: node["condition"]?.located,
                        continueOnError: node["continueOnError"]?.located, environment: environment,
                        timeoutInMinutes: node["timeoutInMinutes"]?.located, steps: steps)
    }

    static func steps(_ node: YAMLNode?, file: TextFile) -> [AzureStep] {
        node?.items.compactMap { step -> AzureStep? in
            guard step.isMapping, let first = step.pairs.first, let kind = first.key.located else { return nil }
            var script: EmbeddedScript?
            if scriptKinds.contains(kind.value) { script = first.value.embeddedScript(in: file) }
            // The Bash/CmdLine tasks carry the script in `inputs:`.
            if kind.value == "task", let inputs = step["inputs"], inputs["targetType"]?.string?.lowercased() != "filepath" {
                script = (inputs["script"] ?? inputs["inlineScript"])?.embeddedScript(in: file)
            }
            // Azure runs scripts with `bash --noprofile --norc`: no errexit, the last command's
            // status is the step's. PowerShell text is split the same way, which is approximate.
            return AzureStep(
                location: step.location, kind: kind, displayName: step["displayName"]?.located, script: script,
                commands: script.map { ShellScript.commands(in: $0, options: .posixSh) } ?? [],
                task: step["task"]?.located, continueOnError: step["continueOnError"]?.located,
                condition: step["condition"]?.located)
        } ?? []
    }

    static func collectTemplates(_ node: YAMLNode, depth: Int, into templates: inout [Located<String>]) {
        guard depth < 12 else { return }
        for pair in node.pairs {
            if pair.key.string == "template", let value = pair.value.located { templates.append(value) }
            collectTemplates(pair.value, depth: depth + 1, into: &templates)
        }
        for item in node.items { collectTemplates(item, depth: depth + 1, into: &templates) }
    }
}

extension RepoModel {
    /// Every parsed Azure Pipelines file.
    public var azurePipelines: [AzurePipeline] { artifacts(AzurePipeline.self) }

    var azureCommands: [CICommand] {
        azurePipelines.flatMap { pipeline in
            pipeline.jobs.flatMap { job in
                job.steps.flatMap { step in
                    step.commands.map { command in
                        CICommand(system: .azure, command: command, path: pipeline.path, job: job.name.value,
                                  step: step.displayName?.value ?? step.task?.value ?? step.kind.value,
                                  neutralizer: Self.neutralizer(command: command, step: step, job: job),
                                  isScheduled: !pipeline.schedules.isEmpty, checksChanges: pipeline.checksChanges)
                    }
                }
            }
        }
    }

    static func neutralizer(command: ShellCommand, step: AzureStep, job: AzureJob) -> Neutralizer? {
        if let how = command.swallowedBy {
            return Neutralizer(how: "`\(how)`", location: command.swallowedAt ?? command.location)
        }
        if let flag = step.continueOnError, flag.value.lowercased() == "true" {
            return Neutralizer(how: "`continueOnError: true` on the step", location: flag.location)
        }
        if let flag = job.continueOnError, flag.value.lowercased() == "true" {
            return Neutralizer(how: "`continueOnError: true` on job `\(job.name.value)`", location: flag.location)
        }
        return nil
    }
}
