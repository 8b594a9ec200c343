import OpsAuditArtifacts
import OpsAuditModel

/// Finds a CI job that lints, checks formatting or type-checks every change.
struct LintInCIRule: Rule {
    static let id: RuleID = "CI-004"

    func evaluate(_ repo: RepoModel) -> Outcome {
        guard !repo.ciPipelineFiles.isEmpty else { return .notApplicable("no CI pipeline (CI-001 reports it)") }
        return repo.ciCoverage(of: [.lint, .formatCheck, .typeCheck], onChanges: true).outcome(
            what: "a linter, format check or type check",
            consequence: "mistakes a tool finds in seconds reach review and production")
    }
}
