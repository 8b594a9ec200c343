import Foundation

/// Golden files: compared in tests, rewritten on purpose with `OPSAUDIT_UPDATE_GOLDEN=1 swift test`.
public enum Golden {
    public static var updating: Bool { ProcessInfo.processInfo.environment["OPSAUDIT_UPDATE_GOLDEN"] == "1" }

    /// Compares `actual` with the file at `path` (package-relative), rewriting it when updating.
    /// Returns nil when equal, else a message naming the file and the first differing line.
    public static func check(_ actual: String, against path: String) -> String? {
        let url = Corpus.packageRoot.appendingPathComponent(path)
        if updating {
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            return nil
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            return "\(path) is missing: run OPSAUDIT_UPDATE_GOLDEN=1 swift test"
        }
        guard expected != actual else { return nil }
        let a = actual.components(separatedBy: "\n"), e = expected.components(separatedBy: "\n")
        let line = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, e.count)
        let got = line < a.count ? a[line] : "<end>", want = line < e.count ? e[line] : "<end>"
        return "\(path) differs at line \(line + 1):\n  expected: \(want)\n  actual:   \(got)\nreview, then run OPSAUDIT_UPDATE_GOLDEN=1 swift test"
    }
}
