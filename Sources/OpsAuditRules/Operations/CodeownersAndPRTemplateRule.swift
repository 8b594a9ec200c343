import OpsAuditArtifacts
import OpsAuditModel

/// Checks for CODEOWNERS and a pull/merge request template.
struct CodeownersAndPRTemplateRule: Rule {
    static let id: RuleID = "OPS-008"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let owners = repo.files(.codeowners).first
        let template = repo.files(.pullRequestTemplate).first
        var evidence: [Evidence] = []
        if let owners { evidence.append(Evidence("code owners in `\(owners.path)`", at: Location(path: owners.path, line: 1))) }
        if let template { evidence.append(Evidence("pull request template `\(template.path)`", at: Location(path: template.path, line: 1))) }
        switch (owners, template) {
        case (.some, .some):
            return .passed(evidence)
        case (nil, nil):
            return .failed(Finding("no CODEOWNERS and no pull request template: reviews of deploy and infrastructure changes depend on who happens to look", at: nil))
        case (.some, nil):
            return .failed([Finding("no pull request template: changes do not state how they were tested or how to roll them back", at: nil)],
                           credit: 0.5, evidence: evidence)
        case (nil, .some):
            return .failed([Finding("no CODEOWNERS: changes to deploy and infrastructure files are not routed to their owners for review", at: nil)],
                           credit: 0.5, evidence: evidence)
        }
    }
}
