import OpsAuditArtifacts
import OpsAuditModel
import Testing

/// Comments that document env variables (OPS-005 reads them).
@Suite struct EnvCommentTests {
    func entries(_ text: String) -> [EnvEntry] {
        (EnvFileParser.parse(TextFile(path: ".env.example", text: text), isExample: true).artifacts.first as? EnvFile)?.entries ?? []
    }

    @Test func commentLinesAboveDocumentTheNextVariable() {
        let result = entries("""
        # Postgres connection string
        # used by the API and the worker
        DATABASE_URL=postgres://localhost/app

        # section header, separated by a blank line

        PORT=3000
        LOG_LEVEL=info # debug, info, warn or error
        SECRET= # fill in
        """)
        #expect(result.map(\.key.value) == ["DATABASE_URL", "PORT", "LOG_LEVEL", "SECRET"])
        #expect(result[0].comment == "Postgres connection string used by the API and the worker")
        #expect(result[1].comment == nil)
        #expect(result[2].comment == "debug, info, warn or error")
        #expect(result[2].value == "info")
        #expect(result[3].value == "")
        #expect(result[3].comment == "fill in")
    }

    @Test func hashInsideAValueIsNotAComment() {
        let result = entries("COLOR=#ff0000\nURL=http://x/#frag\nQUOTED=\"a # b\" # note")
        #expect(result[1].value == "http://x/#frag")
        #expect(result[2].value == "a # b")
        #expect(result[1].comment == nil)
    }
}

extension EnvCommentTests {
    @Test func hashRightAfterEqualsIsAValue() {
        let result = entries("COLOR=#ff0000")
        #expect(result.first?.value == "#ff0000")
        #expect(result.first?.comment == nil)
    }
}
