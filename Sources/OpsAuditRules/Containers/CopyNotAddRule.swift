import OpsAuditArtifacts
import OpsAuditModel

/// Finds `ADD` where `COPY` fits: local files, local archives (which `ADD` silently extracts),
/// and URLs downloaded without `--checksum`. Git sources and checksummed URLs are what `ADD` is for.
struct CopyNotAddRule: Rule {
    static let id: RuleID = "CTR-010"

    static let archiveSuffixes = [".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst"]

    func evaluate(_ repo: RepoModel) -> Outcome {
        let dockerfiles = repo.productionDockerfiles
        guard !dockerfiles.isEmpty else {
            return .notApplicable(repo.dockerfiles.isEmpty ? "no Dockerfile" : "only development Dockerfiles")
        }
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        for dockerfile in dockerfiles {
            let adds = dockerfile.instructions.filter { $0.keyword == "ADD" && !$0.onbuild }
            for add in adds {
                let sources = add.copySources
                guard !sources.isEmpty else { continue }
                let shown = "`ADD \(add.arguments)`"
                let remote = sources.filter { Self.isURL($0.value) }
                let local = sources.filter { !Self.isURL($0.value) && !Self.isGit($0.value) }
                if let archive = local.first(where: { Self.isArchive($0.value) }) {
                    findings.append(Finding(
                        "\(shown) silently extracts `\(archive.value)`; `COPY` plus an explicit `tar -x` says what happens, and `ADD` of local files hides it",
                        at: add.location, confidence: .medium))
                } else if !local.isEmpty {
                    findings.append(Finding(
                        "\(shown) copies local files with `ADD`, whose URL fetching and archive extraction can surprise later edits; `COPY` does only what it says",
                        at: add.location))
                } else if !remote.isEmpty, add.flag("checksum") == nil {
                    findings.append(Finding(
                        "\(shown) downloads `\(remote[0].value)` without `--checksum`, so a changed or compromised file goes into the image unnoticed",
                        at: add.location))
                } else {
                    evidence.append(Evidence("\(shown) fetches a remote source\(add.flag("checksum") == nil ? "" : " verified by `--checksum`")", at: add.location))
                }
            }
            if adds.isEmpty, let first = dockerfile.stages.first {
                evidence.append(Evidence("`\(dockerfile.path)` uses `COPY`, never `ADD`", at: first.location))
            }
        }
        return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
    }

    static func isURL(_ source: String) -> Bool {
        (source.hasPrefix("http://") || source.hasPrefix("https://")) && !isGit(source)
    }

    /// `https://github.com/org/repo.git#v1.2`, `git@github.com:org/repo`: `ADD` clones them.
    static func isGit(_ source: String) -> Bool {
        source.hasPrefix("git@") || source.hasPrefix("git://") || source.hasSuffix(".git") || source.contains(".git#")
    }

    static func isArchive(_ source: String) -> Bool {
        let lower = source.lowercased()
        return archiveSuffixes.contains { lower.hasSuffix($0) }
    }
}
