import Foundation
import OpsAuditArtifacts
import OpsAuditModel
import Testing
import Yams

@Suite struct YAMLLoaderTests {
    func load(_ text: String, path: String = "f.yml") -> (documents: [YAMLNode], diagnostics: [Diagnostic]) {
        YAMLLoader.load(TextFile(path: path, text: text))
    }

    @Test func scalarsStayStringsWithPositions() throws {
        let (docs, diags) = load("on: push\nyes: no\ncount: 30\nflag: TRUE\nq: 'x'\n")
        #expect(diags.isEmpty)
        let root = try #require(docs.first)
        #expect(root["on"]?.string == "push")
        #expect(root["yes"]?.string == "no")
        #expect(root["yes"]?.bool == nil)
        #expect(root["count"]?.int == 30)
        #expect(root["flag"]?.bool == true)
        #expect(root["q"]?.scalarStyle == .singleQuoted)
        #expect(root.keyLocation("count") == Location(path: "f.yml", line: 3, column: 1))
        #expect(root["count"]?.location == Location(path: "f.yml", line: 3, column: 8))
        #expect(root.location.line == 1)
    }

    @Test func nestedCollections() throws {
        let (docs, _) = load("a:\n  - x\n  - k: v\n    j: w\n")
        let items = try #require(docs.first?["a"]?.items)
        #expect(items.count == 2)
        #expect(items[1]["j"]?.string == "w")
        #expect(items[1]["j"]?.location.line == 4)
        #expect(items[1].location.line == 3)
    }

    @Test func literalBlockMarkIsTheIndicatorLine() throws {
        let text = "steps:\n  - run: |\n      echo one\n      echo two\n      echo three\n"
        let (docs, _) = load(text)
        let run = try #require(docs.first?["steps"]?.items.first?["run"])
        // libyaml marks a block scalar at its `|` indicator, not at the first content line.
        #expect(run.location.line == 2)
        #expect(run.scalarStyle == .literal)
        let script = try #require(run.embeddedScript)
        #expect(script.text == "echo one\necho two\necho three\n")
        #expect(script.lineLocations[0].line == 3)
        #expect(script.lineLocations[2].line == 5)
    }

    @Test func crlfBlockScalars() throws {
        let text = "steps:\r\n  - run: |\r\n      echo one\r\n      echo two\r\n      echo three\r\n  - run: ls\r\n"
        let (docs, diags) = load(text)
        #expect(diags.isEmpty)
        let steps = try #require(docs.first?["steps"]?.items)
        let script = try #require(steps[0]["run"]?.embeddedScript)
        #expect(script.text == "echo one\necho two\necho three\n")
        #expect(script.lineLocations[2].line == 5)
        #expect(steps[1]["run"]?.string == "ls")
        #expect(steps[1]["run"]?.location.line == 6)
    }

    @Test func foldedAndQuotedScripts() throws {
        let (docs, _) = load("a: >\n  one\n  two\nb: \"x\\ny\"\nc: plain\n")
        let root = try #require(docs.first)
        let folded = try #require(root["a"]?.embeddedScript)
        #expect(folded.lineLocations.allSatisfy { $0.line == 1 })
        let quoted = try #require(root["b"]?.embeddedScript)
        #expect(quoted.text == "x\ny")
        #expect(quoted.lineLocations.map(\.line) == [4, 4])
        #expect(root["c"]?.embeddedScript?.lineLocations.map(\.line) == [5])
    }

    @Test func duplicateKeyKeepsTheLast() throws {
        let (docs, diags) = load("a: 1\nb: 2\na: 3\n")
        let root = try #require(docs.first)
        #expect(root["a"]?.string == "3")
        #expect(root.pairs.count == 2)
        #expect(diags.count == 1)
        #expect(diags.first?.kind == .parse)
        #expect(diags.first?.location?.line == 3)
    }

    @Test func syntaxErrorKeepsEarlierDocuments() throws {
        let (docs, diags) = load("a: 1\n---\nb: 2\n---\nc: [1, 2\nd: 4\n")
        #expect(docs.count == 2)
        #expect(docs[1]["b"]?.string == "2")
        let diag = try #require(diags.first)
        #expect(diag.kind == .parse)
        #expect((5...6).contains(diag.location?.line ?? 0))
    }

    @Test func badIndentationIsAParseDiagnostic() throws {
        let (docs, diags) = load("a:\n  b: 1\n c: 2\n")
        #expect(docs.isEmpty)
        #expect(diags.map(\.kind) == [.parse])
        #expect(diags.first?.location?.line == 3)
    }

    @Test func aliasesShareAndCount() throws {
        let (docs, diags) = load("base: &b\n  x: 1\nother: *b\n")
        #expect(diags.isEmpty)
        #expect(docs.first?["other"]?["x"]?.string == "1")
        let (_, undefined) = load("a: *nope\n")
        #expect(undefined.map(\.kind) == [.parse])
    }

    @Test(.timeLimit(.minutes(1))) func aliasBombStopsAtTheBudget() throws {
        var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ")
            text += "a\(level): &a\(level) [\(refs)]\n"
        }
        let start = Date()
        let (docs, diags) = load(text)
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(docs.isEmpty)
        #expect(diags.map(\.kind) == [.limit])
    }

    @Test func deepNestingIsBounded() throws {
        let depth = 5000
        let text = "a: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
        let (_, diags) = load(text)
        // libyaml's own nesting guard (1000 levels) fires first while scanning flow collections.
        #expect(diags.map(\.kind) == [.parse])
        let flow = "a: " + String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + "\nb: 1\n"
        let (flowDocs, flowDiags) = load(flow)
        #expect(flowDiags.map(\.kind) == [.limit])
        #expect(flowDocs.first?["b"]?.string == "1")
        let block = (0..<100).map { String(repeating: "  ", count: $0) + "k\($0):\n" }.joined() + String(repeating: "  ", count: 100) + "v: 1\n"
        let (docs, blockDiags) = load(block)
        #expect(blockDiags.map(\.kind) == [.limit])
        #expect(docs.first?["k0"]?["k1"] != nil)
    }

    @Test func emptyAndCommentOnlyFiles() {
        #expect(load("").documents.isEmpty)
        #expect(load("# nothing\n").diagnostics.isEmpty)
    }
}

@Suite struct YAMLLoaderMergeAndLimitTests {
    @Test func mergeKeys() throws {
        let text = """
        defaults: &d
          image: node:20
          restart: always
        extra: &e
          user: app
          restart: never
        web:
          <<: [*d, *e]
          restart: on-failure
          ports: [80]
        quoted:
          "<<": literal

        """
        let (docs, diags) = YAMLLoader.load(TextFile(path: "c.yml", text: text))
        #expect(diags.isEmpty)
        let web = try #require(docs.first?["web"])
        #expect(web.pairs.compactMap(\.key.string) == ["image", "user", "restart", "ports"])
        #expect(web["restart"]?.string == "on-failure")
        #expect(web["image"]?.string == "node:20")
        #expect(web["image"]?.location.line == 2)  // cites the anchor's definition
        #expect(web["user"]?.string == "app")
        #expect(docs.first?["quoted"]?["<<"]?.string == "literal")
        let (_, bad) = YAMLLoader.load(TextFile(path: "c.yml", text: "a:\n  <<: x\n"))
        #expect(bad.map(\.kind) == [.parse])
    }

    @Test func manyDuplicatesAreCapped() {
        let text = (0..<500).map { "k: \($0)\n" }.joined() + "x: [\n"
        let (_, diags) = YAMLLoader.load(TextFile(path: "d.yml", text: text))
        #expect(diags.count < 30)
        #expect(diags.contains { $0.kind == .limit })
        #expect(diags.contains { $0.message.hasPrefix("YAML syntax error") })
    }

    @Test(.timeLimit(.minutes(1))) func aliasBombInAWorkflowIsALimit() {
        var text = "on: push\nx0: &x0 [a, a, a, a, a, a, a, a, a, a]\n"
        for level in 1...12 {
            text += "x\(level): &x\(level) [" + Array(repeating: "*x\(level - 1)", count: 10).joined(separator: ",") + "]\n"
        }
        text += "jobs: {}\n"
        let bytes = Array(text.utf8)
        let analysis = FileAnalyzer.analyze(
            RepoFile(path: ".github/workflows/bomb.yml", kind: .githubWorkflow, size: bytes.count, isTracked: true), bytes: bytes)
        #expect(analysis.diagnostics.map(\.kind) == [.limit])
        #expect(analysis.diagnostics.first?.location?.line ?? 0 >= 3)
    }

    @Test func hugeLineAndManyDocuments() {
        let long = "a: " + String(repeating: "x", count: 2_000_000) + "\n"
        let (docs, diags) = YAMLLoader.load(TextFile(path: "h.yml", text: long))
        #expect(diags.isEmpty)
        #expect(docs.first?["a"]?.string?.count == 2_000_000)
        let many = String(repeating: "---\na: 1\n", count: 5000)
        #expect(YAMLLoader.load(TextFile(path: "m.yml", text: many)).documents.count == 5000)
    }
}

@Suite struct YAMLLoaderMarkTests {
    @Test func yamsMarksABlockScalarAtItsIndicatorToo() throws {
        let text = "a: 1\nrun: |\n  one\n  two\n"
        let node = try #require(try Yams.compose(yaml: text, .basic))
        #expect(node.mapping?["run"]?.mark?.line == 2)
        let ours = try #require(YAMLLoader.load(TextFile(path: "x.yml", text: text)).documents.first?["run"])
        #expect(ours.location.line == 2)
        #expect(ours.embeddedScript?.lineLocations.map(\.line) == [3, 4, 5])
    }

    @Test func controlCharacterErrorPointsAtItsLine() throws {
        let (_, diags) = YAMLLoader.load(TextFile(path: "x.yml", text: "a: 1\nb: 2\nc: \u{01}\n"))
        #expect(diags.map(\.kind) == [.parse])
        #expect(diags.first?.location?.line == 3)
    }
}
