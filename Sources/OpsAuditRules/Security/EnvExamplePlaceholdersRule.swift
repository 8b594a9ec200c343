import OpsAuditArtifacts
import OpsAuditModel

/// Env examples are committed and copied around: they must hold placeholders, not values that
/// look like real credentials.
struct EnvExamplePlaceholdersRule: Rule {
    static let id: RuleID = "SEC-006"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let examples = repo.envFiles.filter(\.isExample)
        guard !examples.isEmpty else { return .notApplicable("no env example files") }
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        for example in examples {
            let real = example.entries.filter(Self.looksReal)
            for entry in real {
                findings.append(Finding(
                    "`\(entry.key.value)` in the example `\(example.path)` holds a real-looking credential: everyone who copies the example gets it, and if it is live it must be rotated",
                    at: entry.key.location))
            }
            if real.isEmpty {
                evidence.append(Evidence("`\(example.path)` holds \(example.entries.count) variable\(example.entries.count == 1 ? "" : "s") with placeholders or empty values",
                                         at: Location(path: example.path, line: 1)))
            }
        }
        return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
    }

    /// A credential shape or a high-entropy literal under a secret-named key; database URLs to a
    /// local development server (`localhost`, `127.0.0.1`) are the usual example, not a secret.
    static func looksReal(_ entry: EnvEntry) -> Bool {
        let value = entry.value
        guard !value.isEmpty else { return false }
        let line = "\(entry.key.value)=\(value)"
        guard SecretScanner.redact(line) != line else { return false }
        let local = ["localhost", "127.0.0.1", "0.0.0.0", "@db:", "@postgres:", "@mysql:", "@redis:", "@mongo:"]
        return !(value.contains("://") && local.contains(where: value.contains))
    }
}
