import OpsAuditModel

extension ShellOptions {
    /// GitLab Runner's bash/sh scripts: the runner writes `set -eo pipefail` (pipefail where
    /// the shell supports it) and checks every line, so a failing line fails the job.
    /// https://docs.gitlab.com/ci/yaml/script/#set-the-default-shell-behavior
    public static let gitlab = ShellOptions(errexit: true, pipefail: true)
}

/// Builds `GitLabPipeline` artifacts from `.gitlab-ci.yml` and included files.
///
/// Not resolved here (GitLab resolves them at pipeline creation): `include:` contents (the
/// model only lists them), `extends` targets and `default:` blocks in other files, `!reference`
/// tags (recorded as `unresolvedReferences`), `inherit:` opt-outs of `default:`, deep merging of
/// nested maps by `extends` (top-level keys only), `variables` expansion, `parallel: matrix`,
/// and `extends` chains deeper than `maximumExtendsDepth`.
public enum GitLabParser {
    /// Keys at the top level that are not jobs.
    static let globalKeys: Set<String> = [
        "image", "services", "stages", "types", "before_script", "after_script", "variables", "cache",
        "include", "default", "workflow", "spec",
    ]

    /// How far `extends` chains are followed (GitLab allows 11 levels; templates rarely use 2).
    static let maximumExtendsDepth = 3
    /// Templates visited per job: a hostile file of templates each extending many others would
    /// otherwise cost fan-out³ per job.
    static let maximumExtendsVisits = 64

    public static func parse(_ file: TextFile) -> ParseResult {
        let (documents, diagnostics) = YAMLLoader.load(file)
        // A CI/CD component file has a `spec:` header document before the configuration.
        var candidates = documents
        if candidates.count > 1, let first = candidates.first, first.pairs.count == 1, first["spec"] != nil {
            candidates.removeFirst()
        }
        guard let root = candidates.first else { return ParseResult(diagnostics: diagnostics) }
        if root.isNull { return ParseResult(diagnostics: diagnostics) }
        guard root.isMapping else {
            return ParseResult(diagnostics: diagnostics + [Diagnostic(.parse, "GitLab CI file is not a YAML mapping", at: root.location)])
        }
        // `default:` keywords, else the deprecated top-level ones.
        let defaultNode = root["default"]
        func inherited(_ key: String) -> YAMLPair? {
            defaultNode?.pairs.last { $0.key.string == key } ?? root.pairs.last { $0.key.string == key }
        }
        let defaults = GitLabDefaults(
            beforeScript: script(inherited("before_script"), file: file),
            afterScript: script(inherited("after_script"), file: file),
            image: inherited("image").flatMap { nameOf($0.value) },
            timeout: defaultNode?["timeout"]?.located)
        var rawJobs: [String: YAMLNode] = [:]
        var order: [YAMLPair] = []
        for pair in root.pairs {
            guard let name = pair.key.string, !globalKeys.contains(name), pair.value.isMapping else { continue }
            rawJobs[name] = pair.value
            order.append(pair)
        }
        let jobs = order.map { job($0, all: rawJobs, defaults: defaults, file: file) }
        let pipeline = GitLabPipeline(
            path: file.path,
            stages: (root["stages"] ?? root["types"])?.stringList ?? [],
            jobs: jobs,
            defaults: defaults,
            includes: includes(root["include"]),
            workflowRules: rules(root["workflow"]?["rules"]))
        return ParseResult(pipeline, diagnostics: diagnostics)
    }

    /// A job's keys, with `extends` targets in this file merged under them: a later target wins
    /// over an earlier one, and the job's own keys over both (GitLab's reverse deep merge,
    /// applied at the top level only, which is where script, stage and allow_failure live).
    static func effectivePairs(_ node: YAMLNode, all: [String: YAMLNode], depth: Int, visits: inout Int,
                               unresolved: inout [Located<String>]) -> [String: YAMLPair] {
        var merged: [String: YAMLPair] = [:]
        if depth < maximumExtendsDepth, let extends = node["extends"] {
            for target in extends.stringList {
                guard let parent = all[target.value] else {
                    if depth == 0 { unresolved.append(target) }
                    continue
                }
                guard visits < maximumExtendsVisits else { break }
                visits += 1
                var ignored: [Located<String>] = []
                for (key, pair) in effectivePairs(parent, all: all, depth: depth + 1, visits: &visits, unresolved: &ignored) {
                    merged[key] = pair
                }
            }
        }
        for pair in node.pairs {
            if let key = pair.key.string { merged[key] = pair }
        }
        return merged
    }

    static func job(_ pair: YAMLPair, all: [String: YAMLNode], defaults: GitLabDefaults, file: TextFile) -> GitLabJob {
        var unresolved: [Located<String>] = []
        var visits = 0
        let keys = effectivePairs(pair.value, all: all, depth: 0, visits: &visits, unresolved: &unresolved)
        let value = { (key: String) in keys[key]?.value }
        let environment = value("environment").flatMap { $0.isMapping ? $0["name"]?.located : $0.located }
        return GitLabJob(
            name: pair.key.locatedText,
            stage: value("stage")?.located,
            script: script(keys["script"], file: file),
            beforeScript: script(keys["before_script"], file: file) ?? defaults.beforeScript,
            afterScript: script(keys["after_script"], file: file) ?? defaults.afterScript,
            allowFailure: keys["allow_failure"].map(allowFailure),
            rules: rules(value("rules")),
            only: value("only")?.locatedText,
            except: value("except")?.locatedText,
            when: value("when")?.located,
            needs: value("needs").map { needs in
                needs.items.compactMap { $0.located ?? $0["job"]?.located } + (needs.located.map { [$0] } ?? [])
            } ?? [],
            environment: environment,
            extends: pair.value["extends"]?.stringList ?? [],
            unresolvedExtends: unresolved,
            image: value("image").flatMap(nameOf) ?? defaults.image,
            services: value("services")?.items.compactMap(nameOf) ?? [],
            timeout: value("timeout")?.located ?? defaults.timeout,
            trigger: value("trigger").flatMap { $0.located ?? $0["project"]?.located ?? $0["include"]?.locatedText },
            resourceGroup: value("resource_group")?.located)
    }

    /// `image:`/`services:` entries: a string or a map with `name:`.
    static func nameOf(_ node: YAMLNode) -> Located<String>? {
        node.isMapping ? node["name"]?.located : node.located
    }

    static func allowFailure(_ pair: YAMLPair) -> GitLabAllowFailure {
        let node = pair.value
        if node.isMapping {
            let codes = node["exit_codes"].map { codes in codes.int.map { [$0] } ?? codes.items.compactMap(\.int) } ?? []
            return GitLabAllowFailure(location: pair.key.location, isAllowed: true, exitCodes: codes)
        }
        return GitLabAllowFailure(location: pair.key.location, isAllowed: node.bool == true, exitCodes: [])
    }

    static func rules(_ node: YAMLNode?) -> [GitLabRule] {
        node?.items.compactMap { rule in
            guard rule.isMapping else { return nil }
            return GitLabRule(location: rule.location, condition: rule["if"]?.located, when: rule["when"]?.located,
                              allowFailure: rule["allow_failure"]?.locatedText)
        } ?? []
    }

    static func includes(_ node: YAMLNode?) -> [GitLabInclude] {
        guard let node else { return [] }
        let entries = node.isSequence ? node.items : [node]
        return entries.compactMap { entry in
            if let text = entry.located {
                let isRemote = text.value.hasPrefix("http://") || text.value.hasPrefix("https://")
                return GitLabInclude(kind: isRemote ? .remote : .local, value: text, files: [])
            }
            for kind in [GitLabInclude.Kind.local, .project, .remote, .template, .component] {
                guard let value = entry[kind.rawValue]?.located else { continue }
                return GitLabInclude(kind: kind, value: value, files: entry["file"]?.stringList ?? [])
            }
            return nil
        }
    }

    /// A `script:`-like key: a string, or a list whose items are strings or lists of strings
    /// (GitLab flattens one level of nesting, which YAML anchors produce).
    static func script(_ pair: YAMLPair?, file: TextFile) -> GitLabScript? {
        guard let pair else { return nil }
        var lines: [EmbeddedScript] = []
        var references: [Location] = []
        func add(_ node: YAMLNode, nested: Bool) {
            switch node.value {
            case .scalar:
                if node.isNull { return }
                if let script = node.embeddedScript(in: file) { lines.append(script) }
            case let .sequence(items):
                if isReference(node, file: file) {
                    references.append(node.location)
                } else if !nested {
                    for item in items { add(item, nested: true) }
                }
            case .mapping:
                break
            }
        }
        if pair.value.isSequence, !isReference(pair.value, file: file) {
            for item in pair.value.items { add(item, nested: false) }
        } else {
            add(pair.value, nested: false)
        }
        // One shell for the section: the lines joined, each keeping its own location.
        let joined = EmbeddedScript(text: lines.map(\.text).joined(separator: "\n"),
                                    lineLocations: lines.flatMap(\.lineLocations))
        let commands = lines.isEmpty ? [] : ShellScript.commands(in: joined, options: .gitlab)
        return GitLabScript(location: pair.key.location, lines: lines, commands: commands, unresolvedReferences: references)
    }

    /// The loader drops tags; a `!reference [...]` sequence is recognised by its source text,
    /// where libyaml's mark points at the tag.
    static func isReference(_ node: YAMLNode, file: TextFile) -> Bool {
        let line = file.line(node.location.line)
        let column = max((node.location.column ?? 1) - 1, 0)
        return line.unicodeScalars.dropFirst(column).starts(with: "!reference".unicodeScalars)
    }
}
