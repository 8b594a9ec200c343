import Foundation
import OpsAuditKit
import OpsAuditModel
import OpsAuditTestSupport
import Testing

/// Same repository, same bytes: whatever order the source lists files in and however many
/// threads read them and run the rules.
@Suite("Determinism")
struct DeterminismTests {
    /// The sample fixture and the shared corpus of real configurations (hundreds of formats and
    /// findings, so an order dependence anywhere in parsing, rules or rendering shows).
    static var targets: [String] {
        [Corpus.packageRoot.appendingPathComponent("Tests/Fixtures/sample-app").path, Corpus.root.path]
    }

    static func json(_ source: some RepoSource, parallelism: Int? = nil) throws -> String {
        var options = ScanOptions()
        options.timestamp = "2026-01-31T12:00:00Z"
        options.targetPath = "target"
        options.parallelism = parallelism
        return try ReportFormat.json.render(try Scanner().scan(source, options: options).report)
    }

    @Test(arguments: targets)
    func shuffledListingGivesTheSameJSON(_ root: String) throws {
        let source = WorkingDirectorySource(root: root)
        let reference = try Self.json(source)
        #expect(reference.contains("\"findings\""))
        for seed in [1, 2, 3] as [UInt64] {
            let shuffled = ShuffledSource(base: source, seed: seed)
            let listed = try shuffled.list().files.map(\.path)
            #expect(listed != listed.sorted(), "the wrapper did not shuffle (seed \(seed))")
            let output = try Self.json(shuffled)
            #expect(output == reference, "seed \(seed): first difference at \(firstDifference(output, reference))")
        }
    }

    @Test(arguments: targets)
    func oneThreadAndAllCoresGiveTheSameJSON(_ root: String) throws {
        let source = WorkingDirectorySource(root: root)
        let reference = try Self.json(source, parallelism: 1)
        for parallelism in [nil, 2, 7] as [Int?] {
            let output = try Self.json(source, parallelism: parallelism)
            #expect(output == reference, "parallelism \(String(describing: parallelism)): first difference at \(firstDifference(output, reference))")
        }
    }

    /// The line where two outputs first differ, with both versions.
    private func firstDifference(_ a: String, _ b: String) -> String {
        let left = a.split(separator: "\n", omittingEmptySubsequences: false)
        let right = b.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, (l, r)) in zip(left, right).enumerated() where l != r {
            return "line \(index + 1): \(l.prefix(160)) ≠ \(r.prefix(160))"
        }
        return "length \(left.count) vs \(right.count) lines"
    }
}

/// Wraps a source and lists its files and skipped paths in a seeded random order.
struct ShuffledSource<Base: RepoSource>: RepoSource {
    let base: Base
    let seed: UInt64
    var displayName: String { base.displayName }

    func list() throws(SourceError) -> SourceListing {
        var listing = try base.list()
        var generator = SplitMix64(seed: seed)
        listing.files.shuffle(using: &generator)
        listing.skipped.shuffle(using: &generator)
        listing.diagnostics.shuffle(using: &generator)
        return listing
    }

    func read(_ file: ListedFile) -> [UInt8]? { base.read(file) }
}

/// A small seeded generator, so a failing order can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
