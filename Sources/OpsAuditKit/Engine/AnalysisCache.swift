import Foundation
import OpsAuditArtifacts

/// File analyses kept by git blob id, so replaying history parses a file only when its content
/// (or its path or kind, which the analysis embeds) changed since the previous commit.
///
/// Memory stays bounded by two generations: entries used by the current scan and by the one
/// before. Replaying commit after commit, what is not in either is unlikely to come back.
public final class AnalysisCache: @unchecked Sendable {
    private struct Key: Hashable {
        var blobID: String
        var file: RepoFile
    }

    private let lock = NSLock()
    private var current: [Key: FileAnalysis] = [:]
    private var previous: [Key: FileAnalysis] = [:]
    private var hitCount = 0
    private var missCount = 0

    public init() {}

    /// Analyses served from the cache and analyses computed, since creation.
    public var statistics: (hits: Int, misses: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (hitCount, missCount)
    }

    /// Starts a new scan: entries unused by the last two scans are dropped.
    public func startGeneration() {
        lock.lock()
        previous = current
        current = [:]
        lock.unlock()
    }

    func lookup(blobID: String, file: RepoFile) -> FileAnalysis? {
        let key = Key(blobID: blobID, file: file)
        lock.lock()
        defer { lock.unlock() }
        if let hit = current[key] ?? previous[key] {
            current[key] = hit
            hitCount += 1
            return hit
        }
        missCount += 1
        return nil
    }

    func store(_ analysis: FileAnalysis, blobID: String) {
        lock.lock()
        current[Key(blobID: blobID, file: analysis.file)] = analysis
        lock.unlock()
    }
}
