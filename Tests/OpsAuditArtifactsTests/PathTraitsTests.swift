import OpsAuditArtifacts
import Testing

@Suite struct PathTraitsTests {
    @Test(arguments: [
        ("src/server.ts", false), ("test/server.ts", true), ("src/__tests__/a.ts", true), ("Tests/App/a.swift", true),
        ("src/a.test.ts", true), ("src/A.Spec.JS", true), ("pkg/handler_test.go", true), ("app/test_views.py", true),
        ("app/views_test.py", true), ("spec/models/user_spec.rb", true), ("lib/user_spec.rb", true),
        ("examples/basic/main.go", true), ("cypress/e2e/login.cy.ts", true), ("src/testing/helpers.ts", false),
        ("src/contest/a.ts", false), ("latest/a.ts", false), ("test", false), ("", false),
        ("src/main/java/com/example/demo/App.java", false), ("src/main/java/org/examples/App.java", false),
        ("docs/com/example/a.js", false), ("samples/example/a.js", true), ("src/com/a/example/b.js", true),
    ])
    func testOrExample(path: String, expected: Bool) {
        #expect(PathTraits.isTestOrExample(path) == expected)
        #expect(RepoFile(path: path, kind: .source, size: 0, isTracked: true).isTestOrExample == expected)
    }

    @Test(arguments: [
        ("README.md", true), ("docs/setup.txt", true), ("Doc/a.env", true), ("src/config.ts", false),
        ("src/config.test.ts", true), ("pkg/db_test.go", true), ("fixtures/key.pem", true), ("src/mocks/a.ts", false),
        ("notes.MD", true), ("src/main/java/com/example/Config.java", false), ("examples/app/.env", true),
    ])
    func documentationOrTest(path: String, expected: Bool) {
        #expect(PathTraits.isDocumentationOrTest(path) == expected)
    }
}

/// Facts derived once per model: optional facts (nil included) are kept and never mixed up.
@Suite struct DerivedFactsTests {
    @Test func optionalFactsAreComputedAndKept() {
        let library = RepoModel(files: [RepoFile(path: "src/index.js", kind: .source, size: 1, isTracked: true, language: .javascript)],
                                analyses: [])
        #expect(library.serviceEvidence == nil)
        #expect(library.serviceEvidence == nil)
        let service = RepoModel(files: [RepoFile(path: "Procfile", kind: .procfile, size: 1, isTracked: true)], analyses: [])
        #expect(service.serviceEvidence?.message == "Procfile `Procfile`")
        #expect(service.serviceEvidence?.message == "Procfile `Procfile`")
    }
}
