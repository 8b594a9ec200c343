import OpsAuditModel

/// A health check a hosting platform runs against a service, wherever it is declared.
public struct PlatformHealthCheck: Sendable {
    /// `fly.toml http check`, `render healthCheckPath`…
    public var description: String
    public var location: Location
    /// The Dockerfile the checked service is built from, when the platform file says or implies it.
    public var dockerfile: String?
    /// The image the checked container runs, when the platform names one (Kubernetes).
    public var image: String? = nil
}

extension RepoModel {
    /// Every platform-level health check, with the Dockerfile of the service it probes.
    public var platformHealthChecks: [PlatformHealthCheck] {
        var result: [PlatformHealthCheck] = []
        for fly in flyConfigs {
            let dockerfile = Self.flyDockerfile(fly)
            for check in fly.allChecks {
                let target = check.path.map { " `\($0.value)`" } ?? ""
                result.append(PlatformHealthCheck(
                    description: "fly.toml \(check.kind.rawValue) check\(target)", location: check.location, dockerfile: dockerfile))
            }
        }
        for blueprint in renderBlueprints {
            for service in blueprint.services {
                guard let path = service.healthCheckPath else { continue }
                let dockerfile = service.runtime?.value == "docker" ? Self.renderDockerfile(service) : nil
                result.append(PlatformHealthCheck(
                    description: "render.yaml `healthCheckPath: \(path.value)` on `\(service.name.value)`",
                    location: path.location, dockerfile: dockerfile))
            }
        }
        for object in kubernetesObjects {
            for container in object.workload?.containers ?? [] {
                for (name, probe) in [("livenessProbe", container.livenessProbe), ("readinessProbe", container.readinessProbe),
                                      ("startupProbe", container.startupProbe)] {
                    guard let probe else { continue }
                    let target = probe.path.map { " `\($0.value)`" } ?? ""
                    let containerName = container.name.map { " container `\($0.value)`" } ?? ""
                    result.append(PlatformHealthCheck(
                        description: "Kubernetes \(name) \(probe.kind.rawValue)\(target) on `\(object.displayName)`\(containerName)",
                        location: probe.location, dockerfile: nil, image: container.image?.value))
                }
            }
        }
        return result
    }

    /// fly builds `[build] dockerfile` relative to fly.toml, else the `Dockerfile` beside it.
    static func flyDockerfile(_ fly: FlyConfig) -> String {
        let directory = fly.path.contains("/") ? String(fly.path[..<fly.path.lastIndex(of: "/")!]) : ""
        return joinPath(directory, fly.buildDockerfile?.value ?? "Dockerfile")
    }

    /// Render's `dockerfilePath` is relative to the repository root; `./Dockerfile` by default.
    static func renderDockerfile(_ service: RenderService) -> String {
        joinPath("", service.dockerfilePath?.value ?? "Dockerfile")
    }

    /// Joins and normalises `./` and `a/../` segments.
    static func joinPath(_ directory: String, _ relative: String) -> String {
        var parts: [Substring] = relative.hasPrefix("/") ? [] : directory.split(separator: "/")
        for part in relative.split(separator: "/") {
            if part == "." || part.isEmpty { continue }
            if part == "..", !parts.isEmpty { parts.removeLast(); continue }
            parts.append(part)
        }
        return parts.joined(separator: "/")
    }
}

extension RepoModel {
    /// True when a platform file or Dockerfile declares a network service (fly HTTP services,
    /// Render web services, Kubernetes Services and Ingresses, `EXPOSE` in a production image).
    public var declaresNetworkService: Bool {
        flyConfigs.contains { $0.httpService != nil || !$0.services.isEmpty }
            || renderBlueprints.contains { $0.services.contains { $0.type?.value == "web" } }
            || kubernetesObjects.contains { $0.service != nil || $0.ingress != nil }
            || productionDockerfiles.contains { !($0.finalStage?.exposedPorts.isEmpty ?? true) }
    }
}
