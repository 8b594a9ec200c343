import OpsAuditArtifacts
import OpsAuditModel

/// Finds a secret scanner (gitleaks, trufflehog, detect-secrets, ggshield, or their actions) in CI.
struct SecretScanningInCIRule: Rule {
    static let id: RuleID = "CI-006"

    func evaluate(_ repo: RepoModel) -> Outcome {
        guard !repo.ciPipelineFiles.isEmpty else { return .notApplicable("no CI pipeline (CI-001 reports it)") }
        return repo.ciCoverage(of: [.secretScan], onChanges: false).outcome(
            what: "a secret scanner",
            consequence: "a committed API key or password is found by whoever reads the history first")
    }
}
