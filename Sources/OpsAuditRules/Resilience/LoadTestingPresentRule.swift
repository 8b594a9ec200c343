import OpsAuditArtifacts
import OpsAuditModel

/// Looks for a load test kept with the code.
struct LoadTestingPresentRule: Rule {
    static let id: RuleID = "RES-006"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let evidence = repo.loadTests
        guard evidence.isEmpty else { return .passed(evidence) }
        guard !repo.applicationRoutes.isEmpty || repo.declaresNetworkService else {
            return .notApplicable("no HTTP service found to load test")
        }
        return .failed(Finding(
            "no load test (k6, Artillery, Locust, Gatling, JMeter) in the repository, so the service's capacity limits are unknown until traffic finds them",
            at: nil))
    }
}
