import OpsAuditArtifacts
import OpsAuditModel

/// Looks for retries with backoff around outbound calls or background jobs.
struct RetryWithBackoffRule: Rule {
    static let id: RuleID = "RES-003"

    static let packages = [
        "axios-retry", "p-retry", "async-retry", "retry", "exponential-backoff", "cockatiel", "got", "fetch-retry",
        "tenacity", "backoff", "retrying", "stamina", "github.com/cenkalti/backoff*", "github.com/avast/retry-go*",
        "github.com/hashicorp/go-retryablehttp", "retriable", "faraday-retry", "sidekiq",
        "io.github.resilience4j:resilience4j-retry", "org.springframework.retry:spring-retry", "Polly*",
        "Microsoft.Extensions.Http.Resilience", "tokio-retry", "backon",
    ]
    static let modules: Set<String> = ["axios-retry", "p-retry", "async-retry", "retry", "exponential-backoff", "cockatiel",
                                       "got", "tenacity", "backoff", "retrying", "urllib3-retry", "cenkalti-backoff", "retry-go",
                                       "go-retryablehttp", "resilience4j-retry", "spring-retry", "polly"]
    /// Clients and job queues: the premise that something may need a retry.
    static let callers = [
        "axios", "node-fetch", "undici", "superagent", "ky", "bull", "bullmq", "bee-queue", "agenda",
        "requests", "httpx", "aiohttp", "celery", "rq", "dramatiq", "faraday", "httparty", "resque", "good_job",
        "github.com/go-resty/resty*", "Hangfire*", "reqwest",
    ]

    func evaluate(_ repo: RepoModel) -> Outcome {
        let uses = repo.libraryUses(packages: Self.packages, modules: Self.modules)
        guard uses.isEmpty else {
            return .passed(uses.map { Evidence("retry library `\($0.name)` \($0.isDependency ? "is a dependency" : "is imported")", at: $0.location) })
        }
        let callSite = repo.applicationSourceSignals.flatMap(\.outboundCalls).first
        let caller = repo.libraryUses(packages: Self.callers).first
        guard callSite != nil || caller != nil else {
            return .notApplicable("no outbound HTTP client or job queue found")
        }
        let what = caller.map { "`\($0.name)`" } ?? "`\(callSite!.client)`"
        return .failed(Finding(
            "outbound calls or jobs (\(what)) have no retry-with-backoff library (axios-retry, p-retry, tenacity, cenkalti/backoff, Polly…), so one transient network error fails the request or drops the job",
            at: nil, related: (caller?.location ?? callSite?.location).map { [RelatedLocation("client", at: $0)] } ?? [], confidence: .medium))
    }
}
