import OpsAuditArtifacts
import OpsAuditModel

/// Finds committed Terraform state files, which hold every resource attribute in clear text.
struct TfstateNotCommittedRule: Rule {
    static let id: RuleID = "DEP-015"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let states = repo.terraformStateFiles
        guard !states.isEmpty else {
            guard let file = repo.terraformFiles.first else { return .notApplicable("no Terraform in the repository") }
            return .passed([Evidence("Terraform is present and no `*.tfstate` file is in the repository", at: Location(path: file.path, line: 1))])
        }
        return .failed(states.map { state in
            Finding(
                "`\(state.path)` \(repo.presence(of: state)): Terraform state holds every managed resource's attributes, database passwords and keys included, in clear text, and a copy in git diverges from the real infrastructure",
                at: Location(path: state.path, line: 1), snippet: "")
        })
    }
}
