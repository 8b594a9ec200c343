import OpsAuditArtifacts
import OpsAuditModel

/// CORS never admits every origin (`*`, a reflected origin, a match-all pattern) together with credentials.
struct CorsNotWildcardRule: Rule {
    static let id: RuleID = "SEC-008"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let configurations = repo.corsConfigurations
        guard !configurations.isEmpty else { return .notApplicable("no CORS configuration in application code") }
        // Origins or credentials computed at run time cannot be judged from the text.
        let judged = configurations.filter { $0.origins != .unknown && $0.allowsCredentials != nil }
        guard !judged.isEmpty else {
            return .notApplicable("CORS is configured, but its origins or credentials come from variables the scanner does not follow")
        }
        let evidence = judged.filter { !$0.allowsAnyOriginWithCredentials }.map { configuration in
            Evidence(configuration.origins == .explicit
                     ? "`\(configuration.framework)` CORS admits listed origins only"
                     : "`\(configuration.framework)` CORS admits any origin but without credentials", at: configuration.location)
        }
        let findings = judged.filter(\.allowsAnyOriginWithCredentials).map { configuration in
            var related: [RelatedLocation] = []
            if let credentials = configuration.credentialsLocation, credentials.line != configuration.location.line {
                related.append(RelatedLocation("credentials allowed here", at: credentials))
            }
            return Finding("`\(configuration.framework)` CORS \(Self.what(configuration.origins)) and allows credentials, \(Self.why(configuration.origins))",
                           at: configuration.location, related: related,
                           confidence: configuration.framework == "header" ? .medium : .high)
        }
        return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
    }

    static func what(_ origins: CORSConfiguration.Origins) -> String {
        switch origins {
        case .reflectAny: "reflects every request's `Origin`"
        case .regexAny: "admits origins by a pattern that matches every origin"
        default: "admits every origin (`*`)"
        }
    }

    static func why(_ origins: CORSConfiguration.Origins) -> String {
        switch origins {
        case .wildcard: "a pair browsers refuse, so frameworks either reject it or echo each caller's origin instead, letting any website read users' authenticated responses"
        default: "so any website a user visits can send requests with the user's cookies and read the responses"
        }
    }
}
