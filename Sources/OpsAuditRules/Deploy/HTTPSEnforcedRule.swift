import OpsAuditArtifacts
import OpsAuditModel

/// Checks that HTTP traffic is redirected to HTTPS: fly `force_https`, Kubernetes Ingress TLS;
/// Render, Vercel and Netlify redirect on their own.
struct HTTPSEnforcedRule: Rule {
    static let id: RuleID = "DEP-008"

    func evaluate(_ repo: RepoModel) -> Outcome {
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        for fly in repo.flyConfigs where Classifier.environmentHint(of: fly.path) != .nonProduction {
            var served: [(Location, Located<Bool>?, String)] = []
            if let http = fly.httpService { served.append((http.location, http.forceHTTPS, "[http_service]")) }
            for service in fly.services where service.ports.contains(where: { $0.value == 80 }) {
                served.append((service.location, service.forceHTTPS, "[[services]]"))
            }
            for (location, force, label) in served {
                if let force, force.value {
                    evidence.append(Evidence("`\(fly.path)` \(label) sets `force_https = true`", at: force.location))
                } else {
                    findings.append(Finding(
                        "\(label) in `\(fly.path)` \(force == nil ? "does not set" : "disables") `force_https`, so plain-HTTP requests are served and cookies and tokens cross the network in clear",
                        at: force?.location ?? location))
                }
            }
        }
        for object in repo.kubernetesObjects where object.ingress != nil && Classifier.environmentHint(of: object.location.path) != .nonProduction {
            if let tls = object.ingress?.tls {
                evidence.append(Evidence("Ingress \(object.name?.value ?? "") terminates TLS", at: tls))
            } else {
                findings.append(Finding(
                    "\(object.displayName) declares no `tls`, so it serves the application over plain HTTP",
                    at: object.kind.location, confidence: .medium))
            }
        }
        for (kind, platform) in [(FileKind.renderYAML, "Render"), (.vercel, "Vercel"), (.netlify, "Netlify")] {
            if let file = repo.files(kind).first {
                evidence.append(Evidence("\(platform) (`\(file.path)`) redirects HTTP to HTTPS for every site", at: Location(path: file.path, line: 1)))
            }
        }
        guard !findings.isEmpty || !evidence.isEmpty else { return .notApplicable("no fly.toml, Kubernetes Ingress, Render, Vercel or Netlify config") }
        return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
    }
}
