import OpsAuditArtifacts
import OpsAuditModel

/// Reports whether production services are declared in more than one region.
struct MultiRegionRule: Rule {
    static let id: RuleID = "DEP-006"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let regions = repo.declaredRegions
        guard let first = regions.first else { return .notApplicable("no region declared in a platform config") }
        let distinct = Set(regions.map { $0.value.lowercased() })
        guard distinct.count == 1 else {
            return .passed(regions.map { Evidence("region `\($0.value)`", at: $0.location) })
        }
        return .failed([Finding(
            "every service is declared in region `\(first.value)`, so a regional outage of the provider takes the whole product down",
            at: first.location, related: regions.dropFirst().map { RelatedLocation("also `\($0.value)`", at: $0.location) },
            confidence: .low)])
    }
}
