import Foundation
import OpsAuditKit
import OpsAuditTestSupport
import Testing

/// docs/rules/ is generated from the catalog; stale pages fail here.
@Suite struct RuleDocsTests {
    @Test func ruleDocsAreCurrent() throws {
        let directory = Corpus.packageRoot.appendingPathComponent("docs/rules")
        var expected: [String: String] = ["README.md": RuleDocs.index(.embedded)]
        for rule in Catalog.embedded.rules { expected[RuleDocs.fileName(for: rule)] = RuleDocs.page(for: rule) }
        if Golden.updating {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [] where !name.hasPrefix("validation") {
                try FileManager.default.removeItem(at: directory.appendingPathComponent(name))
            }
            for (name, text) in expected { try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        }
        // validation-*.md are hand-written review notes (corpus runs per category), not generated.
        let present = Set((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { !$0.hasPrefix("validation") }
        #expect(present == Set(expected.keys), "docs/rules/ lists other pages than the catalog: run OPSAUDIT_UPDATE_GOLDEN=1 swift test")
        for (name, text) in expected.sorted(by: { $0.key < $1.key }) {
            let actual = try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            #expect(actual == text, "docs/rules/\(name) is stale: run OPSAUDIT_UPDATE_GOLDEN=1 swift test")
        }
    }
}
