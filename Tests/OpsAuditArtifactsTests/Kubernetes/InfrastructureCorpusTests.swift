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
}
