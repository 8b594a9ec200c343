import OpsAuditModel

/// A `kustomization.yaml`: what it assembles and how it changes it.
public struct Kustomization: Artifact {
    public var path: String
    public var namespace: Located<String>?
    public var resources: [Located<String>]
    /// `bases` (deprecated, still common).
    public var bases: [Located<String>]
    public var components: [Located<String>]
    /// `patches`, `patchesStrategicMerge` and `patchesJson6902` entries.
    public var patches: [KustomizePatch]
    public var images: [KustomizeImage]
    /// `configMapGenerator[].name`.
    public var configMapGenerators: [Located<String>]
    /// `secretGenerator[].name`.
    public var secretGenerators: [Located<String>]

    public init(path: String, namespace: Located<String>? = nil, resources: [Located<String>] = [],
                bases: [Located<String>] = [], components: [Located<String>] = [], patches: [KustomizePatch] = [],
                images: [KustomizeImage] = [], configMapGenerators: [Located<String>] = [],
                secretGenerators: [Located<String>] = []) {
        self.path = path
        self.namespace = namespace
        self.resources = resources
        self.bases = bases
        self.components = components
        self.patches = patches
        self.images = images
        self.configMapGenerators = configMapGenerators
        self.secretGenerators = secretGenerators
    }
}

/// One patch of a kustomization: a file or an inline patch.
public struct KustomizePatch: Sendable {
    /// The patch file, when it is one.
    public var file: Located<String>?
    /// `target.kind`/`target.name` when given.
    public var targetKind: Located<String>?
    public var targetName: Located<String>?
    public var location: Location

    public init(file: Located<String>? = nil, targetKind: Located<String>? = nil, targetName: Located<String>? = nil,
                location: Location) {
        self.file = file
        self.targetKind = targetKind
        self.targetName = targetName
        self.location = location
    }
}

/// An `images` override.
public struct KustomizeImage: Sendable {
    public var name: Located<String>
    public var newName: Located<String>?
    public var newTag: Located<String>?
    public var digest: Located<String>?

    public init(name: Located<String>, newName: Located<String>? = nil, newTag: Located<String>? = nil, digest: Located<String>? = nil) {
        self.name = name
        self.newName = newName
        self.newTag = newTag
        self.digest = digest
    }
}

/// Parses `kustomization.yaml`.
public enum KustomizationParser {
    public static func parse(_ file: TextFile) -> ParseResult {
        let (documents, loadDiagnostics) = YAMLLoader.load(file)
        var diagnostics = loadDiagnostics
        guard let root = documents.first, root.isMapping else {
            if let first = documents.first, !first.isNull {
                diagnostics.append(Diagnostic(.parse, "kustomization is not a YAML mapping", at: first.location))
            }
            return ParseResult(Kustomization(path: file.path), diagnostics: diagnostics)
        }
        func list(_ key: String) -> [Located<String>] { root[key]?.items.compactMap(\.located) ?? [] }
        var patches: [KustomizePatch] = []
        for key in ["patches", "patchesJson6902", "patchesStrategicMerge"] {
            for node in root[key]?.items ?? [] {
                if key == "patchesStrategicMerge", let text = node.string {
                    // A file path, or an inline patch written as a block scalar.
                    let isFile = !text.contains("\n")
                    patches.append(KustomizePatch(file: isFile ? node.located : nil, location: node.location))
                    continue
                }
                let target = node["target"]
                patches.append(KustomizePatch(file: node["path"]?.located, targetKind: target?["kind"]?.located,
                                              targetName: target?["name"]?.located, location: node.location))
            }
        }
        let images = root["images"]?.items.compactMap { node -> KustomizeImage? in
            guard let name = node["name"]?.located else { return nil }
            return KustomizeImage(name: name, newName: node["newName"]?.located, newTag: node["newTag"]?.located,
                                  digest: node["digest"]?.located)
        } ?? []
        return ParseResult(Kustomization(
            path: file.path, namespace: root["namespace"]?.located, resources: list("resources"), bases: list("bases"),
            components: list("components"), patches: patches, images: images,
            configMapGenerators: root["configMapGenerator"]?.items.compactMap { $0["name"]?.located } ?? [],
            secretGenerators: root["secretGenerator"]?.items.compactMap { $0["name"]?.located } ?? []),
            diagnostics: diagnostics)
    }
}

extension RepoModel {
    public var kustomizations: [Kustomization] { artifacts(Kustomization.self) }
}
