import OpsAuditArtifacts
import OpsAuditModel

/// Checks that a server handles SIGTERM, itself or through a process manager that does.
struct GracefulShutdownRule: Rule {
    static let id: RuleID = "RES-001"

    /// Servers that drain and exit on SIGTERM themselves: running under one is graceful.
    static let managingServers = ["gunicorn", "uvicorn", "hypercorn", "daphne", "puma", "unicorn", "passenger"]

    func evaluate(_ repo: RepoModel) -> Outcome {
        let routes = repo.applicationRoutes
        guard let first = routes.first else { return .notApplicable("no HTTP server found in application code") }
        let handlers = repo.signalHandlers.filter { $0.value == "SIGTERM" || $0.value == "SIGINT" }
        if !handlers.isEmpty {
            return .passed(handlers.map { Evidence("\($0.value) handler registered", at: $0.location) })
        }
        if let manager = managingServer(repo) { return .passed(manager) }
        return .failed(Finding(
            "the HTTP server has no SIGTERM handler, so every deploy and scale-down drops the requests in flight",
            at: first.route.path.location, confidence: .medium))
    }

    /// A process manager that handles SIGTERM named in the final Dockerfile stage's command or a dependency.
    func managingServer(_ repo: RepoModel) -> Evidence? {
        for dockerfile in repo.productionDockerfiles {
            for instruction in dockerfile.finalStage?.instructions ?? [] where ["CMD", "ENTRYPOINT"].contains(instruction.keyword) {
                let text = instruction.arguments.lowercased()
                if let server = Self.managingServers.first(where: { text.contains($0) }) {
                    return Evidence("served by \(server), which drains requests on SIGTERM", at: instruction.location)
                }
            }
        }
        for name in Self.managingServers {
            if let dependency = repo.hasDependency(named: [name]) {
                return Evidence("served by \(name), which drains requests on SIGTERM", at: dependency.location)
            }
        }
        return nil
    }
}
