import OpsAuditModel

/// One simple command of an embedded shell script (a CI `run:`, a Dockerfile `RUN`, a GitLab
/// `script:` line), split once here for every rule.
public struct ShellCommand: Hashable, Sendable {
    /// The command as written, trimmed; `\`-continued lines joined with one space. It ends
    /// before the operator that follows it (`&&`, `||`, `;`, `|`).
    public var text: String
    /// Where the command starts (its first line for continued commands).
    public var location: Location
    /// Words with quotes removed (`echo "a b"` → `echo`, `a b`); `$(…)` kept as written.
    public var words: [String]
    /// How the command's failure is neutralised, or nil: `"|| true"`, `"|| :"`, `"|| exit 0"`,
    /// `"|| echo"`, `"; true"` (script ends with `true` without errexit), `"set +e"`, `"--if-present"`.
    public var swallowedBy: String?
    /// Where the neutralising construct is (the `|| true` line, the `set +e` line).
    public var swallowedAt: Location?
    /// The command feeds a pipe (`cmd | tee log`) while `pipefail` is off, so the pipeline's
    /// status is the last command's. Kept apart from `swallowedBy` because it depends on the
    /// shell (GitHub's explicit `shell: bash` sets `-o pipefail`, its unspecified default does
    /// not): the caller passes `ShellOptions`, and rules decide whether it matters.
    public var pipedWithoutPipefail: Bool
    /// The command's output feeds the next command through `|` (whatever pipefail says):
    /// `curl -fsSL url | sh` is `curl` feeding `sh`.
    public var feedsPipe: Bool = false

    public init(text: String, location: Location, words: [String], swallowedBy: String? = nil,
                swallowedAt: Location? = nil, pipedWithoutPipefail: Bool = false) {
        self.text = text
        self.location = location
        self.words = words
        self.swallowedBy = swallowedBy
        self.swallowedAt = swallowedAt
        self.pipedWithoutPipefail = pipedWithoutPipefail
    }

    /// What the command is for, from its words (see `CommandClassifier`).
    public var purposes: Set<CommandPurpose> { CommandClassifier.purposes(of: words) }

    /// The command's words after wrappers (`sudo`, `npx`, `poetry run`, `FOO=1`…) are removed.
    public var effectiveWords: [String] { CommandClassifier.effectiveWords(words) }

    /// Whether the command's failure can fail the script (nothing swallows it).
    public var canFail: Bool { swallowedBy == nil }
}

/// What a command is for, as far as the readiness rules care.
public enum CommandPurpose: String, Hashable, Sendable, Codable, CaseIterable {
    case test, lint, formatCheck = "format-check", typeCheck = "type-check", audit
    case secretScan = "secret-scan", build, deploy, backup
}

/// How the shell running a script behaves before the script's own `set` commands.
public struct ShellOptions: Hashable, Sendable {
    /// `-e`: the script stops at the first failing command.
    public var errexit: Bool
    /// `-o pipefail`: a pipeline fails when any of its commands fails.
    public var pipefail: Bool

    public init(errexit: Bool, pipefail: Bool) {
        self.errexit = errexit
        self.pipefail = pipefail
    }

    /// `sh -c` (Dockerfile `RUN`, Procfile): neither option.
    public static let posixSh = ShellOptions(errexit: false, pipefail: false)
    /// GitHub Actions on Linux/macOS with `shell:` unspecified: `bash -e {0}` (no pipefail).
    /// https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idstepsshell
    /// (github/docs#18933 corrected the text that claimed pipefail by default).
    public static let githubDefault = ShellOptions(errexit: true, pipefail: false)
    /// GitHub Actions with `shell: bash` written out: `bash --noprofile --norc -eo pipefail {0}`.
    public static let githubBash = ShellOptions(errexit: true, pipefail: true)
    /// GitHub Actions with `shell: sh`: `sh -e {0}`.
    public static let githubSh = ShellOptions(errexit: true, pipefail: false)
}
