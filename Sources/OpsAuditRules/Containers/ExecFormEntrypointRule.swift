import OpsAuditArtifacts
import OpsAuditModel

/// Checks that the process an image starts receives `SIGTERM`: exec-form `CMD`/`ENTRYPOINT`,
/// no `npm start`-style wrapper and no `sh -c` without `exec`, unless an init (tini,
/// dumb-init) is PID 1.
struct ExecFormEntrypointRule: Rule {
    static let id: RuleID = "CTR-007"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let dockerfiles = repo.productionDockerfiles
        guard !dockerfiles.isEmpty else {
            return .notApplicable(repo.dockerfiles.isEmpty ? "no Dockerfile" : "only development Dockerfiles")
        }
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        for dockerfile in dockerfiles {
            guard let stage = dockerfile.shippedStage else { continue }
            let (entrypoint, cmd) = dockerfile.startCommand(of: stage)
            guard let main = entrypoint ?? cmd else { continue }
            let shown = "`\(main.keyword) \(main.arguments)`"
            if case let .shell(text) = main.form {
                if SignalForwarding.startsWithExec(text) {
                    evidence.append(Evidence("\(shown) replaces the shell with the app through `exec`", at: main.location))
                } else if text.hasPrefix("[") {
                    findings.append(Finding(
                        "\(shown) is not valid JSON, so Docker runs it in shell form through `/bin/sh -c` and the app never receives `SIGTERM` (if it starts at all)",
                        at: main.location))
                } else {
                    findings.append(Finding(
                        "\(shown) is in shell form, so `/bin/sh -c` is PID 1 and the app never receives `SIGTERM`: stops wait for the kill timeout and drop in-flight requests",
                        at: main.location))
                }
                continue
            }
            // Exec form: the ENTRYPOINT's words, then CMD's as its arguments.
            var argv = main.execArguments ?? []
            if entrypoint != nil, let cmdWords = cmd?.execArguments { argv += cmdWords }
            if let problem = SignalForwarding.problem(argv) {
                findings.append(Finding("\(shown) \(problem)", at: main.location,
                                        related: entrypoint != nil && cmd != nil ? [RelatedLocation("`CMD` arguments", at: cmd!.location)] : []))
            } else if let script = Self.entrypointScript(argv, for: dockerfile, in: repo),
                      !script.commands.contains(where: { $0.words.first == "exec" }) {
                findings.append(Finding(
                    "\(shown) runs `\(script.path)`, which never `exec`s the app, so the script's shell stays PID 1 and the app never receives `SIGTERM`",
                    at: main.location, related: [RelatedLocation("entrypoint script", at: Location(path: script.path, line: 1))],
                    confidence: .medium))
            } else {
                evidence.append(Evidence("\(shown) starts the process in exec form", at: main.location))
            }
        }
        guard !findings.isEmpty || !evidence.isEmpty else {
            return .notApplicable("no production Dockerfile sets `CMD` or `ENTRYPOINT` (the base image's applies)")
        }
        return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
    }

    /// The repository's shell script an exec-form command starts,
    /// preferring one under the Dockerfile's directory; nil when none is in the repository.
    static func entrypointScript(_ argv: [String], for dockerfile: Dockerfile, in repo: RepoModel) -> ShellScriptFile? {
        // `["./entrypoint.sh"]` or `["/bin/sh", "/entrypoint.sh"]`.
        let script = argv.first.map { SignalForwarding.shells.contains(SignalForwarding.basename($0)) } == true ? argv.dropFirst().first : argv.first
        guard let script, script.hasSuffix(".sh") else { return nil }
        let name = SignalForwarding.basename(script)
        let candidates = repo.shellScripts.filter { SignalForwarding.basename($0.path) == name }
        let prefix = dockerfile.directory.isEmpty ? "" : dockerfile.directory + "/"
        return candidates.first { $0.path.hasPrefix(prefix) } ?? candidates.first
    }
}
