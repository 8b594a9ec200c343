import Foundation
import Testing
import OpsAuditModel
import OpsAuditTestSupport
@testable import OpsAuditArtifacts

@Suite struct FlyConfigTests {
    func parse(_ text: String, path: String = "fly.toml") -> (FlyConfig?, [Diagnostic]) {
        let result = FlyConfigParser.parse(TextFile(path: path, text: text))
        return (result.artifacts.first as? FlyConfig, result.diagnostics)
    }

    @Test func topLevelAndSections() throws {
        let (parsed, diagnostics) = parse("""
        app = "demo"
        primary_region = "cdg"
        kill_signal = "SIGINT"
        kill_timeout = "5s"
        swap_size_mb = 512

        [build]
          dockerfile = "Dockerfile.prod"

        [deploy]
          release_command = "npx prisma migrate deploy"
          strategy = "bluegreen"

        [env]
          PORT = "8080"
          NODE_ENV = "production"

        [processes]
          app = "node server.js"
          worker = "node worker.js"

        [[mounts]]
          source = "data"
          destination = "/data"

        [[statics]]
          guest_path = "/app/public"
          url_prefix = "/static/"
        """)
        let config = try #require(parsed)
        #expect(diagnostics.isEmpty)
        #expect(config.app == Located("demo", at: Location(path: "fly.toml", line: 1, column: 1)))
        #expect(config.primaryRegion?.value == "cdg")
        #expect(config.killSignal?.location.line == 3)
        #expect(config.killTimeout?.value == "5s")
        #expect(config.killTimeout?.location.line == 4)
        #expect(config.swapSizeMB?.value == 512)
        #expect(config.buildDockerfile?.value == "Dockerfile.prod")
        #expect(config.buildDockerfile?.location.line == 8)
        #expect(config.deploy?.location.line == 10)
        #expect(config.deploy?.releaseCommand?.value == "npx prisma migrate deploy")
        #expect(config.deploy?.releaseCommand?.location.line == 11)
        #expect(config.deploy?.strategy?.value == "bluegreen")
        #expect(config.env.map(\.value) == ["PORT", "NODE_ENV"])
        #expect(config.env.map(\.location.line) == [15, 16])
        #expect(config.processes.map(\.value) == ["app", "worker"])
        #expect(config.processes.map(\.location.line) == [19, 20])
        #expect(config.mounts.count == 1)
        #expect(config.mounts.first?.location.line == 22)
        #expect(config.mounts.first?.source?.value == "data")
        #expect(config.mounts.first?.destination?.location.line == 24)
        #expect(config.staticsCount == 1)
    }

    @Test func integerKillTimeoutAndLegacyMountsTable() throws {
        let config = try #require(parse("kill_timeout = 5\n[mounts]\nsource = \"v\"\ndestination = \"/d\"\n").0)
        #expect(config.killTimeout?.value == "5")
        #expect(config.mounts.count == 1)
        #expect(config.mounts.first?.source == Located("v", at: Location(path: "fly.toml", line: 3, column: 1)))
    }

    @Test func httpServiceWithChecks() throws {
        let config = try #require(parse("""
        app = "a"

        [http_service]
          internal_port = 3000
          force_https = true
          auto_stop_machines = "suspend"
          auto_start_machines = true
          min_machines_running = 1
          processes = ["app"]
          [http_service.concurrency]
            type = "requests"
            soft_limit = 200

          [[http_service.checks]]
            grace_period = "10s"
            interval = "30s"
            method = "GET"
            timeout = "5s"
            path = "/healthz"

          [[http_service.machine_checks]]
            image = "curlimages/curl"
        """).0)
        let service = try #require(config.httpService)
        #expect(service.location.line == 3)
        #expect(service.internalPort == Located(3000, at: Location(path: "fly.toml", line: 4, column: 3)))
        #expect(service.forceHTTPS?.value == true)
        #expect(service.autoStopMachines?.value == "suspend")
        #expect(service.autoStopMachines?.location.line == 6)
        #expect(service.stopsIdleMachines)
        #expect(service.autoStartMachines?.value == true)
        #expect(service.minMachinesRunning?.value == 1)
        #expect(service.minMachinesRunning?.location.line == 8)
        #expect(service.concurrency?.line == 10)
        #expect(service.processes == ["app"])
        #expect(service.checks.count == 2)
        let http = try #require(service.checks.first)
        #expect(http.kind == .http)
        #expect(http.scope == .httpService)
        #expect(http.location.line == 14)
        #expect(http.path?.value == "/healthz")
        #expect(http.path?.location.line == 19)
        #expect(http.gracePeriod?.value == "10s")
        #expect(http.interval?.location.line == 16)
        #expect(service.checks[1].kind == .machine)
        #expect(service.checks[1].location.line == 21)
        #expect(config.allChecks.count == 2)
    }

    @Test func autoStopAsBooleanAndOff() throws {
        let on = try #require(parse("[http_service]\nauto_stop_machines = true\n").0?.httpService)
        #expect(on.autoStopMachines?.value == "true")
        #expect(on.stopsIdleMachines)
        let off = try #require(parse("[http_service]\nauto_stop_machines = \"off\"\n").0?.httpService)
        #expect(!off.stopsIdleMachines)
        #expect(off.minMachinesRunning == nil)
    }

    @Test func checksInEveryPlace() throws {
        let config = try #require(parse("""
        [checks]
          [checks.alive]
            type = "tcp"
            port = 8080
            interval = "15s"
          [checks.health]
            type = "http"
            path = "/health"

        [http_service]
          internal_port = 8080
          [[http_service.checks]]
            path = "/ready"

        [[services]]
          internal_port = 8080
          protocol = "tcp"
          [[services.ports]]
            port = 80
            force_https = true
          [[services.ports]]
            port = 443
          [[services.http_checks]]
            path = "/svc"
            grace_period = "5s"
          [[services.tcp_checks]]
            interval = "10s"
          [[services.script_checks]]
            command = "/check.sh"
        """).0)
        #expect(config.checks.count == 2)
        #expect(config.checks[0].scope == .topLevel(name: "alive"))
        #expect(config.checks[0].kind == .tcp)
        #expect(config.checks[0].location.line == 2)
        #expect(config.checks[0].port?.value == 8080)
        #expect(config.checks[0].interval?.location.line == 5)
        #expect(config.checks[1].kind == .http)
        #expect(config.checks[1].path == Located("/health", at: Location(path: "fly.toml", line: 8, column: 5)))
        #expect(config.httpService?.checks.first?.path?.location.line == 13)
        let service = try #require(config.services.first)
        #expect(service.location.line == 15)
        #expect(service.internalPort?.value == 8080)
        #expect(service.protocol?.value == "tcp")
        #expect(service.ports.map(\.value) == [80, 443])
        #expect(service.ports.map(\.location.line) == [19, 22])
        #expect(service.forceHTTPS?.location.line == 20)
        #expect(service.checks.map(\.kind) == [.http, .tcp, .script])
        #expect(service.checks.map(\.location.line) == [23, 26, 28])
        #expect(service.checks.allSatisfy { $0.scope == .service(index: 0) })
        #expect(service.checks[0].gracePeriod?.location.line == 25)
        #expect(config.allChecks.count == 6)
        #expect(config.allChecks.map(\.location.line) == [2, 6, 12, 23, 26, 28])
    }

    @Test func inlineChecksTableCitesItsLine() throws {
        let config = try #require(parse("""
        app = "x"
        checks = { web = { type = "http", path = "/up" } }
        """).0)
        #expect(config.checks.count == 1)
        #expect(config.checks.first?.kind == .http)
        #expect(config.checks.first?.path?.location.line == 2)
    }

    @Test func vmMemoryForms() throws {
        let config = try #require(parse("""
        [[vm]]
          memory = "256mb"
        [[vm]]
          memory = "1gb"
          cpus = 2
        [[vm]]
          memory = 512
        [[vm]]
          memory = "2GB"
        [[vm]]
          memory = "1024"
        [[vm]]
          memory_mb = 768
        [[vm]]
          size = "shared-cpu-2x"
        [[vm]]
          size = "performance-1x"
          memory = "4gb"
        [[vm]]
          memory = "lots"
        """).0)
        #expect(config.vms.map { $0.memoryMB?.value } == [256, 1024, 512, 2048, 1024, 768, 512, 4096, nil])
        #expect(config.vms.map { $0.memoryMB?.location.line } == [2, 4, 7, 9, 11, 13, 15, 18, nil])
        #expect(config.vms.map(\.location.line) == [1, 3, 6, 8, 10, 12, 14, 16, 19])
        #expect(config.vms[6].memoryFromPreset)
        #expect(!config.vms[7].memoryFromPreset)
        #expect(config.vms[6].cpus?.value == 2)
        #expect(config.vms[1].cpus == Located(2, at: Location(path: "fly.toml", line: 5, column: 3)))
        #expect(config.vms[7].size?.value == "performance-1x")
    }

    @Test func legacyVMTable() throws {
        let config = try #require(parse("[vm]\nsize = \"shared-cpu-1x\"\n").0)
        #expect(config.vms.count == 1)
        #expect(config.vms.first?.memoryMB == Located(256, at: Location(path: "fly.toml", line: 2, column: 1)))
        #expect(config.vms.first?.location.line == 1)
    }

    @Test func megabyteParsing() {
        #expect(FlyVM.megabytes("512MB") == 512)
        #expect(FlyVM.megabytes(" 1.5 gb ") == 1536)
        #expect(FlyVM.megabytes("1GiB") == 1024)
        #expect(FlyVM.megabytes("12tb") == nil)
        #expect(FlyVM.megabytes("") == nil)
    }

    @Test func malformedGivesOneDiagnosticAtItsLine() throws {
        let (config, diagnostics) = parse("app = \"a\"\n\n[http_service\ninternal_port = 1\n")
        #expect(config == nil)
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(diagnostic.kind == .parse)
        #expect(diagnostic.location?.path == "fly.toml")
        #expect(diagnostic.location?.line == 3)
        let (_, duplicate) = parse("app = \"a\"\napp = \"b\"\n")
        #expect(duplicate.first?.location?.line == 2)
    }

    @Test func registeredForFlyTomlKind() {
        let file = RepoFile(path: "deploy/fly.staging.toml", kind: .flyToml, size: 10, isTracked: true, language: nil)
        let analysis = FileAnalyzer.analyze(file, bytes: Array("app = \"s\"\r\n".utf8))
        let model = RepoModel(files: [file], analyses: [analysis])
        #expect(model.flyConfigs.first?.app?.value == "s")
        #expect(model.flyConfigs.first?.path == "deploy/fly.staging.toml")
    }

    /// Corpus files that are not valid TOML (checked with Python's tomllib too): they must be
    /// diagnosed, at the right line, and do not count against the 2% budget.
    static let knownInvalid: [String: Int] = [
        // `processes = []` at the top, then a `[processes]` table: a key defined twice.
        "abdicodes__full-stack-open-pokedex/fly.toml": 58,
    ]

    @Test func corpusFilesParse() throws {
        var parsed = 0, diagnosed: [String] = []
        for entry in Corpus.files() where entry.file.kind == .flyToml {
            let name = "\(entry.repo)/\(entry.file.path)"
            let bytes = try [UInt8](Data(contentsOf: entry.url))
            let analysis = FileAnalyzer.analyze(entry.file, bytes: bytes)
            if let line = Self.knownInvalid[name] {
                #expect(analysis.diagnostics.map { $0.location?.line } == [line], "\(name)")
                continue
            }
            parsed += 1
            if !analysis.diagnostics.isEmpty { diagnosed.append("\(name): \(analysis.diagnostics)") }
            else { #expect(analysis.artifacts.first is FlyConfig, "\(name)") }
            // Values and positions come from two readers: every check must cite its own header.
            let text = TextFile(path: entry.file.path, text: String(decoding: bytes, as: UTF8.self))
            for check in (analysis.artifacts.first as? FlyConfig)?.allChecks ?? [] {
                let line = text.line(check.location.line)
                #expect(line.contains("check") && line.contains("["), "\(name):\(check.location.line) \(line)")
            }
        }
        #expect(parsed > 0)
        #expect(Double(diagnosed.count) <= Double(parsed) * 0.02, "\(diagnosed.count)/\(parsed) diagnosed: \(diagnosed)")
    }
}
