import OpsAuditArtifacts
import OpsAuditModel

/// Checks that every Terraform root module keeps its state in a remote backend with locking.
struct TerraformRemoteBackendRule: Rule {
    static let id: RuleID = "DEP-016"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let roots = repo.terraformRootModules
        guard !roots.isEmpty else {
            return .notApplicable(repo.terraformFiles.isEmpty ? "no Terraform in the repository" : "no Terraform root module (only reusable modules)")
        }
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        for root in roots {
            let label = root.directory.isEmpty ? "the root module" : "root module `\(root.directory)/`"
            guard let backend = root.backend else {
                findings.append(Finding(
                    "\(label) declares no `backend`, so its state lives on whoever ran `terraform apply` last: it is lost with that laptop and two people applying at once corrupt it",
                    at: root.anchor))
                continue
            }
            let type = backend.labels.first?.value ?? backend.type.value
            switch TerraformBackendLocking.of(backend) {
            case .local:
                findings.append(Finding("\(label) uses the `local` backend, so its state is never shared nor locked", at: backend.location))
            case .unlocked(let hint):
                findings.append(Finding(
                    "\(label) stores state in `\(type)` without locking (\(hint)), so two concurrent applies can corrupt it",
                    at: backend.location))
            case .locked:
                evidence.append(Evidence("\(label) keeps its state in the `\(type)` backend", at: backend.location))
            }
        }
        return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
    }
}
