import OpsAuditModel

/// A Helm chart's `Chart.yaml`.
public struct HelmChart: Artifact {
    public var path: String
    public var name: Located<String>?
    public var version: Located<String>?
    public var appVersion: Located<String>?
    /// `dependencies` of a Helm 3 chart (a Helm 2 `requirements.yaml` is not read).
    public var dependencies: [HelmDependency]

    public init(path: String, name: Located<String>? = nil, version: Located<String>? = nil,
                appVersion: Located<String>? = nil, dependencies: [HelmDependency] = []) {
        self.path = path
        self.name = name
        self.version = version
        self.appVersion = appVersion
        self.dependencies = dependencies
    }

    /// The chart's directory ("" at the repository root).
    public var directory: String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }
}

/// One chart dependency (`dependencies[]` in `Chart.yaml`).
public struct HelmDependency: Sendable {
    public var name: Located<String>
    public var version: Located<String>?
    public var repository: Located<String>?
    /// `condition`, e.g. `postgresql.enabled`.
    public var condition: Located<String>?

    public init(name: Located<String>, version: Located<String>? = nil, repository: Located<String>? = nil,
                condition: Located<String>? = nil) {
        self.name = name
        self.version = version
        self.repository = repository
        self.condition = condition
    }
}

/// A chart's `values*.yaml`: the raw tree plus the paths readiness rules look at.
public struct HelmValues: Artifact {
    public var path: String
    /// The whole document, for queries the known paths do not cover.
    public var root: YAMLNode?

    public init(path: String, root: YAMLNode?) {
        self.path = path
        self.root = root
    }

    /// The node at a dotted key path (`["image", "tag"]`).
    public func node(_ keys: String...) -> YAMLNode? {
        var node = root
        for key in keys { node = node?[key] }
        return node
    }

    public var imageRepository: Located<String>? { node("image", "repository")?.located }
    public var imageTag: Located<String>? { node("image", "tag")?.located }
    public var replicaCount: Located<String>? { node("replicaCount")?.located }
    /// `resources.limits` / `resources.requests`, when `resources` is a non-empty mapping.
    public var resources: ContainerResources? {
        guard let node = node("resources"), !node.pairs.isEmpty else { return nil }
        return ContainerResources(requests: KubernetesParser.amounts(node["requests"]),
                                  limits: KubernetesParser.amounts(node["limits"]), location: node.location)
    }
    /// Where `livenessProbe` is set to a non-empty mapping.
    public var livenessProbe: Location? { probeLocation("livenessProbe") }
    /// Where `readinessProbe` is set to a non-empty mapping.
    public var readinessProbe: Location? { probeLocation("readinessProbe") }
    /// `postgresql.enabled` (Bitnami-style bundled database).
    public var postgresqlEnabled: Located<Bool>? { KubernetesParser.locatedBool(node("postgresql", "enabled")) }

    func probeLocation(_ key: String) -> Location? {
        guard let value = root?[key], !value.pairs.isEmpty else { return nil }
        return root?.keyLocation(key)
    }
}

/// Parses `Chart.yaml` and `values*.yaml`.
public enum HelmParser {
    public static func parseChart(_ file: TextFile) -> ParseResult {
        let (documents, loadDiagnostics) = YAMLLoader.load(file)
        var diagnostics = loadDiagnostics
        guard let root = documents.first, root.isMapping else {
            if documents.first.map({ !$0.isNull }) ?? loadDiagnostics.isEmpty {
                diagnostics.append(Diagnostic(.parse, "Chart.yaml is not a YAML mapping", at: Location(path: file.path, line: 1)))
            }
            return ParseResult(HelmChart(path: file.path), diagnostics: diagnostics)
        }
        let dependencies = root["dependencies"]?.items.compactMap { node -> HelmDependency? in
            guard let name = node["name"]?.located else { return nil }
            return HelmDependency(name: name, version: node["version"]?.located,
                                  repository: node["repository"]?.located, condition: node["condition"]?.located)
        } ?? []
        return ParseResult(HelmChart(path: file.path, name: root["name"]?.located, version: root["version"]?.located,
                                     appVersion: root["appVersion"]?.located, dependencies: dependencies),
                           diagnostics: diagnostics)
    }

    /// Values files are plain YAML; an empty file is valid (no overrides).
    public static func parseValues(_ file: TextFile) -> ParseResult {
        let (documents, diagnostics) = YAMLLoader.load(file)
        return ParseResult(HelmValues(path: file.path, root: documents.first), diagnostics: diagnostics)
    }
}

extension RepoModel {
    public var helmCharts: [HelmChart] { artifacts(HelmChart.self) }
    public var helmValues: [HelmValues] { artifacts(HelmValues.self) }

    /// One note per chart whose templates were recognised and deliberately not parsed (they are
    /// Go templates, not YAML), rather than one per file.
    public var helmTemplateNotes: [Diagnostic] {
        var countByChart: [String: Int] = [:]
        for file in files(.helmTemplate) {
            let components = file.path.split(separator: "/")
            let chart = components.firstIndex(of: "templates").map { components[..<$0].joined(separator: "/") }
                ?? file.directory
            countByChart[chart, default: 0] += 1
        }
        return countByChart.keys.sorted().map { chart in
            let count = countByChart[chart]!
            let prefix = chart.isEmpty ? "" : chart + "/"
            let chartFile = files(.helmChart).first { $0.path.hasPrefix(prefix) && !$0.path.dropFirst(prefix.count).contains("/") }
            return Diagnostic(.note, "\(count) Helm template\(count == 1 ? "" : "s") not parsed (Go templates)",
                              at: Location(path: chartFile?.path ?? prefix + "Chart.yaml", line: 1))
        }
    }
}
