import OpsAuditModel

/// A deploy a person runs by hand: a repository shell script or a package.json script.
public struct ManualDeployScript: Sendable {
    /// The script's path (shell script) or `package.json` script name, for messages.
    public var name: String
    /// The deploy command inside it.
    public var command: Located<String>
}

extension ShellCommand {
    /// The command checks that a deployed service answers: `curl -f`, `wget`, a smoke-test
    /// script, `wait-on`, `k6 run` of a smoke script, `kubectl rollout status`.
    public var isSmokeCheck: Bool {
        let words = effectiveWords
        guard let first = words.first else { return false }
        let tool = CommandClassifier.basename(first)
        let args = words.dropFirst()
        switch tool {
        case "curl":
            // Without `--fail` curl exits 0 on a 500: it checks nothing.
            return args.contains { arg in
                arg == "--fail" || arg == "--fail-with-body"
                    || (arg.hasPrefix("-") && !arg.hasPrefix("--") && arg.dropFirst().allSatisfy(\.isLetter) && arg.contains("f"))
            }
        case "wget": return args.contains { $0.hasPrefix("http") || $0.hasPrefix("$") }
        case "wait-on", "wait-for-it", "wait-for-it.sh", "wait-for", "wait-for.sh": return true
        case "kubectl": return args.starts(with: ["rollout", "status"]) || args.first == "wait"
        default: break
        }
        if tool == "npx", let next = args.first, ["wait-on", "wait-port"].contains(next) { return true }
        return words.contains { word in
            let lower = word.lowercased()
            return lower.contains("smoke") || lower.contains("healthcheck") || lower.contains("health-check")
        }
    }
}

extension ActionReference {
    /// Well-known actions that poll a URL until it answers.
    public var isSmokeCheck: Bool {
        guard let repository = repository?.lowercased() else { return false }
        return ["jtalk/url-health-check-action", "cygnetdigital/wait_for_response", "lakuapik/gh-actions-http-status",
                "grafana/k6-action", "grafana/run-k6-action"].contains(repository)
    }
}

extension RepoModel {
    /// Health and smoke checks that run after a deploy job's last deploy: later in the same
    /// job, or in a job of the same pipeline that needs it (directly or transitively).
    public func ciPostDeployChecks(_ job: CIDeployJob) -> [Located<String>] {
        guard let last = job.deploys.last else { return [] }
        let pipelineJobs = Set(ciCommands.filter { $0.path == job.path }.map(\.job))
            .union(workflows.first { $0.path == job.path }?.jobs.map(\.id.value) ?? [])
        let followers = Set(pipelineJobs.filter { other in
            other != job.job.value && ciPrerequisites(path: job.path, job: other).contains { $0.job == job.job.value && $0.path == job.path }
        })
        func after(_ name: String, _ location: Location) -> Bool {
            followers.contains(name) || (name == job.job.value && location.line > last.location.line)
        }
        // A step named "Smoke test" or "Health check" is one, whatever its commands look like.
        func named(_ step: String) -> Bool {
            let label = step.lowercased()
            return label.contains("smoke") || label.contains("health check") || label.contains("healthcheck")
        }
        var checks = ciCommands.filter { $0.path == job.path && ($0.command.isSmokeCheck || named($0.step)) && after($0.job, $0.command.location) }
            .map { Located($0.command.text, at: $0.command.location) }
        for workflow in workflows where workflow.path == job.path {
            for other in workflow.jobs {
                for step in other.steps {
                    if let uses = step.uses, uses.value.isSmokeCheck, after(other.id.value, uses.location) {
                        checks.append(Located(uses.value.raw, at: uses.location))
                    }
                }
            }
        }
        return checks.sorted { $0.location.line < $1.location.line }
    }

    /// Deploys a person runs by hand: repository shell scripts and package.json scripts with a
    /// deploy command.
    public var manualDeployScripts: [ManualDeployScript] {
        var scripts: [ManualDeployScript] = []
        for file in shellScripts {
            if let deploy = file.commands.first(where: { $0.purposes.contains(.deploy) }) {
                scripts.append(ManualDeployScript(name: file.path, command: Located(deploy.text, at: deploy.location)))
            }
        }
        for manifest in manifests where manifest.ecosystem == .npm {
            for script in manifest.scripts {
                let commands = ShellScript.commands(in: EmbeddedScript(text: script.command.value, allAt: script.command.location))
                if commands.contains(where: { $0.purposes.contains(.deploy) }) {
                    scripts.append(ManualDeployScript(name: "`\(script.name.value)` script of `\(manifest.path)`", command: script.command))
                }
            }
        }
        return scripts
    }

    /// Platforms that deploy on every push by themselves: Render services with `autoDeploy`
    /// on (the default), Vercel and Netlify git integrations, Railway.
    public var platformAutoDeploys: [Evidence] {
        var evidence: [Evidence] = []
        for blueprint in renderBlueprints {
            for service in blueprint.services {
                let value = service.autoDeploy?.value.lowercased()
                guard value != "false", value != "off" else { continue }
                evidence.append(Evidence("Render deploys service `\(service.name.value)` on every push (`autoDeploy` \(service.autoDeploy.map { "is `\($0.value)`" } ?? "defaults to on"))",
                                         at: service.autoDeploy?.location ?? service.location))
            }
        }
        for config in vercelConfigs where config.gitDeploymentEnabled?.value.lowercased() != "false" {
            evidence.append(Evidence("Vercel's git integration deploys every push (`\(config.path)`)", at: Location(path: config.path, line: 1)))
        }
        for config in netlifyConfigs {
            evidence.append(Evidence("Netlify's git integration builds and deploys every push (`\(config.path)`)", at: Location(path: config.path, line: 1)))
        }
        for file in files(.railway) {
            evidence.append(Evidence("Railway deploys the connected branch on every push (`\(file.path)`)", at: Location(path: file.path, line: 1)))
        }
        return evidence
    }

    /// Non-production environments: staging/preview/dev environments of CI jobs, GitLab review
    /// apps, `fly.staging.toml`-style configs, Render previews, Kustomize overlays and Helm values
    /// for staging, Vercel/Netlify preview deployments.
    public var nonProductionEnvironments: [Evidence] {
        var evidence: [Evidence] = []
        for workflow in workflows {
            for job in workflow.jobs {
                if let environment = job.environment, EnvironmentName.isNonProduction(environment.value) {
                    evidence.append(Evidence("job `\(job.id.value)` deploys to environment `\(environment.value)`", at: environment.location))
                }
            }
        }
        for pipeline in gitlabPipelines {
            for job in pipeline.jobs {
                if let environment = job.environment, EnvironmentName.isNonProduction(environment.value) {
                    evidence.append(Evidence("GitLab job `\(job.name.value)` deploys to environment `\(environment.value)`", at: environment.location))
                }
            }
        }
        for kind in [FileKind.flyToml, .renderYAML, .railway, .compose, .helmValues, .kustomization] {
            for file in files(kind) {
                let segments = file.path.split(separator: "/").dropLast().map(String.init) + [String(file.name)]
                if segments.contains(where: EnvironmentName.isNonProduction) {
                    evidence.append(Evidence("non-production config `\(file.path)`", at: Location(path: file.path, line: 1)))
                }
            }
        }
        for file in files(.renderYAML) {
            if let line = text(of: file.path)?.text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex(where: {
                $0.hasPrefix("previews:") || $0.hasPrefix("previewsEnabled:")
            }) {
                evidence.append(Evidence("Render preview environments for pull requests", at: Location(path: file.path, line: line + 1)))
            }
        }
        for config in vercelConfigs where config.gitDeploymentEnabled?.value.lowercased() != "false" {
            evidence.append(Evidence("Vercel builds a preview deployment for every branch (`\(config.path)`)", at: Location(path: config.path, line: 1)))
        }
        for config in netlifyConfigs {
            evidence.append(Evidence("Netlify builds deploy previews for pull requests (`\(config.path)`)", at: Location(path: config.path, line: 1)))
        }
        return evidence
    }

    /// Where a coverage threshold is enforced: CI commands and npm scripts (`--cov-fail-under`,
    /// `coverage report --fail-under`, `nyc check-coverage`, vitest `--coverage.thresholds…`,
    /// jest `--coverageThreshold`), `coverageThreshold` in package.json, `fail_under` in
    /// pyproject.toml, and coverage configs the scan read (jest/vitest configs, codecov.yml).
    public var coverageGates: [Evidence] {
        var evidence: [Evidence] = []
        var commands = ciCommands.map(\.command)
        for manifest in manifests where manifest.ecosystem == .npm {
            for script in manifest.scripts {
                commands += ShellScript.commands(in: EmbeddedScript(text: script.command.value, allAt: script.command.location))
            }
        }
        for command in commands where Self.enforcesCoverage(command) {
            evidence.append(Evidence("`\(command.text)` fails below a coverage threshold", at: command.location))
        }
        // Go has no flag: a gate is `go tool cover -func` compared with a number in the same job.
        for (key, jobCommands) in Dictionary(grouping: ciCommands, by: { "\($0.path)#\($0.job)" }).sorted(by: { $0.key < $1.key }) {
            _ = key
            guard let cover = jobCommands.first(where: { $0.command.effectiveWords.starts(with: ["go", "tool", "cover"]) }),
                  jobCommands.contains(where: { $0.command.text.contains(" -lt ") || $0.command.text.lowercased().contains("threshold") })
            else { continue }
            evidence.append(Evidence("`\(cover.command.text)` is compared with a coverage threshold", at: cover.command.location))
        }
        let keys: [(String, String)] = [("\"coverageThreshold\"", "jest `coverageThreshold`"), ("\"check-coverage\"", "nyc `check-coverage`")]
        for file in files(.packageJSON) { evidence += Self.lines(in: text(of: file.path), path: file.path, containing: keys) }
        for file in files(.pyproject) {
            evidence += Self.lines(in: text(of: file.path), path: file.path, containing: [("fail_under", "coverage `fail_under`")])
        }
        for file in files {
            let name = String(file.name).lowercased()
            if name.hasPrefix("jest.config.") || name.hasPrefix("vitest.config.") || name.hasPrefix("vite.config.") {
                evidence += Self.lines(in: text(of: file.path), path: file.path,
                                       containing: [("coverageThreshold", "jest `coverageThreshold`"), ("thresholds", "vitest coverage `thresholds`")])
            } else if ["codecov.yml", ".codecov.yml", "codecov.yaml", ".codecov.yaml"].contains(name) {
                if let text = text(of: file.path) {
                    evidence += Self.lines(in: text, path: file.path, containing: [("target:", "Codecov status `target`")])
                } else {
                    // Codecov posts failing statuses with an automatic target even when the targets are not read here.
                    evidence.append(Evidence("Codecov configuration `\(file.path)` (statuses fail when coverage drops)", at: Location(path: file.path, line: 1)))
                }
            }
        }
        return evidence
    }

    static func enforcesCoverage(_ command: ShellCommand) -> Bool {
        let words = command.effectiveWords
        if words.contains(where: { $0.hasPrefix("--cov-fail-under") || $0.hasPrefix("--coverageThreshold") || $0.hasPrefix("--coverage.thresholds")
            || $0.hasPrefix("--check-coverage") }) { return true }
        // `nyc`/`c8` are wrappers `effectiveWords` strips: read the words as written.
        if command.words.contains("check-coverage"), command.words.contains(where: { ["nyc", "c8"].contains(CommandClassifier.basename($0)) }) {
            return true
        }
        if let first = words.first.map(CommandClassifier.basename) {
            if first == "coverage" || words.starts(with: ["python", "-m", "coverage"]) || words.starts(with: ["python3", "-m", "coverage"]) {
                return words.contains("report") && words.contains { $0.hasPrefix("--fail-under") }
            }
        }
        return words.contains { $0.hasPrefix("--fail-under") } && words.contains { $0.contains("cov") }
    }

    /// The first line of `text` containing each needle, as evidence.
    static func lines(in text: TextFile?, path: String, containing needles: [(String, String)]) -> [Evidence] {
        guard let text else { return [] }
        let lines = text.text.split(separator: "\n", omittingEmptySubsequences: false)
        return needles.compactMap { needle, label in
            lines.firstIndex { $0.contains(needle) }.map { Evidence("\(label) in `\(path)`", at: Location(path: path, line: $0 + 1)) }
        }
    }
}
