import OpsAuditArtifacts
import OpsAuditModel

/// Finds a dependency or image vulnerability audit in CI (a command, a scanning action such as
/// dependency-review), or Dependabot, whose security updates report vulnerable dependencies.
struct DependencyAuditInCIRule: Rule {
    static let id: RuleID = "CI-005"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let bots = repo.dependencyUpdateConfigs.compactMap { config -> Evidence? in
            switch config.tool {
            case .dependabot:
                return Evidence("Dependabot is configured in `\(config.path)`: its security updates open pull requests for vulnerable dependencies", at: Location(path: config.path, line: 1))
            case .renovate:
                return config.vulnerabilityAlerts.map { Evidence("Renovate vulnerability alerts are configured in `\(config.path)`", at: $0) }
            }
        }
        guard !repo.ciPipelineFiles.isEmpty || !bots.isEmpty else { return .notApplicable("no CI pipeline (CI-001 reports it)") }
        // A scheduled audit is a fine way to hear about new advisories: no change trigger needed.
        return repo.ciCoverage(of: [.audit], onChanges: false).outcome(
            what: "a dependency audit",
            consequence: "a dependency with a published vulnerability ships without anyone being told",
            otherEvidence: bots)
    }
}
