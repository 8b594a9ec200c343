import Foundation
import OpsAuditArtifacts
import OpsAuditModel
import OpsAuditTestSupport
import Testing

/// Every corpus file of the Kubernetes, Helm, Kustomize and Terraform kinds: no crash, under 2%
/// diagnosed (notes excluded: they are deliberate), and the models are not empty.
@Suite struct InfrastructureCorpusTests {
    struct Tally {
        var files = 0
        var diagnosed: [String] = []
        var artifacts: [any Artifact] = []
    }

    func run(_ kinds: Set<FileKind>) throws -> Tally {
        var tally = Tally()
        for entry in Corpus.files() where kinds.contains(entry.file.kind) {
            let analysis = FileAnalyzer.analyze(entry.file, bytes: [UInt8](try Data(contentsOf: entry.url)))
            tally.files += 1
            tally.artifacts += analysis.artifacts
            let problems = analysis.diagnostics.filter { $0.kind != .note }
            if !problems.isEmpty {
                tally.diagnosed.append("\(entry.repo)/\(entry.file.path): \(problems.map { "\($0.location?.line ?? 0) \($0.message)" })")
            }
        }
        return tally
    }

    func expectFew(_ tally: Tally, _ kind: String) {
        #expect(tally.files > 0, "no \(kind) files in the corpus")
        #expect(Double(tally.diagnosed.count) < 0.02 * Double(tally.files),
                "\(kind): \(tally.diagnosed.count)/\(tally.files) diagnosed: \(tally.diagnosed.prefix(10))")
    }

    @Test func yamlCandidatesAndKubernetes() throws {
        let tally = try run([.yamlCandidate, .kubernetes])
        expectFew(tally, "yaml")
        let objects = tally.artifacts.compactMap { $0 as? KubernetesManifest }.flatMap(\.objects)
        #expect(objects.count > 100, "\(objects.count) objects")
        #expect(objects.contains { !($0.workload?.containers.isEmpty ?? true) })
    }

    @Test func helm() throws {
        let tally = try run([.helmChart, .helmValues])
        expectFew(tally, "helm")
        #expect(tally.artifacts.contains { ($0 as? HelmChart)?.name != nil })
    }

    @Test func kustomizations() throws {
        let tally = try run([.kustomization])
        expectFew(tally, "kustomization")
        let resources = tally.artifacts.compactMap { $0 as? Kustomization }.map { $0.resources.count + $0.patches.count + $0.bases.count }
        #expect(resources.reduce(0, +) >= tally.files, "\(resources.reduce(0, +)) entries in \(tally.files) files")
    }

    @Test func terraform() throws {
        let tally = try run([.terraform])
        expectFew(tally, "terraform")
        let blocks = tally.artifacts.compactMap { $0 as? TerraformFile }.flatMap(\.blocks)
        #expect(blocks.count >= tally.files, "\(blocks.count) blocks in \(tally.files) files")
        #expect(blocks.contains { $0.type.value == "resource" && $0.attributes.count > 0 })
    }

    /// Each corpus file cut in half (quotes, heredocs and brackets left open) through every
    /// parser of these kinds: no crash, one artifact, diagnostics inside the file.
    @Test func truncatedFilesStayInBounds() throws {
        let parsers: [(String, @Sendable (TextFile) -> ParseResult)] = [
            ("kubernetes", KubernetesParser.parse), ("chart", HelmParser.parseChart), ("values", HelmParser.parseValues),
            ("kustomization", KustomizationParser.parse), ("terraform", TerraformScanner.parse),
        ]
        let kinds: Set<FileKind> = [.helmChart, .helmValues, .kustomization, .terraform, .yamlCandidate]
        var problems: [String] = []
        var runs = 0
        for entry in Corpus.files() where kinds.contains(entry.file.kind) && entry.file.size < 32_768 {
            guard case let .text(text, _) = TextFile.decode(path: entry.file.path, bytes: [UInt8](try Data(contentsOf: entry.url)))
            else { continue }
            let scalars = Array(text.text.unicodeScalars)
            var half = String.UnicodeScalarView()
            half.append(contentsOf: scalars[..<(scalars.count / 2)])
            for variant in [text.text, String(half)] {
                let file = TextFile(path: entry.file.path, text: variant)
                for (name, parse) in parsers {
                    let result = parse(file)
                    runs += 1
                    // libyaml marks a syntax error at end of input one line past the last one.
                    let lastLine = file.lineCount + (name == "terraform" ? 0 : 1)
                    let misplaced = result.diagnostics.contains {
                        $0.location?.path != entry.file.path || ($0.location?.line ?? 1) > lastLine
                    }
                    if result.artifacts.count != 1 || misplaced { problems.append("\(name) on \(entry.repo)/\(entry.file.path)") }
                }
            }
        }
        #expect(runs > 1000)
        #expect(problems.isEmpty, "\(problems.prefix(10))")
    }
}
