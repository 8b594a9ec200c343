import OpsAuditArtifacts
import OpsAuditModel

/// Finds test, lint, type-check and audit commands whose failure cannot fail the pipeline.
struct TestsMustBlockRule: Rule {
    static let id: RuleID = "CI-003"

    func evaluate(_ repo: RepoModel) -> Outcome {
        // A manual job (GitLab `when: manual`, Bitbucket `trigger: manual`) gates nothing, so
        // what it tolerates is not the pipeline's verdict.
        let gates = repo.ciCommands.filter { $0.isQualityGate && !$0.isManual }
        guard !gates.isEmpty else { return .notApplicable("no test, lint or audit command in CI") }
        // One finding per place that neutralises: a job-level `continue-on-error` is one fix
        // however many commands its job runs.
        var byPlace: [Location: (Neutralizer, [CICommand])] = [:]
        var blocking: [CICommand] = []
        for gate in gates {
            guard let neutralizer = gate.neutralizer, !Self.ifPresentOfDefinedScript(gate, repo) else {
                blocking.append(gate)
                continue
            }
            byPlace[neutralizer.location, default: (neutralizer, [])].1.append(gate)
        }
        let findings = byPlace.keys.sorted().compactMap { place -> Finding? in
            guard let (neutralizer, commands) = byPlace[place], let first = commands.first else { return nil }
            let what = commands.count == 1 ? "`\(first.command.text)`" : "\(commands.count) checks (`\(first.command.text)`, …)"
            let kind = Self.kind(of: first.command)
            return Finding(
                "\(what) cannot fail the pipeline (\(neutralizer.how)), so broken \(kind) ships as green",
                at: neutralizer.location,
                related: neutralizer.location.line == first.command.location.line ? [] : [RelatedLocation("neutralised command", at: first.command.location)])
        }
        let evidence = blocking.map { Evidence("`\($0.command.text)` can fail job `\($0.job)`", at: $0.command.location) }
        return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
    }

    /// `--if-present` only skips a script that does not exist: when a package.json defines it,
    /// failures still fail the job.
    static func ifPresentOfDefinedScript(_ gate: CICommand, _ repo: RepoModel) -> Bool {
        guard gate.command.swallowedBy == "--if-present", let name = scriptName(gate.command) else { return false }
        return repo.manifests.contains { $0.ecosystem == .npm && $0.script(name) != nil }
    }

    /// `npm run typecheck --if-present` → `typecheck`; `npm test` → `test`.
    static func scriptName(_ command: ShellCommand) -> String? {
        let words = command.effectiveWords.filter { !$0.hasPrefix("-") }
        guard words.count >= 2, ["npm", "pnpm", "yarn", "bun"].contains(words[0]) else { return nil }
        return ["run", "run-script"].contains(words[1]) ? (words.count > 2 ? words[2] : nil) : words[1]
    }

    static func kind(of command: ShellCommand) -> String {
        let purposes = command.purposes
        if purposes.contains(.test) { return "code" }
        if purposes.contains(.audit) { return "dependencies" }
        if purposes.contains(.secretScan) { return "secrets" }
        return "code"
    }
}
