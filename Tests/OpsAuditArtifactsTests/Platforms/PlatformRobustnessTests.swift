import Foundation
import OpsAuditArtifacts
import OpsAuditModel
import OpsAuditTestSupport
import Testing

/// The platform and JVM/.NET/Elixir parsers fed every ops corpus file (of any kind) whole and
/// cut in half: no crash, no hang, diagnostics inside the file.
@Suite struct PlatformRobustnessTests {
    static let parsers: [(String, @Sendable (TextFile) -> ParseResult)] = [
        ("compose", ComposeParser.parse),
        ("railway", RailwayParser.parse),
        ("vercel", VercelParser.parse),
        ("netlify", NetlifyParser.parse),
        ("procfile", ProcfileParser.parse),
        ("app.json", HerokuParser.parseAppJSON),
        ("heroku.yml", HerokuParser.parseHerokuYAML),
        ("litestream", LitestreamParser.parse),
        ("pom", XMLManifestParser.parsePom),
        ("csproj", XMLManifestParser.parseProject),
        ("gradle", GradleParser.parse),
        ("mix", MixParser.parse),
    ]

    @Test func everyParserSurvivesEveryCorpusFile() throws {
        let files = Corpus.files().filter { $0.file.size < 16_384 && $0.file.kind.isOpsConfig }
        try #require(files.count > 100)
        var problems: [String] = []
        for entry in files {
            guard case let .text(text, _) = TextFile.decode(path: entry.file.path, bytes: try [UInt8](Data(contentsOf: entry.url)))
            else { continue }
            let scalars = Array(text.text.unicodeScalars)
            var variants = [text.text]
            if scalars.count > 4 {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[..<(scalars.count / 2)])
                variants.append(String(view))
            }
            for variant in variants {
                let file = TextFile(path: entry.file.path, text: variant)
                for (name, parse) in Self.parsers {
                    let result = parse(file)
                    // libyaml reports errors met at the end of the stream one line past the last
                    // (YAMLLoader passes its marks on), hence the + 1.
                    let misplaced = result.diagnostics.contains {
                        ($0.location.map { $0.path != entry.file.path } ?? false) || ($0.location?.line ?? 1) > file.lineCount + 1
                    }
                    if misplaced { problems.append("\(name) on \(entry.repo)/\(entry.file.path)") }
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.prefix(10))")
    }

    @Test func hostileInputs() {
        let deep = String(repeating: "<a>", count: 5000) + String(repeating: "</a>", count: 5000)
        let inputs = ["", "\u{FEFF}", String(repeating: "[", count: 10_000), String(repeating: "{\"a\":", count: 3000),
                      deep, "<\u{0}>", "services:\r\n  a:\r\n    image: x\r\n", String(repeating: "x", count: 200_000),
                      "<?xml version=\"1.0\" encoding=\"UTF-16\"?><project/>", "<?xml version=\"1.0\" encoding=\"bogus\"?><project/>",
                      "<project/><?xml version=\"1.0\"?>", "<p:project/>", "<project a=\"1\" a=\"2\"/>", "<project>]]></project>",
                      "<project>\u{1}</project>", "<project><a:b xmlns:a=\"\"/></project>"]
        for input in inputs {
            for (_, parse) in Self.parsers { _ = parse(TextFile(path: "f", text: input)) }
        }
    }
}

/// toml++ aborts the process on some malformed headers; they must be diagnosed before it sees them.
@Suite struct TOMLHeaderCheckTests {
    @Test(arguments: ["[[[", "[[ [", "[a]\n[[[b", "[a.]\n", "[a] x\n", "[]\n", "[[a]\n", "[\"a]\n"])
    func malformedHeadersAreDiagnosed(_ text: String) {
        let result = NetlifyParser.parse(TextFile(path: "netlify.toml", text: text))
        #expect(result.diagnostics.first?.message.contains("invalid TOML") == true)
    }

    /// toml++ asserts on a `}` where an array value is expected (found by the `toml` fuzz target).
    @Test(arguments: [("a = [}\n", 1), ("[s]\na = [1, }\n", 2), ("a = [\n  # c\n  }\n", 3), ("a = [[1], [}]]\n", 1),
                      ("t = { a = [ } ] }\n", 1)])
    func closingBraceWhereAnArrayExpectsAValueIsDiagnosed(text: String, line: Int) {
        for parse in [NetlifyParser.parse, TOMLManifestParser.parsePyproject] {
            let result = parse(TextFile(path: "x.toml", text: text))
            #expect(result.diagnostics.first?.message == "invalid TOML: `}` where an array expects a value")
            #expect(result.diagnostics.first?.location?.line == line)
        }
    }

    /// A header after a byte order mark is still checked (found by fuzzing: a UTF-16 file that
    /// starts with two BOMs keeps one after decoding, and toml++ skips it).
    @Test func headerAfterAByteOrderMarkIsChecked() {
        let decoded = TextFile.decode(path: "fly.toml", bytes: [0xFE, 0xFF, 0xFE, 0xFF, 0x00, 0x5B, 0x00, 0x0A, 0x04, 0x00, 0x00, 0x00])
        guard case let .text(file, _) = decoded else { Issue.record("not decoded as text"); return }
        let result = NetlifyParser.parse(file)
        #expect(result.diagnostics.first?.message == "invalid TOML: malformed table header")
        #expect(NetlifyParser.parse(TextFile(path: "netlify.toml", text: "\u{FEFF}[build]\ncommand = \"make\"\n")).diagnostics.isEmpty)
    }

    @Test func bracesInArraysThatTOMLAllowsPass() {
        let text = "a = [{ x = 1 }, { y = \"}\" }, {}]\nb = [ # }\n  1,\n]\nc = \"[}\"\n"
        #expect(NetlifyParser.parse(TextFile(path: "netlify.toml", text: text)).diagnostics.isEmpty)
    }

    @Test func validHeadersAndArraysPass() {
        let text = """
        [build]
        [ "quoted key" . 'x' ]   # comment
        [[plugins]]
        a = [
          [1, 2],
          [[3]],
        ]
        s = \"\"\"
        [not a header
        \"\"\"
        [context.deploy-preview]

        """
        #expect(NetlifyParser.parse(TextFile(path: "netlify.toml", text: text)).diagnostics.isEmpty)
    }
}
