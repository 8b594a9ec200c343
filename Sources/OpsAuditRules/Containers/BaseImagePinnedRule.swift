import OpsAuditArtifacts
import OpsAuditModel

/// Checks that every external base image is named with an explicit tag other than `latest`;
/// stage aliases and `scratch` have nothing to pin. Graded by the share of pinned `FROM`s.
struct BaseImagePinnedRule: Rule {
    static let id: RuleID = "CTR-003"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let dockerfiles = repo.productionDockerfiles
        guard !dockerfiles.isEmpty else {
            return .notApplicable(repo.dockerfiles.isEmpty ? "no Dockerfile" : "only development Dockerfiles")
        }
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        var pinned = 0
        for dockerfile in dockerfiles {
            for stage in dockerfile.stages {
                guard case let .image(reference, arguments) = dockerfile.base(of: stage) else { continue }
                let written = stage.baseImage.value
                let resolved = Self.describe(reference)
                let via = written == resolved ? "`\(written)`" : "`\(written)` (`\(resolved)`)"
                if reference.isPinned {
                    pinned += 1
                    let how = reference.hasDigest ? "pinned by digest" : "pinned to tag `\(reference.tag ?? "")`"
                    evidence.append(Evidence("\(via) is \(how)", at: stage.baseImage.location))
                    continue
                }
                let problem = reference.tag == nil ? "has no tag, which means `latest`" : "uses the `latest` tag"
                // When an `ARG` default supplies the image, that default is what to fix.
                let argument = arguments.last { $0.value.map { $0.contains(reference.repository) } ?? false }
                let location = argument?.name.location ?? stage.baseImage.location
                let related = argument == nil ? [] : [RelatedLocation("used by this `FROM`", at: stage.baseImage.location)]
                findings.append(Finding(
                    "base image \(via) \(problem), so every rebuild can pull a different image and break or change production without a code change",
                    at: location, related: related))
            }
        }
        let total = pinned + findings.count
        guard total > 0 else { return .notApplicable("no `FROM` names an external image (only `scratch`, stages or build arguments)") }
        guard findings.isEmpty else { return .failed(findings, credit: Double(pinned) / Double(total), evidence: evidence) }
        return .passed(evidence)
    }

    static func describe(_ reference: DockerImageReference) -> String {
        reference.repository + (reference.tag.map { ":\($0)" } ?? "") + (reference.digest.map { "@\($0)" } ?? "")
    }
}
