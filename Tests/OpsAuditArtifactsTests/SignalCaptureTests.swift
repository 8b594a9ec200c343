import OpsAuditArtifacts
import OpsAuditModel
import Testing

private func scan(_ path: String, _ language: SourceLanguage, _ source: String) -> SourceSignals {
    let file = RepoFile(path: path, kind: .source, size: source.utf8.count, isTracked: true, language: language)
    let analysis = FileAnalyzer.analyze(file, bytes: Array(source.utf8))
    return analysis.artifacts.compactMap { $0 as? SourceSignals }.first ?? SourceSignals(path: "missing", language: language)
}

/// The capture kinds added for the observability and resilience rules.
@Suite("Signal captures")
struct SignalCaptureTests {
    @Test func outboundCallsAndTheirTimeouts() {
        let src = """
        const a = await axios.get(url);
        const b = await axios.get(url, { timeout: 5000 });
        // axios.get(commented)
        const s = "axios.get(inString)";
        const c = await fetch(url);
        const d = await fetch(url, { signal: AbortSignal.timeout(3000) });
        const e = await fetch(url, options);
        async function fetch(url) { return url; }
        const api = axios.create({ baseURL: 'https://x' });
        """
        let s = scan("src/client.js", .javascript, src)
        #expect(s.outboundCalls.map { "\($0.client)@\($0.location.line)=\($0.hasTimeout)" } ==
            ["axios@1=false", "axios@2=true", "fetch@5=false", "fetch@6=true", "axios@9=false"])
        #expect(s.outboundCalls.first?.location.column == 17)
    }

    @Test func pythonAndGoOutboundCalls() {
        let py = scan("app/client.py", .python, """
        r = requests.get(url)
        r = requests.post(url, json=body, timeout=5)
        r = requests.get(url, **kwargs)
        # requests.get(url)
        """)
        #expect(py.outboundCalls.map { "\($0.location.line)=\($0.hasTimeout)" } == ["1=false", "2=true"])
        let go = scan("main.go", .go, """
        package main
        var c = &http.Client{}
        var d = &http.Client{Timeout: 5 * time.Second}
        func f() { http.Get("https://x") }
        """)
        #expect(go.outboundCalls.map { "\($0.client)@\($0.location.line)=\($0.hasTimeout)" } ==
            ["http.Client@2=false", "http.Client@3=true", "http.Get@4=false"])
    }

    @Test func healthHandlersTouchingDependencies() {
        let src = """
        app.get('/health', (req, res) => res.send('ok'));
        app.get('/ready', async (req, res) => {
          await pool.query('SELECT 1');
          res.send('ok');
        });
        app.get('/healthz', healthHandler);
        app.get('/live', (req, res) => {
          // db.query('x')
          res.send("db.ping()");
        });
        """
        let s = scan("src/server.js", .javascript, src)
        #expect(s.healthHandlers.map { "\($0.route.value)=\($0.touchesDependency)" } ==
            ["/health=false", "/ready=true", "/live=false"])
        #expect(s.healthHandlers[1].route.location.line == 2)
    }

    @Test func healthWindowEndsAtTheNextRoute() {
        let s = scan("app.py", .python, """
        @app.get("/healthz")
        def healthz():
            return {"ok": True}

        @app.get("/orders")
        def orders():
            return db.execute("select * from orders")
        """)
        #expect(s.healthHandlers.map(\.touchesDependency) == [false])
    }

    @Test func aspNetHealthChecksWithDependencyRegistrations() {
        let s = scan("Program.cs", .csharp, """
        builder.Services.AddHealthChecks().AddNpgSql(connectionString);
        app.MapHealthChecks("/healthz");
        """)
        #expect(s.healthHandlers.map { "\($0.route.value)=\($0.touchesDependency)" } == ["/healthz=true"])
    }

    @Test func sdkInitialisationsAreNotImports() {
        let s = scan("src/app.js", .javascript, """
        const Sentry = require('@sentry/node');
        // Sentry.init({})
        const raygun = require('raygun');
        const client = new raygun.Client().init({ apiKey: 'k' });
        """)
        #expect(s.sdks.map(\.value) == [.sentry, .raygun])
        #expect(s.sdkInitialisations.map { "\($0.value.rawValue)@\($0.location.line)" } == ["raygun@4"])
    }

    @Test func librariesPoolsRequestIDsAndConsole() {
        let go = scan("main.go", .go, """
        package main
        import (
            "log/slog"
            "github.com/sony/gobreaker"
        )
        func main() {
            db.SetMaxOpenConns(20)
            r.Use(middleware.RequestID)
            // db.SetMaxOpenConns(1)
            fmt.Println("x")
        }
        """)
        #expect(go.libraries.map(\.value) == ["slog", "gobreaker"])
        #expect(go.poolSettings.map(\.line) == [7])
        #expect(go.requestIDs.map(\.line) == [8])
        #expect(go.firstConsoleCall?.line == 10)
        let js = scan("src/db.js", .javascript, """
        const { Pool } = require('pg');
        const a = new Pool({ connectionString: url });
        const b = new Pool({ connectionString: url, max: 20 });
        res.setHeader('X-Request-Id', id);
        const note = "see the x-request-id docs for more about how we do it";
        """)
        #expect(js.poolSettings.map(\.line) == [3])
        #expect(js.requestIDs.map(\.line) == [4])
        let py = scan("app.py", .python, """
        engine = create_engine(url, pool_size=10)
        from tenacity import retry
        import opentelemetry.sdk.trace
        """)
        #expect(py.poolSettings.map(\.line) == [1])
        #expect(py.libraries.map(\.value) == ["tenacity", "opentelemetry-tracing"])
        #expect(py.sdks.map(\.value) == [.openTelemetry])
    }
}
