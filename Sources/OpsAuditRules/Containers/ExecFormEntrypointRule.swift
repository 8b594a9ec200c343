import OpsAuditArtifacts
import OpsAuditModel

/// Checks that the process an image starts receives `SIGTERM`: exec-form `CMD`/`ENTRYPOINT`,
/// no `npm start`-style wrapper and no `sh -c` without `exec`, unless an init (tini,
/// dumb-init) is PID 1.
struct ExecFormEntrypointRule: Rule {
    static let id: RuleID = "CTR-007"

    static let inits: Set<String> = ["tini", "tini-static", "dumb-init", "catatonit"]
    static let shells: Set<String> = ["sh", "bash", "ash", "dash", "zsh"]
    static let packageRunners: Set<String> = ["npm", "yarn", "pnpm"]

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
                if Self.startsWithExec(text) {
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
            if let problem = Self.problem(argv) {
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

    /// Why the exec-form command keeps `SIGTERM` from the app, or nil.
    static func problem(_ argv: [String]) -> String? {
        guard let first = argv.first.map(basename) else { return nil }
        if inits.contains(first) { return nil }
        if shells.contains(first), let c = argv.firstIndex(of: "-c"), c + 1 < argv.count {
            let script = argv[c + 1]
            let lastCommand = script.split(whereSeparator: { $0 == ";" || $0 == "&" || $0 == "\n" }).last.map(String.init) ?? script
            if startsWithExec(lastCommand) { return nil }
            return "runs the app under `\(first) -c` without `exec`, so the shell is PID 1 and the app never receives `SIGTERM`"
        }
        for (index, word) in argv.enumerated() where packageRunners.contains(basename(word)) {
            let next = argv.dropFirst(index + 1).first { !$0.hasPrefix("-") }
            if let next, next == "start" || next == "run" || next == "run-script" {
                return "starts the app through `\(basename(word)) \(next)`, which does not reliably forward `SIGTERM` to the app, so stops wait for the kill timeout and drop in-flight requests"
            }
        }
        return nil
    }

    /// The repository's shell script an exec-form command starts,
    /// preferring one under the Dockerfile's directory; nil when none is in the repository.
    static func entrypointScript(_ argv: [String], for dockerfile: Dockerfile, in repo: RepoModel) -> ShellScriptFile? {
        // `["./entrypoint.sh"]` or `["/bin/sh", "/entrypoint.sh"]`.
        let script = argv.first.map { shells.contains(basename($0)) } == true ? argv.dropFirst().first : argv.first
        guard let script, script.hasSuffix(".sh") else { return nil }
        let name = basename(script)
        let candidates = repo.shellScripts.filter { basename($0.path) == name }
        let prefix = dockerfile.directory.isEmpty ? "" : dockerfile.directory + "/"
        return candidates.first { $0.path.hasPrefix(prefix) } ?? candidates.first
    }

    static func startsWithExec(_ text: String) -> Bool {
        let trimmed = text.drop { $0 == " " || $0 == "\t" }
        return trimmed.hasPrefix("exec ") || trimmed.hasPrefix("exec\t")
    }

    static func basename(_ word: String) -> String {
        word.split(separator: "/").last.map(String.init) ?? word
    }
}
