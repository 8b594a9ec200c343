import OpsAuditArtifacts
import OpsAuditModel

/// Checks that fly machines get at least 512 MB.
struct MemorySizingRule: Rule {
    static let id: RuleID = "DEP-003"

    static let minimumMB = 512

    func evaluate(_ repo: RepoModel) -> Outcome {
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        var sized = 0
        for fly in repo.flyConfigs where Classifier.environmentHint(of: fly.path) != .nonProduction {
            for vm in fly.vms {
                guard let memory = vm.memoryMB else { continue }
                sized += 1
                let source = vm.memoryFromPreset ? "size `\(vm.size?.value ?? "")` (\(memory.value) MB)" : "\(memory.value) MB"
                if memory.value < Self.minimumMB {
                    findings.append(Finding(
                        "`\(fly.path)` gives machines \(source) of memory: most runtimes get OOM-killed there under load, dropping in-flight requests",
                        at: memory.location))
                } else {
                    evidence.append(Evidence("`\(fly.path)` machines have \(source)", at: memory.location))
                }
            }
        }
        guard sized > 0 else {
            if repo.flyConfigs.isEmpty {
                return .notApplicable(repo.files(.flyToml).isEmpty ? "no fly.toml" : "fly.toml could not be parsed (see the diagnostics)")
            }
            return .notApplicable("fly.toml sets no [[vm]] memory; the size is managed outside the repository")
        }
        return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
    }
}
