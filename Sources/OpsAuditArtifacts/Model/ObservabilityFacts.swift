import OpsAuditModel

/// A library the repository uses, found as a dependency or as an import in code.
public struct LibraryUse: Sendable {
    /// The dependency or module name as written.
    public var name: String
    /// Where it is declared or imported.
    public var location: Location?
    /// True when found in a package manifest (false: imported by code).
    public var isDependency: Bool

    public init(name: String, location: Location?, isDependency: Bool) {
        self.name = name
        self.location = location
        self.isDependency = isDependency
    }
}

extension RepoModel {
    /// True when there is application code (non-test source other than shell) or a package manifest:
    /// the premise of rules about what the application does.
    public var hasApplicationCode: Bool {
        !manifests.isEmpty || files(.source).contains { !$0.isTestOrExample && $0.language != .shell }
    }

    /// Source files of the application: not tests, examples, load tests or shell scripts.
    public var applicationSourceSignals: [SourceSignals] {
        let byPath = Dictionary(files.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        return sourceSignals.filter { signals in
            signals.language != .shell && signals.loadTestTools.isEmpty && byPath[signals.path]?.isTestOrExample != true
        }
    }

    /// Every runtime dependency named like one of `names` (the matching of `hasDependency(named:)`),
    /// plus every library import recorded by the scanner under one of `modules`.
    public func libraryUses(packages names: [String], modules: Set<String> = []) -> [LibraryUse] {
        var result: [LibraryUse] = []
        for dependency in dependencies() where !dependency.isDev {
            let matched = names.contains { name in
                if name.hasSuffix("*") {
                    return dependency.name.hasPrefix(Dependency.normalize(String(name.dropLast()), ecosystem: dependency.ecosystem))
                }
                return dependency.name == Dependency.normalize(name, ecosystem: dependency.ecosystem)
            }
            if matched { result.append(LibraryUse(name: dependency.name, location: dependency.location, isDependency: true)) }
        }
        guard !modules.isEmpty else { return result }
        for signals in applicationSourceSignals {
            for library in signals.libraries where modules.contains(library.value) {
                result.append(LibraryUse(name: library.value, location: library.location, isDependency: false))
            }
        }
        return result
    }

    /// Environment variable names set in env files, examples and container/deploy env blocks
    /// that configure `matching`, with their locations (env files and examples only: the others
    /// are read through their own models).
    public func envKeys(where matching: (String) -> Bool) -> [Located<String>] {
        artifacts(EnvFile.self).flatMap { file in
            file.entries.filter { matching($0.key.value) }.map(\.key)
        }
    }
}
