import OpsAuditArtifacts
import OpsAuditModel

/// Finds secrets written as literals where a CI or deploy config offers a secret reference:
/// workflow `env:`/`with:`, render `envVars`, compose `environment`, Kubernetes `env`, fly `[env]`.
struct NoHardcodedSecretsInConfigRule: Rule {
    static let id: RuleID = "SEC-007"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let literals = repo.configEnvLiterals
        guard !repo.workflows.isEmpty || !repo.renderBlueprints.isEmpty || !repo.composeFiles.isEmpty
                || !repo.kubernetesWorkloads.isEmpty || !repo.flyConfigs.isEmpty else {
            return .notApplicable("no workflow, render, compose, Kubernetes or fly configuration")
        }
        // A YAML anchor shared by several services yields the same key twice: report it once.
        var seen = Set<Location>()
        let secrets = literals.filter { $0.isHardcodedSecret && seen.insert($0.key.location).inserted }
        let findings = secrets.map { literal in
            let nonProduction = Classifier.environmentHint(of: literal.key.location.path) == .nonProduction
                || PathTraits.isDocumentationOrTest(literal.key.location.path)
            return Finding(
                "`\(literal.key.value)` is set to a literal secret in \(literal.place) of `\(literal.key.location.path)`: it is readable by everyone with repository access; use \(literal.secretForm) instead",
                at: literal.key.location, confidence: nonProduction ? .medium : .high)
        }
        guard findings.isEmpty else { return .failed(findings) }
        let secretNamed = literals.filter { SecretScanner.isSecretName($0.key.value) }.count
        return .passed(Evidence("\(literals.count) literal env value\(literals.count == 1 ? "" : "s") in configs, none a secret (\(secretNamed) secret-named key\(secretNamed == 1 ? "" : "s") use references or placeholders)"))
    }
}
