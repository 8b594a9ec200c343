import OpsAuditModel

/// A language ecosystem, as package registries divide them.
public enum Ecosystem: String, Codable, Sendable, CaseIterable {
    case npm, python, go, ruby, rust, php, java, dotnet, elixir
}

/// A package manifest (package.json, pyproject.toml, go.mod, Gemfile…): declared dependencies
/// and scripts.
public struct PackageManifest: Artifact {
    public var path: String
    public var ecosystem: Ecosystem
    /// The package's own name, when the manifest declares one.
    public var name: String?
    public var dependencies: [Dependency]
    /// npm and composer `scripts`, in file order.
    public var scripts: [ManifestScript]

    public init(path: String, ecosystem: Ecosystem, name: String?, dependencies: [Dependency], scripts: [ManifestScript] = []) {
        self.path = path
        self.ecosystem = ecosystem
        self.name = name
        self.dependencies = dependencies
        self.scripts = scripts
    }

    /// The script called `name` (`test`, `start`…), if declared.
    public func script(_ name: String) -> ManifestScript? { scripts.first { $0.name.value == name } }
}

/// One declared dependency of a manifest.
public struct Dependency: Hashable, Sendable {
    /// Name as registries compare it: lowercased for npm; lowercased with runs of `-`, `_`, `.`
    /// folded to `-` for Python (PEP 503); as written elsewhere.
    public var name: String
    /// The version constraint as written (`^1.2.0`, `>=2,<3`, `v1.9.0`), nil when none.
    public var version: String?
    public var location: Location
    /// Development, test or lint only (devDependencies, require-dev, dev groups…).
    public var isDev: Bool
    public var ecosystem: Ecosystem

    public init(name: String, version: String?, location: Location, isDev: Bool, ecosystem: Ecosystem) {
        self.name = Dependency.normalize(name, ecosystem: ecosystem)
        self.version = version
        self.location = location
        self.isDev = isDev
        self.ecosystem = ecosystem
    }

    /// The comparable form of a package name in `ecosystem` (see `name`).
    public static func normalize(_ name: String, ecosystem: Ecosystem) -> String {
        switch ecosystem {
        case .npm: return name.lowercased()
        case .python:
            var result = ""
            var lastWasSeparator = false
            for character in name.lowercased() {
                if character == "-" || character == "_" || character == "." {
                    if !lastWasSeparator { result.append("-") }
                    lastWasSeparator = true
                } else {
                    result.append(character)
                    lastWasSeparator = false
                }
            }
            return result
        default: return name
        }
    }
}

/// A named script of a manifest (`"test": "jest"` in package.json).
public struct ManifestScript: Hashable, Sendable {
    public var name: Located<String>
    public var command: Located<String>

    public init(name: Located<String>, command: Located<String>) {
        self.name = name
        self.command = command
    }
}

extension RepoModel {
    /// Every parsed package manifest, in path order.
    public var manifests: [PackageManifest] { artifacts(PackageManifest.self) }

    /// Dependencies of every manifest of `ecosystem` (all ecosystems when nil), in path order.
    public func dependencies(_ ecosystem: Ecosystem? = nil) -> [Dependency] {
        let all = derived("dependencies") { manifests.flatMap(\.dependencies) }
        guard let ecosystem else { return all }
        return all.filter { $0.ecosystem == ecosystem }
    }

    /// The first dependency (in path order) named like one of `names`, with its location.
    /// Names compare in each ecosystem's normal form; a name ending in `*` matches as a prefix
    /// (`@sentry/*`, `opentelemetry-*`).
    public func hasDependency(named names: [String], in ecosystem: Ecosystem? = nil, includingDev: Bool = true) -> Dependency? {
        for dependency in dependencies(ecosystem) where includingDev || !dependency.isDev {
            for name in names {
                if name.hasSuffix("*") {
                    let prefix = Dependency.normalize(String(name.dropLast()), ecosystem: dependency.ecosystem)
                    if dependency.name.hasPrefix(prefix) { return dependency }
                } else if dependency.name == Dependency.normalize(name, ecosystem: dependency.ecosystem) {
                    return dependency
                }
            }
        }
        return nil
    }
}
