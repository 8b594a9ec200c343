import OpsAuditArtifacts
import OpsAuditModel

/// Checks that an error-tracking SDK is a dependency and initialised at startup.
struct ErrorTrackingRule: Rule {
    static let id: RuleID = "OBS-001"

    /// Error trackers by package name, across ecosystems (`*` is a prefix match).
    static let packages = [
        "@sentry/*", "raven", "@bugsnag/*", "rollbar", "@honeybadger-io/*", "dd-trace", "newrelic", "@datadog/*", "@airbrake/*",
        "raygun", "raygun4node", "@appsignal/*",
        "sentry-sdk", "bugsnag", "ddtrace", "honeybadger", "pybrake", "raygun4py", "appsignal",
        "sentry-ruby", "sentry-rails", "sentry-raven", "newrelic_rpm", "airbrake", "raygun4ruby",
        "github.com/getsentry/sentry-go", "github.com/bugsnag/bugsnag-go", "github.com/rollbar/rollbar-go",
        "github.com/honeybadger-io/honeybadger-go", "github.com/airbrake/gobrake", "github.com/MindscapeHQ/raygun4go",
        "sentry/sentry-laravel", "sentry/sentry-symfony", "sentry/sdk", "bugsnag/bugsnag-laravel", "rollbar/rollbar-laravel",
        "mindscape/raygun4php", "sentry", "Sentry.AspNetCore", "Mindscape.Raygun4Net*", "io.sentry:*",
    ]
    static let trackerSDKs: Set<SDKKind> = [.sentry, .bugsnag, .rollbar, .honeybadger, .airbrake, .datadog, .newRelic, .raygun, .appSignal]
    /// Agents that start when imported or loaded by the framework (Rails gems read their own
    /// config file; `dd-trace`/`newrelic` are started by `-r`/wrapper commands): an import counts.
    static let selfStarting: Set<SDKKind> = [.datadog, .newRelic]
    static let selfStartingGems: Set<String> = ["honeybadger", "appsignal", "newrelic_rpm", "sentry-rails", "airbrake"]

    func evaluate(_ repo: RepoModel) -> Outcome {
        guard repo.hasApplicationCode else { return .notApplicable("no application code or package manifest") }
        let code = repo.applicationSourceSignals
        var initialised: [Evidence] = []
        for signals in code {
            for sdk in signals.sdkInitialisations where Self.trackerSDKs.contains(sdk.value) {
                initialised.append(Evidence("\(sdk.value.rawValue) initialised in `\(signals.path)`", at: sdk.location))
            }
            for sdk in signals.sdks where Self.selfStarting.contains(sdk.value) {
                initialised.append(Evidence("\(sdk.value.rawValue) agent loaded in `\(signals.path)`", at: sdk.location))
            }
        }
        let dependencies = repo.libraryUses(packages: Self.packages)
        for dependency in dependencies where Self.selfStartingGems.contains(dependency.name) {
            initialised.append(Evidence("`\(dependency.name)` starts itself in Rails from its config file", at: dependency.location))
        }
        let dependencyEvidence = dependencies.map { Evidence("error tracker `\($0.name)` is a dependency", at: $0.location) }
        if !initialised.isEmpty { return .passed(dependencyEvidence + initialised) }
        guard let dependency = dependencies.first else {
            return .failed(Finding(
                "no error tracker (Sentry, Bugsnag, Rollbar, Honeybadger, Airbrake, Raygun, AppSignal, Datadog, New Relic) in the dependencies or code: production exceptions end in logs nobody reads, and users report broken deploys first",
                at: nil))
        }
        // Without application source the initialisation cannot be seen: the dependency is the best evidence.
        guard !code.isEmpty else {
            return .passed(dependencyEvidence + [Evidence("no application source to confirm the SDK is initialised", at: nil)])
        }
        return .failed(Finding(
            "error tracker `\(dependency.name)` is a dependency but never initialised in code (no `init`/`configure`/`start` call), so no error reaches it",
            at: dependency.location, confidence: .medium))
    }
}
