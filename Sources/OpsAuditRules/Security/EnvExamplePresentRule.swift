import OpsAuditArtifacts
import OpsAuditModel

/// Requires an env example (`.env.example`, `.env.sample`…) for each app that reads environment
/// variables, so a new developer or a new environment knows what to set.
struct EnvExamplePresentRule: Rule {
    static let id: RuleID = "SEC-004"

    func evaluate(_ repo: RepoModel) -> Outcome {
        // Load-test scripts (k6 `__ENV`) and tests read variables of the runner, not of an app.
        let reads = repo.sourceSignals.filter {
            !$0.envReads.isEmpty && $0.loadTestTools.isEmpty && !PathTraits.isDocumentationOrTest($0.path)
        }
        guard !reads.isEmpty else { return .notApplicable("no code reading environment variables was found") }
        let examples = repo.envFiles.filter(\.isExample)
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        let apps = Dictionary(grouping: reads, by: { Self.appDirectory(of: $0.path) })
        for (app, signals) in apps.sorted(by: { $0.key < $1.key }) {
            let first = signals[0].envReads[0]  // `sourceSignals` and each group are in path order
            if let example = examples.first(where: { Self.directory(of: $0.path).isAncestor(of: app) }) {
                evidence.append(Evidence("`\(example.path)` documents the variables of \(app.isEmpty ? "the repository" : "`\(app)`")",
                                         at: Location(path: example.path, line: 1)))
            } else {
                let count = Set(signals.flatMap { $0.envReads.map(\.value) }).count
                findings.append(Finding(
                    "\(app.isEmpty ? "the code" : "`\(app)`") reads \(count) environment variable\(count == 1 ? "" : "s") (first `\(first.value)` here) but no `.env.example` lists them: every new environment is set up by trial and error",
                    at: first.location))
            }
        }
        return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
    }

    /// `apps/web`, `services/api`, `packages/x` for monorepo layouts; the root otherwise.
    static func appDirectory(of path: String) -> String {
        let parts = path.split(separator: "/")
        guard parts.count > 2, ["apps", "services", "packages"].contains(parts[0]) else { return "" }
        return parts[0...1].joined(separator: "/")
    }

    static func directory(of path: String) -> String {
        path.split(separator: "/").dropLast().joined(separator: "/")
    }
}

extension String {
    /// True when `self` is `other` or one of its parent directories (`""` is the root).
    fileprivate func isAncestor(of other: String) -> Bool {
        isEmpty || other == self || other.hasPrefix(self + "/")
    }
}
