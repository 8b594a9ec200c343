import OpsAuditArtifacts
import OpsAuditModel

/// Every environment variable the code reads appears in an env example or the configuration
/// docs; variables the platform or runtime sets (`PORT`, `NODE_ENV`, `CI`, `FLY_*`…) are known.
struct EnvExampleCompleteRule: Rule {
    static let id: RuleID = "SEC-005"
    /// More missing variables than this become one summary finding.
    static let cap = 15

    static let platformSet: Set<String> = ["PORT", "NODE_ENV", "CI", "HOME", "PATH", "PWD", "USER", "SHELL", "HOSTNAME", "TZ",
                                           "LANG", "TERM", "TMPDIR", "DYNO", "K_SERVICE", "K_REVISION", "VERCEL", "RENDER",
                                           "KUBERNETES_SERVICE_HOST", "AWS_REGION", "AWS_DEFAULT_REGION", "PYTHONPATH", "JAVA_HOME",
                                           "NEXT_RUNTIME", "GOOGLE_CLOUD_PROJECT", "WEB_CONCURRENCY", "RAILS_ENV", "RACK_ENV"]
    static let platformPrefixes = ["FLY_", "RENDER_", "RAILWAY_", "VERCEL_", "HEROKU_", "GITHUB_", "RUNNER_", "AWS_LAMBDA_", "npm_", "NETLIFY"]

    func evaluate(_ repo: RepoModel) -> Outcome {
        let examples = repo.envFiles.filter(\.isExample)
        let docs = repo.docs(about: .configuration).map(\.doc)
        guard !examples.isEmpty || !docs.isEmpty else { return .notApplicable("no env example or configuration doc to compare with (see SEC-004)") }
        let reads = repo.sourceSignals
            .filter { $0.loadTestTools.isEmpty && !PathTraits.isDocumentationOrTest($0.path) }
            .sorted { $0.path < $1.path }
            .flatMap(\.envReads)
        guard !reads.isEmpty else { return .notApplicable("no code reading environment variables was found") }
        let listed = Set(examples.flatMap { $0.entries.map(\.key.value) })
        var seen = Set<String>()
        var missing: [Located<String>] = []
        for read in reads where seen.insert(read.value).inserted {
            let name = read.value
            guard !listed.contains(name), !Self.platformSet.contains(name), !Self.platformPrefixes.contains(where: name.hasPrefix),
                  !docs.contains(where: { $0.firstLine(containingAnyOf: ["`\(name)`"]) != nil }) else { continue }
            missing.append(read)
        }
        let example = examples.first.map { "`\($0.path)`" } ?? "the env documentation"
        guard !missing.isEmpty else {
            return .passed(Evidence("all \(seen.count) variable\(seen.count == 1 ? "" : "s") the code reads are in \(example) or set by the platform",
                                    at: examples.first.map { Location(path: $0.path, line: 1) }))
        }
        var findings = missing.prefix(Self.cap).map { read in
            Finding("`\(read.value)` is read here but missing from \(example): the next environment is deployed without it and fails at runtime",
                    at: read.location)
        }
        if missing.count > Self.cap {
            let rest = missing.dropFirst(Self.cap).map { "`\($0.value)`" }
            findings.append(Finding("\(rest.count) more variables read by the code are missing from \(example): \(rest.prefix(10).joined(separator: ", "))\(rest.count > 10 ? ", …" : "")",
                                    at: nil))
        }
        return .failed(findings)
    }
}
