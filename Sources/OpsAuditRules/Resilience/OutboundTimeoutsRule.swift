import OpsAuditArtifacts
import OpsAuditModel

/// Finds outbound HTTP calls and clients without a timeout.
struct OutboundTimeoutsRule: Rule {
    static let id: RuleID = "RES-002"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let code = repo.applicationSourceSignals
        let defaults = Set(code.flatMap(\.timeoutDefaults).map(\.value))
        let calls = code.flatMap(\.outboundCalls)
        guard !calls.isEmpty else { return .notApplicable("no outbound HTTP call the scanner recognises (axios, fetch, requests, Go net/http)") }
        let bounded = calls.filter { $0.hasTimeout || defaults.contains($0.client) }
        let unbounded = calls.filter { !($0.hasTimeout || defaults.contains($0.client)) }
        let evidence = bounded.map { Evidence("`\($0.client)` call sets a timeout", at: $0.location) }
        guard !unbounded.isEmpty else { return .passed(evidence) }
        let findings = unbounded.map { call in
            Finding("`\(call.client)` \(Self.why(call.client)), so a slow dependency holds this request and its worker until the client gives up",
                    at: call.location, confidence: .medium)
        }
        return .failed(findings, credit: Double(bounded.count) / Double(calls.count), evidence: evidence)
    }

    static func why(_ client: String) -> String {
        switch client {
        case "fetch": "call has no `signal` (e.g. `AbortSignal.timeout(ms)`) and fetch never times out by itself"
        case "requests": "call has no `timeout=` and requests waits forever by default"
        case "axios": "call or instance has no `timeout` and axios waits forever by default"
        case "http.Client": "is built without `Timeout` and Go's client waits forever by default"
        case "urlopen": "call has no `timeout=` and falls back to the socket default (none)"
        default: "uses Go's default client, which has no timeout"
        }
    }
}
