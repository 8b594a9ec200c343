import OpsAuditArtifacts
import OpsAuditModel

/// Checks that the final stage of each production Dockerfile runs as an unprivileged user.
struct NonRootUserRule: Rule {
    static let id: RuleID = "CTR-001"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let dockerfiles = repo.productionDockerfiles
        guard !dockerfiles.isEmpty else {
            return .notApplicable(repo.dockerfiles.isEmpty ? "no Dockerfile" : "only development Dockerfiles")
        }
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        for dockerfile in dockerfiles {
            guard let stage = dockerfile.shippedStage else { continue }
            let described = dockerfile.describe(stage)
            if let user = stage.user, !stage.runsAsRoot {
                evidence.append(Evidence("`\(dockerfile.path)` runs its \(described) as `\(user.value)`", at: user.location))
            } else if stage.user == nil, dockerfile.defaultsToNonRoot(stage) {
                evidence.append(Evidence("the \(described) of `\(dockerfile.path)` starts from an image that runs as a non-root user by default",
                                         at: stage.baseImage.location))
            } else if let user = stage.user {
                findings.append(Finding(
                    "\(described) of `\(dockerfile.path)` switches to `USER \(user.value)`, so the container runs as root and an exploit in the app gets root in the container",
                    at: user.location))
            } else {
                findings.append(Finding(
                    "\(described) of `\(dockerfile.path)` sets no `USER`, so the container runs as root and an exploit in the app gets root in the container",
                    at: stage.baseImage.location))
            }
        }
        return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
    }
}
