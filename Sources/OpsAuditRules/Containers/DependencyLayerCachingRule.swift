import OpsAuditArtifacts
import OpsAuditModel

/// Finds stages that copy the whole build context before installing dependencies, so any
/// source change invalidates the install layer.
struct DependencyLayerCachingRule: Rule {
    static let id: RuleID = "CTR-011"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let dockerfiles = repo.productionDockerfiles
        guard !dockerfiles.isEmpty else {
            return .notApplicable(repo.dockerfiles.isEmpty ? "no Dockerfile" : "only development Dockerfiles")
        }
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        for dockerfile in dockerfiles {
            for stage in dockerfile.stages {
                var wholeCopy: DockerInstruction?
                for instruction in stage.instructions where !instruction.onbuild {
                    if wholeCopy == nil, instruction.wholeContextSource != nil { wholeCopy = instruction }
                    // A bind mount of the context feeds the install without a COPY layer.
                    guard instruction.keyword == "RUN", !instruction.flags.contains(where: { $0.name == "mount" && $0.value.contains("type=bind") }),
                          let install = instruction.commands.first(where: { $0.dependencyInstall != nil }),
                          let ecosystem = install.dependencyInstall else { continue }
                    if let wholeCopy {
                        findings.append(Finding(
                            "`\(wholeCopy.keyword) \(wholeCopy.arguments)` comes before `\(install.text)`, so any source change re-downloads every \(ecosystem) dependency instead of reusing the cached layer",
                            at: wholeCopy.location, related: [RelatedLocation("dependency install", at: install.location)]))
                    } else {
                        evidence.append(Evidence("`\(install.text)` runs before the sources are copied, so its layer is cached", at: install.location))
                    }
                    break
                }
            }
        }
        guard !findings.isEmpty || !evidence.isEmpty else {
            return .notApplicable("no dependency install (npm ci, pip install -r, bundle install…) in a production Dockerfile")
        }
        return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
    }
}
