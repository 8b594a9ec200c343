import Foundation
import OpsAuditModel
import OpsAuditTestSupport
import Testing
@testable import OpsAuditArtifacts

/// Every parser of this target's Dockerfile, dotenv and manifest formats, fed files of every
/// other kind and truncated at awkward places: no crash, no hang, always an artifact.
@Suite struct ParserRobustnessTests {
    static let parsers: [(String, @Sendable (TextFile) -> ParseResult)] = [
        ("dockerfile", DockerfileParser.parse),
        ("env", { EnvFileParser.parse($0, isExample: false) }),
        ("package.json", JSONManifestParser.parsePackageJSON),
        ("composer.json", JSONManifestParser.parseComposerJSON),
        ("requirements", RequirementsParser.parse),
        ("pyproject", TOMLManifestParser.parsePyproject),
        ("pipfile", TOMLManifestParser.parsePipfile),
        ("cargo", TOMLManifestParser.parseCargoToml),
        ("go.mod", GoModParser.parse),
        ("gemfile", GemfileParser.parse),
    ]

    @Test func everyParserSurvivesEveryCorpusFile() throws {
        let files = Corpus.files().filter { $0.file.size < 16_384 && $0.file.kind.isOpsConfig }
        #expect(files.count > 100)
        var parsed = 0
        var problems: [String] = []
        for entry in files {
            guard case let .text(text, _) = TextFile.decode(path: entry.file.path, bytes: try [UInt8](Data(contentsOf: entry.url)))
            else { continue }
            let scalars = Array(text.text.unicodeScalars)
            // Cut inside the file, where quotes, heredocs, brackets and continuations are left open.
            var variants = [text.text]
            for fraction in [2] where scalars.count > 4 {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[..<(scalars.count / fraction)])
                variants.append(String(view))
            }
            for variant in variants {
                let file = TextFile(path: entry.file.path, text: variant)
                for (name, parse) in Self.parsers {
                    let result = parse(file)
                    let misplaced = result.diagnostics.contains {
                        $0.location?.path != entry.file.path || ($0.location?.line ?? 1) > file.lineCount
                    }
                    if result.artifacts.count != 1 || misplaced { problems.append("\(name) on \(entry.repo)/\(entry.file.path)") }
                    parsed += 1
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.prefix(10))")
        #expect(parsed > 1000)
    }
}
