import Foundation
import OpsAuditArtifacts
import OpsAuditModel

/// Reads credentials out of earlier commits for SEC-012: every commit of the last N reachable
/// from HEAD (all branches merged into it, not only the first-parent line, since a secret on a
/// merged feature branch is as leaked), oldest first, each blob scanned once.
public enum SecretHistoryScanner {
    /// The secrets in the last `depth` commits (nil: all) of `repository`.
    public static func scan(repository: String, depth: Int?, limits: SourceLimits = .init()) throws(SourceError) -> SecretHistory {
        var commits = try GitHistory.commits(in: repository, firstParent: false)
        if let depth { commits = Array(commits.prefix(max(depth, 0))) }
        let reader = try GitObjectReader(repository: repository)
        var builder = SecretHistory.Builder()
        // Blob id + path → matches: a file unchanged between commits is scanned once.
        var cache: [String: [SecretMatch]] = [:]
        for commit in commits.sorted(by: { $0.date < $1.date }) {
            let source = try GitRevisionSource(repository: repository, revision: commit.id, reader: reader, limits: limits)
            let listing = try source.list()
            let kinds = Classifier.classify(paths: listing.files.map(\.path))
            var matches: [SecretMatch] = []
            for file in listing.files where kinds[file.path] != nil && file.size <= limits.maxFileSize {
                let key = (file.blobID ?? "") + "\0" + file.path
                if let cached = cache[key] {
                    matches += cached
                    continue
                }
                let found = source.read(file).map { matchesInFile(path: file.path, bytes: $0) } ?? []
                cache[key] = found
                matches += found
            }
            builder.add(commit: commit.id, matches: matches)
        }
        return builder.build()
    }

    /// The secrets in a file map (one commit of a rule example), scanned as the history scan does.
    public static func matches(in files: [String: [UInt8]]) -> [SecretMatch] {
        let kinds = Classifier.classify(paths: Array(files.keys))
        return files.keys.sorted().filter { kinds[$0] != nil }.flatMap { path in
            matchesInFile(path: path, bytes: files[path] ?? [])
        }
    }

    static func matchesInFile(path: String, bytes: [UInt8]) -> [SecretMatch] {
        guard case let .text(text, _) = TextFile.decode(path: path, bytes: bytes) else { return [] }
        return SecretScanner.scan(text)
    }
}
