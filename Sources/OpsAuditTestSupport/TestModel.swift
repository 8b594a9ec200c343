import OpsAuditArtifacts

/// A `RepoModel` built from in-memory files the way a scan builds it: paths classified together
/// (so directory context such as Helm charts counts), each file analysed, unknown kinds kept as
/// `.other`. For model-query and rule tests that do not need the whole engine.
public func repoModel(_ files: [String: String]) -> RepoModel {
    let classified = Classifier.classify(paths: Array(files.keys))
    var repoFiles: [RepoFile] = []
    var analyses: [FileAnalysis] = []
    for (path, text) in files.sorted(by: { $0.key < $1.key }) {
        let (kind, language) = classified[path] ?? (.other, nil)
        let file = RepoFile(path: path, kind: kind, size: text.utf8.count, isTracked: true, language: language)
        repoFiles.append(file)
        analyses.append(FileAnalyzer.analyze(file, bytes: Array(text.utf8)))
    }
    return RepoModel(files: repoFiles, analyses: analyses)
}
