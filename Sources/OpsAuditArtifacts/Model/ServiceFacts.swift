import OpsAuditModel

extension RepoFile {
    /// Tests, specs, fixtures and examples: code that does not run in production.
    public var isTestOrExample: Bool {
        let lower = path.lowercased()
        let markers: Set<Substring> = ["test", "tests", "spec", "specs", "__tests__", "__mocks__", "fixtures", "testdata",
                                       "e2e", "examples", "example", "mocks", "cypress", "playwright"]
        if lower.split(separator: "/").dropLast().contains(where: markers.contains) { return true }
        let name = lower.split(separator: "/").last ?? ""
        return name.contains(".test.") || name.contains(".spec.") || name.hasSuffix("_test.go") || name.hasPrefix("test_")
            || name.hasSuffix("_test.py") || name.hasSuffix("_spec.rb")
    }
}

extension RepoModel {
    /// HTTP routes declared by application code (tests, examples and load-test scripts excluded).
    public var applicationRoutes: [(route: Route, path: String)] {
        // Judge only the files that declare routes, once each.
        let byPath = Dictionary(files.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        let applicationFiles = Set(sourceSignals.filter { signals in
            !signals.routes.isEmpty && signals.loadTestTools.isEmpty && byPath[signals.path]?.isTestOrExample != true
        }.map(\.path))
        return routes.filter { applicationFiles.contains($0.path) }
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
