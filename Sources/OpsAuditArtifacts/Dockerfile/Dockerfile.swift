import OpsAuditModel

/// A parsed Dockerfile (or Containerfile): its instructions in order, grouped into build stages.
public struct Dockerfile: Artifact {
    public var path: String
    /// Every instruction in file order, `ONBUILD` ones included (flagged `onbuild`).
    public var instructions: [DockerInstruction]
    /// One stage per `FROM`, in order.
    public var stages: [DockerStage]
    /// The escape character in effect (`\` unless `# escape=` says otherwise).
    public var escape: Character
    /// Parser directives from the top of the file, keyed by lowercased name (`syntax`, `escape`, `check`).
    public var directives: [String: Located<String>]
    /// What each stage's `FROM` names, by stage index, resolved once (see `base(of:)`).
    public let stageBases: [DockerStageBase]

    public init(
        path: String, instructions: [DockerInstruction], stages: [DockerStage], escape: Character,
        directives: [String: Located<String>]
    ) {
        self.path = path
        self.instructions = instructions
        self.stages = stages
        self.escape = escape
        self.directives = directives
        self.stageBases = Dockerfile.resolveBases(stages, instructions: instructions)
    }

    /// The stage that produces the image a plain `docker build` ships: the last one.
    public var finalStage: DockerStage? { stages.last }

    /// The stage a `FROM` or `COPY --from=` reference names: a stage name (case-insensitive, as
    /// BuildKit compares them) or a stage index. Nil when it names an external image.
    public func stage(named reference: String) -> DockerStage? {
        let lower = reference.lowercased()
        if let byName = stages.last(where: { $0.name?.value.lowercased() == lower }) { return byName }
        if let index = Int(reference), stages.indices.contains(index) { return stages[index] }
        return nil
    }
}

/// One instruction of a Dockerfile: a logical line (continuations joined) plus its heredocs.
public struct DockerInstruction: Hashable, Sendable {
    /// How the instruction's command is written.
    public enum Form: Hashable, Sendable {
        /// JSON array form (`CMD ["node", "server.js"]`): no shell involved.
        case exec([String])
        /// Anything else, as written (for `HEALTHCHECK`, the text after `CMD`).
        case shell(String)
    }

    /// Uppercased keyword; for `ONBUILD RUN x` this is `RUN` and `onbuild` is true.
    public var keyword: String
    /// The logical line after the keyword and flags, continuations joined as Docker joins them.
    public var arguments: String
    public var flags: [DockerFlag]
    public var form: Form
    /// Line and column of the keyword (of `ONBUILD` for trigger instructions).
    public var location: Location
    /// Where `arguments` starts.
    public var argumentsLocation: Location
    /// Last physical line of the instruction, heredoc terminators included.
    public var endLine: Int
    public var heredocs: [DockerHeredoc]
    /// True for the instruction carried by an `ONBUILD` trigger (it runs in child builds only).
    public var onbuild: Bool
    /// Index of the stage the instruction belongs to; nil before the first `FROM`.
    public var stageIndex: Int?
    /// Shell text of `RUN`, `CMD`, `ENTRYPOINT` and `HEALTHCHECK CMD` in shell form, one location
    /// per line. Continuations are kept as `\` + newline (whatever the escape character), comment
    /// lines Docker drops are dropped. A `RUN <<EOF` whose command is only heredocs holds the
    /// heredoc bodies (that is what Docker runs); otherwise the heredocs follow the command as
    /// shell heredocs.
    public var script: EmbeddedScript?
    /// The simple commands of `script`, split once at parse time as `sh -c` runs them (Docker's
    /// default shell), for every rule. Empty without a script.
    public var commands: [ShellCommand]
    /// The words of `arguments` with quotes removed, each where it starts: for `ENV`, `ARG`,
    /// `LABEL`, `COPY`, `ADD`, `FROM`... in shell form. Exec-form instructions hold their JSON
    /// words, all located at `argumentsLocation`.
    public var words: [Located<String>]

    public init(
        keyword: String, arguments: String, flags: [DockerFlag], form: Form, location: Location,
        argumentsLocation: Location, endLine: Int, heredocs: [DockerHeredoc], onbuild: Bool,
        stageIndex: Int?, script: EmbeddedScript?, words: [Located<String>]? = nil
    ) {
        self.keyword = keyword
        self.arguments = arguments
        self.flags = flags
        self.form = form
        self.location = location
        self.argumentsLocation = argumentsLocation
        self.endLine = endLine
        self.heredocs = heredocs
        self.onbuild = onbuild
        self.stageIndex = stageIndex
        self.script = script
        self.commands = script.map { ShellScript.commands(in: $0, options: .posixSh) } ?? []
        if let words {
            self.words = words
        } else if case let .exec(list) = form {
            self.words = list.map { Located($0, at: argumentsLocation) }
        } else {
            self.words = []
        }
    }

    /// The last flag called `name` (without `--`, case-sensitive as BuildKit is), if any.
    public func flag(_ name: String) -> DockerFlag? { flags.last { $0.name == name } }

    /// The exec-form words, when the instruction is in exec form.
    public var execArguments: [String]? {
        if case let .exec(words) = form { return words }
        return nil
    }
}

/// A `--name=value` flag of an instruction (`--mount`, `--chown`, `--from`, `--interval`…).
public struct DockerFlag: Hashable, Sendable {
    /// Name without the leading `--`.
    public var name: String
    /// Value with quotes removed; empty for a bare flag such as `--link`.
    public var value: String
    /// False for a bare flag (`--link`), true for `--name=value` (even `--name=`).
    public var hasValue: Bool
    /// Where the flag's `--` is.
    public var location: Location

    public init(name: String, value: String, hasValue: Bool = true, location: Location) {
        self.name = name
        self.value = value
        self.hasValue = hasValue
        self.location = location
    }
}

/// A heredoc attached to `RUN`, `COPY` or `ADD` (`<<EOF`, `<<-EOF`, `<<"EOF"`).
public struct DockerHeredoc: Hashable, Sendable {
    /// The delimiter word, quotes removed.
    public var name: String
    /// Body lines joined with `\n` (no trailing newline); leading tabs removed for `<<-`.
    public var body: String
    /// True when the delimiter was quoted: no variable expansion in the body.
    public var isQuoted: Bool
    /// True for `<<-`.
    public var stripsLeadingTabs: Bool
    /// File descriptor prefix (`3<<EOF`), if any.
    public var fileDescriptor: Int?
    /// Where the `<<` marker is.
    public var location: Location
    /// First body line (the line after the instruction or the previous heredoc).
    public var bodyStartLine: Int
    /// The terminator line, or the last line of the file when the heredoc is unterminated.
    public var endLine: Int
    public var isTerminated: Bool

    public init(
        name: String, body: String, isQuoted: Bool, stripsLeadingTabs: Bool, fileDescriptor: Int?,
        location: Location, bodyStartLine: Int, endLine: Int, isTerminated: Bool
    ) {
        self.name = name
        self.body = body
        self.isQuoted = isQuoted
        self.stripsLeadingTabs = stripsLeadingTabs
        self.fileDescriptor = fileDescriptor
        self.location = location
        self.bodyStartLine = bodyStartLine
        self.endLine = endLine
        self.isTerminated = isTerminated
    }
}

/// One build stage: a `FROM` and the instructions up to the next `FROM`.
public struct DockerStage: Hashable, Sendable {
    public var index: Int
    /// `AS name`, as written (BuildKit compares stage names case-insensitively).
    public var name: Located<String>?
    /// The image (or earlier stage) named by `FROM`, as written (variables not expanded).
    public var baseImage: Located<String>
    /// The stage's instructions, its `FROM` first.
    public var instructions: [DockerInstruction]
    /// Effective `USER` at the end of the stage: its last `USER`, else the one inherited from an
    /// earlier stage named by `FROM`, else nil (the base image's user, unknown here).
    public var user: Located<String>?
    /// Last `HEALTHCHECK` of the stage (`NONE` included), else the one inherited from an earlier
    /// stage named by `FROM`, as the image configuration inherits it.
    public var healthcheck: DockerInstruction?
    /// True when the effective `healthcheck` is `HEALTHCHECK NONE`.
    public var healthcheckDisabled: Bool
    /// Every word of the stage's own `EXPOSE` instructions (`8080`, `53/udp`, `${PORT}`).
    public var exposedPorts: [Located<String>]

    public init(
        index: Int, name: Located<String>?, baseImage: Located<String>, instructions: [DockerInstruction],
        user: Located<String>? = nil, healthcheck: DockerInstruction? = nil, healthcheckDisabled: Bool = false,
        exposedPorts: [Located<String>] = []
    ) {
        self.index = index
        self.name = name
        self.baseImage = baseImage
        self.instructions = instructions
        self.user = user
        self.healthcheck = healthcheck
        self.healthcheckDisabled = healthcheckDisabled
        self.exposedPorts = exposedPorts
    }

    /// Where the stage starts (its `FROM`).
    public var location: Location { instructions.first?.location ?? baseImage.location }

    /// The stage's instructions with `keyword` (uppercase), `ONBUILD` triggers excluded.
    public func instructions(_ keyword: String) -> [DockerInstruction] {
        instructions.filter { $0.keyword == keyword && !$0.onbuild }
    }
}

extension RepoModel {
    /// Every parsed Dockerfile, in path order.
    public var dockerfiles: [Dockerfile] { artifacts(Dockerfile.self) }
}
