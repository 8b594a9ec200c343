import OpsAuditModel

/// A package-manager command inside a `RUN`: what it installs or removes, and how.
public struct PackageCommand: Hashable, Sendable {
    /// The package managers the container rules know.
    public enum Manager: String, Hashable, Sendable {
        case apt, apk, yum, dnf, pip
    }

    /// Whether the command adds or removes packages.
    public enum Action: Hashable, Sendable {
        case install, remove
    }

    public var manager: Manager
    public var action: Action
    /// The whole command, with its location.
    public var command: ShellCommand
    /// Package names with version pins removed (`gcc=4:12.2` → `gcc`); empty for
    /// `pip install -r requirements.txt`.
    public var packages: [String]
    /// Option words as written (`-y`, `--no-install-recommends`, `--no-cache`, `--virtual`).
    public var options: [String]
    /// `apk add --virtual .build-deps …` / `-t`: the name that removes the whole set later.
    public var virtualName: String?

    public init(manager: Manager, action: Action, command: ShellCommand, packages: [String], options: [String],
                virtualName: String? = nil) {
        self.manager = manager
        self.action = action
        self.command = command
        self.packages = packages
        self.options = options
        self.virtualName = virtualName
    }

    /// Reads a command's words; nil when it is not an install or removal by a known manager.
    /// `apt-get -y install x`, `apk --no-cache add x`, `python3 -m pip install x`, `sudo dnf install x`.
    public init?(_ command: ShellCommand) {
        let words = command.effectiveWords
        guard let first = words.first else { return nil }
        let tool = first.split(separator: "/").last.map(String.init) ?? first
        let manager: Manager
        let valued: Set<String>
        switch tool {
        case "apt-get", "apt":
            manager = .apt
            valued = ["-o", "-c", "-t", "--target-release", "--option"]
        case "apk":
            manager = .apk
            valued = ["-t", "--virtual", "-X", "--repository", "-p", "--root", "--arch", "--keys-dir", "--repositories-file"]
        case "yum", "microdnf":
            manager = tool == "yum" ? .yum : .dnf
            valued = ["--setopt", "--enablerepo", "--disablerepo", "--installroot", "--releasever", "-c", "--config"]
        case "dnf":
            manager = .dnf
            valued = ["--setopt", "--enablerepo", "--disablerepo", "--installroot", "--releasever", "-c", "--config"]
        case "pip", "pip3":
            manager = .pip
            valued = ["-r", "--requirement", "-c", "--constraint", "-i", "--index-url", "--extra-index-url", "-t",
                      "--target", "--prefix", "--root", "-f", "--find-links", "--cache-dir", "--src", "--platform",
                      "--python-version", "--trusted-host", "--progress-bar", "-e", "--editable"]
        default:
            return nil
        }
        var options: [String] = []
        var positional: [String] = []
        var virtualName: String?
        var index = 1
        while index < words.count {
            let word = words[index]
            if word.hasPrefix("-"), word != "-" {
                options.append(word)
                if valued.contains(word), index + 1 < words.count {
                    index += 1
                    options.append(words[index])
                    if manager == .apk, word == "-t" || word == "--virtual" { virtualName = words[index] }
                } else if manager == .apk, word.hasPrefix("--virtual=") {
                    virtualName = String(word.dropFirst("--virtual=".count))
                }
            } else {
                positional.append(word)
            }
            index += 1
        }
        guard let verb = positional.first else { return nil }
        let action: Action
        switch (manager, verb) {
        case (.apt, "install"), (.apk, "add"), (.yum, "install"), (.dnf, "install"), (.pip, "install"):
            action = .install
        case (.apt, "remove"), (.apt, "purge"), (.apk, "del"), (.yum, "remove"), (.yum, "erase"), (.dnf, "remove"),
             (.pip, "uninstall"):
            action = .remove
        default:
            return nil
        }
        var packages = Array(positional.dropFirst())
        if manager == .apk, action == .install, let name = virtualName {
            packages.removeAll { $0 == name }
        }
        packages = packages.map { package in
            // `gcc=4:12.2`, `musl-dev=1.2-r0`, `flask==3.0`, `requests>=2`, `uvicorn[standard]`.
            let cut = package.firstIndex { "=<>~![;".contains($0) } ?? package.endIndex
            return String(package[..<cut])
        }.filter { !$0.isEmpty }
        self.init(manager: manager, action: action, command: command, packages: packages, options: options,
                  virtualName: virtualName)
    }

    /// True when one of `names` is among the options (`--no-cache`, `--no-install-recommends`).
    public func hasOption(_ names: String...) -> Bool {
        options.contains { option in names.contains { option == $0 || option.hasPrefix($0 + "=") } }
    }
}

extension DockerInstruction {
    /// The package installs and removals of a `RUN`, in order.
    public var packageCommands: [PackageCommand] {
        guard keyword == "RUN" else { return [] }
        return commands.compactMap(PackageCommand.init)
    }

    /// The `--mount=type=cache` targets of a `RUN` (`/var/cache/apt`, `/root/.cache/pip`): caches
    /// that never end up in the image.
    public var cacheMountTargets: [String] {
        flags.filter { $0.name == "mount" }.compactMap { flag in
            var isCache = false
            var target: String?
            for part in flag.value.split(separator: ",") {
                let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
                guard let key = pair.first else { continue }
                let value = pair.count > 1 ? pair[1] : ""
                if key == "type", value == "cache" { isCache = true }
                if ["target", "dst", "destination"].contains(key) { target = value }
            }
            return isCache ? target : nil
        }
    }

    /// The source words of a `COPY`/`ADD` (every word but the destination), heredoc sources
    /// (`COPY <<EOF /etc/x`) left out.
    public var copySources: [Located<String>] {
        guard keyword == "COPY" || keyword == "ADD", words.count >= 2 else { return [] }
        return words.dropLast().filter { !$0.value.hasPrefix("<<") }
    }

    /// The destination of a `COPY`/`ADD`.
    public var copyDestination: Located<String>? {
        guard keyword == "COPY" || keyword == "ADD", words.count >= 2 else { return nil }
        return words.last
    }

    /// A `COPY`/`ADD` from the build context (no `--from=`) whose source is the whole context:
    /// `.`, `./`, `*`, `/`, `./*`. Returns that source.
    public var wholeContextSource: Located<String>? {
        guard flag("from") == nil else { return nil }
        return copySources.first { ["." , "./", "*", "/", "./*", ".*"].contains($0.value) }
    }
}

extension ShellCommand {
    /// The ecosystem whose dependencies the command installs from a manifest, or nil:
    /// `npm ci`, `yarn`, `pnpm install`, `pip install -r requirements.txt`, `poetry install`,
    /// `pipenv install`, `uv sync`, `bundle install`, `go mod download`, `composer install`,
    /// `mix deps.get`, `cargo fetch`. Installing the project itself (`pip install .`) and named
    /// packages (`npm install -g pm2`) are not dependency installs.
    public var dependencyInstall: String? {
        let words = effectiveWords
        guard let first = words.first else { return nil }
        let tool = first.split(separator: "/").last.map(String.init) ?? first
        let args = words.dropFirst().filter { !$0.hasPrefix("-") }
        let sub = args.first
        switch tool {
        case "npm":
            if sub == "ci" || sub == "clean-install" { return "npm" }
            if ["install", "i", "add"].contains(sub ?? ""), args.count == 1, !words.contains("-g"), !words.contains("--global") { return "npm" }
        case "yarn":
            if sub == nil || sub == "install" { return "yarn" }
        case "pnpm", "bun":
            if ["install", "i"].contains(sub ?? ""), args.count == 1 { return tool }
        case "pip", "pip3":
            if sub == "install", words.contains("-r") || words.contains("--requirement") || words.contains(where: { $0.hasPrefix("--requirement=") }) { return "pip" }
        case "poetry", "pipenv":
            if sub == "install" || (tool == "pipenv" && sub == "sync") { return tool }
        case "uv":
            if sub == "sync" { return "uv" }
            if sub == "pip", words.contains("-r") { return "uv" }
        case "bundle":
            if sub == nil || sub == "install" { return "bundler" }
        case "go":
            if sub == "mod", args.dropFirst().first == "download" { return "go" }
        case "composer":
            if sub == "install" { return "composer" }
        case "mix":
            if sub == "deps.get" { return "mix" }
        case "cargo":
            if sub == "fetch" { return "cargo" }
        default:
            break
        }
        return nil
    }
}

extension Dockerfile {
    /// The `ENTRYPOINT` and `CMD` the image of `stage` starts with, as far as this file says:
    /// the nearest in the stage's lineage. An `ENTRYPOINT` resets a `CMD` inherited from a parent
    /// stage (Docker's rule), not one set in its own stage. Nil when the file leaves it to the
    /// base image.
    public func startCommand(of stage: DockerStage) -> (entrypoint: DockerInstruction?, cmd: DockerInstruction?) {
        var entrypoint: DockerInstruction?
        var cmd: DockerInstruction?
        var entrypointSeen = false
        for ancestor in lineage(of: stage) {
            let ownEntrypoint = ancestor.instructions("ENTRYPOINT").last
            let ownCmd = ancestor.instructions("CMD").last
            if cmd == nil, !entrypointSeen, let ownCmd { cmd = ownCmd }
            if entrypoint == nil, let ownEntrypoint { entrypoint = ownEntrypoint }
            if ownEntrypoint != nil { entrypointSeen = true }
            if entrypoint != nil, cmd != nil { break }
        }
        return (entrypoint, cmd)
    }
}

extension DockerArgument {
    /// A secret-named variable with a literal, non-placeholder value, or a credential-shaped value
    /// (the dotenv heuristics of `EnvEntry.looksSecret`, reused). A bare `ARG TOKEN` is not.
    public var looksSecret: Bool {
        // `ENV KEY="$KEY"` passes a build argument on: the Dockerfile holds no literal.
        guard let value, !value.hasPrefix("$") else { return false }
        return EnvEntry(key: name, value: value, isQuoted: false, isExported: false).looksSecret
    }
}

extension DockerInstruction {
    /// `COPY`/`ADD` sources that name credential files: `.env` files (templates excluded),
    /// private keys (`id_rsa`, `server.key`-style names, `*.pem` other than CA and certificate bundles),
    /// keystores (`*.p12`, `*.pfx`), `.netrc`, `.pgpass`, `credentials*` and service-account keys.
    public var secretFileSources: [Located<String>] {
        guard flag("from") == nil else { return [] }
        return copySources.filter { Self.namesSecretFile($0.value) }
    }

    static func namesSecretFile(_ source: String) -> Bool {
        let name = (source.split(separator: "/").last.map(String.init) ?? source).lowercased()
        if name == ".env" { return true }
        if name.hasPrefix(".env.") {
            let templates = ["example", "sample", "template", "dist", "defaults", "schema", "test", "ci"]
            return !name.dropFirst(5).split(separator: ".").contains { templates.contains(String($0)) }
        }
        if ["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", ".netrc", "_netrc", ".pgpass", "credentials", "credentials.json",
            ".git-credentials", ".htpasswd"].contains(name) { return true }
        if name.hasPrefix("service-account") || name.hasPrefix("serviceaccount"), name.hasSuffix(".json") { return true }
        if name.hasSuffix(".p12") || name.hasSuffix(".pfx") || name.hasSuffix(".jks") || name.hasSuffix(".keystore") { return true }
        let stem = name.split(separator: ".").first.map(String.init) ?? name
        if name.hasSuffix(".key") {
            // `.key` is also the usual name of public GPG keys (`jenkins.io-2026.key`, `nodesource.gpg.key`).
            let privateMarkers = ["priv", "server", "tls", "ssl", "client", "secret", "signing"]
            return stem == "key" || privateMarkers.contains(where: stem.contains)
        }
        if name.hasSuffix(".pem") {
            // CA bundles and certificates are public (`rds-ca-bundle.pem`, `cert.pem`, `fullchain.pem`).
            let publicMarkers = ["ca", "cert", "chain", "bundle", "pub", "root"]
            let parts = stem.split(whereSeparator: { $0 == "-" || $0 == "_" }).map(String.init)
            return !parts.contains { part in publicMarkers.contains { part.hasPrefix($0) } }
        }
        return false
    }
}
