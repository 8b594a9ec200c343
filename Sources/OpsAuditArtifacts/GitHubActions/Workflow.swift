import OpsAuditModel

/// A GitHub Actions workflow (`.github/workflows/*.yml`).
public struct Workflow: Artifact {
    public var path: String
    public var name: Located<String>?
    /// Where `on:` is written (nil when missing).
    public var triggersLocation: Location?
    public var triggers: [WorkflowTrigger]
    /// Workflow-level `permissions:` (nil when absent: the repository default applies).
    public var permissions: Permissions?
    /// Names of workflow-level `env:` variables.
    public var envKeys: [Located<String>]
    /// Where `concurrency:` is written (nil when absent).
    public var concurrency: Location?
    /// `defaults.run.shell` (GitHub's default is `bash -e` without `pipefail` when absent).
    public var defaultShell: Located<String>?
    public var jobs: [WorkflowJob]

    public var hasConcurrency: Bool { concurrency != nil }

    /// Every `schedule` cron expression.
    public var schedules: [Located<String>] { triggers.flatMap(\.crons) }

    /// The job with key `id`.
    public func job(_ id: String) -> WorkflowJob? { jobs.first { $0.id.value == id } }

    /// The trigger for `event`, if the workflow has it.
    public func trigger(_ event: String) -> WorkflowTrigger? { triggers.first { $0.event.value == event } }
}

/// One event a workflow runs on, from any form of `on:` (string, list or map).
public struct WorkflowTrigger: Sendable {
    public var event: Located<String>
    /// `cron:` entries of a `schedule` trigger.
    public var crons: [Located<String>]
    /// `branches:` filters (push, pull_request…).
    public var branches: [Located<String>]
    /// `types:` filters (pull_request, release…).
    public var types: [Located<String>]
    /// `workflows:` of a `workflow_run` trigger: the names of the workflows it follows.
    public var workflows: [Located<String>]

    public init(event: Located<String>, crons: [Located<String>] = [], branches: [Located<String>] = [],
                types: [Located<String>] = [], workflows: [Located<String>] = []) {
        self.event = event
        self.workflows = workflows
        self.crons = crons
        self.branches = branches
        self.types = types
    }
}

/// A `permissions:` block of a workflow or job.
public struct Permissions: Sendable {
    /// What the block grants.
    public enum Kind: Sendable {
        case readAll
        case writeAll
        /// `permissions: {}`: no scope at all.
        case none
        /// Per-scope levels, e.g. `contents: read`.
        case scopes([String: Located<String>])
        /// A value GitHub would reject or an expression; kept as written.
        case other(String)
    }

    public var location: Location
    public var kind: Kind

    public init(location: Location, kind: Kind) {
        self.location = location
        self.kind = kind
    }

    /// The level granted to `scope` (`read`, `write`, `none`), taking `read-all`/`write-all` into account.
    public func level(of scope: String) -> String? {
        switch kind {
        case .readAll: "read"
        case .writeAll: "write"
        case .none: "none"
        case let .scopes(scopes): scopes[scope]?.value
        case .other: nil
        }
    }
}

/// One job of a workflow.
public struct WorkflowJob: Sendable {
    /// The job's key under `jobs:`, located there.
    public var id: Located<String>
    public var name: Located<String>?
    /// Where the job is declared (its key).
    public var location: Location
    public var needs: [Located<String>]
    /// `if:` as written.
    public var condition: Located<String>?
    /// `environment:` name (string form or `name:` of the map form).
    public var environment: Located<String>?
    public var timeoutMinutes: Located<String>?
    /// `continue-on-error:` as written (`true` or an expression).
    public var continueOnError: Located<String>?
    public var permissions: Permissions?
    /// `runs-on:`; a list or group/labels map is joined with ", ".
    public var runsOn: Located<String>?
    /// A reusable workflow called by the job (`uses:` at job level).
    public var uses: Located<String>?
    public var hasMatrix: Bool
    public var envKeys: [Located<String>]
    /// `defaults.run.shell` of the job.
    public var defaultShell: Located<String>?
    /// `container:` image (string form or `image:` of the map form).
    public var container: Located<String>?
    /// Names of `services:` containers (databases, caches started for the job).
    public var services: [Located<String>]
    public var steps: [WorkflowStep]
    /// Where the job's own `concurrency:` is written (nil when absent).
    public var concurrency: Location? = nil
    /// Scalar values of each `strategy.matrix` key, from its lists and `include:` entries, so
    /// `run: ${{ matrix.command }}` can be read as the commands it runs.
    public var matrixValues: [String: [Located<String>]] = [:]

    /// The shell a step runs with: its own, else the job's, else the workflow's default.
    public func shell(of step: WorkflowStep, in workflow: Workflow) -> Located<String>? {
        step.shell ?? defaultShell ?? workflow.defaultShell
    }
}

/// A `with:` or `env:` entry.
public struct WorkflowEntry: Sendable {
    public var key: Located<String>
    public var value: Located<String>

    public init(key: Located<String>, value: Located<String>) {
        self.key = key
        self.value = value
    }
}

/// One step of a job or of a composite action.
public struct WorkflowStep: Sendable {
    /// 0-based position in its job.
    public var index: Int
    /// Where the step's mapping starts (its first key, on the `-` line).
    public var location: Location
    public var name: Located<String>?
    public var id: Located<String>?
    /// `run:` with one location per script line.
    public var run: EmbeddedScript?
    /// `run:` split into shell commands (empty for `uses:` steps), set by the parser.
    public var commands: [ShellCommand] = []
    public var uses: Located<ActionReference>?
    public var with: [WorkflowEntry]
    public var env: [WorkflowEntry]
    public var shell: Located<String>?
    /// `continue-on-error:` as written (`true` or an expression).
    public var continueOnError: Located<String>?
    /// `if:` as written.
    public var condition: Located<String>?
    public var workingDirectory: Located<String>?

    /// The value of a `with:` input.
    public func input(_ key: String) -> Located<String>? { with.last { $0.key.value == key }?.value }

    /// A label for messages: the step's name, else its action or first script line.
    public var label: String {
        if let name { return name.value }
        if let uses { return uses.value.raw }
        if let run { return String(run.text.split(separator: "\n").first ?? "") }
        return "step \(index + 1)"
    }
}

/// What a `uses:` names: a local action, a Docker image or an action in another repository.
public struct ActionReference: Hashable, Sendable {
    /// How the action is found.
    public enum Kind: Hashable, Sendable {
        /// `./path` in this repository.
        case local
        /// `docker://image`.
        case docker
        /// `owner/repo[/path]@ref`.
        case remote
    }

    public var raw: String
    public var kind: Kind
    public var owner: String?
    public var repo: String?
    /// Sub-directory of the repository (remote), the local path, or the image (docker).
    public var path: String?
    /// After `@` (remote), or the image tag/digest (docker).
    public var ref: String?

    public init(_ raw: String) {
        self.raw = raw
        let text = String(raw.trimmingSpaces)
        if text.hasPrefix("./") || text.hasPrefix("../") || text == "." {
            kind = .local
            path = text
            return
        }
        if text.hasPrefix("docker://") {
            kind = .docker
            var image = String(text.dropFirst("docker://".count))
            if let at = image.firstIndex(of: "@") {
                ref = String(image[image.index(after: at)...])
                image = String(image[..<at])
            } else if let colon = image.lastIndex(of: ":"), !image[colon...].contains("/") {
                ref = String(image[image.index(after: colon)...])
                image = String(image[..<colon])
            }
            path = image
            return
        }
        kind = .remote
        var name = Substring(text)
        if let at = text.firstIndex(of: "@") {
            ref = String(text[text.index(after: at)...])
            name = text[..<at]
        }
        let parts = name.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
        owner = parts.first.map(String.init)
        repo = parts.count > 1 ? String(parts[1]) : nil
        path = parts.count > 2 ? String(parts[2]) : nil
    }

    /// `owner/repo`, for remote actions.
    public var repository: String? {
        guard kind == .remote, let owner, let repo else { return nil }
        return "\(owner)/\(repo)"
    }

    /// The ref is a full 40-hex commit SHA.
    public var isPinnedToSHA: Bool {
        guard let ref, ref.utf8.count == 40 else { return false }
        return ref.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) || (0x41...0x46).contains($0) }
    }
}

/// An action's metadata file (`action.yml`); composite actions carry steps.
public struct ActionManifest: Artifact {
    public var path: String
    public var name: Located<String>?
    /// `runs.using`: `composite`, `docker`, `node20`…
    public var using: Located<String>?
    /// `runs.image` of a Docker action.
    public var image: Located<String>?
    /// Steps of a composite action.
    public var steps: [WorkflowStep]
    /// Names of declared `inputs`.
    public var inputs: [Located<String>]
}

extension RepoModel {
    /// Every parsed GitHub Actions workflow, in path order.
    public var workflows: [Workflow] { artifacts(Workflow.self) }
    /// Every parsed `action.yml`, in path order.
    public var actionManifests: [ActionManifest] { artifacts(ActionManifest.self) }
}
