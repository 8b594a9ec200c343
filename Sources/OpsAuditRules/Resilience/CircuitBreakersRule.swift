import OpsAuditArtifacts
import OpsAuditModel

/// Looks for a circuit breaker around external dependencies.
struct CircuitBreakersRule: Rule {
    static let id: RuleID = "RES-004"

    static let packages = [
        "opossum", "cockatiel", "brakes", "pybreaker", "aiobreaker", "circuitbreaker", "github.com/sony/gobreaker*",
        "github.com/afex/hystrix-go", "github.com/eapache/go-resiliency", "io.github.resilience4j:*",
        "org.springframework.cloud:spring-cloud-starter-circuitbreaker*", "Polly*", "Microsoft.Extensions.Http.Resilience",
        "circuitbox", "semian", "stoplight",
    ]
    static let modules: Set<String> = ["opossum", "cockatiel", "brakes", "pybreaker", "aiobreaker", "circuitbreaker", "gobreaker",
                                       "hystrix-go", "go-resiliency", "resilience4j-circuitbreaker", "polly", "circuitbox", "semian"]

    func evaluate(_ repo: RepoModel) -> Outcome {
        let uses = repo.libraryUses(packages: Self.packages, modules: Self.modules)
        guard uses.isEmpty else {
            return .passed(uses.map { Evidence("circuit breaker `\($0.name)` \($0.isDependency ? "is a dependency" : "is imported")", at: $0.location) })
        }
        guard let call = repo.applicationSourceSignals.flatMap(\.outboundCalls).first else {
            return .notApplicable("no outbound HTTP call found to protect")
        }
        return .failed(Finding(
            "outbound calls have no circuit breaker (opossum, pybreaker, gobreaker, resilience4j, Polly), so a failing dependency keeps receiving traffic and its slowness spreads to this service",
            at: nil, related: [RelatedLocation("outbound call", at: call.location)], confidence: .medium))
    }
}
