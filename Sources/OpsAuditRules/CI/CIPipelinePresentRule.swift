import OpsAuditArtifacts
import OpsAuditModel

/// Finds a CI pipeline definition of any supported system.
struct CIPipelinePresentRule: Rule {
    static let id: RuleID = "CI-001"

    static let systems: [(FileKind, String)] = [
        (.githubWorkflow, "GitHub Actions workflow"),
        (.gitlabCI, "GitLab CI pipeline"),
        (.circleCI, "CircleCI config"),
        (.azurePipelines, "Azure Pipelines definition"),
        (.bitbucketPipelines, "Bitbucket Pipelines definition"),
        (.jenkinsfile, "Jenkinsfile"),
    ]

    func evaluate(_ repo: RepoModel) -> Outcome {
        // A GitHub workflow is a pipeline only when it checks changes: one that runs on a
        // schedule or by hand (cron jobs, releases, manual deploys) never sees a change before it lands.
        let workflows = Dictionary(repo.workflows.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let onChanges = repo.changeCheckingWorkflowPaths
        var offChanges: [RelatedLocation] = []
        let evidence = Self.systems.flatMap { kind, label in
            repo.files(kind).compactMap { file -> Evidence? in
                if kind == .githubWorkflow, let workflow = workflows[file.path], !onChanges.contains(file.path) {
                    let events = workflow.triggers.map { "`\($0.event.value)`" }.joined(separator: ", ")
                    offChanges.append(RelatedLocation(
                        events.isEmpty ? "has no trigger" : "runs only on \(events)",
                        at: workflow.triggersLocation ?? Location(path: file.path, line: 1)))
                    return nil
                }
                return Evidence("\(label) `\(file.path)`", at: Location(path: file.path, line: 1))
            }
        }
        guard evidence.isEmpty else { return .passed(evidence) }
        if !offChanges.isEmpty {
            return .failed(Finding(
                "no workflow runs on `push`, `pull_request` or `merge_group`: the workflows run only on a schedule or by hand, so changes reach the main branch unchecked",
                at: nil, related: offChanges))
        }
        return .failed(Finding(
            "no CI pipeline definition (GitHub Actions, GitLab CI, CircleCI, Azure Pipelines, Bitbucket Pipelines or Jenkinsfile): changes reach the main branch unchecked",
            at: nil))
    }
}
