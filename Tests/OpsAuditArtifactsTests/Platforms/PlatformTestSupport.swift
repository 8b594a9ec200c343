import Foundation
import OpsAuditArtifacts
import OpsAuditModel
import OpsAuditTestSupport
import Testing

/// A model of inline files, classified by path like a real scan.
func platformModel(_ texts: [String: String]) -> RepoModel {
    let kinds = Classifier.classify(paths: Array(texts.keys))
    var files: [RepoFile] = []
    var analyses: [FileAnalysis] = []
    for (path, text) in texts.sorted(by: { $0.key < $1.key }) {
        guard let (kind, language) = kinds[path] else { continue }
        let file = RepoFile(path: path, kind: kind, size: text.utf8.count, isTracked: true, language: language)
        files.append(file)
        analyses.append(FileAnalyzer.analyze(file, bytes: Array(text.utf8)))
    }
    return RepoModel(files: files, analyses: analyses)
}

/// Runs every corpus file of a kind through the analyzer: no crash, under 2% diagnosed, and
/// something read (`count` of what the parser found must be positive).
enum PlatformCorpusCheck {
    static func run(kind: FileKind, minimumFiles: Int = 1, count: ([any Artifact]) -> Int) throws {
        let files = Corpus.files().filter { $0.file.kind == kind }
        try #require(files.count >= minimumFiles, "corpus missing \(kind.rawValue) files")
        var diagnosed: [String] = []
        var found = 0
        for entry in files {
            let data = try Data(contentsOf: entry.url)
            let analysis = FileAnalyzer.analyze(entry.file, bytes: [UInt8](data))
            let problems = analysis.diagnostics.filter { $0.kind == .parse || $0.kind == .limit }
            if !problems.isEmpty {
                diagnosed.append("\(entry.repo)/\(entry.file.path): \(problems.map { "\($0.location?.line ?? 0) \($0.message)" })")
            }
            found += count(analysis.artifacts)
        }
        #expect(Double(diagnosed.count) / Double(files.count) < 0.02,
                "\(kind.rawValue): \(diagnosed.count)/\(files.count) diagnosed: \(diagnosed)")
        #expect(found > 0, "\(kind.rawValue): nothing read from \(files.count) files")
    }
}
