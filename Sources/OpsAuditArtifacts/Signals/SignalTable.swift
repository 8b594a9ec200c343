// The tables that drive `SourceScanner`. Adding a framework, an env-reading idiom or an SDK is
// one line here; the scanner itself knows no library names.

/// What the scanner does when a trigger's bytes are met in code (outside comments and strings).
enum SignalCapture: Sendable {
    /// An identifier follows (`process.env.` + `PORT`).
    case envIdentifier
    /// A string literal follows (`os.getenv(` + `"PORT"`).
    case envLiteral
    /// Destructuring before the trigger: `const { PORT, HOST: host = 'x' } = process.env`.
    case envDestructuring
    /// A path literal follows; generic triggers (`.get(`) require it to start with `/`, which
    /// keeps `map.get("key")` out.
    case route(method: String?, requiresSlash: Bool, healthCheck: Bool = false)
    /// The call's arguments name the signals (`signal.Notify(c, syscall.SIGTERM)`, `trap 'x' TERM`).
    case signalArguments
    /// The construct itself registers a handler for this signal (`addShutdownHook(`).
    case signal(String)
    /// A graceful-shutdown helper; `installsHandler` when it listens for SIGTERM itself.
    case shutdownHelper(String, installsHandler: Bool)
    case sdk(SDKKind)
    case logger
    case console
    /// An import statement whose module name follows (`import psycopg2`, `using Sentry;`).
    case importStatement
    /// The construct reveals a library or idiom by name (`middleware.RequestID`, `genReqId`).
    case library(String)
    /// An outbound HTTP call or client whose arguments (to the matching `)` or `}`) must mention
    /// an identifier containing `timeoutWord` (case-insensitive) to be bounded; `alwaysUnbounded`
    /// for calls that cannot take one (Go's `http.Get` uses the default client, which never times out).
    case outboundCall(client: String, timeoutWord: String, alwaysUnbounded: Bool = false)
    /// A client-wide timeout default (`axios.defaults.timeout`).
    case timeoutDefault(client: String)
    /// A connection-pool size setting (`SetMaxOpenConns(`, `pool_size`, `connectionLimit`).
    case poolSetting
    /// A pool constructor whose arguments set the size when they name `max`/`max_size`/`min` (`new Pool({ max: 20 })`).
    case poolConstructor
    /// A call that reaches a database or cache (`.query(`, `.ping(`): counts inside a health handler.
    case dependencyProbe
    /// A framework health-check registration of a dependency (ASP.NET `.AddNpgSql(`): counts for
    /// every health-check endpoint of the file.
    case healthCheckDependency
    /// A request or correlation id idiom (`middleware.RequestID`, Rails `:request_id` log tags).
    case requestID
    /// A CORS configuration anchor; the idiom says how to read what follows (`CORSReader`).
    case cors(CORSIdiom)
}

/// What must precede a trigger for it to count.
enum TriggerBoundary: Sendable {
    case none
    /// Not preceded by a letter or digit (`logger.` matches `this.logger.` and `_logger.`).
    case loose
    /// Not preceded by an identifier character or `.` (`getenv(` but not `os.getenv(` twice).
    case word
    /// Only blanks before it on its line (statements: `import`, Rails `get '/up'`).
    case lineStart
}

/// One row of the trigger table.
struct SignalTrigger: Sendable {
    let languages: Set<SourceLanguage>
    let bytes: [UInt8]
    let boundary: TriggerBoundary
    let capture: SignalCapture

    init(_ languages: Set<SourceLanguage>, _ text: String, _ boundary: TriggerBoundary = .none, _ capture: SignalCapture) {
        self.languages = languages
        self.bytes = Array(text.utf8)
        self.boundary = boundary
        self.capture = capture
    }
}

/// A module name that reveals an SDK, a database client or a shutdown helper when imported.
struct ModuleSignal: Sendable {
    enum Effect: Sendable {
        case sdk(SDKKind)
        case database(DatabaseKind)
        case shutdownHelper(installsHandler: Bool)
        /// A load-testing tool's scripting API (`k6`, `locust`): the file is a load test.
        case loadTest(String)
        /// A library the rules look for by name (structured loggers, tracing, retry, breakers…).
        case library(String)
        /// Rate limiting or security-headers middleware (`express-rate-limit`, `helmet`).
        case middleware(SecurityMiddleware.Kind)
    }
    let languages: Set<SourceLanguage>
    /// Matches the module itself and its submodules (`name/…`, `name.…`).
    let name: String
    let effect: Effect

    init(_ languages: Set<SourceLanguage>, _ name: String, _ effect: Effect) {
        self.languages = languages
        self.name = name
        self.effect = effect
    }

    func matches(_ module: String) -> Bool {
        guard module.hasPrefix(name) else { return false }
        if module.count == name.count { return true }
        let next = module.utf8[module.utf8.index(module.utf8.startIndex, offsetBy: name.utf8.count)]
        return next == UInt8(ascii: "/") || next == UInt8(ascii: ".")
    }
}

/// The trigger, module and connection-scheme tables, grouped by signal and language family.
enum SignalTable {
    static let js: Set<SourceLanguage> = [.javascript, .typescript]
    static let python: Set<SourceLanguage> = [.python]
    static let go: Set<SourceLanguage> = [.go]
    static let ruby: Set<SourceLanguage> = [.ruby]
    static let jvm: Set<SourceLanguage> = [.java, .kotlin]
    static let csharp: Set<SourceLanguage> = [.csharp]
    static let php: Set<SourceLanguage> = [.php]
    static let rust: Set<SourceLanguage> = [.rust]
    static let all = Set(SourceLanguage.allCases)

    static let triggers: [SignalTrigger] = env + routes + signals + sdks + logging + imports + outbound + pools + probes + requestIDs + cors

    static let env: [SignalTrigger] = [
        .init(js, "process.env.", .word, .envIdentifier),
        .init(js, "process.env[", .word, .envLiteral),
        .init(js, "process.env", .word, .envDestructuring),
        .init(js, "import.meta.env.", .word, .envIdentifier),
        .init(js, "Deno.env.get(", .word, .envLiteral),
        // k6 load-test scripts.
        .init(js, "__ENV.", .word, .envIdentifier),
        .init(python, "os.getenv(", .word, .envLiteral),
        .init(python, "os.environ[", .word, .envLiteral),
        .init(python, "os.environ.get(", .word, .envLiteral),
        .init(python, "environ.get(", .word, .envLiteral),
        .init(python, "environ[", .word, .envLiteral),
        .init(python.union(php), "getenv(", .word, .envLiteral),
        .init(go, "os.Getenv(", .word, .envLiteral),
        .init(go, "os.LookupEnv(", .word, .envLiteral),
        .init(ruby, "ENV[", .word, .envLiteral),
        .init(ruby, "ENV.fetch(", .word, .envLiteral),
        .init(jvm, "System.getenv(", .word, .envLiteral),
        .init(csharp, "Environment.GetEnvironmentVariable(", .word, .envLiteral),
        .init(php, "env(", .word, .envLiteral),
        .init(php, "$_ENV[", .none, .envLiteral),
        .init(rust, "env::var(", .word, .envLiteral),
        .init([.elixir], "System.get_env(", .word, .envLiteral),
        .init([.elixir], "System.fetch_env!(", .word, .envLiteral),
    ]

    static let routes: [SignalTrigger] = {
        var rows: [SignalTrigger] = []
        let generic = js.union(python).union(rust)
        for (verb, method) in [("get", "GET"), ("post", "POST"), ("put", "PUT"), ("patch", "PATCH"),
                               ("delete", "DELETE"), ("head", "HEAD")] {
            // Express, Fastify, Koa router, Hono, Flask/FastAPI decorators (`@app.get(`).
            rows.append(.init(generic, ".\(verb)(", .none, .route(method: method, requiresSlash: true)))
            // Slim and other PHP routers.
            rows.append(.init(php, "->\(verb)(", .none, .route(method: method, requiresSlash: true)))
            // Laravel.
            rows.append(.init(php, "Route::\(verb)(", .word, .route(method: method, requiresSlash: false)))
            // Rails routes, Sinatra, Phoenix router.
            rows.append(.init([.ruby, .elixir], "\(verb) ", .lineStart, .route(method: method, requiresSlash: false)))
            rows.append(.init([.ruby], "\(verb)(", .lineStart, .route(method: method, requiresSlash: false)))
            // Ktor.
            rows.append(.init([.kotlin], "\(verb)(", .word, .route(method: method, requiresSlash: true)))
            // Actix.
            rows.append(.init(rust, "#[\(verb)(", .none, .route(method: method, requiresSlash: false)))
            let title = verb.prefix(1).uppercased() + verb.dropFirst()
            // NestJS decorators: `@Get('health')`.
            rows.append(.init(js, "@\(title)(", .none, .route(method: method, requiresSlash: false)))
            // Gin/Echo (`.GET(`) and chi (`.Get(`).
            rows.append(.init(go, ".\(method)(", .none, .route(method: method, requiresSlash: true)))
            rows.append(.init(go, ".\(title)(", .none, .route(method: method, requiresSlash: true)))
            // Spring.
            rows.append(.init(jvm, "@\(title)Mapping(", .none, .route(method: method, requiresSlash: false)))
            // ASP.NET minimal APIs and controllers.
            rows.append(.init(csharp, "Map\(title)(", .loose, .route(method: method, requiresSlash: false)))
            rows.append(.init(csharp, "[Http\(title)(", .none, .route(method: method, requiresSlash: false)))
        }
        rows += [
            .init(generic, ".all(", .none, .route(method: nil, requiresSlash: true)),
            .init(generic.union(go), ".route(", .none, .route(method: nil, requiresSlash: true)),
            .init(python, ".api_route(", .none, .route(method: nil, requiresSlash: true)),
            .init(js, "@All(", .none, .route(method: nil, requiresSlash: false)),
            .init(python, "path(", .word, .route(method: nil, requiresSlash: false)),
            .init(python, "re_path(", .word, .route(method: nil, requiresSlash: false)),
            .init(go, "HandleFunc(", .loose, .route(method: nil, requiresSlash: true)),
            .init(go, "Handle(", .loose, .route(method: nil, requiresSlash: true)),
            .init(go, ".Any(", .none, .route(method: nil, requiresSlash: true)),
            .init(go, ".Route(", .none, .route(method: nil, requiresSlash: true)),
            .init([.ruby, .elixir], "match ", .lineStart, .route(method: nil, requiresSlash: false)),
            .init(jvm, "@RequestMapping(", .none, .route(method: nil, requiresSlash: false)),
            .init(jvm, "@Path(", .none, .route(method: nil, requiresSlash: false)),
            .init([.kotlin], "route(", .word, .route(method: nil, requiresSlash: true)),
            .init(csharp, "MapHealthChecks(", .loose, .route(method: nil, requiresSlash: false, healthCheck: true)),
            .init(csharp, "UseHealthChecks(", .loose, .route(method: nil, requiresSlash: false, healthCheck: true)),
            .init(csharp, "[Route(", .none, .route(method: nil, requiresSlash: false)),
            .init(php, "Route::any(", .word, .route(method: nil, requiresSlash: false)),
            .init(php, "#[Route(", .none, .route(method: nil, requiresSlash: false)),
        ]
        return rows
    }()

    static let signals: [SignalTrigger] = [
        .init(js, "process.on(", .word, .signalArguments),
        .init(js, "process.once(", .word, .signalArguments),
        .init(js, "process.addListener(", .word, .signalArguments),
        .init(js, "enableShutdownHooks(", .loose, .shutdownHelper("enableShutdownHooks", installsHandler: true)),
        .init(python, "signal.signal(", .word, .signalArguments),
        .init(python, "add_signal_handler(", .loose, .signalArguments),
        .init(go, "signal.Notify(", .word, .signalArguments),
        .init(go, "signal.NotifyContext(", .word, .signalArguments),
        .init(ruby, "Signal.trap(", .word, .signalArguments),
        .init(ruby, "trap(", .word, .signalArguments),
        .init(ruby.union([.shell]), "trap ", .word, .signalArguments),
        .init(jvm, "addShutdownHook(", .loose, .signal("SIGTERM")),
        .init(csharp, "ApplicationStopping", .loose, .signal("SIGTERM")),
        .init(csharp, "ProcessExit", .loose, .signal("SIGTERM")),
        .init(csharp, "CancelKeyPress", .loose, .signal("SIGINT")),
        .init(csharp, "PosixSignalRegistration.Create(", .word, .signalArguments),
        .init(php, "pcntl_signal(", .word, .signalArguments),
        .init(rust, "SignalKind::terminate(", .loose, .signal("SIGTERM")),
        .init(rust, "signal::ctrl_c(", .loose, .signal("SIGINT")),
    ]

    static let sdks: [SignalTrigger] = [
        .init(all, "Sentry.init(", .word, .sdk(.sentry)),
        .init(python, "sentry_sdk.init(", .word, .sdk(.sentry)),
        .init(csharp, "SentrySdk.Init(", .word, .sdk(.sentry)),
        .init(csharp, "UseSentry(", .loose, .sdk(.sentry)),
        .init(all, "Bugsnag.start(", .word, .sdk(.bugsnag)),
        .init(all, "Rollbar.init(", .word, .sdk(.rollbar)),
        .init(all, "Honeybadger.configure", .word, .sdk(.honeybadger)),
        .init(all, "Airbrake.configure", .word, .sdk(.airbrake)),
        .init(go, "sentry.Init(", .word, .sdk(.sentry)),
        .init(go.union(python), "bugsnag.Configure(", .word, .sdk(.bugsnag)),
        .init(python.union(ruby), "bugsnag.configure(", .word, .sdk(.bugsnag)),
        .init(ruby, "Bugsnag.configure", .word, .sdk(.bugsnag)),
        .init(ruby, "Rollbar.configure", .word, .sdk(.rollbar)),
        .init(python, "rollbar.init(", .word, .sdk(.rollbar)),
        .init(js, "new Rollbar(", .word, .sdk(.rollbar)),
        .init(go, "rollbar.SetToken(", .word, .sdk(.rollbar)),
        .init(python, "honeybadger.configure(", .word, .sdk(.honeybadger)),
        .init(go, "honeybadger.Configure(", .word, .sdk(.honeybadger)),
        .init(python, "pybrake.Notifier(", .word, .sdk(.airbrake)),
        .init(go, "gobrake.NewNotifier", .word, .sdk(.airbrake)),
        .init(js, "raygun.Client(", .loose, .sdk(.raygun)),
        .init(ruby, "Raygun.setup", .word, .sdk(.raygun)),
        .init(go, "raygun4go.New(", .word, .sdk(.raygun)),
        .init(csharp, "AddRaygun(", .loose, .sdk(.raygun)),
        .init(csharp, "RaygunClient(", .loose, .sdk(.raygun)),
        .init(python, "RaygunSender(", .loose, .sdk(.raygun)),
        .init(ruby, "Appsignal.start", .word, .sdk(.appSignal)),
        .init(js, "new Appsignal(", .word, .sdk(.appSignal)),
        .init(python, "appsignal.start(", .word, .sdk(.appSignal)),
    ]

    /// Outbound HTTP calls and the argument that bounds them.
    static let outbound: [SignalTrigger] = {
        var rows: [SignalTrigger] = []
        for verb in ["get", "post", "put", "patch", "delete", "head", "request"] {
            rows.append(.init(js, "axios.\(verb)(", .word, .outboundCall(client: "axios", timeoutWord: "timeout")))
            rows.append(.init(python, "requests.\(verb)(", .word, .outboundCall(client: "requests", timeoutWord: "timeout")))
        }
        rows += [
            .init(js, "axios(", .word, .outboundCall(client: "axios", timeoutWord: "timeout")),
            .init(js, "axios.create(", .word, .outboundCall(client: "axios", timeoutWord: "timeout")),
            .init(js, "axios.defaults.timeout", .word, .timeoutDefault(client: "axios")),
            .init(js, "fetch(", .word, .outboundCall(client: "fetch", timeoutWord: "signal")),
            .init(python, "urlopen(", .loose, .outboundCall(client: "urlopen", timeoutWord: "timeout")),
            .init(go, "http.Client{", .word, .outboundCall(client: "http.Client", timeoutWord: "Timeout")),
            .init(go, "http.Get(", .word, .outboundCall(client: "http.Get", timeoutWord: "", alwaysUnbounded: true)),
            .init(go, "http.Post(", .word, .outboundCall(client: "http.Post", timeoutWord: "", alwaysUnbounded: true)),
            .init(go, "http.Head(", .word, .outboundCall(client: "http.Head", timeoutWord: "", alwaysUnbounded: true)),
            .init(go, "http.PostForm(", .word, .outboundCall(client: "http.PostForm", timeoutWord: "", alwaysUnbounded: true)),
        ]
        return rows
    }()

    /// Connection-pool sizing.
    static let pools: [SignalTrigger] = [
        .init(go, "SetMaxOpenConns(", .loose, .poolSetting),
        .init(go, "MaxConns", .loose, .poolSetting),
        .init(python, "pool_size", .word, .poolSetting),
        .init(python, "maxconn", .word, .poolSetting),
        .init(python, "max_size", .word, .poolSetting),
        .init(js, "connectionLimit", .word, .poolSetting),
        .init(js, "maxPoolSize", .word, .poolSetting),
        .init(js, "poolSize", .word, .poolSetting),
        .init(js, "pool:", .word, .poolSetting),
        .init(js, "new Pool(", .word, .poolConstructor),
        .init(js, "createPool(", .loose, .poolConstructor),
        .init(python, "create_pool(", .loose, .poolConstructor),
        .init(jvm, "maximumPoolSize", .loose, .poolSetting),
        .init(jvm, "setMaximumPoolSize(", .loose, .poolSetting),
        .init(csharp, "MaxPoolSize", .loose, .poolSetting),
        .init(rust, "max_connections(", .loose, .poolSetting),
        .init(ruby, "pool:", .word, .poolSetting),
    ]

    /// Calls that reach a database or cache; they matter inside health handlers.
    static let probes: [SignalTrigger] = [
        .init(all, ".query(", .none, .dependencyProbe),
        .init(all, ".Query(", .none, .dependencyProbe),
        .init(all, ".ping(", .none, .dependencyProbe),
        .init(all, ".Ping(", .none, .dependencyProbe),
        .init(all, "PingContext(", .loose, .dependencyProbe),
        .init(all, ".execute(", .none, .dependencyProbe),
        .init(all, ".Exec(", .none, .dependencyProbe),
        .init(all, ".raw(", .none, .dependencyProbe),
        .init(all, ".authenticate(", .none, .dependencyProbe),
        .init(all, ".command(", .none, .dependencyProbe),
        .init(all, ".$queryRaw", .none, .dependencyProbe),
        .init(all, ".$executeRaw", .none, .dependencyProbe),
        .init(all, "readyState", .loose, .dependencyProbe),
        .init(all, "ensure_connection(", .loose, .dependencyProbe),
        .init(all, ".select(", .none, .dependencyProbe),
        .init(csharp, ".AddNpgSql(", .none, .healthCheckDependency),
        .init(csharp, ".AddSqlServer(", .none, .healthCheckDependency),
        .init(csharp, ".AddMySql(", .none, .healthCheckDependency),
        .init(csharp, ".AddRedis(", .none, .healthCheckDependency),
        .init(csharp, ".AddMongoDb(", .none, .healthCheckDependency),
        .init(csharp, ".AddDbContextCheck", .none, .healthCheckDependency),
    ]

    /// Request and correlation id idioms (header names are read from string literals by the scanner).
    static let requestIDs: [SignalTrigger] = [
        .init(go, "middleware.RequestID", .word, .requestID),
        .init(go, "requestid.New(", .word, .requestID),
        .init(js, "genReqId", .loose, .requestID),
        .init(js, "requestIdHeader", .loose, .requestID),
        .init(ruby, ":request_id", .none, .requestID),
        .init(csharp, "TraceIdentifier", .loose, .requestID),
    ]

    /// CORS configuration anchors. Each reads a bounded window after it; header-setting code
    /// (`Access-Control-Allow-Origin` in a string literal) is read by the scanner's literal hook.
    static let cors: [SignalTrigger] = {
        typealias S = CORSOptionsSpec
        let express = S(framework: "cors", originKeys: ["origin"], regexKeys: [], allowAllKeys: [], credentialKeys: ["credentials"],
                        trueOrigin: .reflectAny, defaultOrigins: .wildcard, optionsFirst: true)
        let nest = S(framework: "nestjs", originKeys: ["origin"], regexKeys: [], allowAllKeys: [], credentialKeys: ["credentials"],
                     trueOrigin: .reflectAny, defaultOrigins: .wildcard, optionsFirst: true)
        let starlette = S(framework: "starlette", originKeys: ["allow_origins"], regexKeys: ["allow_origin_regex"], allowAllKeys: [],
                          credentialKeys: ["allow_credentials"], trueOrigin: .unknown, defaultOrigins: .explicit)
        let flask = S(framework: "flask-cors", originKeys: ["origins"], regexKeys: [], allowAllKeys: [],
                      credentialKeys: ["supports_credentials"], trueOrigin: .unknown, defaultOrigins: .wildcard)
        let spring = S(framework: "spring", originKeys: ["origins", "value", "originPatterns"], regexKeys: [], allowAllKeys: [],
                       credentialKeys: ["allowCredentials"], trueOrigin: .unknown, defaultOrigins: .wildcard)
        let rsCors = S(framework: "rs/cors", originKeys: ["AllowedOrigins", "AllowOriginFunc", "AllowOriginRequestFunc",
                                                          "AllowOriginVaryRequestFunc"],
                       regexKeys: [], allowAllKeys: [], credentialKeys: ["AllowCredentials"], trueOrigin: .unknown, defaultOrigins: .wildcard)
        // gin-contrib/cors and Fiber share `cors.Config{`; gin has no default origins, Fiber `*`.
        let ginFiber = S(framework: "gin/fiber cors", originKeys: ["AllowOrigins", "AllowOriginFunc", "AllowOriginsFunc"], regexKeys: [],
                         allowAllKeys: ["AllowAllOrigins"], credentialKeys: ["AllowCredentials"], trueOrigin: .unknown, defaultOrigins: .unknown)
        let echo = S(framework: "echo", originKeys: ["AllowOrigins", "AllowOriginFunc"], regexKeys: [], allowAllKeys: [],
                     credentialKeys: ["AllowCredentials"], trueOrigin: .unknown, defaultOrigins: .wildcard)
        return [
            .init(js, "cors(", .word, .cors(.options(express))),
            .init(js, "enableCors(", .loose, .cors(.options(nest))),
            .init(python, "CORSMiddleware", .word, .cors(.options(starlette))),
            .init(python, "CORS(", .loose, .cors(.options(flask))),
            .init(python, "cross_origin(", .loose, .cors(.options(flask))),
            .init(python, "CORS_ALLOW_ALL_ORIGINS", .lineStart, .cors(.setting(framework: "django-cors-headers", .allowAll))),
            .init(python, "CORS_ORIGIN_ALLOW_ALL", .lineStart, .cors(.setting(framework: "django-cors-headers", .allowAll))),
            .init(python, "CORS_ALLOW_CREDENTIALS", .lineStart, .cors(.setting(framework: "django-cors-headers", .credentials))),
            .init(python, "CORS_ALLOWED_ORIGINS", .lineStart, .cors(.setting(framework: "django-cors-headers", .origins))),
            .init(python, "CORS_ORIGIN_WHITELIST", .lineStart, .cors(.setting(framework: "django-cors-headers", .origins))),
            .init(go, "cors.Options{", .word, .cors(.options(rsCors))),
            .init(go, "cors.Config{", .word, .cors(.options(ginFiber))),
            .init(go, "CORSConfig{", .loose, .cors(.options(echo))),
            .init(go, "cors.Default()", .word, .cors(.fixed(framework: "cors", .wildcard, credentials: false))),
            .init(go, "cors.AllowAll()", .word, .cors(.fixed(framework: "rs/cors", .wildcard, credentials: false))),
            .init(ruby, "origins ", .lineStart, .cors(.rackOrigins)),
            .init(csharp, "AllowAnyOrigin(", .loose, .cors(.chain(framework: "aspnet", origins: .wildcard, credentialsCall: "AllowCredentials"))),
            .init(csharp, "SetIsOriginAllowed(", .loose, .cors(.chain(framework: "aspnet", origins: .arguments, credentialsCall: "AllowCredentials"))),
            .init(csharp, "WithOrigins(", .loose, .cors(.chain(framework: "aspnet", origins: .arguments, credentialsCall: "AllowCredentials"))),
            .init(jvm, "@CrossOrigin", .none, .cors(.options(spring, parenthesesOptional: true))),
            .init(jvm, ".allowedOrigins(", .none, .cors(.chain(framework: "spring", origins: .arguments, credentialsCall: "allowCredentials"))),
            .init(jvm, ".allowedOriginPatterns(", .none, .cors(.chain(framework: "spring", origins: .arguments, credentialsCall: "allowCredentials"))),
            .init(jvm, "setAllowedOrigins(", .loose, .cors(.setting(framework: "spring", .origins))),
            .init(jvm, "setAllowedOriginPatterns(", .loose, .cors(.setting(framework: "spring", .origins))),
            .init(jvm, "addAllowedOrigin(", .loose, .cors(.setting(framework: "spring", .origins))),
            .init(jvm, "addAllowedOriginPattern(", .loose, .cors(.setting(framework: "spring", .origins))),
            .init(jvm, "setAllowCredentials(", .loose, .cors(.setting(framework: "spring", .credentials))),
        ]
    }()

    /// Header names in string literals that carry a request or correlation id.
    static let requestIDHeaders: [[UInt8]] = ["x-request-id", "x-correlation-id", "x-amzn-trace-id", "traceparent", "request-id",
                                              "correlation-id"].map { Array($0.utf8) }
    /// Substrings of string literals (lowercased) that size a pool (Prisma URLs, ADO.NET connection strings).
    static let poolLiteralMarkers: [[UInt8]] = ["connection_limit=", "pool_max_conns=", "max pool size=", "maximum pool size=",
                                                "maxpoolsize="].map { Array($0.utf8) }
    /// Substrings of string literals (lowercased) that query the database (`SELECT 1` in a health handler).
    static let probeLiteralMarkers: [[UInt8]] = ["select 1", "select now()", "select version()"].map { Array($0.utf8) }

    static let logging: [SignalTrigger] = {
        var rows: [SignalTrigger] = []
        for name in ["logger.", "log.", "Logger.", "LOGGER.", "LOG.", "Log.", "winston.", "pino(", "logging.",
                     "structlog.", "zap.", "slog.", "logrus.", "log::", "tracing::", "Rails.logger"] {
            rows.append(.init(all.subtracting([.shell]), name, .loose, .logger))
        }
        rows += [
            .init(js, "console.", .word, .console),
            .init(python.union([.swift]), "print(", .word, .console),
            .init(go, "fmt.Print", .word, .console),
            .init(ruby, "puts ", .word, .console),
            .init(ruby, "puts(", .word, .console),
            .init(jvm, "System.out.print", .word, .console),
            .init(jvm, "System.err.print", .word, .console),
            .init([.kotlin], "println(", .word, .console),
            .init(csharp, "Console.Write", .word, .console),
            .init(php, "var_dump(", .word, .console),
            .init(php, "print_r(", .word, .console),
            .init([.elixir], "IO.puts(", .word, .console),
            .init([.elixir], "IO.inspect(", .word, .console),
            .init(rust, "println!(", .word, .console),
            .init(rust, "eprintln!(", .word, .console),
        ]
        return rows
    }()

    static let imports: [SignalTrigger] = [
        .init(python, "import ", .lineStart, .importStatement),
        .init(python, "from ", .lineStart, .importStatement),
        .init(jvm.union([.swift]), "import ", .lineStart, .importStatement),
        .init(csharp, "using ", .lineStart, .importStatement),
        .init(csharp, "global using ", .lineStart, .importStatement),
        .init(php.union(rust), "use ", .lineStart, .importStatement),
        .init(rust, "extern crate ", .lineStart, .importStatement),
    ]

    /// Modules whose import is the signal. JavaScript and Ruby name them in string literals
    /// after `require`/`from`/`import`/`gem`, Go in import paths; the others in import statements
    /// (`\` and `::` separators are read as `.`).
    static let modules: [ModuleSignal] = {
        typealias E = ModuleSignal.Effect
        func rows(_ languages: Set<SourceLanguage>, _ effect: E, _ names: [String]) -> [ModuleSignal] {
            names.map { ModuleSignal(languages, $0, effect) }
        }
        var m: [ModuleSignal] = []
        // JavaScript / TypeScript
        m += rows(js, .sdk(.sentry), ["@sentry", "raven"])
        m += rows(js, .sdk(.bugsnag), ["@bugsnag", "bugsnag"])
        m += rows(js, .sdk(.rollbar), ["rollbar"])
        m += rows(js, .sdk(.datadog), ["dd-trace", "@datadog", "hot-shots"])
        m += rows(js, .sdk(.newRelic), ["newrelic", "@newrelic"])
        m += rows(js, .sdk(.openTelemetry), ["@opentelemetry"])
        m += rows(js, .sdk(.prometheus), ["prom-client", "express-prom-bundle"])
        m += rows(js, .sdk(.honeybadger), ["@honeybadger-io", "honeybadger"])
        m += rows(js, .sdk(.airbrake), ["@airbrake", "airbrake"])
        m += rows(js, .database(.postgres), ["pg", "postgres", "pg-promise", "@neondatabase/serverless", "@vercel/postgres"])
        m += rows(js, .database(.mysql), ["mysql", "mysql2", "@planetscale/database"])
        m += rows(js, .database(.sqlite), ["sqlite3", "better-sqlite3", "sqlite", "@libsql/client"])
        m += rows(js, .database(.mongodb), ["mongodb", "mongoose"])
        m += rows(js, .database(.redis), ["redis", "ioredis", "@upstash/redis"])
        m += rows(js, .database(.unspecifiedSQL), ["@prisma/client", "sequelize", "typeorm", "knex", "drizzle-orm", "kysely"])
        m += rows(js, .shutdownHelper(installsHandler: false), ["http-terminator", "stoppable", "http-graceful-shutdown"])
        m += rows(js, .shutdownHelper(installsHandler: true), ["lightship", "@godaddy/terminus", "close-with-grace"])
        m += rows(js, .loadTest("k6"), ["k6"])
        m += rows(js, .loadTest("autocannon"), ["autocannon"])
        m += rows(python, .loadTest("locust"), ["locust"])
        m += rows(js, .sdk(.raygun), ["raygun"])
        m += rows(js, .sdk(.appSignal), ["@appsignal/nodejs", "@appsignal/javascript"])
        // Python
        m += rows(python, .sdk(.raygun), ["raygun4py"])
        m += rows(python, .sdk(.appSignal), ["appsignal"])
        m += rows(python, .sdk(.sentry), ["sentry_sdk", "raven"])
        m += rows(python, .sdk(.bugsnag), ["bugsnag"])
        m += rows(python, .sdk(.rollbar), ["rollbar"])
        m += rows(python, .sdk(.datadog), ["ddtrace", "datadog"])
        m += rows(python, .sdk(.newRelic), ["newrelic"])
        m += rows(python, .sdk(.openTelemetry), ["opentelemetry"])
        m += rows(python, .sdk(.prometheus), ["prometheus_client", "prometheus_fastapi_instrumentator"])
        m += rows(python, .sdk(.honeybadger), ["honeybadger"])
        m += rows(python, .sdk(.airbrake), ["pybrake"])
        m += rows(python, .database(.postgres), ["psycopg2", "psycopg", "asyncpg", "pg8000"])
        m += rows(python, .database(.mysql), ["pymysql", "MySQLdb", "mysql.connector", "aiomysql"])
        m += rows(python, .database(.sqlite), ["sqlite3", "aiosqlite"])
        m += rows(python, .database(.mongodb), ["pymongo", "motor", "mongoengine"])
        m += rows(python, .database(.redis), ["redis", "aioredis"])
        m += rows(python, .database(.unspecifiedSQL), ["sqlalchemy", "sqlmodel", "peewee", "tortoise"])
        // Go
        m += rows(go, .sdk(.sentry), ["github.com/getsentry/sentry-go"])
        m += rows(go, .sdk(.bugsnag), ["github.com/bugsnag/bugsnag-go"])
        m += rows(go, .sdk(.rollbar), ["github.com/rollbar/rollbar-go"])
        m += rows(go, .sdk(.datadog), ["gopkg.in/DataDog/dd-trace-go.v1", "github.com/DataDog/dd-trace-go", "github.com/DataDog/datadog-go"])
        m += rows(go, .sdk(.newRelic), ["github.com/newrelic/go-agent"])
        m += rows(go, .sdk(.openTelemetry), ["go.opentelemetry.io/otel", "go.opentelemetry.io/contrib"])
        m += rows(go, .sdk(.prometheus), ["github.com/prometheus/client_golang"])
        m += rows(go, .sdk(.honeybadger), ["github.com/honeybadger-io/honeybadger-go"])
        m += rows(go, .sdk(.airbrake), ["github.com/airbrake/gobrake"])
        m += rows(go, .database(.postgres), ["github.com/lib/pq", "github.com/jackc/pgx", "gorm.io/driver/postgres"])
        m += rows(go, .database(.mysql), ["github.com/go-sql-driver/mysql", "gorm.io/driver/mysql"])
        m += rows(go, .database(.sqlite), ["github.com/mattn/go-sqlite3", "modernc.org/sqlite", "gorm.io/driver/sqlite", "github.com/glebarez/sqlite"])
        m += rows(go, .database(.mongodb), ["go.mongodb.org/mongo-driver"])
        m += rows(go, .database(.redis), ["github.com/redis/go-redis", "github.com/go-redis/redis", "github.com/gomodule/redigo"])
        m += rows(go, .database(.unspecifiedSQL), ["database/sql", "gorm.io/gorm", "github.com/jmoiron/sqlx"])
        // Ruby
        m += rows(ruby, .sdk(.sentry), ["sentry-ruby", "sentry-rails", "sentry-raven", "raven"])
        m += rows(ruby, .sdk(.bugsnag), ["bugsnag"])
        m += rows(ruby, .sdk(.rollbar), ["rollbar"])
        m += rows(ruby, .sdk(.datadog), ["ddtrace", "datadog"])
        m += rows(ruby, .sdk(.newRelic), ["newrelic_rpm"])
        m += rows(ruby, .sdk(.openTelemetry), ["opentelemetry", "opentelemetry-sdk"])
        m += rows(ruby, .sdk(.prometheus), ["prometheus", "prometheus-client"])
        m += rows(ruby, .sdk(.honeybadger), ["honeybadger"])
        m += rows(ruby, .sdk(.airbrake), ["airbrake"])
        m += rows(ruby, .database(.postgres), ["pg"])
        m += rows(ruby, .database(.mysql), ["mysql2"])
        m += rows(ruby, .database(.sqlite), ["sqlite3"])
        m += rows(ruby, .database(.mongodb), ["mongo", "mongoid"])
        m += rows(ruby, .database(.redis), ["redis"])
        m += rows(ruby, .database(.unspecifiedSQL), ["sequel"])
        m += rows(ruby, .sdk(.raygun), ["raygun", "raygun4ruby"])
        m += rows(ruby, .sdk(.appSignal), ["appsignal"])
        // Java / Kotlin
        m += rows(jvm, .sdk(.raygun), ["com.mindscapehq.raygun4java"])
        m += rows(jvm, .sdk(.sentry), ["io.sentry"])
        m += rows(jvm, .sdk(.bugsnag), ["com.bugsnag"])
        m += rows(jvm, .sdk(.rollbar), ["com.rollbar"])
        m += rows(jvm, .sdk(.datadog), ["datadog.trace", "com.datadoghq"])
        m += rows(jvm, .sdk(.newRelic), ["com.newrelic"])
        m += rows(jvm, .sdk(.openTelemetry), ["io.opentelemetry"])
        m += rows(jvm, .sdk(.prometheus), ["io.prometheus", "io.micrometer.prometheus", "io.micrometer.prometheusmetrics"])
        m += rows(jvm, .sdk(.honeybadger), ["io.honeybadger"])
        m += rows(jvm, .sdk(.airbrake), ["io.airbrake"])
        m += rows(jvm, .database(.postgres), ["org.postgresql"])
        m += rows(jvm, .database(.mysql), ["com.mysql", "org.mariadb"])
        m += rows(jvm, .database(.sqlite), ["org.sqlite"])
        m += rows(jvm, .database(.mongodb), ["com.mongodb", "org.mongodb", "org.springframework.data.mongodb"])
        m += rows(jvm, .database(.redis), ["redis.clients.jedis", "io.lettuce", "org.redisson", "org.springframework.data.redis"])
        m += rows(jvm, .database(.unspecifiedSQL), ["java.sql", "javax.persistence", "jakarta.persistence", "org.hibernate", "org.springframework.data.jpa"])
        m += rows(go, .sdk(.raygun), ["github.com/MindscapeHQ/raygun4go"])
        // C#
        m += rows(csharp, .sdk(.raygun), ["Mindscape.Raygun4Net"])
        m += rows(csharp, .sdk(.sentry), ["Sentry"])
        m += rows(csharp, .sdk(.bugsnag), ["Bugsnag"])
        m += rows(csharp, .sdk(.rollbar), ["Rollbar"])
        m += rows(csharp, .sdk(.datadog), ["Datadog.Trace"])
        m += rows(csharp, .sdk(.newRelic), ["NewRelic"])
        m += rows(csharp, .sdk(.openTelemetry), ["OpenTelemetry"])
        m += rows(csharp, .sdk(.prometheus), ["Prometheus"])
        m += rows(csharp, .sdk(.honeybadger), ["Honeybadger"])
        m += rows(csharp, .sdk(.airbrake), ["Sharpbrake"])
        m += rows(csharp, .database(.postgres), ["Npgsql"])
        m += rows(csharp, .database(.mysql), ["MySql.Data", "MySqlConnector"])
        m += rows(csharp, .database(.sqlite), ["Microsoft.Data.Sqlite", "System.Data.SQLite"])
        m += rows(csharp, .database(.mongodb), ["MongoDB.Driver"])
        m += rows(csharp, .database(.redis), ["StackExchange.Redis"])
        m += rows(csharp, .database(.unspecifiedSQL), ["Microsoft.EntityFrameworkCore", "Dapper", "Microsoft.Data.SqlClient", "System.Data.SqlClient"])
        // PHP
        m += rows(php, .sdk(.sentry), ["Sentry"])
        m += rows(php, .sdk(.bugsnag), ["Bugsnag"])
        m += rows(php, .sdk(.rollbar), ["Rollbar"])
        m += rows(php, .sdk(.datadog), ["DDTrace"])
        m += rows(php, .sdk(.openTelemetry), ["OpenTelemetry"])
        m += rows(php, .sdk(.prometheus), ["Prometheus"])
        m += rows(php, .sdk(.honeybadger), ["Honeybadger"])
        m += rows(php, .sdk(.airbrake), ["Airbrake"])
        m += rows(php, .database(.mongodb), ["MongoDB"])
        m += rows(php, .database(.redis), ["Predis"])
        // Rust
        m += rows(rust, .sdk(.sentry), ["sentry"])
        m += rows(rust, .sdk(.openTelemetry), ["opentelemetry"])
        m += rows(rust, .sdk(.prometheus), ["prometheus"])
        m += rows(rust, .database(.postgres), ["tokio_postgres", "postgres"])
        m += rows(rust, .database(.mysql), ["mysql", "mysql_async"])
        m += rows(rust, .database(.sqlite), ["rusqlite"])
        m += rows(rust, .database(.mongodb), ["mongodb"])
        m += rows(rust, .database(.redis), ["redis"])
        m += rows(rust, .database(.unspecifiedSQL), ["sqlx", "diesel", "sea_orm"])
        // Swift
        m += rows([.swift], .sdk(.sentry), ["Sentry"])
        m += rows([.swift], .database(.postgres), ["PostgresNIO", "PostgresKit", "FluentPostgresDriver"])
        m += rows([.swift], .database(.redis), ["RediStack", "Redis"])
        m += rows([.swift], .database(.sqlite), ["SQLite", "GRDB", "FluentSQLiteDriver"])
        // Rate limiting and security headers, by the middleware's module.
        m += rows(js, .middleware(.rateLimit), ["express-rate-limit", "rate-limiter-flexible", "express-slow-down", "@fastify/rate-limit",
                                                "koa-ratelimit", "@nestjs/throttler", "hono-rate-limiter", "@upstash/ratelimit"])
        m += rows(js, .middleware(.securityHeaders), ["helmet", "@fastify/helmet", "koa-helmet", "lusca", "next-secure-headers"])
        m += rows(python, .middleware(.rateLimit), ["slowapi", "django_ratelimit", "ratelimit", "flask_limiter", "fastapi_limiter",
                                                    "rest_framework.throttling"])
        m += rows(python, .middleware(.securityHeaders), ["flask_talisman", "secure", "django_csp", "csp"])
        m += rows(ruby, .middleware(.rateLimit), ["rack/attack", "rack-attack"])
        m += rows(ruby, .middleware(.securityHeaders), ["secure_headers"])
        m += rows(go, .middleware(.rateLimit), ["golang.org/x/time/rate", "github.com/ulule/limiter", "github.com/didip/tollbooth",
                                                "github.com/go-chi/httprate", "github.com/gofiber/fiber/v2/middleware/limiter"])
        m += rows(go, .middleware(.securityHeaders), ["github.com/unrolled/secure", "github.com/gofiber/fiber/v2/middleware/helmet"])
        m += libraries
        return m
    }()

    /// Libraries rules look for by name: the module, and the name recorded for it.
    static let libraries: [ModuleSignal] = {
        var m: [ModuleSignal] = []
        func add(_ languages: Set<SourceLanguage>, _ name: String, _ modules: [String]) {
            m += modules.map { ModuleSignal(languages, $0, .library(name)) }
        }
        // Structured loggers.
        for name in ["pino", "winston", "bunyan", "pino-http", "nestjs-pino", "roarr"] { add(js, name, [name]) }
        add(python, "structlog", ["structlog"])
        add(python, "python-json-logger", ["pythonjsonlogger"])
        add(python, "json_log_formatter", ["json_log_formatter"])
        add(go, "zap", ["go.uber.org/zap"])
        add(go, "zerolog", ["github.com/rs/zerolog"])
        add(go, "logrus", ["github.com/sirupsen/logrus"])
        add(go, "slog", ["log/slog"])
        add(ruby, "lograge", ["lograge"])
        add(ruby, "semantic_logger", ["semantic_logger", "rails_semantic_logger"])
        add(jvm, "logstash-logback-encoder", ["net.logstash.logback"])
        add(csharp, "serilog", ["Serilog"])
        add(rust, "tracing-subscriber", ["tracing_subscriber"])
        // Metrics.
        for name in ["hot-shots", "node-statsd", "statsd", "@opentelemetry/sdk-metrics"] { add(js, name, [name]) }
        add(python, "statsd", ["statsd", "datadog.dogstatsd"])
        add(python, "opentelemetry-metrics", ["opentelemetry.sdk.metrics", "opentelemetry.metrics"])
        add(go, "opentelemetry-metrics", ["go.opentelemetry.io/otel/metric", "go.opentelemetry.io/otel/sdk/metric"])
        add(go, "statsd", ["github.com/DataDog/datadog-go/statsd", "github.com/cactus/go-statsd-client"])
        add(jvm, "micrometer", ["io.micrometer"])
        add(rust, "metrics", ["metrics", "metrics_exporter_prometheus"])
        // Tracing and APM agents.
        for name in ["@opentelemetry/sdk-node", "@opentelemetry/sdk-trace-node", "@opentelemetry/sdk-trace-base",
                     "@opentelemetry/auto-instrumentations-node", "dd-trace", "newrelic", "elastic-apm-node"] {
            add(js, name, [name])
        }
        add(python, "opentelemetry-tracing", ["opentelemetry.sdk.trace", "opentelemetry.instrumentation", "opentelemetry.trace"])
        add(python, "ddtrace", ["ddtrace"])
        add(python, "elastic-apm", ["elasticapm"])
        add(python, "newrelic", ["newrelic"])
        add(go, "opentelemetry-tracing", ["go.opentelemetry.io/otel/sdk/trace", "go.opentelemetry.io/otel/trace",
                                          "go.opentelemetry.io/contrib/instrumentation"])
        add(go, "dd-trace-go", ["gopkg.in/DataDog/dd-trace-go.v1", "github.com/DataDog/dd-trace-go"])
        add(go, "elastic-apm", ["go.elastic.co/apm"])
        add(go, "newrelic", ["github.com/newrelic/go-agent"])
        add(jvm, "opentelemetry-tracing", ["io.opentelemetry.api.trace", "io.opentelemetry.sdk.trace", "io.opentelemetry.instrumentation"])
        add(csharp, "opentelemetry-tracing", ["OpenTelemetry.Trace"])
        add(csharp, "elastic-apm", ["Elastic.Apm"])
        add(ruby, "ddtrace", ["ddtrace", "datadog"])
        add(ruby, "newrelic", ["newrelic_rpm"])
        add(rust, "opentelemetry-tracing", ["opentelemetry_otlp", "tracing_opentelemetry"])
        // Retries with backoff.
        for name in ["axios-retry", "p-retry", "async-retry", "retry", "got", "exponential-backoff", "cockatiel"] { add(js, name, [name]) }
        add(python, "tenacity", ["tenacity"])
        add(python, "backoff", ["backoff"])
        add(python, "retrying", ["retrying"])
        add(python, "urllib3-retry", ["urllib3.util.retry", "urllib3.util.Retry"])
        add(go, "cenkalti-backoff", ["github.com/cenkalti/backoff"])
        add(go, "retry-go", ["github.com/avast/retry-go"])
        add(go, "go-retryablehttp", ["github.com/hashicorp/go-retryablehttp"])
        add(jvm, "resilience4j-retry", ["io.github.resilience4j.retry"])
        add(jvm, "spring-retry", ["org.springframework.retry"])
        add(csharp, "polly", ["Polly"])
        add(rust, "backoff", ["backoff", "tokio_retry", "backon"])
        // Circuit breakers.
        for name in ["opossum", "cockatiel", "brakes"] { add(js, name, [name]) }
        add(python, "pybreaker", ["pybreaker"])
        add(python, "aiobreaker", ["aiobreaker"])
        add(python, "circuitbreaker", ["circuitbreaker"])
        add(go, "gobreaker", ["github.com/sony/gobreaker"])
        add(go, "hystrix-go", ["github.com/afex/hystrix-go"])
        add(go, "go-resiliency", ["github.com/eapache/go-resiliency/breaker"])
        add(jvm, "resilience4j-circuitbreaker", ["io.github.resilience4j.circuitbreaker"])
        add(csharp, "polly", ["Polly"])
        add(ruby, "circuitbox", ["circuitbox"])
        add(ruby, "semian", ["semian"])
        // Request ids.
        for name in ["cls-rtracer", "express-request-id", "express-http-context", "correlation-id", "@fastify/request-context"] {
            add(js, name, [name])
        }
        add(python, "asgi-correlation-id", ["asgi_correlation_id"])
        add(python, "django-guid", ["django_guid"])
        add(python, "django-request-id", ["request_id"])
        add(go, "gin-contrib-requestid", ["github.com/gin-contrib/requestid"])
        return m
    }()

    /// Connection-URL and DSN prefixes found at the start of any string literal
    /// (SQLAlchemy `postgresql+psycopg2://`, PHP PDO `pgsql:host=`…).
    static let connectionSchemes: [(prefix: [UInt8], kind: DatabaseKind)] = ([
        ("postgres://", .postgres), ("postgresql://", .postgres), ("postgresql+", .postgres), ("pgsql:", .postgres),
        ("mysql://", .mysql), ("mysql+", .mysql), ("mariadb://", .mysql), ("mariadb+", .mysql), ("mysql:host=", .mysql),
        ("sqlite://", .sqlite), ("sqlite+", .sqlite), ("sqlite:/", .sqlite),
        ("mongodb://", .mongodb), ("mongodb+srv://", .mongodb),
        ("redis://", .redis), ("rediss://", .redis),
    ] as [(String, DatabaseKind)]).map { (Array($0.0.utf8), $0.1) }
}
