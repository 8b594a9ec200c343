import OpsAuditArtifacts
import OpsAuditModel

/// Checks that a repository that deploys declares its deployment infrastructure in code.
struct InfrastructureAsCodePresentRule: Rule {
    static let id: RuleID = "DEP-014"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let declared = repo.infrastructureAsCode
        if !declared.isEmpty { return .passed(declared) }
        var signals: [Evidence] = []
        if let dockerfile = repo.productionDockerfiles.first {
            signals.append(Evidence("production image `\(dockerfile.path)`", at: Location(path: dockerfile.path, line: 1)))
        }
        if let procfile = repo.procfiles.first { signals.append(Evidence("Procfile", at: Location(path: procfile.path, line: 1))) }
        if let deploy = repo.ciCommands.first(where: { $0.command.purposes.contains(.deploy) }) {
            signals.append(Evidence("CI deploys with `\(deploy.command.text)`", at: deploy.command.location))
        }
        guard let first = signals.first else { return .notApplicable("nothing shows the repository is deployed") }
        return .failed([Finding(
            "the repository deploys (\(first.message)) but declares no infrastructure in code, so the platform's settings live only in a dashboard: they cannot be reviewed, reproduced or rolled back",
            at: nil, related: signals.compactMap { signal in signal.location.map { RelatedLocation("deploys: \(signal.message)", at: $0) } },
            confidence: .medium)])
    }
}
