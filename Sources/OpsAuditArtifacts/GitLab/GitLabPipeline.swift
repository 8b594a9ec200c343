import OpsAuditModel

/// A GitLab CI file: `.gitlab-ci.yml` or a local file it includes (`.gitlab/ci/*.yml`).
public struct GitLabPipeline: Artifact {
    public var path: String
    /// `stages:` in order.
    public var stages: [Located<String>]
    /// Every job, hidden templates (`.name`) included; see `runnableJobs`.
    public var jobs: [GitLabJob]
    /// `default:` (and the deprecated top-level `before_script`/`after_script`/`image`).
    public var defaults: GitLabDefaults
    /// `include:` entries in file order.
    public var includes: [GitLabInclude]
    /// `workflow: rules:`; empty when the file has none.
    public var workflowRules: [GitLabRule]

    /// Jobs GitLab runs (hidden `.templates` are only extended).
    public var runnableJobs: [GitLabJob] { jobs.filter { !$0.isHidden } }

    /// The job named `name`.
    public func job(_ name: String) -> GitLabJob? { jobs.first { $0.name.value == name } }

    /// Repository paths of `include: local:` files (leading `/` removed), with where each is named.
    public var includedLocalPaths: [Located<String>] {
        includes.filter { $0.kind == .local }.map { include in
            include.value.map { $0.hasPrefix("/") ? String($0.dropFirst()) : $0 }
        }
    }

    /// Workflow rules restrict the whole pipeline to scheduled runs (every rule that can run
    /// the pipeline tests `$CI_PIPELINE_SOURCE == "schedule"`).
    public var runsOnlyOnSchedule: Bool { GitLabRule.onlySchedule(workflowRules) }
}

/// `default:` keywords every job inherits unless it sets its own.
public struct GitLabDefaults: Sendable {
    public var beforeScript: GitLabScript?
    public var afterScript: GitLabScript?
    public var image: Located<String>?
    public var timeout: Located<String>?

    public init(beforeScript: GitLabScript? = nil, afterScript: GitLabScript? = nil, image: Located<String>? = nil,
                timeout: Located<String>? = nil) {
        self.beforeScript = beforeScript
        self.afterScript = afterScript
        self.image = image
        self.timeout = timeout
    }
}

/// One `include:` entry.
public struct GitLabInclude: Sendable {
    /// Where the included configuration comes from.
    public enum Kind: String, Sendable {
        case local, project, remote, template, component
    }

    public var kind: Kind
    /// The path, URL, template or component as written (`project:` entries: the project).
    public var value: Located<String>
    /// `file:` of a `project:` include.
    public var files: [Located<String>]

    /// GitLab's local include globs: `*` within a directory, `**` across directories.
    /// https://docs.gitlab.com/ci/yaml/includes/#use-includelocal-with-wildcard-file-paths
    static func glob(_ pattern: String, matches path: String) -> Bool {
        let p = Array(pattern.unicodeScalars), s = Array(path.unicodeScalars)
        // Backtracking over the last `*` (never across `/`) and the last `**` (across anything):
        // two resume points keep it linear per star, with no recursion.
        var pi = 0, si = 0
        var star: (p: Int, s: Int)?
        var deep: (p: Int, s: Int)?
        while si < s.count {
            if pi < p.count, p[pi] == "*" {
                if pi + 1 < p.count, p[pi + 1] == "*" {
                    pi += 2
                    if pi < p.count, p[pi] == "/" { pi += 1 }
                    deep = (pi, si)
                    star = nil
                } else {
                    pi += 1
                    star = (pi, si)
                }
            } else if pi < p.count, p[pi] == s[si] {
                pi += 1
                si += 1
            } else if let resume = star, s[resume.s] != "/" {
                star = (resume.p, resume.s + 1)
                pi = resume.p
                si = resume.s + 1
            } else if let resume = deep {
                deep = (resume.p, resume.s + 1)
                star = nil
                pi = resume.p
                si = resume.s + 1
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}

/// One entry of `rules:` (job or workflow).
public struct GitLabRule: Sendable {
    public var location: Location
    /// `if:` expression as written.
    public var condition: Located<String>?
    /// `when:` (`on_success`, `manual`, `never`, `always`, `delayed`).
    public var when: Located<String>?
    /// `allow_failure:` set by the rule.
    public var allowFailure: Located<String>?

    /// True when the rule's condition tests that the pipeline was started by a schedule.
    public var isScheduleCondition: Bool {
        guard let text = condition?.value else { return false }
        let compact = String(text.unicodeScalars.filter { $0 != " " && $0 != "\"" && $0 != "'" })
        return compact.contains("$CI_PIPELINE_SOURCE==schedule")
    }

    /// Every rule that can run the job (not `when: never`) requires a schedule, and one does.
    static func onlySchedule(_ rules: [GitLabRule]) -> Bool {
        let running = rules.filter { $0.when?.value != "never" }
        return !running.isEmpty && running.allSatisfy(\.isScheduleCondition)
    }
}

/// `allow_failure:` of a job: `true`/`false`, or `exit_codes:` that may fail.
public struct GitLabAllowFailure: Sendable {
    public var location: Location
    /// The job's failure does not fail the pipeline (for `exit_codes`, only with those codes).
    public var isAllowed: Bool
    /// `allow_failure: exit_codes:`; empty for the boolean form.
    public var exitCodes: [Int]
}

/// One `script:`-like section: each line (after GitLab flattens nested lists) as its own
/// embedded script, and the shell commands of the whole section (GitLab runs the lines in one
/// shell, so `set +e` on one line affects the next).
public struct GitLabScript: Sendable {
    /// Where the key is written.
    public var location: Location
    public var lines: [EmbeddedScript]
    public var commands: [ShellCommand]
    /// `!reference [...]` items: resolved by GitLab across files, not here.
    public var unresolvedReferences: [Location]
}

/// One job (or hidden template) of a GitLab CI file.
public struct GitLabJob: Sendable {
    /// The job's key, located there.
    public var name: Located<String>
    /// `.name` jobs are templates: never run, only extended.
    public var isHidden: Bool { name.value.hasPrefix(".") }
    public var stage: Located<String>?
    public var script: GitLabScript?
    /// The job's own `before_script`, else the extended job's, else `default:`'s.
    public var beforeScript: GitLabScript?
    public var afterScript: GitLabScript?
    public var allowFailure: GitLabAllowFailure?
    public var rules: [GitLabRule]
    /// `only:` / `except:` as written (flattened), kept raw.
    public var only: Located<String>?
    public var except: Located<String>?
    public var when: Located<String>?
    public var needs: [Located<String>]
    /// `environment:` name (string form or `name:` of the map form).
    public var environment: Located<String>?
    public var extends: [Located<String>]
    /// Names of `extends` targets not found in this file (they may come from an include).
    public var unresolvedExtends: [Located<String>]
    public var image: Located<String>?
    public var services: [Located<String>]
    public var timeout: Located<String>?
    /// `trigger:` of a child/multi-project pipeline job.
    public var trigger: Located<String>?
    /// `resource_group:`: jobs sharing it never run at the same time.
    public var resourceGroup: Located<String>? = nil

    /// Some rule runs the job manually.
    public var hasManualRule: Bool { rules.contains { $0.when?.value == "manual" } }
    /// Some rule excludes the job.
    public var hasNeverRule: Bool { rules.contains { $0.when?.value == "never" } }

    /// The job only runs when someone starts it: `when: manual`, or every rule that runs it
    /// says `when: manual`. (GitLab also defaults such jobs to `allow_failure: true`; that is
    /// not recorded as `allowFailure`, since a manual job gates nothing anyway.)
    public var isManual: Bool {
        if when?.value == "manual" { return true }
        let running = rules.filter { $0.when?.value != "never" }
        return !running.isEmpty && running.allSatisfy { $0.when?.value == "manual" }
    }

    /// The job only runs in scheduled pipelines (its rules test `$CI_PIPELINE_SOURCE ==
    /// "schedule"`, or `only: schedules`).
    public var runsOnlyOnSchedule: Bool {
        if GitLabRule.onlySchedule(rules) { return true }
        guard let only = only?.value else { return false }
        let refs = only.split(separator: ",").map { String($0).trimmingSpaces }
        return refs == ["schedules"]
    }

    /// Sections in the order GitLab runs them.
    public var sections: [GitLabScript] { [beforeScript, script, afterScript].compactMap { $0 } }

    /// `before_script` and `script` commands (the ones whose failure fails the job; a failing
    /// `after_script` never does).
    public var gatingCommands: [ShellCommand] { (beforeScript?.commands ?? []) + (script?.commands ?? []) }
}

extension RepoModel {
    /// Every parsed GitLab CI file, in path order.
    public var gitlabPipelines: [GitLabPipeline] { artifacts(GitLabPipeline.self) }

    /// Paths of GitLab CI files some other GitLab CI file includes locally (as written: they
    /// may be globs, see `isGitLabIncluded`).
    public var gitlabIncludedPaths: Set<String> {
        Set(gitlabPipelines.flatMap { $0.includedLocalPaths.map(\.value) })
    }

    /// Whether a `include: local:` entry names `path`, directly or through a `*`/`**` glob.
    public func isGitLabIncluded(_ path: String) -> Bool {
        gitlabIncludedPaths.contains { GitLabInclude.glob($0, matches: path) }
    }
}
