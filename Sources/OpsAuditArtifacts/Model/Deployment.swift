import OpsAuditModel

extension RepoModel {
    /// What shows the repository is deployed somewhere: platform configs, production images,
    /// Procfiles, deploy commands in CI. Empty for libraries and tools.
    public var deploymentEvidence: [Evidence] {
        var evidence: [Evidence] = []
        let platformKinds: [(FileKind, String)] = [
            (.flyToml, "fly.toml"), (.renderYAML, "render.yaml"), (.railway, "Railway config"), (.vercel, "vercel.json"),
            (.netlify, "netlify.toml"), (.procfile, "Procfile"), (.herokuAppJSON, "Heroku app.json"), (.herokuYAML, "heroku.yml"),
            (.helmChart, "Helm chart"), (.kustomization, "kustomization"),
            (.terraform, "Terraform"),
        ]
        for (kind, label) in platformKinds {
            if let file = files(kind).first { evidence.append(Evidence("\(label) `\(file.path)`", at: Location(path: file.path, line: 1))) }
        }
        if let workload = kubernetesWorkloads.first {
            evidence.append(Evidence("Kubernetes \(workload.kind.value) `\(workload.name?.value ?? "")`", at: workload.location))
        }
        if let dockerfile = productionDockerfiles.first {
            evidence.append(Evidence("production image `\(dockerfile.path)`", at: Location(path: dockerfile.path, line: 1)))
        }
        if let deploy = ciCommands.first(where: { $0.command.purposes.contains(.deploy) }) {
            evidence.append(Evidence("CI deploys with `\(deploy.command.text)`", at: deploy.command.location))
        }
        return evidence
    }

    /// Release tooling: release events in workflows, release automation commands and configs.
    public var releaseProcessEvidence: [Evidence] {
        var evidence: [Evidence] = []
        for workflow in workflows {
            if let release = workflow.trigger("release") {
                evidence.append(Evidence("`\(workflow.path)` runs on releases", at: release.event.location))
            }
            for job in workflow.jobs {
                for step in job.steps {
                    if let uses = step.uses, let repo = uses.value.repository?.lowercased(),
                       ["googleapis/release-please-action", "google-github-actions/release-please-action", "changesets/action",
                        "goreleaser/goreleaser-action", "softprops/action-gh-release", "ncipollo/release-action"].contains(repo) {
                        evidence.append(Evidence("`\(workflow.path)` releases with `\(uses.value.raw)`", at: uses.location))
                    }
                }
            }
        }
        let tools: Set<String> = ["semantic-release", "release-please", "goreleaser", "changeset", "standard-version", "release-it"]
        for ci in ciCommands {
            let words = ci.command.effectiveWords
            if let first = words.first, tools.contains(first) || (first == "gh" && words.dropFirst().prefix(2) == ["release", "create"]) {
                evidence.append(Evidence("CI releases with `\(ci.command.text)`", at: ci.command.location))
            }
        }
        let configNames: Set<String> = [".releaserc", ".releaserc.json", ".releaserc.yml", ".releaserc.yaml", "release.config.js",
                                        "release.config.cjs", "release-please-config.json", ".release-please-manifest.json",
                                        ".goreleaser.yml", ".goreleaser.yaml", ".release-it.json"]
        for file in files where configNames.contains(String(file.name).lowercased()) || file.path.hasPrefix(".changeset/config.json") {
            evidence.append(Evidence("release configuration `\(file.path)`", at: Location(path: file.path, line: 1)))
        }
        return evidence
    }
}
