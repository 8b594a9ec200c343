import OpsAuditArtifacts
import OpsAuditModel

/// Finds a Dependabot or Renovate configuration that proposes updates for every ecosystem the
/// repository declares dependencies in (package manifests, and third-party GitHub actions).
struct DependencyUpdatesAutomatedRule: Rule {
    static let id: RuleID = "CI-017"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let ecosystems = repo.updateEcosystems
        guard !ecosystems.isEmpty else { return .notApplicable("no package manifest and no third-party action") }
        let configs = repo.dependencyUpdateConfigs
        guard let first = configs.first else {
            return .failed(Finding(
                "no Dependabot or Renovate configuration, so dependencies (\(ecosystems.map { "`\($0.ecosystem.name)`" }.joined(separator: ", "))) are updated only when someone remembers, and security fixes wait with them",
                at: nil, related: ecosystems.map { RelatedLocation("`\($0.ecosystem.name)` dependencies declared here", at: Location(path: $0.file.path, line: 1)) }))
        }
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        for (ecosystem, file) in ecosystems {
            let declared = RelatedLocation("`\(ecosystem.name)` dependencies declared here", at: Location(path: file.path, line: 1))
            if let covered = configs.lazy.compactMap({ $0.coverage(of: ecosystem) }).first {
                evidence.append(Evidence("`\(ecosystem.name)` updates are proposed by \(Self.bot(configs, covered))", at: covered))
            } else if let securityOnly = configs.lazy.flatMap({ $0.updates(for: ecosystem) }).compactMap(\.openPullRequestsLimit).first {
                findings.append(Finding(
                    "`open-pull-requests-limit: 0` turns off version updates for `\(ecosystem.name)`, so its dependencies fall behind until a vulnerability forces a big jump",
                    at: securityOnly.location, related: [declared]))
            } else {
                findings.append(Finding(
                    "`\(first.path)` does not cover `\(ecosystem.name)`, so the dependencies of `\(file.path)` are never updated automatically",
                    at: first.listLocation, related: [declared]))
            }
        }
        guard !findings.isEmpty else { return .passed(evidence) }
        return .failed(findings, credit: Double(evidence.count) / Double(ecosystems.count), evidence: evidence)
    }

    static func bot(_ configs: [DependencyUpdateConfig], _ location: Location) -> String {
        let config = configs.first { $0.path == location.path }
        return config?.tool == .renovate ? "Renovate" : "Dependabot"
    }
}
