import OpsAuditModel

/// A library the repository uses, found as a dependency or as an import in code.
public struct LibraryUse: Sendable {
    /// The dependency or module name as written.
    public var name: String
    /// Where it is declared or imported.
    public var location: Location?
    /// True when found in a package manifest (false: imported by code).
    public var isDependency: Bool

    public init(name: String, location: Location?, isDependency: Bool) {
        self.name = name
        self.location = location
        self.isDependency = isDependency
    }
}

extension RepoModel {
    /// True when there is application code (`applicationSourceSignals`) or a package manifest:
    /// the premise of rules about what the application does.
    public var hasApplicationCode: Bool {
        !manifests.isEmpty || !applicationSourceSignals.isEmpty
    }

    /// Source files of the application: not tests, examples, load tests or shell scripts.
    public var applicationSourceSignals: [SourceSignals] {
        derived("applicationSourceSignals") {
            sourceSignals.filter { signals in
                signals.language != .shell && signals.loadTestTools.isEmpty && file(at: signals.path)?.isTestOrExample != true
            }
        }
    }

    /// Every runtime dependency named like one of `names` (the matching of `hasDependency(named:)`),
    /// plus every library import recorded by the scanner under one of `modules`.
    public func libraryUses(packages names: [String], modules: Set<String> = []) -> [LibraryUse] {
        var result: [LibraryUse] = []
        for dependency in dependencies() where !dependency.isDev {
            let matched = names.contains { name in
                if name.hasSuffix("*") {
                    return dependency.name.hasPrefix(Dependency.normalize(String(name.dropLast()), ecosystem: dependency.ecosystem))
                }
                return dependency.name == Dependency.normalize(name, ecosystem: dependency.ecosystem)
            }
            if matched { result.append(LibraryUse(name: dependency.name, location: dependency.location, isDependency: true)) }
        }
        guard !modules.isEmpty else { return result }
        for signals in applicationSourceSignals {
            for library in signals.libraries where modules.contains(library.value) {
                result.append(LibraryUse(name: library.value, location: library.location, isDependency: false))
            }
        }
        return result
    }

    /// Environment variable names set in env files, examples and container/deploy env blocks
    /// that configure `matching`, with their locations (env files and examples only: the others
    /// are read through their own models).
    public func envKeys(where matching: (String) -> Bool) -> [Located<String>] {
        artifacts(EnvFile.self).filter { file(at: $0.path)?.isTestOrExample != true }.flatMap { file in
            file.entries.filter { matching($0.key.value) }.map(\.key)
        }
    }
}

extension RepoModel {
    /// Terraform resource types (by prefix) that define external uptime checks.
    static let uptimeResourcePrefixes = [
        "betteruptime_monitor", "uptimerobot_monitor", "checkly_check", "statuscake_uptime_check", "statuscake_test",
        "pingdom_check", "datadog_synthetics_test", "newrelic_synthetics_", "google_monitoring_uptime_check_config",
        "aws_route53_health_check", "aws_synthetics_canary", "azurerm_application_insights_standard_web_test",
        "azurerm_application_insights_web_test", "grafana_synthetic_monitoring_check", "cloudflare_healthcheck",
        "honeycombio_", "site24x7_website_monitor", "uptime_check",
    ]

    /// External uptime monitoring kept as code: Upptime (`.upptimerc.yml`), Checkly
    /// (`checkly.config.*`, `__checks__/`), Gatus and Uptime Kuma configs by name, uptime
    /// resources of monitoring Terraform providers, and scheduled CI jobs that `curl`/`wget` a
    /// public URL.
    public var uptimeMonitors: [Evidence] {
        var result: [Evidence] = []
        for file in files {
            let path = file.path, name = file.name
            let isYAML = ASCIIText.hasSuffix(name, ".yml") || ASCIIText.hasSuffix(name, ".yaml")
            let what: String? =
                ASCIIText.equals(name, ".upptimerc.yml") || ASCIIText.equals(name, ".upptimerc.yaml") ? "Upptime" :
                ASCIIText.hasPrefix(name, "checkly.config.") || ASCIIText.contains(path, "__checks__/") ? "Checkly" :
                (ASCIIText.hasPrefix(name, "gatus") || ASCIIText.contains(path, "gatus/")) && isYAML ? "Gatus" :
                // An export, not a compose file that deploys Uptime Kuma as one more service.
                ASCIIText.contains(path, "kuma") && ASCIIText.hasSuffix(name, ".json") ? "Uptime Kuma export" : nil
            if let what { result.append(Evidence("\(what) configuration `\(file.path)`", at: Location(path: file.path, line: 1))) }
        }
        for (path, block) in terraformResources {
            guard let type = block.resourceType, Self.uptimeResourcePrefixes.contains(where: type.hasPrefix) else { continue }
            result.append(Evidence("Terraform uptime check `\(block.address)` in `\(path)`", at: block.location))
        }
        for ci in ciCommands where ci.isScheduled {
            let words = ci.command.effectiveWords
            guard let tool = words.first, tool == "curl" || tool == "wget" else { continue }
            // A probe, not a download: no output file, not a release asset, and a health-like path or `--fail`.
            guard !words.contains(where: { ["-o", "-O", "--output", "--remote-name", "-qO-", "-qO"].contains($0) }) else { continue }
            let urls = words.filter { $0.hasPrefix("http://") || $0.hasPrefix("https://") }
            guard let url = urls.first, !url.contains("localhost"), !url.contains("127.0.0.1"),
                  !url.contains("github.com/"), !url.contains("githubusercontent.com") else { continue }
            let lowerURL = url.lowercased()
            let probes = ["health", "status", "ping", "ready", "live", "/up"].contains(where: lowerURL.contains)
                || words.contains(where: { $0 == "--fail" || $0 == "-f" || $0 == "-sf" || $0 == "-fsS" || $0 == "-fs" })
            guard probes else { continue }
            result.append(Evidence("scheduled CI job `\(ci.job)` probes `\(url)`", at: ci.command.location))
        }
        return result
    }

    /// Terraform resource types (by prefix) that define alerts or on-call routing.
    static let alertResourcePrefixes = [
        "datadog_monitor", "newrelic_alert_", "newrelic_nrql_alert_condition", "aws_cloudwatch_metric_alarm",
        "aws_cloudwatch_composite_alarm", "google_monitoring_alert_policy", "azurerm_monitor_metric_alert",
        "azurerm_monitor_scheduled_query_rules_alert", "grafana_rule_group", "grafana_contact_point", "pagerduty_",
        "opsgenie_", "sentry_issue_alert", "sentry_metric_alert", "honeycombio_trigger", "betteruptime_policy",
    ]

    /// Alerting kept as code: Prometheus rule files and Alertmanager configs, `PrometheusRule`
    /// objects, Grafana alerting provisioning, alert and on-call Terraform resources, and CI or
    /// deploy workflow steps that notify on failure (`if: failure()` with a notifying action or
    /// command).
    public var alertingConfiguration: [Evidence] {
        var result: [Evidence] = []
        for file in files {
            let lower = file.path.lowercased()
            let name = file.name.lowercased()
            let yaml = name.hasSuffix(".yml") || name.hasSuffix(".yaml")
            let what: String? =
                name.hasPrefix("alertmanager") && yaml ? "Alertmanager configuration" :
                yaml && (name.contains("alert") && (lower.contains("prometheus") || lower.contains("rules") || name.contains("rules")))
                    ? "Prometheus alert rules" :
                yaml && lower.contains("grafana") && lower.contains("alerting/") ? "Grafana alerting provisioning" :
                lower.hasPrefix("opsgenie") || lower.contains("/opsgenie") ? "Opsgenie configuration" :
                lower.contains("pagerduty") && (yaml || name.hasSuffix(".json")) ? "PagerDuty configuration" : nil
            if let what { result.append(Evidence("\(what) `\(file.path)`", at: Location(path: file.path, line: 1))) }
        }
        for object in kubernetesObjects where object.kind.value == "PrometheusRule" || object.kind.value == "AlertmanagerConfig" {
            result.append(Evidence("`\(object.kind.value)` object", at: object.location))
        }
        for (path, block) in terraformResources {
            guard let type = block.resourceType, Self.alertResourcePrefixes.contains(where: type.hasPrefix) else { continue }
            result.append(Evidence("Terraform alert `\(block.address)` in `\(path)`", at: block.location))
        }
        for workflow in artifacts(Workflow.self) {
            for job in workflow.jobs {
                for step in job.steps {
                    guard let condition = step.condition, condition.value.contains("failure()") else { continue }
                    let action = step.uses?.value.raw.lowercased() ?? ""
                    let script = step.run?.text.lowercased() ?? ""
                    let notifies = Self.notifiers.contains { action.contains($0) || script.contains($0) }
                    if notifies {
                        result.append(Evidence("workflow `\(workflow.path)` notifies on failure in step `\(step.label)`", at: condition.location))
                    }
                }
            }
        }
        return result
    }

    /// Words in an action reference or script that reveal a notification.
    static let notifiers = ["slack", "discord", "teams", "mail", "telegram", "pagerduty", "opsgenie", "ntfy", "pushover",
                            "webhook", "mattermost", "rocket.chat", "gotify", "notify", "sentry-cli"]
}

extension RepoModel {
    /// Server frameworks whose presence as a runtime dependency makes the repository a service.
    static let serverFrameworks = [
        "express", "fastify", "koa", "@hapi/hapi", "@nestjs/core", "next", "nuxt", "@remix-run/node", "hono",
        "flask", "django", "fastapi", "starlette", "aiohttp", "tornado", "sanic", "uvicorn", "gunicorn", "falcon", "bottle",
        "rails", "sinatra", "puma", "hanami", "roda",
        "github.com/gin-gonic/gin", "github.com/labstack/echo/v4", "github.com/gofiber/fiber/v2", "github.com/go-chi/chi/v5",
        "github.com/gorilla/mux",
        "org.springframework.boot:spring-boot-starter-web", "org.springframework.boot:spring-boot-starter-webflux",
        "io.ktor:ktor-server-core", "io.micronaut:micronaut-http-server-netty", "io.quarkus:quarkus-resteasy",
        "Microsoft.AspNetCore*", "phoenix", "plug_cowboy", "laravel/framework", "symfony/http-kernel", "slim/slim",
        "actix-web", "axum", "rocket", "warp", "vapor",
    ]

    /// Why the repository looks like a service — something that runs and serves, whose logs,
    /// metrics and traces someone reads — strongest reason first: HTTP routes in application
    /// code, a server framework dependency, or deployment configuration. Nil for libraries and
    /// command-line tools, where the service-only observability rules do not apply.
    /// The not-applicable reason of rules about running services, for libraries and tools.
    public static let notAServiceReason =
        "not a service: no HTTP routes, server framework or deployment configuration (a library or command-line tool)"

    public var serviceEvidence: Evidence? {
        derived("serviceEvidence") {
            if let route = applicationRoutes.first {
                return Evidence("HTTP route `\(route.route.path.value)` in `\(route.path)`", at: route.route.path.location)
            }
            if let framework = hasDependency(named: Self.serverFrameworks, includingDev: false) {
                return Evidence("server framework `\(framework.name)`", at: framework.location)
            }
            return deploymentEvidence.first
        }
    }
}
