import OpsAuditArtifacts
import OpsAuditModel

/// Finds platforms that run an app keeping an embedded database (SQLite) on an ephemeral disk.
struct PersistentStorageForStatefulRule: Rule {
    static let id: RuleID = "DEP-010"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let databases = repo.embeddedDatabaseEvidence
        guard let database = databases.first else { return .notApplicable("no embedded database (SQLite) in use") }
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        let related = database.location.map { [RelatedLocation(database.message, at: $0)] } ?? []
        func judge(_ volume: Evidence?, missing: String, at location: Location) {
            if let volume { evidence.append(volume) } else {
                findings.append(Finding("\(missing), while the app keeps data in an embedded database (\(database.message)): the file is lost on every deploy or restart",
                                        at: location, related: related, confidence: .medium))
            }
        }
        for fly in repo.flyConfigs where Classifier.environmentHint(of: fly.path) != .nonProduction {
            judge(fly.mounts.first.map { Evidence("`\(fly.path)` mounts a volume at `\($0.destination?.value ?? "?")`", at: $0.location) },
                  missing: "`\(fly.path)` mounts no volume (`[mounts]`)", at: fly.app?.location ?? Location(path: fly.path, line: 1))
        }
        for blueprint in repo.renderBlueprints {
            let apps = blueprint.services.filter { ["web", "worker", "pserv"].contains($0.type?.value ?? "") }
            guard let first = apps.first else { continue }
            let disk = apps.first { $0.disk != nil }
            judge(disk.map { Evidence("Render service `\($0.name.value)` has a persistent disk", at: $0.disk!.location) },
                  missing: "no Render service in `\(blueprint.path)` has a `disk`", at: first.name.location)
        }
        let workloads = repo.longRunningKubernetesWorkloads
        if let first = workloads.first {
            let claimed = workloads.first { !$0.volumeClaimTemplates.isEmpty || !($0.workload?.persistentVolumeClaims.isEmpty ?? true) }
            judge(claimed.map { Evidence("\($0.displayName) mounts a PersistentVolumeClaim", at: $0.location) },
                  missing: "no Kubernetes workload mounts a PersistentVolumeClaim", at: first.kind.location)
        }
        for file in repo.productionComposeFiles {
            let named = file.services.first { $0.volumes.contains { $0.kind == .named || $0.kind == .bind } }
            judge(named.map { Evidence("compose service `\($0.name.value)` mounts a volume", at: $0.volumes[0].text.location) },
                  missing: "no service in `\(file.path)` mounts a volume", at: file.services.first?.name.location ?? Location(path: file.path, line: 1))
        }
        guard !findings.isEmpty || !evidence.isEmpty else {
            return .notApplicable("no platform config in the repository says where the app runs")
        }
        return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
    }
}
