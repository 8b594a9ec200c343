import OpsAuditModel

/// A package manifest whose ecosystem pins versions in a lockfile, and the lockfile found for it.
public struct ManifestLock: Sendable {
    public var manifest: RepoFile
    /// The lockfile beside the manifest or in a parent directory (workspaces), nil when none.
    public var lockfile: RepoFile?
    /// The lockfile names that would pin it (`package-lock.json`, `yarn.lock`…).
    public var expected: [String]
}

/// A CI command that installs dependencies without holding them to the lockfile.
public struct UnfrozenInstall: Sendable {
    public var command: CICommand
    /// What to run instead (`npm ci`, `yarn install --frozen-lockfile`…).
    public var instead: String
    /// False when the verdict depends on something the model cannot see (a requirements file
    /// not in the repository, Bundler settings made outside the workflow).
    public var isCertain: Bool
}

extension RepoModel {
    /// Lockfile names per manifest kind; `lookUp` lets workspaces keep one lockfile at their root.
    static let lockfileConventions: [FileKind: (names: [String], lookUp: Bool)] = [
        .packageJSON: (["package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lock", "bun.lockb"], true),
        .pipfile: (["Pipfile.lock"], false),
        .gemfile: (["Gemfile.lock", "gems.locked"], false),
        .composerJSON: (["composer.lock"], false),
        .cargoToml: (["Cargo.lock"], true),
        .goMod: (["go.sum"], false),
        .mixExs: (["mix.lock"], true),
    ]

    /// Every manifest with dependencies whose ecosystem has a lockfile convention, in path order.
    /// pyproject.toml is left out: whether it needs `poetry.lock`, `uv.lock` or nothing depends
    /// on a tool the manifest model does not record.
    public var manifestLocks: [ManifestLock] {
        let declaring = Set(manifests.filter { !$0.dependencies.isEmpty }.map(\.path))
        let byPath = Dictionary(files.map { ($0.path.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        return files.compactMap { file -> ManifestLock? in
            guard let convention = Self.lockfileConventions[file.kind], declaring.contains(file.path),
                  !file.path.split(separator: "/").contains(where: { ["node_modules", "vendor", "fixtures", "testdata", "examples"].contains($0) })
            else { return nil }
            var directory: String? = file.directory
            while let current = directory {
                for name in convention.names {
                    let candidate = (current.isEmpty ? name : current + "/" + name).lowercased()
                    if let lockfile = byPath[candidate] { return ManifestLock(manifest: file, lockfile: lockfile, expected: convention.names) }
                }
                guard convention.lookUp, !current.isEmpty else { break }
                directory = current.lastIndex(of: "/").map { String(current[..<$0]) } ?? ""
            }
            return ManifestLock(manifest: file, lockfile: nil, expected: convention.names)
        }
    }

    /// CI commands that install dependencies without holding them to the lockfile.
    public var unfrozenInstalls: [UnfrozenInstall] {
        let yarnBerry = files.contains { $0.name == ".yarnrc.yml" }
        let requirements = Dictionary(manifests.filter { $0.ecosystem == .python }.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        let bundlerFrozen = Set(workflows.flatMap { workflow in
            workflow.jobs.filter { job in
                (workflow.envKeys + job.envKeys).contains { ["BUNDLE_FROZEN", "BUNDLE_DEPLOYMENT"].contains($0.value) }
            }.map { "\(workflow.path)#\($0.id.value)" }
        })
        return ciCommands.compactMap { command in
            Self.unfrozen(command, yarnBerry: yarnBerry, requirements: requirements,
                          bundlerFrozen: bundlerFrozen.contains("\(command.path)#\(command.job)"))
        }
    }

    static func unfrozen(_ command: CICommand, yarnBerry: Bool, requirements: [String: PackageManifest], bundlerFrozen: Bool) -> UnfrozenInstall? {
        let words = command.command.effectiveWords
        guard let first = words.first else { return nil }
        let tool = CommandClassifier.basename(first)
        let args = Array(words.dropFirst())
        let sub = args.first { !$0.hasPrefix("-") }
        // Operands after the subcommand name packages: adding a tool is not installing the project.
        let operands = args.filter { !$0.hasPrefix("-") }.dropFirst()
        let has = { (flags: [String]) in args.contains { word in flags.contains { word == $0 || word.hasPrefix($0 + "=") } } }
        func result(_ instead: String, certain: Bool = true) -> UnfrozenInstall {
            UnfrozenInstall(command: command, instead: instead, isCertain: certain)
        }
        switch tool {
        case "npm":
            // `--package-lock-only` writes a lockfile (for an audit) without installing anything.
            guard sub == "install" || sub == "i" || sub == "isntall", operands.isEmpty,
                  !has(["-g", "--global", "--package-lock-only", "--dry-run"]) else { return nil }
            return result("npm ci")
        case "yarn":
            guard sub == nil || sub == "install", operands.isEmpty, !yarnBerry,
                  !has(["--frozen-lockfile", "--immutable"]) else { return nil }
            return result("yarn install --frozen-lockfile")
        case "pnpm":
            // pnpm freezes the lockfile by default when it detects CI.
            guard sub == "install" || sub == "i", has(["--no-frozen-lockfile"]) else { return nil }
            return result("pnpm install --frozen-lockfile")
        case "bun":
            guard sub == "install" || sub == "i", operands.isEmpty, !has(["--frozen-lockfile"]) else { return nil }
            return result("bun install --frozen-lockfile")
        case "pip", "pip3":
            guard sub == "install", !has(["--require-hashes", "-c", "--constraint"]),
                  let flag = args.firstIndex(where: { $0 == "-r" || $0 == "--requirement" }), flag + 1 < args.count else { return nil }
            let path = normalize(args[flag + 1])
            // A file where every requirement is `==`-pinned is a lock (pip-compile's output).
            guard let manifest = requirements[path] else { return nil }
            let unpinned = manifest.dependencies.contains { !($0.version?.hasPrefix("==") ?? false) }
            return unpinned ? result("a lock (`pip-compile --generate-hashes`, `uv pip sync`) and `pip install --require-hashes -r`") : nil
        case "pipenv":
            guard sub == "install", operands.isEmpty, !has(["--deploy", "--ignore-pipfile"]) else { return nil }
            return result("pipenv sync (or pipenv install --deploy)")
        case "bundle", "bundler":
            guard sub == "install", !bundlerFrozen, !has(["--frozen", "--deployment"]) else { return nil }
            return result("bundle install with `BUNDLE_FROZEN=true` (or `--frozen`)", certain: false)
        case "composer":
            guard sub == "update", operands.isEmpty else { return nil }
            return result("composer install")
        default:
            return nil
        }
    }

    /// `./requirements.txt` → `requirements.txt`.
    static func normalize(_ path: String) -> String {
        var result = Substring(path)
        while result.hasPrefix("./") { result = result.dropFirst(2) }
        return String(result)
    }
}
