import OpsAuditArtifacts
import OpsAuditModel

/// Checks that a server handles SIGTERM, itself or through a process manager that does, and
/// that the image's start command lets the signal arrive.
struct GracefulShutdownRule: Rule {
    static let id: RuleID = "RES-001"

    /// Servers that drain and exit on SIGTERM themselves: running under one is graceful.
    static let managingServers = ["gunicorn", "uvicorn", "hypercorn", "daphne", "puma", "unicorn", "passenger"]

    func evaluate(_ repo: RepoModel) -> Outcome {
        let routes = repo.applicationRoutes
        guard let first = routes.first else { return .notApplicable("no HTTP server found in application code") }
        let handlers = repo.signalHandlers.filter { $0.value == "SIGTERM" || $0.value == "SIGINT" }
        var evidence = handlers.map { Evidence("\($0.value) handler registered", at: $0.location) }
        if evidence.isEmpty, let manager = managingServer(repo) { evidence.append(manager) }
        guard !evidence.isEmpty else {
            return .failed(Finding(
                "the HTTP server has no SIGTERM handler, so every deploy and scale-down drops the requests in flight",
                at: first.route.path.location, confidence: .medium))
        }
        // A handler is useless when the image's start command keeps the signal from the app (CTR-007).
        let blocked = blockingStartCommands(repo)
        guard blocked.isEmpty else {
            return .failed(blocked.map { instruction, why in
                Finding("the app handles SIGTERM, but `\(instruction.keyword) \(instruction.arguments)` \(why) (CTR-007), so the handler never runs",
                        at: instruction.location, related: evidence.compactMap { e in e.location.map { RelatedLocation("handler", at: $0) } })
            }, evidence: evidence)
        }
        return .passed(evidence)
    }

    /// Start commands of the shipped stage of production Dockerfiles that keep SIGTERM from the app.
    func blockingStartCommands(_ repo: RepoModel) -> [(DockerInstruction, String)] {
        var result: [(DockerInstruction, String)] = []
        for dockerfile in repo.productionDockerfiles {
            guard let stage = dockerfile.shippedStage else { continue }
            let (entrypoint, cmd) = dockerfile.startCommand(of: stage)
            guard let main = entrypoint ?? cmd else { continue }
            if case let .shell(text) = main.form {
                if !SignalForwarding.startsWithExec(text) { result.append((main, "is in shell form, so `/bin/sh -c` is PID 1")) }
                continue
            }
            var argv = main.execArguments ?? []
            if entrypoint != nil, let words = cmd?.execArguments { argv += words }
            if let problem = SignalForwarding.problem(argv) { result.append((main, problem)) }
        }
        return result
    }

    /// A process manager that handles SIGTERM named in the shipped stage's start command or a dependency.
    func managingServer(_ repo: RepoModel) -> Evidence? {
        for dockerfile in repo.productionDockerfiles {
            guard let stage = dockerfile.shippedStage else { continue }
            let (entrypoint, cmd) = dockerfile.startCommand(of: stage)
            for instruction in [entrypoint, cmd].compactMap({ $0 }) {
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
