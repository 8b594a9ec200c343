import Foundation
import OpsAuditArtifacts
import OpsAuditModel
import OpsAuditTestSupport
import Testing

private func doc(_ path: String, _ text: String) -> MarkdownDoc? {
    let file = RepoFile(path: path, kind: .markdown, size: text.utf8.count, isTracked: true)
    return FileAnalyzer.analyze(file, bytes: Array(text.utf8)).artifacts.compactMap { $0 as? MarkdownDoc }.first
}

private func at(_ path: String, _ line: Int, _ column: Int? = nil) -> Location {
    Location(path: path, line: line, column: column)
}

@Suite("MarkdownDoc")
struct MarkdownDocTests {
    static let readme = """
    ---
    title: front matter
    ---
    # Service Handbook

    Intro text here, see shortop.

    ```bash
    # not a heading
    ## Rollback in a fence
    ```

    Deploying
    ---------

    ## Rollback
    Run `kubectl rollout undo`. Our RTO is one hour.
      ### Restore from backup ###
    ~~~
    # also not a heading
    ~~~
    #hashtag is not a heading
    """

    @Test func headingsTitleAndTopics() throws {
        let d = try #require(doc("README.md", Self.readme))
        #expect(d.headings == [
            MarkdownHeading(level: 1, text: "Service Handbook", location: at("README.md", 4, 1)),
            MarkdownHeading(level: 2, text: "Deploying", location: at("README.md", 13, 1)),
            MarkdownHeading(level: 2, text: "Rollback", location: at("README.md", 16, 1)),
            MarkdownHeading(level: 3, text: "Restore from backup", location: at("README.md", 18, 3)),
        ])
        #expect(d.title == Located("Service Handbook", at: at("README.md", 4, 1)))
        #expect(d.topics == [.rollback, .deployment, .backup])
        #expect(d.topicEvidence[.rollback] == at("README.md", 16, 1))
        #expect(d.topicEvidence[.deployment] == at("README.md", 13, 1))
        #expect(d.topicEvidence[.backup] == at("README.md", 18, 3))
    }

    @Test func firstLineIsCaseInsensitiveAndWordBoundedForShortTerms() throws {
        let d = try #require(doc("README.md", Self.readme))
        #expect(d.firstLine(containingAnyOf: ["RTO", "RPO"]) == at("README.md", 17, 33))
        #expect(d.firstLine(containingAnyOf: ["KUBECTL ROLLOUT"]) == at("README.md", 17, 6))
        #expect(d.firstLine(containingAnyOf: ["intro"]) == at("README.md", 6, 1))
        #expect(d.firstLine(containingAnyOf: ["pg_restore"]) == nil)
    }

    @Test func topicsFromPaths() throws {
        let cases: [(String, DocTopic?)] = [
            ("docs/runbooks/db-failover.md", .runbook),
            ("RUNBOOK.md", .runbook),
            ("DISASTER_RECOVERY.md", .disasterRecovery),
            ("docs/dr.md", .disasterRecovery),
            ("ROLLBACK.md", .rollback),
            ("SECURITY.md", .securityPolicy),
            ("CHANGELOG.md", .changelog),
            ("docs/post-mortems/2024-01-outage.md", .postmortem),
            ("docs/on-call.md", .onCall),
            ("CONTRIBUTING.md", .contributing),
            ("docs/address.md", nil),
        ]
        for (path, topic) in cases {
            let d = try #require(doc(path, "Some text.\n"))
            if let topic {
                #expect(d.topicEvidence[topic] == at(path, 1), "\(path)")
            } else {
                #expect(d.topics.isEmpty, "\(path): \(d.topics)")
            }
        }
    }

    @Test func headingPhrasesAndCRLF() throws {
        let text = "Title\r\n=====\r\n\r\n## Disaster Recovery\r\n## On-call rotation\r\n## Incident response\r\n"
        let d = try #require(doc("docs/ops.md", text))
        #expect(d.title == Located("Title", at: at("docs/ops.md", 1, 1)))
        #expect(d.topicEvidence[.disasterRecovery] == at("docs/ops.md", 4, 1))
        #expect(d.topicEvidence[.onCall] == at("docs/ops.md", 5, 1))
        #expect(d.topicEvidence[.incidentResponse] == at("docs/ops.md", 6, 1))
        #expect(d.wordCount == 7)
    }

    @Test func fenceInsideListClosesAtItsIndentation() throws {
        let text = "1. Back up first:\n\n   ```sh\n   # dump the db\n    ```\n\n## Restore\n"
        let d = try #require(doc("docs/ops.md", text))
        #expect(d.headings == [MarkdownHeading(level: 2, text: "Restore", location: at("docs/ops.md", 7, 1))])
    }

    @Test func unclosedFenceIsDiagnosed() {
        let file = RepoFile(path: "docs/x.md", kind: .markdown, size: 0, isTracked: true)
        let analysis = FileAnalyzer.analyze(file, bytes: Array("# A\n\n```sh\n# b\n".utf8))
        #expect(analysis.diagnostics == [Diagnostic(.parse, "code fence never closed; headings after it were not read",
                                                    at: at("docs/x.md", 3))])
        #expect((analysis.artifacts.first as? MarkdownDoc)?.headings.map(\.text) == ["A"])
    }

    @Test func repoModelDocsAbout() {
        let a = RepoFile(path: "README.md", kind: .markdown, size: 0, isTracked: true)
        let b = RepoFile(path: "docs/runbooks/restore.md", kind: .markdown, size: 0, isTracked: true)
        let repo = RepoModel(files: [a, b], analyses: [
            FileAnalyzer.analyze(a, bytes: Array(Self.readme.utf8)),
            FileAnalyzer.analyze(b, bytes: Array("# Restore\n".utf8)),
        ])
        #expect(repo.docs.count == 2)
        #expect(repo.docs(about: .rollback).map(\.location) == [at("README.md", 16, 1)])
        #expect(repo.docs(about: .backup).map(\.location) == [at("README.md", 18, 3), at("docs/runbooks/restore.md", 1, 1)])
        #expect(repo.docs(about: .runbook).map(\.location) == [at("docs/runbooks/restore.md", 1)])
    }

    @Test func codeOwnersAndPullRequestTemplate() {
        let owners = FileAnalyzer.analyze(
            RepoFile(path: ".github/CODEOWNERS", kind: .codeowners, size: 0, isTracked: true),
            bytes: Array("# owners\n*       @org/platform\n[Docs]\n/docs/  @alice @bob # inline\n".utf8))
        let model = owners.artifacts.first as? CodeOwners
        #expect(model?.rules.map(\.pattern) == [
            Located("*", at: at(".github/CODEOWNERS", 2, 1)), Located("/docs/", at: at(".github/CODEOWNERS", 4, 1)),
        ])
        #expect(model?.rules.map(\.owners) == [["@org/platform"], ["@alice", "@bob"]])

        let template = FileAnalyzer.analyze(
            RepoFile(path: ".github/pull_request_template.md", kind: .pullRequestTemplate, size: 0, isTracked: true),
            bytes: Array("## Rollback plan\n- [ ] Tests added\n- [x] Migration reversible\n".utf8))
        let pr = template.artifacts.first as? PullRequestTemplate
        #expect(pr?.checklist == [
            Located("Tests added", at: at(".github/pull_request_template.md", 2)),
            Located("Migration reversible", at: at(".github/pull_request_template.md", 3)),
        ])
        #expect(pr?.doc.topics == [.rollback])
    }

    @Test func corpusMarkdownParsesWithoutCrash() {
        let files = Corpus.files().filter { $0.file.kind == .markdown }
        var parsed = 0, diagnosed = 0
        for entry in files {
            guard let bytes = try? Data(contentsOf: entry.url) else { continue }
            let analysis = FileAnalyzer.analyze(entry.file, bytes: Array(bytes))
            if analysis.artifacts.contains(where: { $0 is MarkdownDoc }) { parsed += 1 }
            if !analysis.diagnostics.isEmpty { diagnosed += 1 }
        }
        #expect(!files.isEmpty)
        #expect(parsed == files.count, "parsed \(parsed) of \(files.count)")
        #expect(diagnosed * 50 <= files.count, "\(diagnosed) of \(files.count) diagnosed")
    }
}
