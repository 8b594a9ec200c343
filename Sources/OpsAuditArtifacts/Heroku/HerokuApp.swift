import OpsAuditModel

/// A Heroku `app.json` manifest: formation, add-ons, scripts, test setup and env.
public struct HerokuApp: Artifact {
    public var path: String
    public var name: Located<String>?
    public var formation: [HerokuFormation]
    public var addons: [HerokuAddon]
    /// `scripts` entries (`postdeploy`, `pr-predestroy`…): name and command.
    public var scripts: [ManifestScript]
    /// `environments.test.scripts.test`.
    public var testScript: Located<String>?
    public var env: [HerokuEnvVar]
    public var stack: Located<String>?
    public var buildpacks: [Located<String>]

    /// The `postdeploy` script.
    public var postdeploy: ManifestScript? { scripts.first { $0.name.value == "postdeploy" } }
}

/// One process type of `formation`.
public struct HerokuFormation: Sendable {
    public var type: Located<String>
    public var quantity: Located<String>?
    /// Dyno size (`basic`, `standard-1x`…).
    public var size: Located<String>?
}

/// One add-on: `heroku-postgresql:essential-0` or `{ "plan": … }`.
public struct HerokuAddon: Sendable {
    /// The plan as written (`heroku-postgresql:essential-0`).
    public var plan: Located<String>
    /// The service before `:` (`heroku-postgresql`).
    public var service: String { plan.value.split(separator: ":", maxSplits: 1).first.map(String.init) ?? plan.value }
    /// The tier after `:`, when given.
    public var tier: String? {
        let parts = plan.value.split(separator: ":", maxSplits: 1)
        return parts.count == 2 ? String(parts[1]) : nil
    }
    /// Add-on services that are databases (not Redis, Memcached or other caches).
    public var isDatabase: Bool {
        let service = service.lowercased()
        return ["heroku-postgresql", "jawsdb", "jawsdb-maria", "cleardb", "mongolab", "mongohq", "objectrocket",
                "cockroachdb", "crunchy", "timescale"].contains { service == $0 || service.hasPrefix($0 + "-") }
    }
}

/// One `env` entry of app.json.
public struct HerokuEnvVar: Sendable {
    public var key: Located<String>
    public var value: Located<String>?
    public var required: Bool?
    /// `secret` generates a random value.
    public var generator: Located<String>?
    public var description: String?
}

/// The build and run sections of `heroku.yml` (container stack).
public struct HerokuYAML: Artifact {
    public var path: String
    /// `build.docker`: process type → Dockerfile path.
    public var dockerBuilds: [(process: Located<String>, dockerfile: Located<String>)]
    /// `release.command` items, and its `image`.
    public var releaseCommands: [Located<String>]
    public var releaseImage: Located<String>?
    /// `run`: process type → command (a string, or a `command` list joined by spaces).
    public var run: [(process: Located<String>, command: Located<String>?)]
    /// `setup.addons[].plan`.
    public var addons: [Located<String>]
}

/// Reads `app.json` and `heroku.yml`.
public enum HerokuParser {
    public static func parseAppJSON(_ file: TextFile) -> ParseResult {
        let root: JSONNode
        switch JSONNode.parse(file) {
        case let .success(node): root = node
        case let .failure(diagnostic): return ParseResult(diagnostics: [diagnostic])
        }
        guard root.isTable else {
            return ParseResult(diagnostics: [Diagnostic(.parse, "app.json is not an object", at: file.location(line: 1))])
        }
        let formation = (root["formation"]?.children ?? []).map { key, node in
            HerokuFormation(type: Located(key, at: node.location), quantity: node["quantity"]?.locatedText,
                            size: node["size"]?.locatedText)
        }
        let addons = (root["addons"]?.elements ?? []).compactMap { node -> HerokuAddon? in
            (node.locatedText ?? node["plan"]?.locatedText).map { HerokuAddon(plan: $0) }
        }
        let scripts = (root["scripts"]?.children ?? []).compactMap { key, node -> ManifestScript? in
            guard let command = node.locatedText else { return nil }
            return ManifestScript(name: Located(key, at: node.location), command: command)
        }
        let env = (root["env"]?.children ?? []).map { key, node in
            node.isTable
                ? HerokuEnvVar(key: Located(key, at: node.location), value: node["value"]?.locatedText,
                               required: node["required"]?.text.map { $0 == "true" },
                               generator: node["generator"]?.locatedText, description: node["description"]?.text)
                : HerokuEnvVar(key: Located(key, at: node.location), value: node.locatedText, required: nil,
                               generator: nil, description: nil)
        }
        return ParseResult(HerokuApp(
            path: file.path, name: root["name"]?.locatedText, formation: formation, addons: addons, scripts: scripts,
            testScript: root["environments"]?["test"]?["scripts"]?["test"]?.locatedText, env: env,
            stack: root["stack"]?.locatedText,
            buildpacks: (root["buildpacks"]?.elements ?? []).compactMap { $0["url"]?.locatedText ?? $0.locatedText }))
    }

    public static func parseHerokuYAML(_ file: TextFile) -> ParseResult {
        let (documents, diagnostics) = YAMLLoader.load(file)
        guard let root = documents.first, root.isMapping else {
            let extra = documents.first.map { [Diagnostic(.parse, "heroku.yml is not a YAML mapping", at: $0.location)] } ?? []
            return ParseResult(diagnostics: diagnostics + extra)
        }
        let builds = (root["build"]?["docker"]?.pairs ?? []).compactMap { pair -> (Located<String>, Located<String>)? in
            guard let process = pair.key.located, let dockerfile = pair.value.located ?? pair.value["dockerfile"]?.located
            else { return nil }
            return (process, dockerfile)
        }
        let release = root["release"]
        let run = (root["run"]?.pairs ?? []).compactMap { pair -> (Located<String>, Located<String>?)? in
            guard let process = pair.key.located else { return nil }
            if let command = pair.value.located { return (process, command) }
            let command = pair.value["command"].map { Located($0.stringList.map(\.value).joined(separator: " "), at: $0.location) }
            return (process, command)
        }
        return ParseResult(HerokuYAML(
            path: file.path, dockerBuilds: builds, releaseCommands: release?["command"]?.stringList ?? [],
            releaseImage: release?["image"]?.located, run: run,
            addons: (root["setup"]?["addons"]?.items ?? []).compactMap { $0["plan"]?.located ?? $0.located }),
            diagnostics: diagnostics)
    }
}

extension RepoModel {
    /// Every parsed Heroku `app.json`, in path order.
    public var herokuApps: [HerokuApp] { artifacts(HerokuApp.self) }
    /// Every parsed `heroku.yml`, in path order.
    public var herokuYAMLs: [HerokuYAML] { artifacts(HerokuYAML.self) }

    /// Database add-ons of app.json and heroku.yml.
    var herokuDatabaseEvidence: [Evidence] {
        let plans = herokuApps.flatMap(\.addons) + herokuYAMLs.flatMap(\.addons).map { HerokuAddon(plan: $0) }
        return plans.filter(\.isDatabase).map { Evidence("Heroku add-on `\($0.plan.value)`", at: $0.plan.location) }
    }
}
