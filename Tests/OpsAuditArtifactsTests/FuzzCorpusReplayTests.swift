import Foundation
import OpsAuditArtifacts
import OpsAuditModel
import OpsAuditTestSupport
import Testing

/// Replays the fuzzing seeds (Tests/Fuzz/corpus/<target>/) and every input a fuzzer ever
/// crashed on (Tests/Fuzz/regressions/<target>/) through the same entry points as the fuzz
/// targets of OpsAuditFuzz, without the sanitizer toolchain: a crash here is a regression.
@Suite("Fuzz corpus replay")
struct FuzzCorpusReplayTests {
    /// Paths and kinds each fuzz target feeds its input to (kept in step with FuzzTargets.swift).
    static let entryPoints: [String: [(String, FileKind)]] = [
        "dockerfile": [("Dockerfile", .dockerfile)],
        "dotenv": [(".env.production", .envFile), (".env.example", .envExample)],
        "ignore": [(".gitignore", .gitignore), (".dockerignore", .dockerignore)],
        "yaml": [(".github/workflows/ci.yml", .githubWorkflow), ("render.yaml", .renderYAML), ("docker-compose.yml", .compose)],
        "toml": [("fly.toml", .flyToml), ("pyproject.toml", .pyproject)],
        "secrets": [("config.js", .source)],
        "signals": [("src/app.ts", .source), ("app.py", .source), ("main.go", .source)],
    ]

    static var inputs: [String] {
        let base = Corpus.packageRoot.appendingPathComponent("Tests/Fuzz").path
        var result: [String] = []
        for folder in ["corpus", "regressions"] {
            for target in entryPoints.keys.sorted() {
                let directory = "\(base)/\(folder)/\(target)"
                let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
                result += names.sorted().map { "\(folder)/\(target)/\($0)" }
            }
        }
        return result
    }

    @Test func everySeedAndRegressionParsesWithoutCrashing() throws {
        let base = Corpus.packageRoot.appendingPathComponent("Tests/Fuzz").path
        let inputs = Self.inputs
        #expect(inputs.count > 100, "seed corpora missing: \(inputs.count) inputs")
        for input in inputs {
            let target = input.split(separator: "/")[1]
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: "\(base)/\(input)")))
            for (path, kind) in Self.entryPoints[String(target)] ?? [] {
                let language: SourceLanguage? = kind == .source ? (path.hasSuffix(".py") ? .python : path.hasSuffix(".go") ? .go : .typescript) : nil
                let analysis = FileAnalyzer.analyze(RepoFile(path: path, kind: kind, size: bytes.count, isTracked: true, language: language), bytes: bytes)
                #expect(analysis.file.path == path)
            }
            if case let .text(text, _) = TextFile.decode(path: "x.yml", bytes: bytes), target == "yaml" {
                _ = YAMLLoader.load(text)
            }
        }
    }

    /// Found by the toml target: toml++ asserts (aborting the whole scan) on a header such as
    /// `[*services]]`; the Python and Rust manifests reached TOMLKit without the header guard.
    @Test(arguments: [("pyproject.toml", FileKind.pyproject), ("Cargo.toml", .cargoToml), ("Pipfile", .pipfile), ("fly.toml", .flyToml)])
    func malformedTableHeaderIsADiagnosticNotAnAbort(_ path: String, _ kind: FileKind) {
        let bytes = Array("app = \"x\"\n[*services]]\n  internal_port = 8080\n".utf8)
        let analysis = FileAnalyzer.analyze(RepoFile(path: path, kind: kind, size: bytes.count, isTracked: true), bytes: bytes)
        #expect(analysis.diagnostics.contains { $0.kind == .parse && $0.location?.line == 2 }, "\(analysis.diagnostics)")
    }
}
