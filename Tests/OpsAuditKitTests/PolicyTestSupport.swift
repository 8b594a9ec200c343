import Foundation
import OpsAuditArtifacts
import OpsAuditKit
import OpsAuditModel

/// A workflow with one swallowed test command (CI-003, high, at line 6) for policy tests.
let swallowedTests = """
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: npm test || true

"""

/// Scans an inline repository with the given options.
func scanReport(_ texts: [String: String], options: ScanOptions = ScanOptions()) throws -> Report {
    var options = options
    options.timestamp = "2026-01-01T00:00:00Z"
    return try Scanner().scan(InMemorySource(texts: texts), options: options).report
}

/// Parses a configuration given as text, cited as `.opsaudit.yml`.
func parseConfiguration(_ text: String) -> (Configuration, [Diagnostic]) {
    Configuration.parse(TextFile(path: ".opsaudit.yml", text: text))
}

/// Writes files under a new temporary directory and returns it.
func temporaryRepository(_ files: [String: String]) throws -> String {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("opsaudit-policy-\(UUID().uuidString)").path
    for (path, text) in files {
        let full = (root as NSString).appendingPathComponent(path)
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: true, encoding: .utf8)
    }
    return root
}

extension Report {
    func findings(_ rule: RuleID) -> [ReportFinding] { findings.filter { $0.ruleID == rule } }
    var configDiagnostics: [Diagnostic] { diagnostics.filter { $0.kind == .config } }
}
