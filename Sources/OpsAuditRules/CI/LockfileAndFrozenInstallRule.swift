import OpsAuditArtifacts
import OpsAuditModel

/// Finds manifests without a committed lockfile and CI installs that do not hold dependencies
/// to the lockfile (`npm install` instead of `npm ci`…).
struct LockfileAndFrozenInstallRule: Rule {
    static let id: RuleID = "CI-018"

    /// Words that make an install follow the lockfile exactly.
    static let frozenMarkers: Set<String> = ["--frozen-lockfile", "--immutable", "--require-hashes", "--locked", "--frozen", "--deploy", "--deployment"]

    func evaluate(_ repo: RepoModel) -> Outcome {
        let locks = repo.manifestLocks
        let unfrozen = repo.unfrozenInstalls
        let frozen = repo.ciCommands.filter { command in
            let words = command.command.effectiveWords
            return words.starts(with: ["npm", "ci"]) || words.starts(with: ["pipenv", "sync"])
                || (["npm", "yarn", "pnpm", "bun", "pip", "pip3", "bundle", "poetry", "uv", "cargo"].contains(words.first ?? "")
                    && words.contains { Self.frozenMarkers.contains($0) })
        }
        guard !locks.isEmpty || !unfrozen.isEmpty || !frozen.isEmpty else {
            return .notApplicable("no manifest with a lockfile convention and no dependency install in CI")
        }
        var findings = locks.filter { $0.lockfile == nil }.map { lock in
            Finding(
                "`\(lock.manifest.path)` has no lockfile (\(lock.expected.prefix(3).map { "`\($0)`" }.joined(separator: ", "))) committed, so every install resolves versions anew and a bad release of any dependency breaks builds no one changed",
                at: nil, related: [RelatedLocation("manifest", at: Location(path: lock.manifest.path, line: 1))])
        }
        findings += unfrozen.map { install in
            Finding(
                "`\(install.command.command.text)` resolves versions afresh instead of installing the locked ones, so CI tests other versions than the ones committed (use \(install.instead))",
                at: install.command.command.location, confidence: install.isCertain ? .high : .medium)
        }
        let evidence = locks.compactMap { lock in
            lock.lockfile.map { Evidence("`\($0.path)` pins the dependencies of `\(lock.manifest.path)`", at: Location(path: $0.path, line: 1)) }
        } + frozen.map { Evidence("`\($0.command.text)` installs exactly what the lockfile says", at: $0.command.location) }
        return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
    }
}
