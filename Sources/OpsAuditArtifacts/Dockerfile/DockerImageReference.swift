import OpsAuditModel

/// An image reference as `FROM` names it: `[registry[:port]/]repository[:tag][@digest]`.
public struct DockerImageReference: Hashable, Sendable {
    /// Registry and repository path, lowercased as written (`node`, `ghcr.io/acme/api`).
    public var repository: String
    /// The tag after the last `:` of the last path component, if any (`20-alpine`).
    public var tag: String?
    /// The digest after `@` (`sha256:…`), if any.
    public var digest: String?

    /// Splits `reference`; a `:` before the last `/` is a registry port, not a tag.
    public init(parsing reference: String) {
        var rest = Substring(reference)
        digest = nil
        if let at = rest.firstIndex(of: "@") {
            digest = String(rest[rest.index(after: at)...])
            rest = rest[..<at]
        }
        let lastSlash = rest.lastIndex(of: "/")
        let nameStart = lastSlash.map { rest.index(after: $0) } ?? rest.startIndex
        if let colon = rest[nameStart...].lastIndex(of: ":") {
            tag = String(rest[rest.index(after: colon)...])
            rest = rest[..<colon]
        } else {
            tag = nil
        }
        repository = rest.lowercased()
    }

    /// `FROM scratch`: the empty image, nothing to pin.
    public var isScratch: Bool { repository == "scratch" && tag == nil && digest == nil }

    /// Pinned to content: a `sha256:` digest.
    public var hasDigest: Bool { digest.map { $0.hasPrefix("sha256:") && $0.count > 7 } ?? false }

    /// A tag other than `latest` (or a digest): rebuilding gets the same major line of the image.
    public var isPinned: Bool {
        if hasDigest { return true }
        guard let tag, !tag.isEmpty else { return false }
        return tag.lowercased() != "latest"
    }
}

/// What a stage's `FROM` names once global `ARG` defaults are applied.
public enum DockerStageBase: Hashable, Sendable {
    /// An earlier stage of the same Dockerfile (`FROM build AS final`).
    case stage(Int)
    /// `FROM scratch`.
    case scratch
    /// An external image; `arguments` are the global `ARG`s its reference used.
    case image(DockerImageReference, arguments: [DockerArgument])
    /// The reference uses build arguments without a default (`FROM ${BASE}` with `ARG BASE`):
    /// only the build command knows the image.
    case unresolved(variables: [String])
}

/// A build argument or environment variable set by `ARG`/`ENV`: `NAME=value` or a bare `NAME`.
public struct DockerArgument: Hashable, Sendable {
    public var name: Located<String>
    /// The default or value; nil for a bare `ARG NAME`.
    public var value: String?

    public init(name: Located<String>, value: String?) {
        self.name = name
        self.value = value
    }
}

extension DockerInstruction {
    /// The `NAME=value` pairs of an `ENV`, `ARG` or `LABEL` (`ENV NAME value` legacy form
    /// included: one pair whose value is the rest of the line). Quotes are removed.
    public var assignments: [DockerArgument] {
        guard let first = words.first else { return [] }
        if keyword == "ENV", !first.value.contains("=") {
            let value = words.dropFirst().map(\.value).joined(separator: " ")
            return [DockerArgument(name: first, value: value)]
        }
        return words.map { word in
            guard let equals = word.value.firstIndex(of: "=") else { return DockerArgument(name: word, value: nil) }
            return DockerArgument(name: Located(String(word.value[..<equals]), at: word.location),
                                  value: String(word.value[word.value.index(after: equals)...]))
        }
    }
}

extension Dockerfile {
    /// `ARG`s declared before the first `FROM`: the only variables a `FROM` line can use.
    public var globalArguments: [DockerArgument] {
        instructions.prefix { $0.stageIndex == nil }.filter { $0.keyword == "ARG" && !$0.onbuild }.flatMap(\.assignments)
    }

    /// What the stage's `FROM` names: an earlier stage, `scratch`, an image (with `${VAR}`,
    /// `$VAR`, `${VAR:-default}` and `${VAR:+alt}` expanded from global `ARG` defaults, as BuildKit
    /// does) or, when a variable has no default, unresolved.
    public func base(of stage: DockerStage) -> DockerStageBase {
        stageBases.indices.contains(stage.index) ? stageBases[stage.index] : .unresolved(variables: [])
    }

    /// Resolves every stage's `FROM` in one pass (a stage name lookup is a dictionary hit, so a
    /// hostile file with thousands of chained stages stays linear).
    static func resolveBases(_ stages: [DockerStage], instructions: [DockerInstruction]) -> [DockerStageBase] {
        let arguments = instructions.prefix { $0.stageIndex == nil }.filter { $0.keyword == "ARG" && !$0.onbuild }.flatMap(\.assignments)
        var earlier: [String: Int] = [:]
        var bases: [DockerStageBase] = []
        bases.reserveCapacity(stages.count)
        for stage in stages {
            let expansion = DockerVariableExpansion(stage.baseImage.value, arguments: arguments)
            if !expansion.unresolved.isEmpty {
                bases.append(.unresolved(variables: expansion.unresolved))
            } else if expansion.value.contains("{{") || expansion.value.contains("{%") {
                // A template placeholder (`FROM {{ image }}`) is filled by a generator, not by Docker.
                bases.append(.unresolved(variables: [expansion.value]))
            } else if let parent = earlier[expansion.value.lowercased()] {
                bases.append(.stage(parent))
            } else {
                let reference = DockerImageReference(parsing: expansion.value)
                bases.append(reference.isScratch ? .scratch : .image(reference, arguments: expansion.used))
            }
            if let name = stage.name?.value.lowercased() { earlier[name] = stage.index }
        }
        return bases
    }

    /// The stage and the earlier stages it is built `FROM`, nearest first (cycles cannot occur:
    /// a `FROM` only names earlier stages).
    public func lineage(of stage: DockerStage) -> [DockerStage] {
        var chain = [stage]
        var current = stage
        while case let .stage(index) = base(of: current), index < current.index {
            current = stages[index]
            chain.append(current)
        }
        return chain
    }

    /// The external image at the root of the stage's lineage, as written after `ARG` expansion;
    /// nil for `scratch` or an unresolved reference.
    public func rootImage(of stage: DockerStage) -> String? {
        guard let root = lineage(of: stage).last, case .image = base(of: root) else { return nil }
        return DockerVariableExpansion(root.baseImage.value, arguments: globalArguments).value
    }
}

/// BuildKit's variable expansion on one word, from a list of argument defaults.
struct DockerVariableExpansion {
    var value = ""
    var used: [DockerArgument] = []
    var unresolved: [String] = []

    init(_ text: String, arguments: [DockerArgument]) {
        var lookup: [String: DockerArgument] = [:]
        for argument in arguments { lookup[argument.name.value] = argument }
        // BuildKit removes quotes from the `FROM` word (`FROM alpine:"${TAG}"`).
        let chars = Array(text.unicodeScalars.filter { $0 != "\"" && $0 != "'" })
        var i = 0
        var out = String.UnicodeScalarView()
        func isNameChar(_ c: Unicode.Scalar) -> Bool { c == "_" || c.properties.isAlphabetic || ("0"..."9").contains(c) }
        while i < chars.count {
            let c = chars[i]
            guard c == "$", i + 1 < chars.count else {
                out.append(c)
                i += 1
                continue
            }
            var name = ""
            var modifier: (String, String)?
            if chars[i + 1] == "{" {
                guard let close = chars[(i + 2)...].firstIndex(of: "}") else {
                    out.append(contentsOf: chars[i...])
                    break
                }
                let inner = String(String.UnicodeScalarView(chars[(i + 2)..<close]))
                if let colon = inner.firstIndex(of: ":") {
                    name = String(inner[..<colon])
                    let op = inner[inner.index(after: colon)...]
                    modifier = (String(op.prefix(1)), String(op.dropFirst()))
                } else {
                    name = inner
                }
                i = close + 1
            } else {
                var j = i + 1
                while j < chars.count, isNameChar(chars[j]) { j += 1 }
                guard j > i + 1 else {
                    out.append(c)
                    i += 1
                    continue
                }
                name = String(String.UnicodeScalarView(chars[(i + 1)..<j]))
                i = j
            }
            let argument = lookup[name]
            let current = argument?.value.flatMap { $0.isEmpty ? nil : $0 }
            if let argument, argument.value != nil { used.append(argument) }
            switch modifier {
            case let (op, word)? where op == "-":
                out.append(contentsOf: (current ?? word).unicodeScalars)
            case let (op, word)? where op == "+":
                if current != nil { out.append(contentsOf: word.unicodeScalars) }
            default:
                if let current { out.append(contentsOf: current.unicodeScalars) } else { unresolved.append(name) }
            }
        }
        value = String(out)
    }
}
