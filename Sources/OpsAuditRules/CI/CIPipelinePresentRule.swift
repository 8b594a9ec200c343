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
        let evidence = Self.systems.flatMap { kind, label in
            repo.files(kind).map { Evidence("\(label) `\($0.path)`", at: Location(path: $0.path, line: 1)) }
        }
        guard evidence.isEmpty else { return .passed(evidence) }
        return .failed(Finding(
            "no CI pipeline definition (GitHub Actions, GitLab CI, CircleCI, Azure Pipelines, Bitbucket Pipelines or Jenkinsfile): changes reach the main branch unchecked",
            at: nil))
    }
}
