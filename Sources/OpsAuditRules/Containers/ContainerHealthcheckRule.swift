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
        // Each probed image parsed once, not once per Dockerfile.
        let probedImages = platformChecks.map { check in check.image.map(ProbedImage.init) }
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
            } else if let index = Self.firstMatch(probedImages, dockerfile, single: dockerfiles.count == 1) {
                let check = platformChecks[index]
                evidence.append(Evidence("`\(dockerfile.path)` builds `\(check.image ?? "")`, probed by the \(check.description)", at: check.location))
            } else {
                findings.append(Finding(
                    "the \(dockerfile.describe(stage)) of `\(dockerfile.path)` has no `HEALTHCHECK` and no platform health check probes its image, so a hung container is never restarted",
                    at: stage.baseImage.location))
            }
        }
        return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
    }

    /// Kubernetes names images, not Dockerfiles: `…/checkoutservice:v1` is taken to be built by
    /// `src/checkoutservice/Dockerfile` (or `checkoutservice.Dockerfile`); a repository's only
    /// Dockerfile, at its root, builds any namespaced image its manifests probe.
    static func firstMatch(_ images: [ProbedImage?], _ dockerfile: Dockerfile, single: Bool) -> Int? {
        var candidates = dockerfile.directory.lowercased().split(separator: "/").suffix(2).map(String.init)
        if candidates.last == "src" { candidates.removeLast() } else if candidates.count == 2 { candidates.removeFirst() }
        let fileName = (dockerfile.path.split(separator: "/").last.map(String.init) ?? "").lowercased()
        for part in fileName.split(separator: ".") where part != "dockerfile" { candidates.append(String(part)) }
        let takesAnyNamespaced = single && dockerfile.directory.isEmpty
        return images.firstIndex { image in
            guard let image, let name = image.name else { return false }
            return candidates.contains(name) || takesAnyNamespaced && image.isNamespaced
        }
    }

    /// The last path component of a probed image's repository, and whether it has a namespace.
    struct ProbedImage {
        let name: String?
        let isNamespaced: Bool

        init(_ image: String) {
            let repository = DockerImageReference(parsing: image).repository
            name = repository.split(separator: "/").last.map(String.init)
            isNamespaced = repository.contains("/")
        }
    }
}
