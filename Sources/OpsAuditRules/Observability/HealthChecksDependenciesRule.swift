import OpsAuditArtifacts
import OpsAuditModel

/// Checks that a health handler of a service using a database or cache actually reaches it.
struct HealthChecksDependenciesRule: Rule {
    static let id: RuleID = "OBS-005"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let code = repo.applicationSourceSignals
        let handlers = code.flatMap(\.healthHandlers)
        guard !handlers.isEmpty else {
            return .notApplicable("no health handler the scanner could read (none declared, or handlers are functions defined elsewhere)")
        }
        guard let dependency = code.flatMap(\.databaseClients).first else {
            return .notApplicable("the application uses no database or cache client the scanner recognises")
        }
        let probing = handlers.filter(\.touchesDependency)
        guard probing.isEmpty else {
            return .passed(probing.map { Evidence("health handler `\($0.route.value)` queries or pings a dependency", at: $0.route.location) })
        }
        return .failed(handlers.map { handler in
            Finding(
                "health handler `\(handler.route.value)` returns without touching the \(dependency.value.rawValue) database it depends on, so it reports healthy while the database is down",
                at: handler.route.location,
                related: [RelatedLocation("\(dependency.value.rawValue) client", at: dependency.location)],
                confidence: .medium)
        })
    }
}
