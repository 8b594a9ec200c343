import OpsAuditModel

/// Reads `fly.toml` files into `FlyConfig`. Unknown keys are ignored: Fly adds keys often.
public enum FlyConfigParser {
    public static func parse(_ file: TextFile) -> ParseResult {
        let document: TOMLDocument
        switch TOMLDocument.parse(file) {
        case let .document(parsed): document = parsed
        case let .failed(diagnostic): return ParseResult(diagnostics: [diagnostic])
        }
        let root = TOMLNode(value: document.root, path: TOMLKeyPath(), document: document)
        var config = FlyConfig(path: file.path)
        config.app = root["app"]?.locatedText
        config.primaryRegion = root["primary_region"]?.locatedText
        config.killSignal = root["kill_signal"]?.locatedText
        config.killTimeout = root["kill_timeout"]?.locatedText
        config.swapSizeMB = root["swap_size_mb"]?.locatedInt
        config.buildDockerfile = root["build"]?["dockerfile"]?.locatedText
        config.buildImage = root["build"]?["image"]?.locatedText
        if let section = root["http_service"], section.value.table != nil {
            config.httpService = httpService(section)
        }
        config.services = (root["services"]?.elements ?? []).enumerated().map { service($0.element, index: $0.offset) }
        config.checks = (root["checks"]?.children ?? []).compactMap { name, node in
            guard node.value.table != nil else { return nil }
            let declared = node["type"]?.text?.lowercased()
            let kind = declared.flatMap(FlyCheckKind.init(rawValue:))
                ?? (declared == nil && node["path"] != nil ? .http : .unknown)
            return check(node, kind: kind, scope: .topLevel(name: name))
        }
        config.vms = (root["vm"]?.elements ?? []).map(vm)
        if let deploy = root["deploy"], deploy.value.table != nil {
            config.deploy = FlyDeploy(location: deploy.location, releaseCommand: deploy["release_command"]?.locatedText,
                                      strategy: deploy["strategy"]?.locatedText)
        }
        config.mounts = (root["mounts"]?.elements ?? []).map { node in
            FlyMount(location: node.location, source: node["source"]?.locatedText,
                     destination: node["destination"]?.locatedText)
        }
        config.processes = (root["processes"]?.children ?? []).map { Located($0.key, at: $0.node.location) }
        config.env = (root["env"]?.children ?? []).map { Located($0.key, at: $0.node.location) }
        config.staticsCount = root["statics"]?.elements.count ?? 0
        return ParseResult(config)
    }

    static func httpService(_ node: TOMLNode) -> FlyHTTPService {
        var checks = (node["checks"]?.elements ?? []).map { check($0, kind: .http, scope: .httpService) }
        checks += (node["machine_checks"]?.elements ?? []).map { check($0, kind: .machine, scope: .httpService) }
        return FlyHTTPService(
            location: node.location, internalPort: node["internal_port"]?.locatedInt,
            forceHTTPS: node["force_https"]?.locatedBool, autoStopMachines: node["auto_stop_machines"]?.locatedText,
            autoStartMachines: node["auto_start_machines"]?.locatedBool,
            minMachinesRunning: node["min_machines_running"]?.locatedInt,
            concurrency: node["concurrency"]?.location, processes: node["processes"]?.strings ?? [], checks: checks)
    }

    static func service(_ node: TOMLNode, index: Int) -> FlyService {
        let scope = FlyCheckScope.service(index: index)
        var checks: [FlyCheck] = []
        for (key, kind) in [("http_checks", FlyCheckKind.http), ("tcp_checks", .tcp), ("script_checks", .script),
                            ("machine_checks", .machine)] {
            checks += (node[key]?.elements ?? []).map { check($0, kind: kind, scope: scope) }
        }
        let ports = node["ports"]?.elements ?? []
        return FlyService(
            location: node.location, index: index, internalPort: node["internal_port"]?.locatedInt,
            protocol: node["protocol"]?.locatedText,
            ports: ports.compactMap { $0["port"]?.locatedInt },
            forceHTTPS: ports.lazy.compactMap { $0["force_https"]?.locatedBool }.first { $0.value },
            autoStopMachines: node["auto_stop_machines"]?.locatedText,
            autoStartMachines: node["auto_start_machines"]?.locatedBool,
            minMachinesRunning: node["min_machines_running"]?.locatedInt,
            concurrency: node["concurrency"]?.location, processes: node["processes"]?.strings ?? [], checks: checks)
    }

    static func check(_ node: TOMLNode, kind: FlyCheckKind, scope: FlyCheckScope) -> FlyCheck {
        FlyCheck(location: node.location, kind: kind, scope: scope, path: node["path"]?.locatedText,
                 interval: node["interval"]?.locatedText, gracePeriod: node["grace_period"]?.locatedText,
                 timeout: node["timeout"]?.locatedText, port: node["port"]?.locatedInt,
                 method: node["method"]?.locatedText)
    }

    static func vm(_ node: TOMLNode) -> FlyVM {
        let size = node["size"]?.locatedText
        var memory: Located<Int>?
        var fromPreset = false
        if let explicit = node["memory"] ?? node["memory_mb"] {
            if let int = explicit.value.int {
                memory = Located(int, at: explicit.location)
            } else if let text = explicit.value.string, let mb = FlyVM.megabytes(text) {
                memory = Located(mb, at: explicit.location)
            }
        }
        if memory == nil, let size, let mb = FlyVM.presetMemoryMB[size.value.lowercased()] {
            memory = Located(mb, at: size.location)
            fromPreset = true
        }
        var cpus = node["cpus"]?.locatedInt
        if cpus == nil, let size, size.value.lowercased().hasPrefix("shared-cpu-") || size.value.lowercased().hasPrefix("performance-") {
            // Presets are named `<kind>-<n>x`: n CPUs.
            let tail = size.value.lowercased().split(separator: "-").last ?? ""
            if tail.hasSuffix("x"), let n = Int(tail.dropLast()) { cpus = Located(n, at: size.location) }
        }
        return FlyVM(location: node.location, memoryMB: memory, memoryFromPreset: fromPreset, size: size,
                     cpus: cpus, cpuKind: node["cpu_kind"]?.locatedText, processes: node["processes"]?.strings ?? [])
    }
}
