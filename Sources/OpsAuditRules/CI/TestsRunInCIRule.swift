import OpsAuditArtifacts
import OpsAuditModel

/// Finds a CI job that runs the project's tests on every change, directly or through a
/// package.json script.
struct TestsRunInCIRule: Rule {
    static let id: RuleID = "CI-002"

    func evaluate(_ repo: RepoModel) -> Outcome {
        guard !repo.ciPipelineFiles.isEmpty else { return .notApplicable("no CI pipeline (CI-001 reports it)") }
        return repo.ciCoverage(of: [.test], onChanges: true).outcome(
            what: "the tests", consequence: "a change that breaks the code is merged without anyone running the suite")
    }
}
