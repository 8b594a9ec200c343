/// Says what a well-known GitHub action or reusable workflow is for (audit, secret scan, lint…),
/// the way `CommandClassifier` does for shell commands. A plain table keyed by `owner/repo`
/// (lowercased, as GitHub compares them): add an action by adding a line.
public enum ActionClassifier {
    /// Purposes of the action a `uses:` names; empty for local, Docker and unknown actions.
    public static func purposes(of reference: ActionReference) -> Set<CommandPurpose> {
        guard let repository = reference.repository?.lowercased() else { return [] }
        if let purposes = byRepository[repository] { return purposes }
        // Monorepos of actions: `snyk/actions/node`, `reviewdog/action-eslint`.
        if let owner = reference.owner?.lowercased(), let purposes = byOwner[owner] { return purposes }
        if repository.hasPrefix("reviewdog/action-") { return [.lint] }
        return []
    }

    static let byOwner: [String: Set<CommandPurpose>] = [
        "snyk": [.audit],
    ]

    static let byRepository: [String: Set<CommandPurpose>] = [
        // Dependency and image audits
        "actions/dependency-review-action": [.audit],
        "aquasecurity/trivy-action": [.audit],
        "anchore/scan-action": [.audit],
        "pypa/gh-action-pip-audit": [.audit],
        "golang/govulncheck-action": [.audit],
        "google/osv-scanner-action": [.audit],
        "rustsec/audit-check": [.audit],
        "actions-rs/audit-check": [.audit],
        "dependency-check/dependency-check_action": [.audit],
        "docker/scout-action": [.audit],
        "embarkstudios/cargo-deny-action": [.audit],
        // Secret scanners
        "gitleaks/gitleaks-action": [.secretScan],
        "zricethezav/gitleaks-action": [.secretScan],
        "trufflesecurity/trufflehog": [.secretScan],
        "gitguardian/ggshield-action": [.secretScan],
        "gitguardian/ggshield": [.secretScan],
        "secret-scanner/action": [.secretScan],
        // Linters and format checks
        "golangci/golangci-lint-action": [.lint],
        "github/super-linter": [.lint],
        "super-linter/super-linter": [.lint],
        "wearerequired/lint-action": [.lint],
        "pre-commit/action": [.lint],
        "hadolint/hadolint-action": [.lint],
        "ludeeus/action-shellcheck": [.lint],
        "raven-actions/actionlint": [.lint],
        "chartboost/ruff-action": [.lint],
        "astral-sh/ruff-action": [.lint],
        "davidanson/markdownlint-cli2-action": [.lint],
        "trunk-io/trunk-action": [.lint],
        "psf/black": [.formatCheck],
        "jakebailey/pyright-action": [.typeCheck],
        // Test runners
        "cypress-io/github-action": [.test],
        // Deploys
        "superfly/flyctl-actions": [.deploy],
        "amondnet/vercel-action": [.deploy],
        "akhileshns/heroku-deploy": [.deploy],
        "aws-actions/amazon-ecs-deploy-task-definition": [.deploy],
        "azure/webapps-deploy": [.deploy],
        "azure/k8s-deploy": [.deploy],
        "google-github-actions/deploy-cloudrun": [.deploy],
        "google-github-actions/deploy-appengine": [.deploy],
        "cloudflare/wrangler-action": [.deploy],
        "cloudflare/pages-action": [.deploy],
        "actions/deploy-pages": [.deploy],
        "peaceiris/actions-gh-pages": [.deploy],
        "jamesives/github-pages-deploy-action": [.deploy],
        "nwtgck/actions-netlify": [.deploy],
        "railwayapp/cli": [.deploy],
        "johnbeynon/render-deploy-action": [.deploy],
        // Remote shell on a server: in practice the pull-and-restart step of a VPS deploy.
        "appleboy/ssh-action": [.deploy],
        "easingthemes/ssh-deploy": [.deploy],
    ]
}

extension ActionReference {
    /// What the referenced action is for, when it is a well-known one (see `ActionClassifier`).
    public var purposes: Set<CommandPurpose> { ActionClassifier.purposes(of: self) }

    /// The owner is GitHub itself (`actions/*`, `github/*`): tags there are maintained by GitHub.
    public var isGitHubOwned: Bool {
        guard kind == .remote, let owner = owner?.lowercased() else { return false }
        return owner == "actions" || owner == "github"
    }

    /// The ref looks like a release tag (`v4`, `v4.1.2`, `1.2.0`), not a branch (`main`, `master`).
    public var isVersionTag: Bool {
        guard let ref, !isPinnedToSHA else { return false }
        var scalars = ref.unicodeScalars[...]
        if scalars.first == "v" || scalars.first == "V" { scalars = scalars.dropFirst() }
        guard let first = scalars.first, ("0"..."9").contains(first) else { return false }
        return scalars.allSatisfy { ("0"..."9").contains($0) || $0 == "." || $0 == "-" || ("a"..."z").contains($0) }
    }

    /// A `docker://` image pinned by digest (`@sha256:…`).
    public var isDockerDigest: Bool { kind == .docker && (ref?.hasPrefix("sha256:") ?? false) }
}
