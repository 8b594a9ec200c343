import OpsAuditModel

/// How a CI command's failure is kept from failing the pipeline, and where that is written.
public struct Neutralizer: Hashable, Sendable {
    /// `|| true`, `set +e`, `--if-present`, `continue-on-error: true` (step), `continue-on-error: true` (job)…
    public var how: String
    public var location: Location
}

/// A command a CI pipeline runs, with the context rules need: the pipeline file, job, step,
/// and whatever neutralises its failure at the command, step or job level.
public struct CICommand: Sendable {
    public var command: ShellCommand
    public var path: String
    public var job: String
    public var step: String
    public var neutralizer: Neutralizer?
    /// The workflow runs on a schedule.
    public var isScheduled: Bool
    /// The workflow runs for pushes, pull requests or merge queues (it checks changes).
    public var checksChanges: Bool

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
        workflows.flatMap { workflow in
            workflow.jobs.flatMap { job in
                job.steps.flatMap { step in
                    step.commands.map { command in
                        CICommand(
                            command: command, path: workflow.path, job: job.id.value, step: step.label,
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
