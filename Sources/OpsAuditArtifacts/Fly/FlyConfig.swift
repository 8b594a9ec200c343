import OpsAuditModel

/// A Fly.io app configuration (`fly.toml`, `fly.<env>.toml`), with the location of every value.
/// Reference: https://fly.io/docs/reference/configuration/
public struct FlyConfig: Artifact, Hashable {
    public var path: String
    public var app: Located<String>?
    public var primaryRegion: Located<String>?
    public var killSignal: Located<String>?
    /// As written: `5` or `"5s"`.
    public var killTimeout: Located<String>?
    public var swapSizeMB: Located<Int>?
    /// `[build] dockerfile` / `image`.
    public var buildDockerfile: Located<String>?
    public var buildImage: Located<String>?
    public var httpService: FlyHTTPService?
    public var services: [FlyService]
    /// Top-level `[checks.<name>]` machine health checks (see `allChecks` for every check).
    public var checks: [FlyCheck]
    public var vms: [FlyVM]
    public var deploy: FlyDeploy?
    public var mounts: [FlyMount]
    /// Process group names (`[processes]` keys), each at its key.
    public var processes: [Located<String>]
    /// `[env]` variable names, each at its key (values are not kept: they may be secrets).
    public var env: [Located<String>]
    public var staticsCount: Int

    public init(path: String, app: Located<String>? = nil, primaryRegion: Located<String>? = nil,
                killSignal: Located<String>? = nil, killTimeout: Located<String>? = nil,
                swapSizeMB: Located<Int>? = nil, buildDockerfile: Located<String>? = nil,
                buildImage: Located<String>? = nil, httpService: FlyHTTPService? = nil,
                services: [FlyService] = [], checks: [FlyCheck] = [], vms: [FlyVM] = [],
                deploy: FlyDeploy? = nil, mounts: [FlyMount] = [], processes: [Located<String>] = [],
                env: [Located<String>] = [], staticsCount: Int = 0) {
        self.path = path
        self.app = app
        self.primaryRegion = primaryRegion
        self.killSignal = killSignal
        self.killTimeout = killTimeout
        self.swapSizeMB = swapSizeMB
        self.buildDockerfile = buildDockerfile
        self.buildImage = buildImage
        self.httpService = httpService
        self.services = services
        self.checks = checks
        self.vms = vms
        self.deploy = deploy
        self.mounts = mounts
        self.processes = processes
        self.env = env
        self.staticsCount = staticsCount
    }

    /// Every health check wherever it is declared: top-level `[checks]`, `[[http_service.checks]]`,
    /// `[[http_service.machine_checks]]`, and each service's http/tcp/script/machine checks.
    public var allChecks: [FlyCheck] {
        checks + (httpService?.checks ?? []) + services.flatMap(\.checks)
    }
}

/// The `[http_service]` section: Fly's shorthand for one HTTP service on 80/443.
public struct FlyHTTPService: Hashable, Sendable {
    public var location: Location
    public var internalPort: Located<Int>?
    public var forceHTTPS: Located<Bool>?
    /// `true`/`false` or `"stop"`/`"suspend"`/`"off"`, as written.
    public var autoStopMachines: Located<String>?
    public var autoStartMachines: Located<Bool>?
    public var minMachinesRunning: Located<Int>?
    /// Where `[http_service.concurrency]` is, when present.
    public var concurrency: Location?
    public var processes: [String]
    /// `[[http_service.checks]]` (kind http) and `[[http_service.machine_checks]]` (kind machine).
    public var checks: [FlyCheck]

    public init(location: Location, internalPort: Located<Int>? = nil, forceHTTPS: Located<Bool>? = nil,
                autoStopMachines: Located<String>? = nil, autoStartMachines: Located<Bool>? = nil,
                minMachinesRunning: Located<Int>? = nil, concurrency: Location? = nil,
                processes: [String] = [], checks: [FlyCheck] = []) {
        self.location = location
        self.internalPort = internalPort
        self.forceHTTPS = forceHTTPS
        self.autoStopMachines = autoStopMachines
        self.autoStartMachines = autoStartMachines
        self.minMachinesRunning = minMachinesRunning
        self.concurrency = concurrency
        self.processes = processes
        self.checks = checks
    }

    /// Whether idle machines are stopped or suspended (`true`, `"stop"`, `"suspend"`).
    public var stopsIdleMachines: Bool { FlyService.stops(autoStopMachines?.value) }
}

/// One `[[services]]` element (the general form of a service).
public struct FlyService: Hashable, Sendable {
    public var location: Location
    public var index: Int
    public var internalPort: Located<Int>?
    public var `protocol`: Located<String>?
    /// Public ports of `[[services.ports]]`.
    public var ports: [Located<Int>]
    /// Whether some port has `force_https = true`.
    public var forceHTTPS: Located<Bool>?
    public var autoStopMachines: Located<String>?
    public var autoStartMachines: Located<Bool>?
    public var minMachinesRunning: Located<Int>?
    public var concurrency: Location?
    public var processes: [String]
    /// `http_checks`, `tcp_checks`, `script_checks` (legacy) and `machine_checks`.
    public var checks: [FlyCheck]

    public init(location: Location, index: Int, internalPort: Located<Int>? = nil, protocol: Located<String>? = nil,
                ports: [Located<Int>] = [], forceHTTPS: Located<Bool>? = nil, autoStopMachines: Located<String>? = nil,
                autoStartMachines: Located<Bool>? = nil, minMachinesRunning: Located<Int>? = nil,
                concurrency: Location? = nil, processes: [String] = [], checks: [FlyCheck] = []) {
        self.location = location
        self.index = index
        self.internalPort = internalPort
        self.protocol = `protocol`
        self.ports = ports
        self.forceHTTPS = forceHTTPS
        self.autoStopMachines = autoStopMachines
        self.autoStartMachines = autoStartMachines
        self.minMachinesRunning = minMachinesRunning
        self.concurrency = concurrency
        self.processes = processes
        self.checks = checks
    }

    /// Whether idle machines are stopped or suspended (`true`, `"stop"`, `"suspend"`).
    public var stopsIdleMachines: Bool { FlyService.stops(autoStopMachines?.value) }

    static func stops(_ value: String?) -> Bool {
        switch value?.lowercased() {
        case "true", "stop", "suspend": true
        default: false
        }
    }
}

/// What a Fly health check probes.
public enum FlyCheckKind: String, Hashable, Sendable, Codable {
    case http, tcp
    /// Legacy `[[services.script_checks]]`.
    case script
    /// `machine_checks`: a throwaway machine runs an image against the new release.
    case machine
    /// A top-level check whose `type` is missing or unknown.
    case unknown
}

/// Where a Fly health check is declared.
public enum FlyCheckScope: Hashable, Sendable {
    /// `[checks.<name>]`.
    case topLevel(name: String)
    /// `[[http_service.checks]]` or `[[http_service.machine_checks]]`.
    case httpService
    /// A check of `[[services]]` element `index`.
    case service(index: Int)
}

/// One Fly health check, wherever it is declared.
public struct FlyCheck: Hashable, Sendable {
    /// The check's table (its `[[…]]` header, `[checks.name]` header or inline element).
    public var location: Location
    public var kind: FlyCheckKind
    public var scope: FlyCheckScope
    public var path: Located<String>?
    public var interval: Located<String>?
    public var gracePeriod: Located<String>?
    public var timeout: Located<String>?
    public var port: Located<Int>?
    public var method: Located<String>?

    public init(location: Location, kind: FlyCheckKind, scope: FlyCheckScope, path: Located<String>? = nil,
                interval: Located<String>? = nil, gracePeriod: Located<String>? = nil,
                timeout: Located<String>? = nil, port: Located<Int>? = nil, method: Located<String>? = nil) {
        self.location = location
        self.kind = kind
        self.scope = scope
        self.path = path
        self.interval = interval
        self.gracePeriod = gracePeriod
        self.timeout = timeout
        self.port = port
        self.method = method
    }
}

/// One `[[vm]]` element (or the legacy single `[vm]` table).
public struct FlyVM: Hashable, Sendable {
    public var location: Location
    /// Megabytes, from `memory` ("256mb", "1gb", "2GB", 1024 — a bare number is MB) or
    /// `memory_mb`; when both are absent, implied by `size` (see `memoryFromPreset`).
    public var memoryMB: Located<Int>?
    /// True when `memoryMB` comes from the size preset, not from an explicit key.
    public var memoryFromPreset: Bool
    public var size: Located<String>?
    public var cpus: Located<Int>?
    public var cpuKind: Located<String>?
    public var processes: [String]

    public init(location: Location, memoryMB: Located<Int>? = nil, memoryFromPreset: Bool = false,
                size: Located<String>? = nil, cpus: Located<Int>? = nil, cpuKind: Located<String>? = nil,
                processes: [String] = []) {
        self.location = location
        self.memoryMB = memoryMB
        self.memoryFromPreset = memoryFromPreset
        self.size = size
        self.cpus = cpus
        self.cpuKind = cpuKind
        self.processes = processes
    }

    /// Default memory of Fly's size presets, in MB.
    /// Source: https://fly.io/docs/machines/guides-examples/machine-sizing/ and
    /// https://fly.io/docs/about/pricing/ (each preset's default RAM; GPU presets omitted).
    public static let presetMemoryMB: [String: Int] = [
        "shared-cpu-1x": 256, "shared-cpu-2x": 512, "shared-cpu-4x": 1024, "shared-cpu-8x": 2048,
        "performance-1x": 2048, "performance-2x": 4096, "performance-4x": 8192,
        "performance-8x": 16384, "performance-16x": 32768,
    ]

    /// Parses a Fly memory value: a bare number is MB; `mb`/`m`/`mib` and `gb`/`g`/`gib`
    /// suffixes in any case, decimals allowed (`"1.5gb"`). Nil when unreadable.
    public static func megabytes(_ text: String) -> Int? {
        let lowered = text.lowercased().tomlTrimmed
        let number = lowered.prefix { $0.isNumber || $0 == "." }
        let unit = lowered.dropFirst(number.count).tomlTrimmed
        guard let value = Double(number), value >= 0, value < 1e9 else { return nil }
        switch unit {
        case "", "m", "mb", "mib": return Int(value.rounded())
        case "g", "gb", "gib": return Int((value * 1024).rounded())
        default: return nil
        }
    }
}

/// The `[deploy]` section.
public struct FlyDeploy: Hashable, Sendable {
    public var location: Location
    public var releaseCommand: Located<String>?
    public var strategy: Located<String>?

    public init(location: Location, releaseCommand: Located<String>? = nil, strategy: Located<String>? = nil) {
        self.location = location
        self.releaseCommand = releaseCommand
        self.strategy = strategy
    }
}

/// One volume mount (`[mounts]` or an element of `[[mounts]]`).
public struct FlyMount: Hashable, Sendable {
    public var location: Location
    public var source: Located<String>?
    public var destination: Located<String>?

    public init(location: Location, source: Located<String>? = nil, destination: Located<String>? = nil) {
        self.location = location
        self.source = source
        self.destination = destination
    }
}

extension RepoModel {
    /// Every parsed Fly.io configuration, in path order.
    public var flyConfigs: [FlyConfig] { artifacts(FlyConfig.self) }
}
