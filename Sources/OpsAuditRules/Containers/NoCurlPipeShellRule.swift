import OpsAuditArtifacts
import OpsAuditModel

/// Finds `RUN` commands that execute a script straight from the network: `curl … | sh`,
/// `wget -qO- … | bash`, `sh -c "$(curl …)"`, `bash <(curl …)`.
struct NoCurlPipeShellRule: Rule {
    static let id: RuleID = "CTR-009"

    static let downloaders: Set<String> = ["curl", "wget"]
    static let interpreters: Set<String> = ["sh", "bash", "zsh", "dash", "ash", "ksh", "python", "python3", "perl", "ruby", "node"]

    func evaluate(_ repo: RepoModel) -> Outcome {
        let dockerfiles = repo.productionDockerfiles
        guard !dockerfiles.isEmpty else {
            return .notApplicable(repo.dockerfiles.isEmpty ? "no Dockerfile" : "only development Dockerfiles")
        }
        var findings: [Finding] = []
        var downloads: [Evidence] = []
        for dockerfile in dockerfiles {
            for run in dockerfile.instructions where run.keyword == "RUN" && !run.onbuild {
                let commands = run.commands
                for (index, command) in commands.enumerated() {
                    guard let tool = command.effectiveWords.first.map(Self.basename) else { continue }
                    if Self.downloaders.contains(tool), command.feedsPipe, index + 1 < commands.count,
                       let shell = commands[index + 1].effectiveWords.first.map(Self.basename),
                       Self.interpreters.contains(shell) {
                        findings.append(Finding(
                            "`\(command.text) | \(commands[index + 1].text)` runs whatever the server returns at build time, unverified, so a compromised or changed script ends up in the image",
                            at: command.location))
                    } else if Self.interpreters.contains(tool), Self.downloaders.contains(where: {
                        command.text.contains("$(\($0)") || command.text.contains("<(\($0)") || command.text.contains("`\($0)")
                    }) {
                        findings.append(Finding(
                            "`\(command.text)` runs a downloaded script without verifying it, so a compromised or changed script ends up in the image",
                            at: command.location))
                    } else if Self.downloaders.contains(tool) {
                        downloads.append(Evidence("`\(command.text)` downloads without piping into a shell", at: command.location))
                    }
                }
            }
        }
        guard findings.isEmpty else { return .failed(findings, evidence: downloads) }
        guard downloads.isEmpty else { return .passed(downloads) }
        return .passed(dockerfiles.map { Evidence("no `RUN` of `\($0.path)` downloads a script", at: $0.shippedStage?.location) })
    }

    static func basename(_ word: String) -> String {
        word.split(separator: "/").last.map(String.init) ?? word
    }
}
