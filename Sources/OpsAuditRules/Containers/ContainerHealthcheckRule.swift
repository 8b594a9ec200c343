import OpsAuditArtifacts
import OpsAuditModel

/// Checks that each production image is health-checked: by `HEALTHCHECK` in its final stage or
/// by the platform that runs it.
struct ContainerHealthcheckRule: Rule {
    static let id: RuleID = "CTR-002"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let dockerfiles = repo.productionDockerfiles
        guard !dockerfiles.isEmpty else {
            return .notApplicable(repo.dockerfiles.isEmpty ? "no Dockerfile" : "only development Dockerfiles")
        }
        let platformChecks = repo.platformHealthChecks
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        for dockerfile in dockerfiles {
            guard let stage = dockerfile.shippedStage else { continue }
            if let healthcheck = stage.healthcheck, stage.healthcheckDisabled {
                findings.append(Finding(
                    "`HEALTHCHECK NONE` in `\(dockerfile.path)` switches off the image's health check, so a hung container keeps receiving traffic",
                    at: healthcheck.location))
            } else if let healthcheck = stage.healthcheck {
                let inherited = healthcheck.stageIndex.flatMap { $0 == stage.index ? nil : dockerfile.stages[$0] }
                let from = inherited.map { " inherited from \(dockerfile.describe($0))" } ?? ""
                evidence.append(Evidence("`HEALTHCHECK \(healthcheck.arguments)`\(from)", at: healthcheck.location))
            } else if let check = platformChecks.first(where: { $0.dockerfile == dockerfile.path }) {
                evidence.append(Evidence("`\(dockerfile.path)` is probed by the \(check.description)", at: check.location))
            } else {
                findings.append(Finding(
                    "the \(dockerfile.describe(stage)) of `\(dockerfile.path)` has no `HEALTHCHECK` and no platform health check probes its image, so a hung container is never restarted",
                    at: stage.baseImage.location))
            }
        }
        return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
    }
}
