import OpsAuditModel

/// A CI job that deploys: where it is declared, the deploy commands and actions it runs, and
/// what protects it (its `environment:`, GitLab `when: manual`).
public struct CIDeployJob: Sendable {
    public var system: CISystem
    public var path: String
    /// The job's name, located at its key (systems without job positions: the first deploy).
    public var job: Located<String>
    /// Deploy checks of the job, in file order (never empty).
    public var deploys: [CICheck]
    /// `environment:` name (GitHub Actions, GitLab).
    public var environment: Located<String>?
    /// Where `when: manual` makes a person start the job (GitLab), nil otherwise.
    public var manualGate: Location?

    /// The deploy to name in messages and to gate: the first deploy command, else the first
    /// deploy action (`superfly/flyctl-actions/setup-flyctl` only installs what `flyctl deploy` runs).
    public var primary: CICheck { deploys.first { !$0.isAction } ?? deploys[0] }

    /// The environment, job name, pipeline file name or deploy command says staging, preview, review or dev.
    public var isNonProduction: Bool {
        if let environment { return EnvironmentName.isNonProduction(environment.value) }
        let file = String(path.split(separator: "/").last ?? "")
        return EnvironmentName.mentionsNonProduction(job.value) || EnvironmentName.mentionsNonProduction(file)
            // A job that deploys staging on one branch and production on another deploys production.
            || deploys.allSatisfy { EnvironmentName.mentionsNonProduction($0.text) }
    }
}

/// A job that must finish before another starts, and what may let it fail without stopping it.
public struct CIPrerequisite: Sendable {
    public var path: String
    public var job: String
    /// Where the dependency is declared: the `needs:` entry or the job's `stage:`.
    public var declaredAt: Location
    /// `continue-on-error`/`allow_failure` on the prerequisite, or an `if: always()` on the
    /// dependent job: its failure does not stop what follows.
    public var neutralizer: Neutralizer?
}

/// What a deploy waits for: the tests that must pass before it, and those that would but cannot fail.
public struct CIDeployGate: Sendable {
    /// Test checks that can fail and run before the deploy (same job earlier, a prerequisite
    /// job, or a CI workflow a `workflow_run` deploy waits on).
    public var tests: [CICheck]
    /// Tests before the deploy whose failure is swallowed, with what swallows it.
    public var neutralised: [(CICheck, Neutralizer)]
}

/// Environment names: which say non-production.
public enum EnvironmentName {
    static let nonProductionWords: Set<String> = [
        "staging", "stage", "stg", "preview", "previews", "dev", "develop", "development", "review", "qa", "uat", "test",
        "testing", "sandbox", "preprod", "pre-prod", "nonprod", "demo", "canary-staging", "integration",
    ]

    /// `staging`, `review/$CI_COMMIT_REF_SLUG`, `dev-eu`, `Preview`: a word of the name is a non-production word.
    public static func isNonProduction(_ name: String) -> Bool {
        words(name).contains { nonProductionWords.contains($0) }
    }

    /// A deploy command names a non-production target (`--app myapp-staging`, `-e staging`).
    static func mentionsNonProduction(_ text: String) -> Bool {
        words(text).contains { ["staging", "stage", "stg", "preview", "dev", "development", "review", "qa", "uat", "sandbox"].contains($0) }
    }

    static func words(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }
}

extension RepoModel {
    /// Every CI job that deploys (deploy commands and well-known deploy actions), in file order.
    /// Jobs that start a throwaway cluster are not deploys (see `ciChecks`).
    public var ciDeployJobs: [CIDeployJob] { derived("ciDeployJobs") { gatherCIDeployJobs() } }

    private func gatherCIDeployJobs() -> [CIDeployJob] {
        // `superfly/flyctl-actions/setup-flyctl` installs the CLI; the deploy is the command that follows.
        let deploys = ciChecks(for: [.deploy]).filter { !($0.isAction && ActionReference($0.text).path?.hasPrefix("setup") == true) }
        var order: [String] = []
        var byJob: [String: [CICheck]] = [:]
        for check in deploys {
            let key = "\(check.path)#\(check.job)"
            if byJob[key] == nil { order.append(key) }
            byJob[key, default: []].append(check)
        }
        let workflowsByPath = Dictionary(workflows.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let gitlabByPath = Dictionary(gitlabPipelines.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        return order.compactMap { key -> CIDeployJob? in
            guard let checks = byJob[key]?.sorted(by: { $0.location.line < $1.location.line }), let first = checks.first else { return nil }
            if let job = workflowsByPath[first.path]?.job(first.job) {
                return CIDeployJob(system: .githubActions, path: first.path, job: job.id, deploys: checks,
                                   environment: job.environment, manualGate: nil)
            }
            if let job = gitlabByPath[first.path]?.job(first.job) {
                let manual = job.isManual
                    ? (job.when?.value == "manual" ? job.when?.location : job.rules.first { $0.when?.value == "manual" }?.when?.location)
                    : nil
                return CIDeployJob(system: .gitlab, path: first.path, job: job.name, deploys: checks,
                                   environment: job.environment, manualGate: manual)
            }
            let system = ciCommands.first { $0.path == first.path }?.system ?? .jenkins
            return CIDeployJob(system: system, path: first.path, job: Located(first.job, at: first.location), deploys: checks,
                               environment: nil, manualGate: nil)
        }
    }

    /// The jobs that must finish before job `job` of pipeline `path` starts, transitively:
    /// GitHub `needs:`; GitLab `needs:`, else every job of an earlier stage (GitLab CI files
    /// included into one another form one pipeline). Other systems: none known yet.
    public func ciPrerequisites(path: String, job: String) -> [CIPrerequisite] {
        if let workflow = workflows.first(where: { $0.path == path }) { return githubPrerequisites(workflow, job: job) }
        if gitlabPipelines.contains(where: { $0.path == path }) { return gitlabPrerequisites(job: job) }
        if let config = circleCIConfigs.first(where: { $0.path == path }) { return circleCIPrerequisites(config, job: job) }
        return []
    }

    /// CircleCI: the `requires:` of every workflow entry that runs the job, transitively. An
    /// approval hold is a prerequisite that runs no command.
    func circleCIPrerequisites(_ config: CircleCIConfig, job name: String) -> [CIPrerequisite] {
        var result: [CIPrerequisite] = []
        var seen: Set<String> = [name]
        for workflow in config.workflows {
            var frontier = [name]
            while let current = frontier.popLast() {
                for entry in workflow.jobs where entry.name.value == current {
                    for required in entry.requires where seen.insert(required.value).inserted {
                        result.append(CIPrerequisite(path: config.path, job: required.value, declaredAt: required.location, neutralizer: nil))
                        frontier.append(required.value)
                    }
                }
            }
        }
        return result
    }

    func githubPrerequisites(_ workflow: Workflow, job name: String) -> [CIPrerequisite] {
        guard let start = workflow.job(name) else { return [] }
        // `if: always()` (or `!cancelled()`, `failure()`) runs the job whatever its needs did.
        let runsAnyway = start.condition.flatMap { condition -> Neutralizer? in
            let text = condition.value.replacingOccurrences(of: " ", with: "")
            guard text.contains("always()") || text.contains("!cancelled()") || text.contains("failure()") else { return nil }
            return Neutralizer(how: "`if: \(condition.value)` on job `\(name)`", location: condition.location)
        }
        var result: [CIPrerequisite] = []
        var seen: Set<String> = [name]
        var frontier = [start]
        while let job = frontier.popLast() {
            for need in job.needs where seen.insert(need.value).inserted {
                guard let needed = workflow.job(need.value) else { continue }
                let flag = needed.continueOnError.flatMap { flag in
                    flag.value.lowercased() == "true"
                        ? Neutralizer(how: "`continue-on-error: true` on job `\(needed.id.value)`", location: flag.location) : nil
                }
                result.append(CIPrerequisite(path: workflow.path, job: need.value, declaredAt: need.location, neutralizer: runsAnyway ?? flag))
                frontier.append(needed)
            }
        }
        return result
    }

    func gitlabPrerequisites(job name: String) -> [CIPrerequisite] {
        let pipelines = gitlabPipelines
        let jobs = pipelines.flatMap { pipeline in pipeline.runnableJobs.map { (pipeline.path, $0) } }
        let byName = Dictionary(jobs.map { ($0.1.name.value, $0) }, uniquingKeysWith: { first, _ in first })
        let declared = pipelines.first { !$0.stages.isEmpty }?.stages.map(\.value) ?? ["build", "test", "deploy"]
        let stages = [".pre"] + declared.filter { $0 != ".pre" && $0 != ".post" } + [".post"]
        func rank(_ job: GitLabJob) -> Int { stages.firstIndex(of: job.stage?.value ?? "test") ?? -1 }
        func gate(_ path: String, _ job: GitLabJob, at location: Location) -> CIPrerequisite {
            CIPrerequisite(path: path, job: job.name.value, declaredAt: location, neutralizer: Self.gitlabJobNeutralizer(job))
        }
        guard let (_, start) = byName[name] else { return [] }
        var result: [CIPrerequisite] = []
        var seen: Set<String> = [name]
        var frontier = [start]
        while let job = frontier.popLast() {
            if !job.needs.isEmpty {
                for need in job.needs where seen.insert(need.value).inserted {
                    guard let (path, needed) = byName[need.value] else { continue }
                    result.append(gate(path, needed, at: need.location))
                    frontier.append(needed)
                }
            } else {
                let own = rank(job)
                for (path, other) in jobs where rank(other) >= 0 && rank(other) < own && seen.insert(other.name.value).inserted {
                    result.append(gate(path, other, at: job.stage?.location ?? job.name.location))
                    frontier.append(other)
                }
            }
        }
        return result.sorted { ($0.path, $0.declaredAt.line, $0.job) < ($1.path, $1.declaredAt.line, $1.job) }
    }

    /// What lets a GitLab job fail without stopping later stages: `allow_failure`, or `when:
    /// manual` (GitLab defaults manual jobs to `allow_failure: true`, and a job nobody starts gates nothing).
    static func gitlabJobNeutralizer(_ job: GitLabJob) -> Neutralizer? {
        if let allow = job.allowFailure, allow.isAllowed {
            return Neutralizer(how: "`allow_failure: true` on job `\(job.name.value)`", location: allow.location)
        }
        if job.isManual {
            return Neutralizer(how: "job `\(job.name.value)` only runs by hand (`when: manual`)", location: job.when?.location ?? job.name.location)
        }
        return nil
    }

    /// The tests a deploy waits for: earlier in its job, in its prerequisite jobs, or — for a
    /// GitHub job whose `if:` requires `workflow_run.conclusion == 'success'` — in the workflows it follows.
    public func ciDeployGate(_ deploy: CICheck) -> CIDeployGate {
        let tests = ciChecks(for: [.test])
        var gate = CIDeployGate(tests: [], neutralised: [])
        func add(_ test: CICheck, _ extra: Neutralizer?) {
            if let neutralizer = test.neutralizer ?? extra { gate.neutralised.append((test, neutralizer)) } else { gate.tests.append(test) }
        }
        for test in tests where test.path == deploy.path && test.job == deploy.job && test.location.line < deploy.location.line {
            add(test, nil)
        }
        for prerequisite in ciPrerequisites(path: deploy.path, job: deploy.job) {
            for test in tests where test.path == prerequisite.path && test.job == prerequisite.job {
                add(test, prerequisite.neutralizer)
            }
        }
        for path in followedWorkflowPaths(deploy) {
            for test in tests where test.path == path { add(test, nil) }
        }
        return gate
    }

    /// Workflows a `workflow_run` job follows, when the job runs only after they succeed.
    func followedWorkflowPaths(_ deploy: CICheck) -> [String] {
        guard let workflow = workflows.first(where: { $0.path == deploy.path }), let trigger = workflow.trigger("workflow_run"),
              let job = workflow.job(deploy.job) else { return [] }
        let condition = (job.condition?.value ?? "").replacingOccurrences(of: " ", with: "")
        guard condition.contains("workflow_run.conclusion=='success'") || condition.contains("workflow_run.conclusion==\"success\"")
        else { return [] }
        let names = Set(trigger.workflows.map(\.value))
        return workflows.filter { other in
            other.path != workflow.path && (names.contains(other.name?.value ?? "") || names.contains(String(other.path.split(separator: "/").last ?? "")))
        }.map(\.path)
    }
}
