import OpsAuditArtifacts
import OpsAuditModel

/// Finds compilers and build toolchains installed into the image that ships: the final stage
/// or a stage it is built from, unless the same `RUN` removes them again.
struct BuildToolsNotInRuntimeRule: Rule {
    static let id: RuleID = "CTR-004"

    static let tools: Set<String> = [
        "gcc", "g++", "gcc-c++", "cc", "clang", "build-essential", "build-base", "alpine-sdk", "make", "cmake",
        "autoconf", "automake", "libtool", "git", "golang", "golang-go", "rustc", "cargo", "linux-headers",
        "kernel-headers", "development tools",
    ]

    func evaluate(_ repo: RepoModel) -> Outcome {
        let dockerfiles = repo.productionDockerfiles
        guard !dockerfiles.isEmpty else {
            return .notApplicable(repo.dockerfiles.isEmpty ? "no Dockerfile" : "only development Dockerfiles")
        }
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        for dockerfile in dockerfiles {
            guard let final = dockerfile.shippedStage else { continue }
            let shipped = Set(dockerfile.lineage(of: final).map(\.index))
            var found = false
            for stage in dockerfile.stages {
                for run in stage.instructions("RUN") {
                    for (install, tools) in Self.keptTools(run.packageCommands) {
                        if shipped.contains(stage.index) {
                            found = true
                            let names = tools.map { "`\($0)`" }.joined(separator: ", ")
                            let place = stage.index == final.index ? dockerfile.describe(stage) : "\(dockerfile.describe(stage)), which the shipped stage is built from,"
                            // git alone is sometimes a runtime need (CI agents, deploy helpers): say so, at lower confidence.
                            let onlyGit = tools.allSatisfy { $0 == "git" }
                            let consequence = onlyGit
                                ? "so a build tool ships in the production image and gives an attacker with a shell a way to fetch code; clone in a build stage unless the app runs git itself"
                                : "so compilers and build tools ship in the production image, adding size and tools an attacker can use; build in an earlier stage and copy only the result"
                            findings.append(Finding("\(place) installs \(names), \(consequence)",
                                                    at: install.command.location, confidence: onlyGit ? .medium : .high))
                        } else {
                            evidence.append(Evidence(
                                "build tools (\(tools.joined(separator: ", "))) stay in \(dockerfile.describe(stage))", at: install.command.location))
                        }
                    }
                }
            }
            if !found, evidence.allSatisfy({ $0.location?.path != dockerfile.path }) {
                evidence.append(Evidence("the \(dockerfile.describe(final)) of `\(dockerfile.path)` installs no build tools", at: final.location))
            }
        }
        return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
    }

    /// Installs of build tools with the tools that the same `RUN` does not remove again
    /// (`apk del .build-deps`, `apt-get purge -y gcc`, `apt-mark auto` + `--auto-remove`).
    static func keptTools(_ commands: [PackageCommand]) -> [(PackageCommand, [String])] {
        var result: [(PackageCommand, [String])] = []
        for (index, install) in commands.enumerated() where install.action == .install && install.manager != .pip {
            let tools = install.packages.filter(isBuildTool)
            guard !tools.isEmpty else { continue }
            let later = commands[(index + 1)...].filter { $0.action == .remove && $0.manager == install.manager }
            let removed = Set(later.flatMap(\.packages))
            if let virtual = install.virtualName, removed.contains(virtual) { continue }
            let autoRemoves = later.contains { $0.hasOption("--auto-remove") || $0.hasOption("--autoremove") }
            let kept = tools.filter { !removed.contains($0) && !autoRemoves }
            if !kept.isEmpty { result.append((install, kept)) }
        }
        return result
    }

    static func isBuildTool(_ package: String) -> Bool {
        let name = package.lowercased()
        if tools.contains(name) { return true }
        if name.hasPrefix("gcc-") || name.hasPrefix("g++-") || name.hasPrefix("clang-") { return true }
        return name.hasSuffix("-dev") || name.hasSuffix("-devel")
    }
}
