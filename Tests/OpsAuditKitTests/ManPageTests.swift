import Foundation
import OpsAuditTestSupport
import Testing

/// docs/man/opsaudit.1 is generated from the CLI's own argument definitions
/// (`scripts/gen-man.py`); a stale page fails here.
@Suite struct ManPageTests {
    @Test func manPageIsCurrent() throws {
        let binary = try CLIRunner.binary()
        let script = Corpus.packageRoot.appendingPathComponent("scripts/gen-man.py")
        let python = URL(fileURLWithPath: "/usr/bin/env")
        let result = try CLIRunner.run(python, ["python3", script.path, binary.path])
        #expect(result.status == 0, "\(result)")
        let page = Corpus.packageRoot.appendingPathComponent("docs/man/opsaudit.1")
        if Golden.updating { try result.out.write(to: page, atomically: true, encoding: .utf8) }
        let committed = try String(contentsOf: page, encoding: .utf8)
        #expect(committed == result.out, "docs/man/opsaudit.1 is stale: run scripts/gen-man.py > docs/man/opsaudit.1")
        #expect(committed.contains(".SS \"opsaudit scan\"") && committed.contains("\\-\\-fail\\-under"))
    }
}
