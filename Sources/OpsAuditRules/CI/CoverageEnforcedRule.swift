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
        // Thresholds often live in JavaScript or INI configs the scan does not read: unknown, not absent.
        let configNames = ["jest.config.", "vitest.config.", "vite.config.", ".nycrc", ".c8rc", ".coveragerc", "setup.cfg", "tox.ini"]
        if let unread = repo.files.first(where: { file in
            let name = String(file.name).lowercased()
            return configNames.contains { name.hasPrefix($0) } && repo.text(of: file.path) == nil
        }) {
            return .notApplicable("coverage thresholds may be set in `\(unread.path)`, which is not read")
        }
        return .failed([Finding(
            "tests run in CI (`\(first.text)`) but no coverage threshold is enforced, so coverage can fall without anyone noticing",
            at: nil, related: [RelatedLocation("tests run here", at: first.location)], confidence: .medium)])
    }
}
