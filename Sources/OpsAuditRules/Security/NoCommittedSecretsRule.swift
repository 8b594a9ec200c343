import OpsAuditArtifacts
import OpsAuditModel

/// Finds credentials recognisable by their shape in any text file.
struct NoCommittedSecretsRule: Rule {
    static let id: RuleID = "SEC-001"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let findings = repo.secretMatches.map { file, match in
            let lowConfidence = PathTraits.isDocumentationOrTest(file.path)
            return Finding(
                "\(match.kind.title) `\(match.redacted)` in `\(file.path)`, which \(repo.presence(of: file)): anyone who can read the repository or its history can use it; revoke it and load it from a secret store",
                at: match.location,
                confidence: lowConfidence ? .low : .high,
                fingerprintKey: "\(match.kind.rawValue) \(match.redacted)")
        }
        guard findings.isEmpty else { return .failed(findings) }
        let scanned = repo.analyses.count
        return .passed(Evidence("no private keys, cloud keys or service tokens found in \(scanned) text file\(scanned == 1 ? "" : "s") scanned"))
    }
}
