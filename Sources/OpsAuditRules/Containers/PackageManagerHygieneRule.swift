import OpsAuditArtifacts
import OpsAuditModel

/// Finds package installs that leave caches or unneeded packages in the shipped image:
/// `apt-get install` without `--no-install-recommends` or without cleaning the package lists,
/// `apk add` without `--no-cache`, `pip install` without `--no-cache-dir`.
struct PackageManagerHygieneRule: Rule {
    static let id: RuleID = "CTR-008"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let dockerfiles = repo.productionDockerfiles
        guard !dockerfiles.isEmpty else {
            return .notApplicable(repo.dockerfiles.isEmpty ? "no Dockerfile" : "only development Dockerfiles")
        }
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        for dockerfile in dockerfiles {
            guard let final = dockerfile.shippedStage else { continue }
            // Only what ships matters: a builder stage's caches never reach the image.
            let lineage = dockerfile.lineage(of: final)
            let pipCacheOff = lineage.flatMap { $0.instructions("ENV") }.flatMap(\.assignments)
                .contains { $0.name.value == "PIP_NO_CACHE_DIR" }
            for stage in lineage {
                for run in stage.instructions("RUN") {
                    let removed = run.commands.filter { $0.effectiveWords.first == "rm" }.flatMap(\.words)
                    let cleans = { (prefixes: [String]) in
                        removed.contains { word in prefixes.contains { word.hasPrefix($0) } }
                            || run.cacheMountTargets.contains { target in prefixes.contains { target.hasPrefix($0) || $0.hasPrefix(target) } }
                    }
                    for install in run.packageCommands where install.action == .install {
                        var missing: [String] = []
                        switch install.manager {
                        case .apt:
                            let noRecommends = install.hasOption("--no-install-recommends")
                                || install.options.contains { $0.lowercased().hasPrefix("apt::install-recommends=") && !$0.lowercased().hasSuffix("true") }
                            if !noRecommends { missing.append("`--no-install-recommends` (recommended packages bloat the image)") }
                            if !cleans(["/var/lib/apt/lists"]) { missing.append("`rm -rf /var/lib/apt/lists/*` in the same `RUN` (the package lists stay in the layer)") }
                        case .apk:
                            if !install.hasOption("--no-cache"), !cleans(["/var/cache/apk", "/etc/apk/cache"]) {
                                missing.append("`--no-cache` (the package index stays in the layer)")
                            }
                        case .pip:
                            if !install.hasOption("--no-cache-dir"), !pipCacheOff, !cleans(["/root/.cache", "~/.cache", "$HOME/.cache"]) {
                                missing.append("`--no-cache-dir` (pip's download cache stays in the layer)")
                            }
                        case .yum, .dnf:
                            continue
                        }
                        if missing.isEmpty {
                            evidence.append(Evidence("`\(install.command.text)` leaves no package cache behind", at: install.command.location))
                        } else {
                            findings.append(Finding(
                                "`\(install.command.text)` lacks \(missing.joined(separator: " and ")), so every pull and deploy of the image carries dead weight",
                                at: install.command.location))
                        }
                    }
                }
            }
        }
        guard !findings.isEmpty || !evidence.isEmpty else {
            return .notApplicable("no apt-get, apk or pip install in the stages that ship")
        }
        return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
    }
}
