import OpsAuditArtifacts
import OpsAuditModel

/// Checks that a repository that deploys declares its deployment infrastructure in code.
struct InfrastructureAsCodePresentRule: Rule {
    static let id: RuleID = "DEP-014"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let declared = repo.infrastructureAsCode
        if !declared.isEmpty { return .passed(declared) }
        var signals: [Evidence] = []
        if let procfile = repo.procfiles.first { signals.append(Evidence("Procfile", at: Location(path: procfile.path, line: 1))) }
        // Pushing an image publishes it; it does not say where it runs.
        if let deploy = repo.ciCommands.first(where: { $0.command.purposes.contains(.deploy) && $0.command.effectiveWords.first != "docker" }) {
            signals.append(Evidence("CI deploys with `\(deploy.command.text)`", at: deploy.command.location))
        }
        guard !signals.isEmpty else {
            return .notApplicable(repo.productionDockerfiles.isEmpty ? "nothing shows the repository is deployed"
                : "a Dockerfile alone may be an image published for others to run; nothing shows where it is deployed")
        }
        if let dockerfile = repo.productionDockerfiles.first {
            signals.append(Evidence("production image `\(dockerfile.path)`", at: Location(path: dockerfile.path, line: 1)))
        }
        let first = signals[0]
        return .failed([Finding(
            "the repository deploys (\(first.message)) but declares no infrastructure in code, so the platform's settings live only in a dashboard: they cannot be reviewed, reproduced or rolled back",
            at: nil, related: signals.compactMap { signal in signal.location.map { RelatedLocation("deploys: \(signal.message)", at: $0) } },
            confidence: .medium)])
    }
}
