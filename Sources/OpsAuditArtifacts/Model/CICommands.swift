import OpsAuditModel

/// How a CI command's failure is kept from failing the pipeline, and where that is written.
public struct Neutralizer: Hashable, Sendable {
    /// `|| true`, `set +e`, `--if-present`, `continue-on-error: true` (step), `continue-on-error: true` (job)…
    public var how: String
    public var location: Location
}

/// The CI system a pipeline file belongs to.
public enum CISystem: String, Hashable, Sendable, CaseIterable {
    case githubActions = "github-actions", gitlab = "gitlab-ci", circleci, azure = "azure-pipelines"
    case bitbucket = "bitbucket-pipelines", jenkins

    /// The system's name for messages.
    public var displayName: String {
        switch self {
        case .githubActions: "GitHub Actions"
        case .gitlab: "GitLab CI"
        case .circleci: "CircleCI"
        case .azure: "Azure Pipelines"
        case .bitbucket: "Bitbucket Pipelines"
        case .jenkins: "Jenkins"
        }
    }
}

/// A command a CI pipeline runs, with the context rules need: the pipeline file, job, step,
/// and whatever neutralises its failure at the command, step or job level.
public struct CICommand: Sendable {
    public var system: CISystem
    public var command: ShellCommand
    public var path: String
    public var job: String
    public var step: String
    public var neutralizer: Neutralizer?
    /// The workflow runs on a schedule.
    public var isScheduled: Bool
    /// The workflow runs for pushes, pull requests or merge queues (it checks changes).
    public var checksChanges: Bool
    /// The job runs only when someone starts it (GitLab `when: manual`, Bitbucket
    /// `trigger: manual`): it is not a gate for what lands.
    public var isManual: Bool = false

    /// Purposes that make a command a quality gate (its failure should stop the pipeline).
    public static let gatePurposes: Set<CommandPurpose> = [.test, .lint, .formatCheck, .typeCheck, .audit, .secretScan]

    public var isQualityGate: Bool { !command.purposes.isDisjoint(with: Self.gatePurposes) }
    /// True when the command can fail its pipeline.
    public var canFail: Bool { neutralizer == nil }
}

extension Workflow {
    /// Events on which a workflow checks changes before or as they land.
    static let changeEvents: Set<String> = ["push", "pull_request", "pull_request_target", "merge_group"]

    public var checksChanges: Bool { triggers.contains { Self.changeEvents.contains($0.event.value) } }
}

extension RepoModel {
    /// Every command of every CI pipeline, in file order.
    public var ciCommands: [CICommand] {
        derived("ciCommands") {
            githubCommands + gitlabCommands + circleCICommands + azureCommands + bitbucketCommands + jenkinsCommands
        }
    }

    var githubCommands: [CICommand] {
        workflows.flatMap { workflow in
            workflow.jobs.flatMap { job in
                job.steps.flatMap { step in
                    step.commands.map { command in
                        CICommand(
                            system: .githubActions, command: command, path: workflow.path, job: job.id.value, step: step.label,
                            neutralizer: Self.neutralizer(command: command, step: step, job: job),
                            isScheduled: !workflow.schedules.isEmpty, checksChanges: workflow.checksChanges)
                    }
                }
            }
        }
    }

    /// The innermost neutralizer wins: the command's own, then the step's, then the job's.
    static func neutralizer(command: ShellCommand, step: WorkflowStep, job: WorkflowJob) -> Neutralizer? {
        if let how = command.swallowedBy {
            return Neutralizer(how: "`\(how)`", location: command.swallowedAt ?? command.location)
        }
        if let flag = step.continueOnError, flag.value.lowercased() == "true" {
            return Neutralizer(how: "`continue-on-error: true` on the step", location: flag.location)
        }
        if let flag = job.continueOnError, flag.value.lowercased() == "true" {
            return Neutralizer(how: "`continue-on-error: true` on job `\(job.id.value)`", location: flag.location)
        }
        return nil
    }
}

extension RepoModel {
    /// Commands of runnable GitLab jobs (hidden templates only count through `extends`).
    var gitlabCommands: [CICommand] {
        let pipelines = gitlabPipelines
        let scheduleOnlyIncludes = Set(pipelines.filter(\.runsOnlyOnSchedule).flatMap { $0.includedLocalPaths.map(\.value) })
        return pipelines.flatMap { pipeline in
            let pipelineScheduled = pipeline.runsOnlyOnSchedule || scheduleOnlyIncludes.contains(pipeline.path)
            return pipeline.runnableJobs.flatMap { job -> [CICommand] in
                let scheduled = pipelineScheduled || job.runsOnlyOnSchedule
                func command(_ command: ShellCommand, step: String, neutralizer: Neutralizer?) -> CICommand {
                    CICommand(system: .gitlab, command: command, path: pipeline.path, job: job.name.value, step: step,
                              neutralizer: neutralizer, isScheduled: scheduled, checksChanges: !scheduled,
                              isManual: job.isManual)
                }
                var result: [CICommand] = []
                for section in [("before_script", job.beforeScript), ("script", job.script)] {
                    for shell in section.1?.commands ?? [] {
                        result.append(command(shell, step: section.0, neutralizer: Self.neutralizer(command: shell, job: job)))
                    }
                }
                for shell in job.afterScript?.commands ?? [] {
                    let own = shell.swallowedBy.map { Neutralizer(how: "`\($0)`", location: shell.swallowedAt ?? shell.location) }
                    result.append(command(shell, step: "after_script", neutralizer: own ?? Neutralizer(
                        how: "`after_script` (its failures never fail the job)", location: shell.location)))
                }
                return result
            }
        }
    }

    /// The command's own neutralizer, then a rule's `allow_failure`, then the job's.
    static func neutralizer(command: ShellCommand, job: GitLabJob) -> Neutralizer? {
        if let how = command.swallowedBy {
            return Neutralizer(how: "`\(how)`", location: command.swallowedAt ?? command.location)
        }
        if let rule = job.rules.first(where: { $0.allowFailure?.value.lowercased() == "true" && $0.when?.value != "never" }),
           let flag = rule.allowFailure {
            return Neutralizer(how: "`allow_failure: true` in a rule of job `\(job.name.value)`", location: flag.location)
        }
        if let allow = job.allowFailure, allow.isAllowed {
            if allow.exitCodes.isEmpty {
                return Neutralizer(how: "`allow_failure: true` on job `\(job.name.value)`", location: allow.location)
            }
            let codes = allow.exitCodes.map(String.init).joined(separator: ", ")
            return Neutralizer(how: "`allow_failure: exit_codes` on job `\(job.name.value)` (exit codes \(codes) pass)",
                               location: allow.location)
        }
        return nil
    }
}
