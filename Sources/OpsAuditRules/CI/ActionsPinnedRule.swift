import OpsAuditArtifacts
import OpsAuditModel

/// Finds third-party actions and reusable workflows referenced by a movable tag or branch
/// instead of a full commit SHA. GitHub's own `actions/*` and `github/*` on a version tag pass.
struct ActionsPinnedRule: Rule {
    static let id: RuleID = "CI-007"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let references = repo.workflows.flatMap { workflow in
            workflow.jobs.flatMap { job in
                (job.uses.map { [$0.map(ActionReference.init)] } ?? []) + job.steps.compactMap(\.uses)
            }
        } + repo.actionManifests.flatMap { $0.steps.compactMap(\.uses) }
        // Local actions live in this repository: they change only with it.
        let external = references.filter { $0.value.kind != .local }
        guard !external.isEmpty else { return .notApplicable("no action or reusable workflow from another repository") }
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        for reference in external {
            let action = reference.value
            if action.isPinnedToSHA || action.isDockerDigest {
                evidence.append(Evidence("`\(action.raw)` is pinned to an immutable \(action.kind == .docker ? "digest" : "commit")", at: reference.location))
            } else if action.isGitHubOwned, action.isVersionTag, let tag = action.ref {
                evidence.append(Evidence("`\(action.raw)` is GitHub's own action on version tag `\(tag)`", at: reference.location))
            } else {
                findings.append(Finding(Self.message(action), at: reference.location))
            }
        }
        guard !findings.isEmpty else { return .passed(evidence) }
        return .failed(findings, credit: Double(evidence.count) / Double(external.count), evidence: evidence)
    }

    static func message(_ action: ActionReference) -> String {
        if action.kind == .docker {
            return "`\(action.raw)` is not pinned to a digest, so a re-pushed image tag changes what this workflow runs"
        }
        guard let ref = action.ref, !ref.isEmpty else {
            return "`\(action.raw)` names no version, so whatever its default branch holds runs with this workflow's token and secrets"
        }
        let kind = action.isVersionTag ? "tag" : "branch or tag"
        return "`\(action.raw)` is not pinned to a commit SHA, so whoever can move the \(kind) `\(ref)` changes the code that runs with this workflow's token and secrets"
    }
}
