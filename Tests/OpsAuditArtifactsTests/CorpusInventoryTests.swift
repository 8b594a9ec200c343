import Foundation
import OpsAuditArtifacts
import OpsAuditModel
import OpsAuditTestSupport
import Testing

/// Every file of ../shared/corpus through its parser (issue 3): no crash, every problem a
/// diagnostic naming its file and line, and no kind with more than 2% of its files diagnosed.
@Suite struct CorpusInventoryTests {
    /// Real files that are invalid as they are in their repositories (checked by hand).
    static let knownInvalid: [String: String] = [
        "abdicodes__full-stack-open-pokedex/fly.toml": "`processes = []` then `[processes]`: Python's tomllib rejects it too",
    ]

    @Test func everyKindParsesWithFewDiagnoses() throws {
        let files = Corpus.files()
        try #require(!files.isEmpty, "the corpus is missing at \(Corpus.root.path)")
        var parsed: [FileKind: Int] = [:]
        var diagnosed: [FileKind: [String]] = [:]
        for (repo, file, url) in files where file.kind != .other {
            guard let data = FileManager.default.contents(atPath: url.path) else { continue }
            let analysis = FileAnalyzer.analyze(file, bytes: Array(data))
            let problems = analysis.diagnostics.filter { $0.kind == .parse }
            for problem in problems {
                #expect(problem.location?.path == file.path, "\(repo)/\(file.path): diagnostic without its file: \(problem)")
                if let line = problem.location?.line, let text = analysis.text {
                    #expect(line <= max(1, text.lineCount), "\(repo)/\(file.path): diagnostic past the end: \(problem)")
                }
            }
            if problems.isEmpty || Self.knownInvalid["\(repo)/\(file.path)"] != nil {
                parsed[file.kind, default: 0] += 1
            } else {
                diagnosed[file.kind, default: []].append("\(repo)/\(file.path): \(problems[0].message)")
            }
        }
        var table = "kind                   parsed  diagnosed\n"
        for kind in FileKind.allCases where parsed[kind] != nil || diagnosed[kind] != nil {
            table += "\(kind.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0)) \(String(parsed[kind] ?? 0).leftPad(6))  \(String(diagnosed[kind]?.count ?? 0).leftPad(9))\n"
        }
        print(table, terminator: "")
        for (kind, failures) in diagnosed.sorted(by: { $0.key < $1.key }) {
            let total = failures.count + (parsed[kind] ?? 0)
            let share = Double(failures.count) / Double(total)
            #expect(share <= 0.02, "\(kind.rawValue): \(failures.count) of \(total) diagnosed\n\(failures.joined(separator: "\n"))\n\(table)")
        }
    }
}

private extension String {
    func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
