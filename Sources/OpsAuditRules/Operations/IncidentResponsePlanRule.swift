import OpsAuditArtifacts
import OpsAuditModel

/// Looks for an incident response plan and checks it covers severities, escalation and
/// communication.
struct IncidentResponsePlanRule: Rule {
    static let id: RuleID = "OPS-002"

    static let aspects: [(String, [String])] = [
        ("severity levels", ["severity", "sev1", "sev 1", "sev-1", "p1", "priority levels"]),
        ("escalation", ["escalat", "page the", "paging", "on-call", "on call"]),
        ("communication", ["communicat", "status page", "statuspage", "notify customers", "stakeholders"]),
    ]

    func evaluate(_ repo: RepoModel) -> Outcome {
        let plans = repo.docs(about: .incidentResponse)
        guard !plans.isEmpty else {
            return .failed(Finding(
                "no incident response plan: during an outage severity, escalation and who informs customers are improvised",
                at: nil))
        }
        var best: (doc: MarkdownDoc, location: Location, covered: [(String, Location)])?
        for (doc, location) in plans {
            let covered = Self.aspects.compactMap { name, terms in doc.firstLine(containingAnyOf: terms).map { (name, $0) } }
            if best == nil || covered.count > best!.covered.count { best = (doc, location, covered) }
        }
        guard let best else { return .notApplicable("no incident document could be read") }
        let evidence = best.covered.map { Evidence("`\(best.doc.path)` covers \($0.0)", at: $0.1) }
        guard best.covered.count < Self.aspects.count else { return .passed(evidence) }
        let missing = Self.aspects.map(\.0).filter { name in !best.covered.contains { $0.0 == name } }
        return .failed([Finding(
            "`\(best.doc.path)` does not define \(missing.joined(separator: " or ")), so responders still improvise them",
            at: best.location)], credit: Double(best.covered.count) / Double(Self.aspects.count) * 0.8 + 0.2, evidence: evidence)
    }
}
