import OpsAuditArtifacts
import OpsAuditModel
import Testing

private func scan(_ path: String, _ language: SourceLanguage, _ source: String) -> SourceSignals {
    let file = RepoFile(path: path, kind: .source, size: source.utf8.count, isTracked: true, language: language)
    let analysis = FileAnalyzer.analyze(file, bytes: Array(source.utf8))
    return analysis.artifacts.compactMap { $0 as? SourceSignals }.first ?? SourceSignals(path: "missing", language: language)
}

/// `framework origins credentials @line:column` of each configuration, for compact assertions.
private func summary(_ signals: SourceSignals) -> [String] {
    signals.corsConfigurations.map { c in
        let credentials = c.allowsCredentials.map { $0 ? "creds" : "nocreds" } ?? "creds?"
        return "\(c.framework) \(c.origins.rawValue) \(credentials) @\(c.location.line):\(c.location.column ?? 0)"
    }
}

@Suite("CORS configurations")
struct CORSSignalsTests {
    @Test func expressCorsOptions() {
        let s = scan("src/app.js", .javascript, """
        const cors = require('cors');
        app.use(cors({ origin: '*', credentials: true }));
        app.use(cors({
          origin: true,
          credentials: true,
        }));
        app.use(cors());
        app.use(cors({ origin: ['https://app.example.com'], credentials: true }));
        app.use(cors(corsOptions));
        // app.use(cors({ origin: '*', credentials: true }))
        const doc = "cors({ origin: '*', credentials: true })";
        function cors(options) { return options; }
        app.use(cors({ origin: (origin, callback) => callback(null, true), credentials: true }));
        app.use(cors({ origin: (origin, cb) => cb(null, allowed.includes(origin)), credentials: true }));
        app.use(cors({ origin: /.*/, credentials: true }));
        """)
        #expect(summary(s) == [
            "cors wildcard creds @2:16",
            "cors reflect-any creds @4:3",
            "cors wildcard nocreds @7:9",
            "cors explicit creds @8:16",
            "cors unknown creds? @9:9",
            "cors reflect-any creds @13:16",
            "cors unknown creds @14:16",
            "cors regex-any creds @15:16",
        ])
        #expect(s.corsConfigurations[1].credentialsLocation?.line == 5)
        #expect(s.corsConfigurations.allSatisfy { $0.location.path == "src/app.js" })
    }

    @Test func nestEnableCors() {
        let s = scan("src/main.ts", .typescript, """
        app.enableCors({ origin: true, credentials: true });
        app.enableCors();
        """)
        #expect(summary(s) == ["nestjs reflect-any creds @1:18", "nestjs wildcard nocreds @2:5"])
    }

    @Test func handSetHeaders() {
        let s = scan("src/server.js", .javascript, """
        app.use((req, res, next) => {
          res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
          res.setHeader('Access-Control-Allow-Credentials', 'true');
          next();
        });
        """)
        #expect(summary(s) == ["header reflect-any creds @2:17"])
        #expect(s.corsConfigurations.first?.credentialsLocation?.line == 3)
        let go = scan("main.go", .go, """
        package main
        func cors(w http.ResponseWriter, r *http.Request) {
            w.Header().Set("Access-Control-Allow-Origin", "*")
        }
        """)
        #expect(summary(go) == ["header wildcard nocreds @3:20"])
        let py = scan("app.py", .python, """
        response.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin")
        response.headers["Access-Control-Allow-Origin"] = allowed_origin
        """)
        #expect(summary(py) == ["header reflect-any nocreds @1:18"])
    }

    @Test func starletteAndFlask() {
        let s = scan("app/main.py", .python, """
        from fastapi.middleware.cors import CORSMiddleware
        app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)
        app.add_middleware(
            CORSMiddleware,
            allow_origin_regex="https?://.*",
            allow_credentials=True,
        )
        app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"], allow_credentials=True)
        app.add_middleware(CORSMiddleware, allow_origins=["*"])
        app.add_middleware(CORSMiddleware, **settings)
        # app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)
        """)
        #expect(summary(s) == [
            "starlette wildcard creds @2:36",
            "starlette regex-any creds @5:5",
            "starlette explicit creds @8:36",
            "starlette wildcard nocreds @9:36",
            "starlette unknown creds? @10:20",
        ])
        let flask = scan("app.py", .python, """
        from flask_cors import CORS
        CORS(app, supports_credentials=True)
        CORS(app, resources={r"/api/*": {"origins": "*"}}, supports_credentials=True)
        CORS(app, origins=["https://app.example.com"], supports_credentials=True)
        CORS(app)
        @cross_origin(supports_credentials=True)
        def view(): pass
        CORS(app, origins=os.getenv("ORIGINS", "*").split(","), supports_credentials=True)
        """)
        #expect(summary(flask) == [
            "flask-cors wildcard creds @2:1",
            "flask-cors wildcard creds @3:34",
            "flask-cors explicit creds @4:11",
            "flask-cors wildcard nocreds @5:1",
            "flask-cors wildcard creds @6:2",
            "flask-cors unknown creds @8:11",
        ])
    }

    @Test func djangoSettingsCombinePerFile() {
        let s = scan("mysite/settings.py", .python, """
        INSTALLED_APPS = ["corsheaders"]
        CORS_ALLOW_ALL_ORIGINS = True
        DEBUG = False
        CORS_ALLOW_CREDENTIALS = True
        """)
        #expect(summary(s) == ["django-cors-headers wildcard creds @2:1"])
        #expect(s.corsConfigurations.first?.credentialsLocation?.line == 4)
        let safe = scan("mysite/settings.py", .python, """
        CORS_ALLOWED_ORIGINS = [
            "https://app.example.com",
        ]
        CORS_ORIGIN_ALLOW_ALL = False
        CORS_ALLOW_CREDENTIALS = True
        """)
        #expect(summary(safe) == ["django-cors-headers explicit creds @1:1"])
    }

    @Test func goLibraries() {
        let s = scan("main.go", .go, """
        package main
        var a = cors.New(cors.Options{AllowedOrigins: []string{"*"}, AllowCredentials: true})
        var b = cors.New(cors.Options{
            AllowOriginFunc: func(origin string) bool { return true },
            AllowCredentials: true,
        })
        var c = cors.New(cors.Config{AllowAllOrigins: true, AllowCredentials: true})
        var d = cors.New(cors.Options{AllowedOrigins: []string{"https://app.example.com"}, AllowCredentials: true})
        var e = cors.Default()
        var f = middleware.CORSWithConfig(middleware.CORSConfig{AllowOrigins: []string{"*"}, AllowCredentials: true})
        """)
        #expect(summary(s) == [
            "rs/cors wildcard creds @2:31",
            "rs/cors reflect-any creds @4:5",
            "gin/fiber cors wildcard creds @7:30",
            "rs/cors explicit creds @8:31",
            "cors wildcard nocreds @9:9",
            "echo wildcard creds @10:57",
        ])
    }

    @Test func rackCors() {
        let s = scan("config/initializers/cors.rb", .ruby, """
        Rails.application.config.middleware.insert_before 0, Rack::Cors do
          allow do
            origins '*'
            resource '*', headers: :any, methods: [:get, :post], credentials: true
          end
          allow do
            origins 'https://app.example.com'
            resource '/api/*', headers: :any, methods: :any, credentials: true
          end
          allow do
            origins '*'
            resource '/public/*', headers: :any, methods: :get
          end
        end
        """)
        #expect(summary(s) == ["rack-cors wildcard creds @3:5", "rack-cors explicit creds @7:5", "rack-cors wildcard nocreds @11:5"])
        #expect(s.corsConfigurations.first?.credentialsLocation?.line == 4)
    }

    @Test func aspNetChains() {
        let s = scan("Program.cs", .csharp, """
        builder.Services.AddCors(options =>
        {
            options.AddPolicy("open", p => p.AllowAnyOrigin().AllowAnyHeader().AllowCredentials());
            options.AddPolicy("reflect", p => p
                .SetIsOriginAllowed(_ => true)
                .AllowCredentials());
            options.AddPolicy("spa", p => p.WithOrigins("https://app.example.com").AllowCredentials());
            options.AddPolicy("public", p => p.AllowAnyOrigin().AllowAnyMethod());
            options.AddPolicy("checked", p => p.SetIsOriginAllowed(o => o.EndsWith(".example.com")).AllowCredentials());
        });
        """)
        #expect(summary(s) == [
            "aspnet wildcard creds @3:38",
            "aspnet reflect-any creds @5:10",
            "aspnet explicit creds @7:37",
            "aspnet wildcard nocreds @8:40",
            "aspnet unknown creds @9:41",
        ])
        #expect(s.corsConfigurations[1].credentialsLocation?.line == 6)
    }

    @Test func springAnnotationsChainsAndSetters() {
        let s = scan("src/main/java/App.java", .java, """
        @CrossOrigin(origins = "*", allowCredentials = "true")
        class A {}
        @CrossOrigin
        class B {}
        class C {
            void add(CorsRegistry registry) {
                registry.addMapping("/**").allowedOriginPatterns("*").allowCredentials(true);
                registry.addMapping("/api/**").allowedOrigins("https://app.example.com").allowCredentials(true);
            }
            CorsConfiguration config() {
                CorsConfiguration config = new CorsConfiguration();
                config.setAllowedOriginPatterns(List.of("*"));
                config.setAllowCredentials(true);
                return config;
            }
        }
        """)
        #expect(summary(s) == [
            "spring wildcard creds @1:14",
            "spring wildcard nocreds @3:1",
            "spring wildcard creds @7:35",
            "spring explicit creds @8:39",
            "spring wildcard creds @12:16",
        ])
        #expect(s.corsConfigurations.last?.credentialsLocation?.line == 13)
    }

    @Test func testsAndExamplesAreNotApplicationCode() {
        let files = [
            ("src/app.js", "app.use(cors({ origin: ['https://app.example.com'], credentials: true }));\n"),
            ("test/app.test.js", "app.use(cors({ origin: true, credentials: true }));\n"),
        ]
        let analyses = files.map { path, text in
            FileAnalyzer.analyze(RepoFile(path: path, kind: .source, size: text.utf8.count, isTracked: true, language: .javascript),
                                 bytes: Array(text.utf8))
        }
        let model = RepoModel(files: analyses.map(\.file), analyses: analyses)
        #expect(model.corsConfigurations.map(\.location.path) == ["src/app.js"])
        #expect(model.corsConfigurations.first?.origins == .explicit)
        #expect(model.corsConfigurations.first?.allowsAnyOriginWithCredentials == false)
    }

    /// 50,000 unclosed anchors: the per-file budget stops the windows, so the work is linear and
    /// the diagnostic says what was not read.
    @Test func hostileAnchorsStayBounded() {
        let hostile = String(repeating: "cors({", count: 50_000)
        let s = scan("src/hostile.js", .javascript, hostile)
        #expect(s.corsConfigurations.isEmpty)
        let file = RepoFile(path: "src/hostile.js", kind: .source, size: hostile.utf8.count, isTracked: true, language: .javascript)
        let analysis = FileAnalyzer.analyze(file, bytes: Array(hostile.utf8))
        #expect(analysis.diagnostics.contains { $0.message.contains("CORS configuration") })
        // Closed anchors: each window is short, the count cap holds.
        let many = String(repeating: "app.use(cors({ origin: '*', credentials: true }));\n", count: 5_000)
        let t = scan("src/many.js", .javascript, many)
        #expect(t.corsConfigurations.count <= SourceScanner.maxCORSConfigurations)
        #expect(t.corsConfigurations.first?.allowsAnyOriginWithCredentials == true)
    }
}
