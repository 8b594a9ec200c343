import OpsAuditArtifacts
import OpsAuditModel

/// Looks for an error-tracking SDK in the dependencies or initialised in code.
struct ErrorTrackingRule: Rule {
    static let id: RuleID = "OBS-001"

    /// Error trackers by package name, across ecosystems (`*` is a prefix match).
    static let packages = [
        "@sentry/*", "raven", "@bugsnag/*", "rollbar", "@honeybadger-io/*", "dd-trace", "newrelic", "@datadog/*", "@airbrake/*",
        "sentry-sdk", "bugsnag", "ddtrace", "honeybadger", "pybrake",
        "sentry-ruby", "sentry-rails", "sentry-raven", "newrelic_rpm", "airbrake",
        "github.com/getsentry/sentry-go", "github.com/bugsnag/bugsnag-go", "github.com/rollbar/rollbar-go",
        "github.com/honeybadger-io/honeybadger-go", "github.com/airbrake/gobrake",
        "sentry/sentry-laravel", "sentry/sentry-symfony", "sentry/sdk", "bugsnag/bugsnag-laravel", "rollbar/rollbar-laravel",
        "sentry",
    ]
    static let trackerSDKs: Set<SDKKind> = [.sentry, .bugsnag, .rollbar, .honeybadger, .airbrake, .datadog, .newRelic]

    func evaluate(_ repo: RepoModel) -> Outcome {
        let applicationCode = repo.files(.source).contains { !$0.isTestOrExample && $0.language != .shell } || !repo.manifests.isEmpty
        guard applicationCode else { return .notApplicable("no application code or package manifest") }
        var evidence: [Evidence] = []
        if let dependency = repo.hasDependency(named: Self.packages, includingDev: false) {
            evidence.append(Evidence("error tracker `\(dependency.name)` is a dependency", at: dependency.location))
        }
        for signals in repo.sourceSignals {
            for sdk in signals.sdks where Self.trackerSDKs.contains(sdk.value) {
                evidence.append(Evidence("\(sdk.value.rawValue) SDK used in `\(signals.path)`", at: sdk.location))
            }
        }
        guard evidence.isEmpty else { return .passed(evidence) }
        return .failed(Finding(
            "no error tracker (Sentry, Bugsnag, Rollbar, Honeybadger, Datadog, New Relic) in the dependencies or code: production exceptions end in logs nobody reads, and users report broken deploys first",
            at: nil))
    }
}
