import Foundation
import OpsAuditKit
import OpsAuditModel
import OpsAuditRules
import OpsAuditTestSupport
import Testing

/// The catalog is the source of truth: every YAML is valid, has an implementation, and is what the
/// binary embeds.
@Suite struct CatalogTests {
    static func filesOnDisk() -> [(path: String, text: String)] {
        let root = Corpus.packageRoot.appendingPathComponent("rules")
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var files: [(String, String)] = []
        while let next = walker.nextObject() as? String {
            guard next.hasSuffix(".yml") || next.hasSuffix(".yaml") else { continue }
            let url = root.appendingPathComponent(next)
            files.append(("rules/" + next, (try? String(contentsOf: url, encoding: .utf8)) ?? ""))
        }
        return files.sorted { $0.0 < $1.0 }
    }

    @Test func embeddedCatalogEqualsRulesDirectory() {
        let disk = Self.filesOnDisk()
        let embedded = Catalog.embeddedRuleFiles
        #expect(disk.map(\.path) == embedded.map(\.path), "rebuild: the embedded catalog lists other files than rules/")
        for (a, b) in zip(disk, embedded) where a.path == b.path {
            #expect(a.text == b.text, "\(a.path) differs from the embedded copy: rebuild")
        }
        #expect(!disk.isEmpty)
    }

    @Test func everyRuleFileIsValid() {
        let (catalog, problems) = Catalog.decode(files: Self.filesOnDisk())
        #expect(problems.map(\.description) == [])
        #expect(catalog.rules.count == Self.filesOnDisk().count)
    }

    @Test func yamlAndSwiftMatchOneToOne() {
        let yaml = Set(Catalog.embedded.rules.map(\.id))
        let swift = AllRules.all.map(\.id)
        #expect(Set(swift).count == swift.count, "a rule is registered twice")
        #expect(swift == swift.sorted(), "AllRules.all must be sorted by ID")
        #expect(yaml.subtracting(swift).sorted() == [], "YAML without implementation")
        #expect(Set(swift).subtracting(yaml).sorted() == [], "implementation without YAML")
    }

    @Test func catalogProblemsAreReported() {
        let broken = """
        id: CI-999
        name: Bad_Name
        title: x
        category: ci
        severity: high
        level: 7
        effort: soon
        rationale: x
        remediation: x
        colour: blue
        examples:
          fail: []
          pass: []
        """
        let (_, problems) = Catalog.decode(files: [("rules/deploy/CI-999-bad.yml", broken)])
        let messages = problems.map(\.message)
        #expect(messages.contains("unknown key `colour`"))
        #expect(messages.contains("level must be 1-4"))
        #expect(messages.contains("must live in rules/ci/"))
        #expect(messages.contains { $0.hasPrefix("effort `soon`") })
        #expect(messages.contains("needs at least one fail and one pass example"))
        #expect(messages.contains("name must be kebab-case"))
    }
}
