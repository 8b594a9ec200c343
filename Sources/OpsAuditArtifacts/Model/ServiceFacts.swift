import OpsAuditModel

extension RepoFile {
    /// Tests, specs, fixtures and examples: code that does not run in production.
    public var isTestOrExample: Bool { PathTraits.isTestOrExample(path) }
}

extension RepoModel {
    /// HTTP routes declared by application code (tests, examples and load-test scripts excluded).
    public var applicationRoutes: [(route: Route, path: String)] {
        derived("applicationRoutes") {
            sourceSignals.flatMap { signals -> [(route: Route, path: String)] in
                guard !signals.routes.isEmpty, signals.loadTestTools.isEmpty, file(at: signals.path)?.isTestOrExample != true else { return [] }
                return signals.routes.map { (route: $0, path: signals.path) }
            }
        }
    }

    /// Application routes that look like health, readiness or liveness endpoints (`looksLikeHealthCheck`).
    public var applicationHealthRoutes: [(route: Route, path: String)] {
        derived("applicationHealthRoutes") { applicationRoutes.filter(\.route.looksLikeHealthCheck) }
    }

    /// Where the repository keeps a load test: scripts importing a load-testing API, tool files
    /// by name (`locustfile.py`, JMeter `.jmx`, Gatling simulations, Artillery configs), and CI
    /// commands running one.
    public var loadTests: [Evidence] {
        var result: [Evidence] = []
        for signals in sourceSignals {
            for tool in signals.loadTestTools {
                result.append(Evidence("`\(signals.path)` is a \(tool.value) load test", at: tool.location))
            }
        }
        for file in files {
            let name = file.name.lowercased()
            let tool: String? =
                name == "locustfile.py" ? "Locust" :
                name.hasSuffix(".jmx") ? "JMeter" :
                name.hasSuffix("simulation.scala") || name.hasSuffix("simulation.java") || name.hasSuffix("simulation.kt") ? "Gatling" :
                (name.hasPrefix("artillery") && (name.hasSuffix(".yml") || name.hasSuffix(".yaml"))) ? "Artillery" : nil
            if let tool, !result.contains(where: { $0.location?.path == file.path }) {
                result.append(Evidence("`\(file.path)` is a \(tool) load test", at: Location(path: file.path, line: 1)))
            }
        }
        let runners: [String: String] = ["k6": "k6", "artillery": "Artillery", "locust": "Locust", "jmeter": "JMeter",
                                         "gatling": "Gatling", "vegeta": "Vegeta", "autocannon": "autocannon", "wrk": "wrk", "hey": "hey"]
        for ci in ciCommands {
            let words = ci.command.effectiveWords
            guard let first = words.first, let tool = runners[first] else { continue }
            guard first != "hey" && first != "wrk" || words.count > 1 else { continue }
            result.append(Evidence("CI job `\(ci.job)` runs a \(tool) load test: `\(ci.command.text)`", at: ci.command.location))
        }
        return result
    }
}
