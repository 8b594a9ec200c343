import Foundation
import OpsAuditModel

/// A Dependabot (`.github/dependabot.yml`) or Renovate (`renovate.json`…) configuration: which
/// package ecosystems get automated update pull requests.
public struct DependencyUpdateConfig: Artifact {
    /// The bot that reads the file.
    public enum Tool: String, Sendable {
        case dependabot, renovate
    }

    public var path: String
    public var tool: Tool
    /// Dependabot `updates:` entries (empty for Renovate).
    public var updates: [DependabotUpdate]
    /// Renovate `enabledManagers` when set; nil means every manager Renovate knows.
    public var enabledManagers: [Located<String>]?
    /// Renovate `"enabled": false` turns the bot off for the repository.
    public var isEnabled: Bool
    /// Renovate `vulnerabilityAlerts` or `osvVulnerabilityAlerts` written in the file.
    public var vulnerabilityAlerts: Location?
    /// Where the list of covered ecosystems is (Dependabot `updates:`, Renovate
    /// `enabledManagers`), else the file's first line: where a missing ecosystem belongs.
    public var listLocation: Location

    /// Dependabot entries for `ecosystem`.
    public func updates(for ecosystem: UpdateEcosystem) -> [DependabotUpdate] {
        updates.filter { ecosystem.dependabotNames.contains($0.ecosystem.value.lowercased()) }
    }

    /// Where version updates for a repository ecosystem is configured, nil when it is not covered.
    /// Renovate without `enabledManagers` covers every ecosystem (located at the file's start).
    public func coverage(of ecosystem: UpdateEcosystem) -> Location? {
        switch tool {
        case .dependabot:
            return updates(for: ecosystem).first { !$0.isSecurityOnly }?.ecosystem.location
        case .renovate:
            guard isEnabled else { return nil }
            guard let enabledManagers else { return Location(path: path, line: 1) }
            return enabledManagers.first { ecosystem.renovateManagers.contains($0.value) }?.location
        }
    }
}

/// One Dependabot `updates:` entry.
public struct DependabotUpdate: Sendable {
    /// `package-ecosystem:` (`npm`, `pip`, `github-actions`…).
    public var ecosystem: Located<String>
    /// `directory:` or `directories:`.
    public var directories: [Located<String>]
    /// `open-pull-requests-limit:`; `0` keeps security updates only.
    public var openPullRequestsLimit: Located<String>?

    /// `open-pull-requests-limit: 0`: Dependabot opens security updates only, no version updates.
    public var isSecurityOnly: Bool {
        openPullRequestsLimit?.value.trimmingCharacters(in: .whitespaces) == "0"
    }

    public init(ecosystem: Located<String>, directories: [Located<String>], openPullRequestsLimit: Located<String>?) {
        self.ecosystem = ecosystem
        self.directories = directories
        self.openPullRequestsLimit = openPullRequestsLimit
    }
}

/// An ecosystem whose dependencies an update bot can keep current, named as Dependabot's
/// `package-ecosystem` names it.
public struct UpdateEcosystem: Hashable, Sendable, Comparable {
    public var name: String
    /// Other Dependabot names that cover it (`uv` for Python, `bun` for npm).
    public var dependabotNames: Set<String>
    /// Renovate managers that cover it.
    public var renovateManagers: Set<String>

    public static func < (a: UpdateEcosystem, b: UpdateEcosystem) -> Bool { a.name < b.name }

    public static let npm = UpdateEcosystem(name: "npm", dependabotNames: ["npm", "bun"], renovateManagers: ["npm", "bun"])
    public static let pip = UpdateEcosystem(
        name: "pip", dependabotNames: ["pip", "uv"],
        renovateManagers: ["pip_requirements", "pip-compile", "pep621", "poetry", "pipenv", "setup-cfg", "pip_setup", "pixi"])
    public static let gomod = UpdateEcosystem(name: "gomod", dependabotNames: ["gomod"], renovateManagers: ["gomod"])
    public static let bundler = UpdateEcosystem(name: "bundler", dependabotNames: ["bundler"], renovateManagers: ["bundler"])
    public static let cargo = UpdateEcosystem(name: "cargo", dependabotNames: ["cargo"], renovateManagers: ["cargo"])
    public static let composer = UpdateEcosystem(name: "composer", dependabotNames: ["composer"], renovateManagers: ["composer"])
    public static let maven = UpdateEcosystem(name: "maven", dependabotNames: ["maven"], renovateManagers: ["maven", "maven-wrapper"])
    public static let gradle = UpdateEcosystem(name: "gradle", dependabotNames: ["gradle"], renovateManagers: ["gradle", "gradle-wrapper"])
    public static let nuget = UpdateEcosystem(name: "nuget", dependabotNames: ["nuget"], renovateManagers: ["nuget"])
    public static let mix = UpdateEcosystem(name: "mix", dependabotNames: ["mix"], renovateManagers: ["mix"])
    public static let githubActions = UpdateEcosystem(
        name: "github-actions", dependabotNames: ["github-actions"], renovateManagers: ["github-actions"])

    /// The ecosystem a manifest kind belongs to.
    public static func of(_ kind: FileKind) -> UpdateEcosystem? {
        switch kind {
        case .packageJSON: .npm
        case .requirementsTxt, .pyproject, .pipfile: .pip
        case .goMod: .gomod
        case .gemfile: .bundler
        case .cargoToml: .cargo
        case .composerJSON: .composer
        case .pomXML: .maven
        case .gradle: .gradle
        case .csproj: .nuget
        case .mixExs: .mix
        default: nil
        }
    }
}

extension RepoModel {
    /// Every Dependabot and Renovate configuration, in path order.
    public var dependencyUpdateConfigs: [DependencyUpdateConfig] { artifacts(DependencyUpdateConfig.self) }

    /// The ecosystems whose dependencies this repository declares, each with the first file
    /// that shows it: package manifests, and GitHub workflows that use actions from other
    /// repositories (`github-actions`).
    public var updateEcosystems: [(ecosystem: UpdateEcosystem, file: RepoFile)] {
        var seen: [UpdateEcosystem: RepoFile] = [:]
        for file in files {
            guard let ecosystem = UpdateEcosystem.of(file.kind), seen[ecosystem] == nil else { continue }
            // Vendored and fixture manifests are not the project's dependencies.
            if file.path.split(separator: "/").contains(where: { ["node_modules", "vendor", "fixtures", "testdata", "examples", "third_party"].contains($0) }) { continue }
            seen[ecosystem] = file
        }
        if let workflow = workflows.first(where: { $0.jobs.contains { job in
            job.uses.map { !$0.value.hasPrefix("./") } ?? false || job.steps.contains { $0.uses.map { $0.value.kind == .remote } ?? false }
        } }), let file = files.first(where: { $0.path == workflow.path }) {
            seen[.githubActions] = file
        }
        return seen.map { ($0.key, $0.value) }.sorted { $0.ecosystem < $1.ecosystem }
    }
}

/// Builds `DependencyUpdateConfig` artifacts from Dependabot YAML and Renovate JSON.
public enum DependencyUpdateConfigParser {
    /// Parses `.github/dependabot.yml`.
    public static func parseDependabot(_ file: TextFile) -> ParseResult {
        let (documents, diagnostics) = YAMLLoader.load(file)
        guard let root = documents.first, root.isMapping else {
            return ParseResult(diagnostics: diagnostics + (documents.isEmpty ? [] : [Diagnostic(
                .parse, "dependabot configuration is not a YAML mapping", at: file.location(line: 1))]))
        }
        let updates = (root["updates"]?.items ?? []).compactMap { entry -> DependabotUpdate? in
            guard let ecosystem = entry["package-ecosystem"]?.located else { return nil }
            let directories = (entry["directory"]?.located).map { [$0] } ?? entry["directories"]?.stringList ?? []
            return DependabotUpdate(ecosystem: ecosystem, directories: directories,
                                    openPullRequestsLimit: entry["open-pull-requests-limit"]?.located)
        }
        return ParseResult(
            DependencyUpdateConfig(path: file.path, tool: .dependabot, updates: updates, enabledManagers: nil,
                                   isEnabled: true, vulnerabilityAlerts: nil,
                                   listLocation: root.keyLocation("updates") ?? file.location(line: 1)),
            diagnostics: diagnostics)
    }

    /// Parses a Renovate config. JSON5 (comments, trailing commas) is read as covering every
    /// ecosystem when strict JSON cannot decode it: Renovate's default.
    public static func parseRenovate(_ file: TextFile) -> ParseResult {
        var config = DependencyUpdateConfig(path: file.path, tool: .renovate, updates: [], enabledManagers: nil,
                                            isEnabled: true, vulnerabilityAlerts: nil, listLocation: file.location(line: 1))
        let root: JSONValue
        switch JSONValue.decode(file.text) {
        case let .success(value): root = value
        case let .failure(failure):
            if file.path.lowercased().hasSuffix(".json5") { return ParseResult(config) }
            return ParseResult(config, diagnostics: [Diagnostic(
                .parse, "invalid JSON: \(failure.message)", at: file.location(line: failure.line))])
        }
        let locator = JSONKeyLocator(file)
        let start = file.location(line: 1)
        if case .bool(false)? = root["enabled"] { config.isEnabled = false }
        if let managers = root["enabledManagers"]?.array {
            config.enabledManagers = managers.enumerated().compactMap { offset, value in
                value.string.map { Located($0, at: locator.valueLocation(of: ["enabledManagers", String(offset)]) ?? locator.location(of: ["enabledManagers"]) ?? start) }
            }
        }
        config.listLocation = locator.location(of: ["enabledManagers"]) ?? start
        config.vulnerabilityAlerts = locator.location(of: ["vulnerabilityAlerts"]) ?? locator.location(of: ["osvVulnerabilityAlerts"])
        return ParseResult(config)
    }
}
