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
            guard let stage = dockerfile.finalStage else { continue }
            if let user = stage.user, !stage.runsAsRoot {
                evidence.append(Evidence("`\(dockerfile.path)` runs its final stage as `\(user.value)`", at: user.location))
            } else if stage.user == nil, stage.baseImageDefaultsToNonRoot {
                evidence.append(Evidence("`\(stage.baseImage.value)` runs as a non-root user by default", at: stage.baseImage.location))
            } else if let user = stage.user {
                findings.append(Finding(
                    "final stage of `\(dockerfile.path)` switches to `USER \(user.value)`, so the container runs as root and an exploit in the app gets root in the container",
                    at: user.location))
            } else {
                findings.append(Finding(
                    "final stage `FROM \(stage.baseImage.value)` sets no `USER`, so the container runs as root and an exploit in the app gets root in the container",
                    at: stage.baseImage.location))
            }
        }
        return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
    }
}
