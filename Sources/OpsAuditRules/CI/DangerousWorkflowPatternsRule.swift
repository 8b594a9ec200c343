import OpsAuditArtifacts
import OpsAuditModel

/// Finds the two workflow patterns that hand a repository to anyone who opens a pull request:
/// privileged triggers that check out the PR's code, and attacker-controlled text pasted into
/// shell scripts (or `github-script`) through `${{ … }}`.
struct DangerousWorkflowPatternsRule: Rule {
    static let id: RuleID = "CI-015"

    /// Refs that name the pull request's own (untrusted) code.
    static let headRefs = ["github.event.pull_request.head.sha", "github.event.pull_request.head.ref", "github.head_ref",
                           "github.event.workflow_run.head_sha", "github.event.workflow_run.head_branch",
                           "github.event.pull_request.merge_commit_sha", "refs/pull/"]

    /// Repositories that are the pull request's fork.
    static let forkRepositories = ["github.event.pull_request.head.repo.full_name", "github.event.workflow_run.head_repository.full_name"]

    func evaluate(_ repo: RepoModel) -> Outcome {
        let workflows = repo.workflows
        guard !workflows.isEmpty || !repo.actionManifests.isEmpty else { return .notApplicable("no GitHub Actions workflow") }
        var findings: [Finding] = []
        for workflow in workflows {
            let privileged = workflow.triggers.first { ["pull_request_target", "workflow_run"].contains($0.event.value) }
            for job in workflow.jobs {
                if let privileged { findings += Self.headCheckouts(job.steps, trigger: privileged.event) }
                findings += job.steps.flatMap(Self.injections)
            }
        }
        findings += repo.actionManifests.flatMap { $0.steps.flatMap(Self.injections) }
        guard findings.isEmpty else { return .failed(findings) }
        return .passed(workflows.map { Evidence("`\($0.path)` interpolates no attacker-controlled value into scripts and does not run pull-request code with privileges", at: $0.triggersLocation) })
    }

    /// `actions/checkout` with a head `ref:`, or `git checkout`/`gh pr checkout` of the head, under a privileged trigger.
    static func headCheckouts(_ steps: [WorkflowStep], trigger: Located<String>) -> [Finding] {
        let related = [RelatedLocation("`\(trigger.value)` runs with the base repository's secrets and a write token", at: trigger.location)]
        return steps.flatMap { step -> [Finding] in
            if let uses = step.uses?.value, uses.repository?.lowercased() == "actions/checkout" {
                // `ref:` naming the head, or `repository:` naming the fork (its default branch is the PR's code too).
                let input = step.input("ref").flatMap { ref in headRefs.contains(where: { ref.value.contains($0) }) ? ("ref", ref) : nil }
                    ?? step.input("repository").flatMap { repository in
                        forkRepositories.contains(where: { repository.value.contains($0) }) ? ("repository", repository) : nil
                    }
                if let (key, value) = input {
                    return [Finding("`\(trigger.value)` checks out the pull request's code (`\(key): \(value.value)`), so a fork's build scripts run with this repository's secrets and write token", at: value.location, related: related)]
                }
            }
            return step.commands.compactMap { command in
                let words = command.effectiveWords
                let isCheckout = (words.first == "git" && words.dropFirst().first.map { ["checkout", "fetch", "switch", "pull"].contains($0) } == true
                    && words.contains { word in word.hasPrefix("pull/") || headRefs.contains { word.contains($0) } })
                    || words.starts(with: ["gh", "pr", "checkout"])
                guard isCheckout else { return nil }
                return Finding("`\(command.text)` fetches the pull request's code under `\(trigger.value)`, so a fork's scripts run with this repository's secrets and write token", at: command.location, related: related)
            }
        }
    }

    /// `${{ github.event.issue.title }}` and the like inside `run:` or a `github-script` script.
    static func injections(_ step: WorkflowStep) -> [Finding] {
        var found: [Located<String>] = step.run?.attackerControlledExpressions ?? []
        if step.uses?.value.repository?.lowercased() == "actions/github-script", let script = step.input("script") {
            found += WorkflowExpressions.attackerControlled(in: script.value).map { Located($0, at: script.location) }
        }
        var seen: Set<Located<String>> = []
        return found.filter { seen.insert($0).inserted }.map { value in
            Finding("`${{ \(value.value) }}` is pasted into a script before it runs, so text anyone can write (a title, comment, branch name or commit message) runs as code with this job's token and secrets", at: value.location)
        }
    }
}
