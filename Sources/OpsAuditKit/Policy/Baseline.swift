import Foundation
import OpsAuditModel

/// A baseline file: the findings a team has accepted for now, by fingerprint. Written sorted by
/// fingerprint, one entry per finding, so it diffs well in review.
public struct Baseline: Sendable, Equatable {
    /// The file as named by the user (reports cite it).
    public var path: String
    public var entries: [BaselineEntry]
    /// The line of each fingerprint in the file, so a baselined finding can point at its entry.
    public var lines: [String: Int] = [:]

    public init(path: String, entries: [BaselineEntry]) {
        self.path = path
        self.entries = entries.sorted()
    }

    /// The default file name, at the repository root.
    public static let defaultFileName = ".opsaudit-baseline.json"

    private struct Document: Codable {
        var version: Int
        var findings: [BaselineEntry]
    }

    /// The baseline of a report: its unsuppressed findings (suppressed ones are accepted already).
    public static func of(_ report: Report, path: String = defaultFileName) -> Baseline {
        let entries = report.findings.filter { $0.suppression == nil }.map {
            BaselineEntry(fingerprint: $0.fingerprint, ruleID: $0.ruleID, path: $0.location?.path, message: $0.message)
        }
        return Baseline(path: path, entries: entries)
    }

    /// The file's text: JSON with sorted keys, entries sorted by fingerprint.
    public func rendered() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = (try? encoder.encode(Document(version: 1, findings: entries))) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// A baseline file that cannot be used.
    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    /// Reads a baseline file's text.
    public static func parse(_ text: String, path: String) throws(Problem) -> Baseline {
        let decoder = JSONDecoder()
        let document: Document
        do { document = try decoder.decode(Document.self, from: Data(text.utf8)) } catch {
            throw Problem(description: "`\(path)` is not an opsaudit baseline (\(error.localizedDescription)); write one with `opsaudit baseline write`")
        }
        guard document.version == 1 else { throw Problem(description: "`\(path)` has baseline version \(document.version); this opsaudit reads version 1") }
        var baseline = Baseline(path: path, entries: document.findings)
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let key = line.range(of: "\"fingerprint\"") else { continue }
            let value = line[key.upperBound...].split(separator: "\"")
            if value.count >= 2 { baseline.lines[String(value[1])] = index + 1 }
        }
        return baseline
    }

    /// Where a fingerprint is recorded.
    func location(of fingerprint: String) -> Location {
        Location(path: path, line: lines[fingerprint] ?? 1)
    }
}
