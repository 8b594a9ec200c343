import Foundation
import OpsAuditArtifacts

/// The shared corpus of real configuration files (`../shared/corpus` beside the checkout).
public enum Corpus {
    /// The package root, found from this source file's path.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/corpus` next to the package root (CI clones the project with `shared/` beside it).
    public static let root: URL = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")

    /// Every corpus file with its repo-relative path (within its `OWNER__NAME` folder) and
    /// classification, sorted. Empty when the corpus is absent.
    public static func files() -> [(repo: String, file: RepoFile, url: URL)] {
        let fm = FileManager.default
        guard let repos = try? fm.contentsOfDirectory(atPath: root.path) else { return [] }
        var result: [(String, RepoFile, URL)] = []
        for repo in repos.sorted() {
            let repoURL = root.appendingPathComponent(repo)
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: repoURL.path, isDirectory: &isDir), isDir.boolValue,
                  let walker = fm.enumerator(atPath: repoURL.path) else { continue }
            var paths: [String] = []
            while let next = walker.nextObject() as? String {
                var isDirectory: ObjCBool = false
                if fm.fileExists(atPath: repoURL.appendingPathComponent(next).path, isDirectory: &isDirectory),
                   !isDirectory.boolValue {
                    paths.append(next)
                }
            }
            let kinds = Classifier.classify(paths: paths)
            for path in paths.sorted() {
                guard let (kind, language) = kinds[path] else { continue }
                let url = repoURL.appendingPathComponent(path)
                let size = (try? fm.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
                result.append((repo, RepoFile(path: path, kind: kind, size: size, isTracked: true, language: language), url))
            }
        }
        return result
    }
}
