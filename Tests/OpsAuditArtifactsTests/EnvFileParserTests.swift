import Foundation
import OpsAuditModel
import OpsAuditTestSupport
import Testing
@testable import OpsAuditArtifacts

private func parse(_ text: String, path: String = ".env", isExample: Bool = false) -> (EnvFile, [Diagnostic]) {
    let result = EnvFileParser.parse(TextFile(path: path, text: text), isExample: isExample)
    return (result.artifacts.first as! EnvFile, result.diagnostics)
}

@Suite struct EnvFileParserTests {
    @Test func assignmentsWithPositions() {
        let (file, diagnostics) = parse("""
        # database
        DATABASE_URL=postgres://u:p@db:5432/app
          export  SECRET_KEY = abc123   # rotate me
        EMPTY=
        HASH=abc#not-a-comment
        REF=${DATABASE_URL}/x
        """)
        #expect(diagnostics.isEmpty)
        #expect(file.entries.map(\.key.value) == ["DATABASE_URL", "SECRET_KEY", "EMPTY", "HASH", "REF"])
        #expect(file.entries[0].key.location == Location(path: ".env", line: 2, column: 1))
        #expect(file.entries[0].value == "postgres://u:p@db:5432/app")
        #expect(file.entries[1].key.location == Location(path: ".env", line: 3, column: 11))
        #expect(file.entries[1].value == "abc123")
        #expect(file.entries[1].isExported)
        #expect(!file.entries[0].isExported)
        #expect(file.entries[2].isEmpty)
        #expect(file.entries[3].value == "abc#not-a-comment")
        #expect(file.entries[4].value == "${DATABASE_URL}/x")
        #expect(file.entry("HASH")?.key.location.line == 5)
    }

    @Test func quotedValues() {
        let (file, diagnostics) = parse("""
        A="line1\\nline2 \\"q\\" \\\\ \\$x" # trailing comment
        B='single $HOME \\n # not a comment'
        C="multi
        line value"
        D=`back`
        E=""
        F=after
        """)
        #expect(diagnostics.isEmpty)
        #expect(file.entries.map(\.key.value) == ["A", "B", "C", "D", "E", "F"])
        #expect(file.entries[0].value == "line1\nline2 \"q\" \\ \\$x")
        #expect(file.entries[0].isQuoted)
        #expect(file.entries[1].value == "single $HOME \\n # not a comment")
        #expect(file.entries[2].value == "multi\nline value")
        #expect(file.entries[3].value == "back")
        #expect(file.entries[4].isEmpty && file.entries[4].isQuoted)
        #expect(file.entries[5].key.location.line == 7)
    }

    @Test func crlfIsStripped() {
        let (file, _) = parse("A=1\r\nB=\"x\r\ny\"\r\nC=3 \r\n")
        #expect(file.entries.map(\.value) == ["1", "x\ny", "3"])
        #expect(file.entries[2].key.location.line == 4)
    }

    @Test func malformedLinesGiveDiagnostics() {
        let (file, diagnostics) = parse("""
        GOOD=1
        this is not an assignment
        export ONLY_NAME
        BROKEN="never closed
        LATER=2
        """, path: ".env.example", isExample: true)
        #expect(file.isExample)
        #expect(diagnostics.map(\.location?.line) == [2, 3, 4])
        #expect(diagnostics[2].message.contains("unterminated"))
        #expect(file.entries.map(\.key.value) == ["GOOD", "BROKEN", "LATER"])
        #expect(file.entries[1].value == "never closed")
        #expect(file.entries[2].value == "2")
    }

    @Test func analyzerUsesKindForExamples() {
        let example = FileAnalyzer.analyze(RepoFile(path: ".env.example", kind: .envExample, size: 4, isTracked: true),
                                           bytes: Array("A=1\n".utf8))
        let real = FileAnalyzer.analyze(RepoFile(path: ".env", kind: .envFile, size: 4, isTracked: true),
                                        bytes: Array("A=1\n".utf8))
        #expect((example.artifacts.first as? EnvFile)?.isExample == true)
        #expect((real.artifacts.first as? EnvFile)?.isExample == false)
    }

    @Test func corpusEnvFilesParse() throws {
        let files = Corpus.files().filter { $0.file.kind == .envFile || $0.file.kind == .envExample }
        #expect(files.count > 10)
        var diagnosed: [String] = []
        var entries = 0
        for entry in files {
            let analysis = FileAnalyzer.analyze(entry.file, bytes: try [UInt8](Data(contentsOf: entry.url)))
            let env = analysis.artifacts.first as? EnvFile
            #expect(env != nil, "\(entry.repo)/\(entry.file.path)")
            entries += env?.entries.count ?? 0
            if !analysis.diagnostics.isEmpty {
                diagnosed.append("\(entry.repo)/\(entry.file.path): \(analysis.diagnostics.map(\.message))")
            }
        }
        #expect(entries > files.count)
        #expect(Double(diagnosed.count) < Double(files.count) * 0.02, "\(diagnosed.count)/\(files.count): \(diagnosed)")
    }
}
