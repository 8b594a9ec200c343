import OpsAuditArtifacts
import OpsAuditModel

/// Finds repositories whose CI runs tests but never fails on low coverage.
struct CoverageEnforcedRule: Rule {
    static let id: RuleID = "CI-019"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let tests = repo.ciCoverage(of: [.test], onChanges: false).counted
        guard let first = tests.first else { return .notApplicable("no test runs in CI (CI-002 reports it)") }
        let gates = repo.coverageGates
        guard gates.isEmpty else { return .passed(gates) }
        return .failed([Finding(
            "tests run in CI (`\(first.text)`) but no coverage threshold is enforced, so coverage can fall without anyone noticing",
            at: nil, related: [RelatedLocation("tests run here", at: first.location)], confidence: .medium)])
    }
}
