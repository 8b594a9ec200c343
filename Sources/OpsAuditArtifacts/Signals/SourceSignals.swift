import OpsAuditModel

/// Error-tracking, tracing and metrics SDKs recognised in source code.
public enum SDKKind: String, Codable, Sendable, CaseIterable {
    case sentry, bugsnag, rollbar, datadog, newRelic = "new-relic", openTelemetry = "opentelemetry"
    case prometheus, honeybadger, airbrake, raygun, appSignal = "appsignal"
}

/// A health route whose handler the scanner could read, and whether it reaches a dependency.
///
/// The heuristic: the handler is the next `SourceScanner.healthWindowLines` lines after the
/// route's declaration, up to the next route; it touches a dependency when a probe call
/// (`.query(`, `.ping(`, `PingContext(`, `.$queryRaw`, `SELECT 1` in a literal…) appears there.
/// A handler named elsewhere (`app.get('/health', healthHandler)`) is not recorded: unknown.
/// ASP.NET `MapHealthChecks` endpoints touch one when the file registers a dependency check
/// (`.AddNpgSql(`, `.AddRedis(`, `.AddDbContextCheck`…).
public struct HealthHandler: Hashable, Codable, Sendable {
    /// The route's path literal.
    public var route: Located<String>
    public var touchesDependency: Bool

    public init(route: Located<String>, touchesDependency: Bool) {
        self.route = route
        self.touchesDependency = touchesDependency
    }
}

/// An outbound HTTP call site or client construction, and whether it is bounded by a timeout.
public struct OutboundCall: Hashable, Codable, Sendable {
    /// `axios`, `requests`, `fetch`, `http.Client`, `http.Get`…
    public var client: String
    public var location: Location
    /// True when the call's own arguments set a timeout (`timeout:`, `timeout=`, `signal:`, `Timeout:`).
    public var hasTimeout: Bool

    public init(client: String, location: Location, hasTimeout: Bool) {
        self.client = client
        self.location = location
        self.hasTimeout = hasTimeout
    }
}

/// Database engines a source file talks to, from client-library imports and connection URLs.
public enum DatabaseKind: String, Codable, Sendable, CaseIterable {
    case postgres, mysql, sqlite, mongodb, redis
    /// An SQL database reached through an ORM or generic layer (Prisma, GORM, SQLAlchemy,
    /// `database/sql`…) whose engine the code does not name; the engine may come from config.
    case unspecifiedSQL = "sql"
}

/// An HTTP route declared in code: its method when the declaration says it, and its path literal.
public struct Route: Hashable, Codable, Sendable {
    /// `GET`, `POST`…; nil for method-agnostic declarations (`app.route`, `HandleFunc`, `path(`).
    public var method: String?
    /// The path literal as written (Django and Nest paths have no leading `/`).
    public var path: Located<String>
    /// True when the declaration itself is a health-check endpoint (ASP.NET `MapHealthChecks`).
    public var isHealthCheckRegistration: Bool

    public init(method: String?, path: Located<String>, isHealthCheckRegistration: Bool = false) {
        self.method = method
        self.path = path
        self.isHealthCheckRegistration = isHealthCheckRegistration
    }

    /// True when the route is a health, readiness or liveness endpoint: a health word in any
    /// segment (`/healthz`, `/api/health/db`), or a short path ending in a conventional probe
    /// name (`/up`, `/ping`, `/api/status`) — `/orders/:id/status` is not one.
    public var looksLikeHealthCheck: Bool {
        if isHealthCheckRegistration { return true }
        // Byte-level and allocation-free: large repositories declare hundreds of thousands of
        // routes, and several rules ask about each.
        var text = path.value
        return text.withUTF8 { bytes in
            var segmentCount = 0
            var last = 0..<0
            var start = 0
            for index in 0...bytes.count {
                guard index == bytes.count || bytes[index] == UInt8(ascii: "/") || bytes[index] == UInt8(ascii: "?")
                    || bytes[index] == UInt8(ascii: "#") else { continue }
                let segment = bytes[start..<index]
                start = index + 1
                if segment.isEmpty || segment.count == 1 && (segment.first == UInt8(ascii: "^") || segment.first == UInt8(ascii: "$")) {
                    continue
                }
                let trimmed = segment.first == UInt8(ascii: "_") ? segment.dropFirst() : segment
                // Every strong word starts with `h`, `r`, `l` or `_`: most segments are ruled out by one byte.
                if let first = trimmed.first, Self.strongHealthInitials.contains(first | 0x20) || segment.first == UInt8(ascii: "_"),
                   Self.strongHealthWords.contains(where: { Self.hasPrefixIgnoringCase(segment, $0) || Self.hasPrefixIgnoringCase(trimmed, $0) }) {
                    return true
                }
                segmentCount += 1
                last = segment.indices
            }
            guard segmentCount > 0, segmentCount <= 2 else { return false }
            return Self.probeNames.contains { Self.lettersEqual(bytes[last], $0) }
        }
    }

    static let strongHealthWords: [[UInt8]] = ["health", "readyz", "livez", "readiness", "liveness", "heartbeat", "_ah"]
        .map { Array($0.utf8) }
    static let strongHealthInitials: [UInt8] = [UInt8(ascii: "h"), UInt8(ascii: "r"), UInt8(ascii: "l")]
    static let probeNames: [[UInt8]] = ["ping", "up", "status", "ready", "live", "alive", "healthy"].map { Array($0.utf8) }

    static func hasPrefixIgnoringCase<C: Collection<UInt8>>(_ bytes: C, _ prefix: [UInt8]) -> Bool {
        bytes.count >= prefix.count && ASCIIText.equalsIgnoringCase(bytes.prefix(prefix.count), prefix)
    }

    /// True when the ASCII letters of `bytes`, lowercased, spell `name` (`/Ping!` spells `ping`).
    static func lettersEqual<C: Collection<UInt8>>(_ bytes: C, _ name: [UInt8]) -> Bool {
        var next = name.startIndex
        for byte in bytes {
            let lower = byte | 0x20
            guard lower >= UInt8(ascii: "a"), lower <= UInt8(ascii: "z") else { continue }
            guard next < name.endIndex, name[next] == lower else { return false }
            next += 1
        }
        return next == name.endIndex
    }
}

/// The code signals of one source file, gathered in a single byte-level pass (`SourceScanner`).
public struct SourceSignals: Artifact, Hashable, Codable {
    public var path: String
    public var language: SourceLanguage
    /// Environment variable names read (`process.env.PORT`, `os.getenv("PORT")`…), each occurrence.
    public var envReads: [Located<String>] = []
    public var routes: [Route] = []
    /// `SIGTERM` / `SIGINT`, located where the handler is registered (`process.on(`,
    /// `signal.Notify(`, `addShutdownHook(`, a framework helper that installs the listener…).
    public var signalHandlers: [Located<String>] = []
    /// Graceful-shutdown helpers used (`enableShutdownHooks`, `http-terminator`, `stoppable`,
    /// `lightship`, `@godaddy/terminus`…), whether or not they install the signal listener.
    public var shutdownHelpers: [Located<String>] = []
    /// First import or initialisation of each SDK in the file.
    public var sdks: [Located<SDKKind>] = []
    /// Calls through a logger (`logger.`, `log.`, `winston`, `pino`, `logging.`, `zap`, `slog`…).
    public var loggerCalls: Int = 0
    /// Calls printing to the console (`console.log`, `print(`, `fmt.Println`, `puts`…).
    public var consoleCalls: Int = 0
    /// First client import or connection URL of each database kind in the file.
    public var databaseClients: [Located<DatabaseKind>] = []
    /// Load-testing tools whose scripting API the file imports (`k6`, `locust`, `autocannon`).
    public var loadTestTools: [Located<String>] = []
    /// Health routes whose handler was read (see `HealthHandler`).
    public var healthHandlers: [HealthHandler] = []
    /// SDK initialisation calls (`Sentry.init(`, `Bugsnag.start(`, `Appsignal.start`…), first of each kind.
    public var sdkInitialisations: [Located<SDKKind>] = []
    /// Libraries from `SignalTable.libraries` imported (structured loggers, tracing, retry…), first import of each.
    public var libraries: [Located<String>] = []
    /// Where the first console call is.
    public var firstConsoleCall: Location?
    /// Outbound HTTP call sites and client constructions.
    public var outboundCalls: [OutboundCall] = []
    /// Client-wide timeout defaults (`axios.defaults.timeout = …`), by client.
    public var timeoutDefaults: [Located<String>] = []
    /// Connection-pool size settings (`SetMaxOpenConns(`, `pool_size`, `new Pool({ max })`, `connection_limit=`).
    public var poolSettings: [Location] = []
    /// Request or correlation id handling (`X-Request-Id` headers, `middleware.RequestID`, `:request_id` log tags).
    public var requestIDs: [Location] = []
    /// Rate limiting and security-headers middleware the file imports, with the module named.
    public var securityMiddleware: [Located<SecurityMiddleware>] = []
    /// CORS configurations (options calls, builder chains, settings, headers set by hand), in file order.
    public var corsConfigurations: [CORSConfiguration] = []

    public init(path: String, language: SourceLanguage) {
        self.path = path
        self.language = language
    }
}

/// A security middleware found by its import: what it does and which module it is.
public struct SecurityMiddleware: Hashable, Codable, Sendable {
    /// What the middleware protects against.
    public enum Kind: String, Hashable, Codable, Sendable { case rateLimit = "rate-limit", securityHeaders = "security-headers" }
    public var kind: Kind
    public var module: String

    public init(kind: Kind, module: String) {
        self.kind = kind
        self.module = module
    }
}

extension RepoModel {
    /// Every security middleware of `kind` imported by the code, in path order.
    public func securityMiddleware(_ kind: SecurityMiddleware.Kind) -> [Located<SecurityMiddleware>] {
        sourceSignals.flatMap { $0.securityMiddleware.filter { $0.value.kind == kind } }
    }

    /// Code signals of every scanned source file, in path order.
    public var sourceSignals: [SourceSignals] { artifacts(SourceSignals.self) }

    /// Every route declared in code, with the file declaring it.
    public var routes: [(route: Route, path: String)] {
        derived("routes") { sourceSignals.flatMap { signals in signals.routes.map { (route: $0, path: signals.path) } } }
    }

    /// Every signal handler registration in code.
    public var signalHandlers: [Located<String>] { sourceSignals.flatMap(\.signalHandlers) }

    /// Every graceful-shutdown helper used in code.
    public var shutdownHelpers: [Located<String>] { sourceSignals.flatMap(\.shutdownHelpers) }

    /// Every environment variable read in code.
    public var envReads: [Located<String>] { derived("envReads") { sourceSignals.flatMap(\.envReads) } }

    /// Where an SDK is first imported or initialised (path order), or nil when it never is.
    public func sdk(_ kind: SDKKind) -> Located<SDKKind>? {
        for signals in sourceSignals {
            if let found = signals.sdks.first(where: { $0.value == kind }) { return found }
        }
        return nil
    }

    /// Where code first uses a client of each database kind (path order).
    public var databaseClients: [Located<DatabaseKind>] {
        var seen: [DatabaseKind: Located<DatabaseKind>] = [:]
        for signals in sourceSignals {
            for client in signals.databaseClients where seen[client.value] == nil { seen[client.value] = client }
        }
        return seen.values.sorted { $0.location < $1.location }
    }

    /// Logger and console calls summed over all source files.
    public var loggingCallCounts: (logger: Int, console: Int) {
        sourceSignals.reduce((0, 0)) { ($0.0 + $1.loggerCalls, $0.1 + $1.consoleCalls) }
    }
}
