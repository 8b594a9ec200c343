import OpsAuditModel

/// Parses `package.json` (npm) and `composer.json` (php) manifests.
public enum JSONManifestParser {
    /// Parses a package.json: dependencies, optionalDependencies (runtime), devDependencies,
    /// scripts. Peer dependencies are the consumer's to install, so they are not listed.
    public static func parsePackageJSON(_ file: TextFile) -> ParseResult {
        parse(file, ecosystem: .npm, sections: [
            ("dependencies", false), ("optionalDependencies", false), ("devDependencies", true),
        ], skip: { _ in false })
    }

    /// Parses a composer.json: require, require-dev, scripts. Platform requirements (`php`,
    /// `ext-*`, `lib-*`, `composer-*`) are not packages.
    public static func parseComposerJSON(_ file: TextFile) -> ParseResult {
        parse(file, ecosystem: .php, sections: [("require", false), ("require-dev", true)]) { name in
            let lower = name.lowercased()
            return lower == "php" || lower.hasPrefix("ext-") || lower.hasPrefix("lib-") || lower.hasPrefix("composer-")
                || lower == "hhvm"
        }
    }

    static func parse(
        _ file: TextFile, ecosystem: Ecosystem, sections: [(String, Bool)], skip: (String) -> Bool
    ) -> ParseResult {
        let root: JSONValue
        switch JSONValue.decode(file.text) {
        case let .success(value): root = value
        case let .failure(failure):
            return ParseResult(
                PackageManifest(path: file.path, ecosystem: ecosystem, name: nil, dependencies: []),
                diagnostics: [Diagnostic(.parse, "invalid JSON: \(failure.message)", at: file.location(line: failure.line))])
        }
        guard case .object = root else {
            return ParseResult(
                PackageManifest(path: file.path, ecosystem: ecosystem, name: nil, dependencies: []),
                diagnostics: [Diagnostic(.parse, "manifest is not a JSON object", at: file.location(line: 1))])
        }
        let locator = JSONKeyLocator(file)
        let fallback = file.location(line: 1)
        var dependencies: [Dependency] = []
        for (section, isDev) in sections {
            guard let members = root[section]?.object else { continue }
            for (name, value) in members where !skip(name) {
                let version: String? = value.string ?? value["version"]?.string
                dependencies.append(Dependency(
                    name: name, version: version, location: locator.location(of: [section, name]) ?? fallback,
                    isDev: isDev, ecosystem: ecosystem))
            }
        }
        dependencies.sort { $0.location < $1.location }
        var scripts: [ManifestScript] = []
        for (name, value) in root["scripts"]?.object ?? [:] {
            let nameLocation = locator.location(of: ["scripts", name]) ?? fallback
            let located = Located(name, at: nameLocation)
            if let command = value.string {
                let at = locator.valueLocation(of: ["scripts", name]) ?? nameLocation
                scripts.append(ManifestScript(name: located, command: Located(command, at: at)))
            } else if let commands = value.array {
                for (offset, element) in commands.enumerated() {
                    guard let command = element.string else { continue }
                    let at = locator.valueLocation(of: ["scripts", name, String(offset)]) ?? nameLocation
                    scripts.append(ManifestScript(name: located, command: Located(command, at: at)))
                }
            }
        }
        scripts.sort { ($0.command.location, $0.name.value) < ($1.command.location, $1.name.value) }
        return ParseResult(PackageManifest(
            path: file.path, ecosystem: ecosystem, name: root["name"]?.string, dependencies: dependencies,
            scripts: scripts))
    }
}
