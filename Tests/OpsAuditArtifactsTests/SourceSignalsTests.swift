import Foundation
import OpsAuditArtifacts
import OpsAuditModel
import OpsAuditTestSupport
import Testing

/// Scans `source` through `FileAnalyzer`, so the `.source` registration is exercised too.
private func signals(_ path: String, _ language: SourceLanguage, _ source: String) -> SourceSignals {
    let file = RepoFile(path: path, kind: .source, size: source.utf8.count, isTracked: true, language: language)
    let analysis = FileAnalyzer.analyze(file, bytes: Array(source.utf8))
    return analysis.artifacts.compactMap { $0 as? SourceSignals }.first ?? SourceSignals(path: "missing", language: language)
}

/// 1-based column of the first `needle` on 1-based `line` of `source` (ASCII sources).
private func column(_ needle: String, line: Int, in source: String) -> Int? {
    let text = source.split(separator: "\n", omittingEmptySubsequences: false)[line - 1]
    guard let range = text.range(of: needle) else { return nil }
    return text.distance(from: text.startIndex, to: range.lowerBound) + 1
}

private func at(_ path: String, _ line: Int, _ column: Int?) -> Location {
    Location(path: path, line: line, column: column)
}

@Suite("SourceSignals")
struct SourceSignalsTests {
    @Test func javascriptExpress() {
        let src = """
        import express from 'express';
        import * as Sentry from "@sentry/node";
        const { Pool } = require('pg');
        const app = express();
        // app.get('/commented', h)
        const s = "process.env.IN_STRING";
        app.get('/health', (req, res) => res.send('ok'));
        router.post("/items", handler);
        const port = process.env.PORT || 3000;
        const url = process.env["DATABASE_URL"];
        process.on('SIGTERM', () => server.close());
        console.log(`listening on ${process.env.HOST} ${ {a: 1}.a }`);
        logger.info('started');
        const m = map.get('key');
        /* app.get('/block', h)
           process.env.BLOCK */
        const t = `tail ${x}`; process.env.AFTER_TEMPLATE;
        """
        let p = "src/server.js"
        let s = signals(p, .javascript, src)
        #expect(s.routes == [
            Route(method: "GET", path: Located("/health", at: at(p, 7, 9))),
            Route(method: "POST", path: Located("/items", at: at(p, 8, 13))),
        ])
        #expect(s.envReads == [
            Located("PORT", at: at(p, 9, 14)),
            Located("DATABASE_URL", at: at(p, 10, 13)),
            Located("HOST", at: at(p, 12, column("process.env.HOST", line: 12, in: src))),
            Located("AFTER_TEMPLATE", at: at(p, 17, column("process.env.AFTER", line: 17, in: src))),
        ])
        #expect(s.signalHandlers == [Located("SIGTERM", at: at(p, 11, 1))])
        #expect(s.sdks == [Located(.sentry, at: at(p, 2, 25))])
        #expect(s.databaseClients == [Located(.postgres, at: at(p, 3, 26))])
        #expect(s.consoleCalls == 1)
        #expect(s.loggerCalls == 1)
        #expect(s.routes.first?.looksLikeHealthCheck == true)
    }

    @Test func typescriptNestAndShutdownHelpers() {
        let src = """
        import { NodeSDK } from '@opentelemetry/sdk-node';
        import { createHttpTerminator } from 'http-terminator';
        @Controller()
        export class HealthController {
          @Get('health')
          check() {}
          @Post()
          create() {}
        }
        app.enableShutdownHooks();
        const api = import.meta.env.VITE_API;
        """
        let p = "src/main.ts"
        let s = signals(p, .typescript, src)
        #expect(s.routes == [Route(method: "GET", path: Located("health", at: at(p, 5, 8)))])
        #expect(s.sdks == [Located(.openTelemetry, at: at(p, 1, 25))])
        #expect(s.shutdownHelpers.map(\.value) == ["http-terminator", "enableShutdownHooks"])
        #expect(s.shutdownHelpers.map(\.location.line) == [2, 10])
        #expect(s.signalHandlers == [Located("SIGTERM", at: at(p, 10, 5))])
        #expect(s.envReads == [Located("VITE_API", at: at(p, 11, 13))])
    }

    @Test func python() {
        let src = #"""
        import os, signal
        import sentry_sdk
        from sqlalchemy import create_engine
        import psycopg2.extras
        # @app.get("/commented")
        @app.get("/healthz")
        def health(): return {"ok": True}
        urlpatterns = [path('health/', views.health)]
        DB = os.getenv("DATABASE_URL")
        KEY = os.environ["SECRET_KEY"]
        DEBUG = os.environ.get('DEBUG')
        signal.signal(signal.SIGTERM, handler)
        engine = create_engine("postgresql+psycopg2://u@h/db")
        print("hi")
        logging.getLogger(__name__).info("x")
        """
        os.getenv("IN_DOCSTRING")
        """
        cache = redis.Redis.from_url("redis://localhost")
        """#
        let p = "app/main.py"
        let s = signals(p, .python, src)
        #expect(s.routes == [
            Route(method: "GET", path: Located("/healthz", at: at(p, 6, 10))),
            Route(method: nil, path: Located("health/", at: at(p, 8, 21))),
        ])
        #expect(s.envReads == [
            Located("DATABASE_URL", at: at(p, 9, 6)),
            Located("SECRET_KEY", at: at(p, 10, 7)),
            Located("DEBUG", at: at(p, 11, 9)),
        ])
        #expect(s.signalHandlers == [Located("SIGTERM", at: at(p, 12, 1))])
        #expect(s.sdks == [Located(.sentry, at: at(p, 2, 1))])
        #expect(s.databaseClients == [
            Located(.unspecifiedSQL, at: at(p, 3, 1)),
            Located(.postgres, at: at(p, 4, 1)),
            Located(.redis, at: at(p, 19, 30)),
        ])
        #expect(s.consoleCalls == 1)
        #expect(s.loggerCalls == 1)
    }

    @Test func go() {
        let src = """
        package main
        import (
        \t"net/http"
        \t"os/signal"
        \t_ "github.com/lib/pq"
        \t"github.com/prometheus/client_golang/prometheus/promhttp"
        )
        func main() {
        \thttp.HandleFunc("/healthz", health)
        \tmux.HandleFunc("GET /ready", ready)
        \tr.GET("/ping", ping)
        \tr.Get("/live", live)
        \tport := os.Getenv("PORT")
        \tsignal.Notify(c, os.Interrupt, syscall.SIGTERM)
        \tfmt.Println("x")
        \tlog.Printf("y")
        \tv := cache.Get("key")
        \ts := `// not a comment "/raw"`; w := os.Getenv("AFTER_RAW")
        }
        """
        let p = "cmd/api/main.go"
        let s = signals(p, .go, src)
        #expect(s.routes == [
            Route(method: nil, path: Located("/healthz", at: at(p, 9, 18))),
            Route(method: "GET", path: Located("/ready", at: at(p, 10, 17))),
            Route(method: "GET", path: Located("/ping", at: at(p, 11, 8))),
            Route(method: "GET", path: Located("/live", at: at(p, 12, 8))),
        ])
        #expect(s.envReads.map(\.value) == ["PORT", "AFTER_RAW"])
        #expect(s.envReads.first?.location == at(p, 13, 10))
        #expect(s.signalHandlers == [Located("SIGINT", at: at(p, 14, 2)), Located("SIGTERM", at: at(p, 14, 2))])
        #expect(s.databaseClients == [Located(.postgres, at: at(p, 5, 4))])
        #expect(s.sdks == [Located(.prometheus, at: at(p, 6, 2))])
        #expect(s.consoleCalls == 1)
        #expect(s.loggerCalls == 1)
    }

    @Test func rubyRailsAndSinatra() {
        let src = """
        require 'sentry-ruby'
        require "redis"
        Rails.application.routes.draw do
          get '/up' => 'rails/health#show'
          # get '/commented'
          post "orders", to: "orders#create"
        end
        url = ENV["REDIS_URL"]
        port = ENV.fetch("PORT") { 3000 }
        Signal.trap("TERM") { shutdown }
        puts "hello"
        Rails.logger.info("x")
        """
        let p = "config/routes.rb"
        let s = signals(p, .ruby, src)
        #expect(s.routes == [
            Route(method: "GET", path: Located("/up", at: at(p, 4, 7))),
            Route(method: "POST", path: Located("orders", at: at(p, 6, 8))),
        ])
        #expect(s.envReads == [Located("REDIS_URL", at: at(p, 8, 7)), Located("PORT", at: at(p, 9, 8))])
        #expect(s.signalHandlers == [Located("SIGTERM", at: at(p, 10, 1))])
        #expect(s.sdks == [Located(.sentry, at: at(p, 1, 9))])
        #expect(s.databaseClients == [Located(.redis, at: at(p, 2, 9))])
        #expect(s.consoleCalls == 1)
        #expect(s.loggerCalls == 1)
    }

    @Test func javaSpring() {
        let src = """
        package app;
        import io.sentry.Sentry;
        import org.postgresql.Driver;
        @RestController
        public class Health {
          @GetMapping("/actuator/custom")
          public String h() { return System.getenv("APP_ENV"); }
          @RequestMapping(value = "/api", method = RequestMethod.GET)
          void init() { Runtime.getRuntime().addShutdownHook(new Thread(() -> {})); }
          // @GetMapping("/commented")
          void p() { System.out.println("x"); logger.info("y"); }
        }
        """
        let p = "src/main/java/app/Health.java"
        let s = signals(p, .java, src)
        #expect(s.routes == [
            Route(method: "GET", path: Located("/actuator/custom", at: at(p, 6, 15))),
            Route(method: nil, path: Located("/api", at: at(p, 8, 27))),
        ])
        #expect(s.envReads == [Located("APP_ENV", at: at(p, 7, 30))])
        #expect(s.signalHandlers == [Located("SIGTERM", at: at(p, 9, column("addShutdownHook", line: 9, in: src)))])
        #expect(s.sdks == [Located(.sentry, at: at(p, 2, 1))])
        #expect(s.databaseClients == [Located(.postgres, at: at(p, 3, 1))])
        #expect(s.consoleCalls == 1)
        #expect(s.loggerCalls == 1)
    }

    @Test func csharpMinimalAPI() {
        let src = """
        using Sentry;
        using Npgsql;
        var app = builder.Build();
        app.MapGet("/health", () => "ok");
        app.MapHealthChecks("/healthz");
        var cs = Environment.GetEnvironmentVariable("CONNECTION_STRING");
        lifetime.ApplicationStopping.Register(() => {});
        Console.WriteLine("x");
        _logger.LogInformation("y");
        """
        let p = "Program.cs"
        let s = signals(p, .csharp, src)
        #expect(s.routes == [
            Route(method: "GET", path: Located("/health", at: at(p, 4, 12))),
            Route(method: nil, path: Located("/healthz", at: at(p, 5, 21)), isHealthCheckRegistration: true),
        ])
        #expect(s.envReads == [Located("CONNECTION_STRING", at: at(p, 6, 10))])
        #expect(s.signalHandlers == [Located("SIGTERM", at: at(p, 7, 10))])
        #expect(s.sdks == [Located(.sentry, at: at(p, 1, 1))])
        #expect(s.databaseClients == [Located(.postgres, at: at(p, 2, 1))])
        #expect(s.consoleCalls == 1)
        #expect(s.loggerCalls == 1)
    }

    @Test func phpLaravelAndShell() {
        let src = """
        <?php
        use Sentry\\Laravel\\Integration;
        Route::get('/health', fn () => 'ok');
        # Route::get('/commented', fn () => 'no');
        $key = env('APP_KEY');
        $db = getenv('DB_HOST');
        pcntl_signal(SIGTERM, function () {});
        $pdo = new PDO('pgsql:host=db;dbname=app');
        """
        let p = "routes/web.php"
        let s = signals(p, .php, src)
        #expect(s.routes == [Route(method: "GET", path: Located("/health", at: at(p, 3, 12)))])
        #expect(s.envReads == [Located("APP_KEY", at: at(p, 5, 8)), Located("DB_HOST", at: at(p, 6, 7))])
        #expect(s.signalHandlers == [Located("SIGTERM", at: at(p, 7, 1))])
        #expect(s.sdks == [Located(.sentry, at: at(p, 2, 1))])
        #expect(s.databaseClients == [Located(.postgres, at: at(p, 8, 16))])

        let sh = """
        #!/bin/sh
        # trap 'x' HUP TERM
        echo "${#ARGS}"; trap 'cleanup' TERM INT
        """
        let shell = signals("bin/run.sh", .shell, sh)
        #expect(shell.signalHandlers == [
            Located("SIGTERM", at: at("bin/run.sh", 3, 18)), Located("SIGINT", at: at("bin/run.sh", 3, 18)),
        ])
    }

    @Test func crlfGivesTheSameSignals() {
        let lf = """
        const Sentry = require('@sentry/node');
        app.get('/healthz', h);
        ['SIGINT', 'SIGTERM'].forEach((s) => process.on(s, stop));
        const base = __ENV.BASE_URL;
        """
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        for source in [lf, crlf] {
            let s = signals("a.js", .javascript, source)
            #expect(s.sdks == [Located(.sentry, at: at("a.js", 1, 24))])
            #expect(s.routes == [Route(method: "GET", path: Located("/healthz", at: at("a.js", 2, 9)))])
            #expect(s.signalHandlers == [Located("SIGINT", at: at("a.js", 3, 38)), Located("SIGTERM", at: at("a.js", 3, 38))])
            #expect(s.envReads == [Located("BASE_URL", at: at("a.js", 4, 14))])
        }
        let py = "import redis\r\nx = os.getenv('A')\r\n"
        let s = signals("a.py", .python, py)
        #expect(s.databaseClients == [Located(.redis, at: at("a.py", 1, 1))])
        #expect(s.envReads == [Located("A", at: at("a.py", 2, 5))])
    }

    @Test func minifiedMegabyteLineDoesNotHang() {
        var src = String(repeating: "var a=b.c(\"x\")+'y'/2;", count: 50_000)
        src += String(repeating: "{`${", count: 2_000)  // template nesting past the depth cap
        src += "\n" + String(repeating: "'\"`/*", count: 100_000)
        let start = ContinuousClock.now
        _ = signals("dist/app.js", .javascript, src)
        #expect(ContinuousClock.now - start < .seconds(20))

        let destructuring = signals("dist/c.js", .javascript, String(repeating: "const{A:a}=process.env;", count: 45_000))
        #expect(destructuring.envReads.count == 45_000)
        #expect(destructuring.envReads.last?.location == at("dist/c.js", 1, 23 * 44_999 + 7))
        #expect(ContinuousClock.now - start < .seconds(30))

        let unterminated = signals("a.js", .javascript, "/* never closed\nprocess.env.NEVER")
        #expect(unterminated.envReads.isEmpty)

        let tail = String(repeating: "x=1;", count: 260_000) + "process.env.LAST;"
        let t = signals("dist/b.js", .javascript, tail)
        #expect(t.envReads == [Located("LAST", at: at("dist/b.js", 1, 1_040_001))])
    }

    @Test func destructuredEnvReads() {
        let src = """
        const { PORT, HOST: host = 'x', NESTED = { a: 1 } } = process.env;
        const {
          DATABASE_URL,
        } = process.env
        const envCopy = process.env;
        """
        let s = signals("a.js", .javascript, src)
        #expect(s.envReads == [
            Located("PORT", at: at("a.js", 1, 9)),
            Located("HOST", at: at("a.js", 1, 15)),
            Located("NESTED", at: at("a.js", 1, 33)),
            Located("DATABASE_URL", at: at("a.js", 3, 3)),
        ])
    }

    @Test func kotlinRustElixir() {
        let kt = """
        import io.ktor.server.routing.*
        import redis.clients.jedis.Jedis
        routing {
            get("/health") { call.respondText("ok") }
        }
        val port = System.getenv("PORT")
        println("x")
        """
        let k = signals("App.kt", .kotlin, kt)
        #expect(k.routes == [Route(method: "GET", path: Located("/health", at: at("App.kt", 4, 9)))])
        #expect(k.databaseClients == [Located(.redis, at: at("App.kt", 2, 1))])
        #expect(k.envReads == [Located("PORT", at: at("App.kt", 6, 12))])
        #expect(k.consoleCalls == 1)

        let rs = """
        use sentry;
        use sqlx::postgres::PgPool;
        let app = Router::new().route("/health", get(health)).route("/ready", get(ready));
        let url = std::env::var("DATABASE_URL");
        tokio::signal::ctrl_c().await;
        // .route("/commented", get(x))
        println!("x");
        """
        let r = signals("src/main.rs", .rust, rs)
        #expect(r.routes.map(\.path) == [
            Located("/health", at: at("src/main.rs", 3, 31)),
            Located("/ready", at: at("src/main.rs", 3, column("\"/ready", line: 3, in: rs))),
        ])
        #expect(r.sdks == [Located(.sentry, at: at("src/main.rs", 1, 1))])
        #expect(r.databaseClients == [Located(.unspecifiedSQL, at: at("src/main.rs", 2, 1))])
        #expect(r.envReads == [Located("DATABASE_URL", at: at("src/main.rs", 4, 16))])
        #expect(r.signalHandlers == [Located("SIGINT", at: at("src/main.rs", 5, 8))])
        #expect(r.consoleCalls == 1)

        let ex = """
        scope "/", MyAppWeb do
          get "/health", HealthController, :index
        end
        port = System.get_env("PORT")
        # get "/commented"
        IO.puts("x")
        Logger.info("y")
        """
        let e = signals("lib/router.ex", .elixir, ex)
        #expect(e.routes == [Route(method: "GET", path: Located("/health", at: at("lib/router.ex", 2, 7)))])
        #expect(e.envReads == [Located("PORT", at: at("lib/router.ex", 4, 8))])
        #expect(e.consoleCalls == 1)
        #expect(e.loggerCalls == 1)
    }

    @Test func httpClientCallsAreNotRoutes() {
        let js = """
        const users = await axios.get('/api/users');
        await this.http.get('/api/health', { headers });
        await request(app).get('/health').expect(200);
        const x = api.get('/items');
        router.get('/kept', handler);
        """
        #expect(signals("web/src/api.ts", .typescript, js).routes.map(\.path.value) == ["/kept"])
        let py = """
        r = requests.get("/health")
        x = client.get("/health", timeout=3)
        @router.get("/kept")
        """
        #expect(signals("client.py", .python, py).routes.map(\.path.value) == ["/kept"])
        let go = "resp, _ := http.Get(\"/health\")\nr.GET(\"/kept\", h)"
        #expect(signals("client.go", .go, go).routes.map(\.path.value) == ["/kept"])
    }

    @Test(arguments: [
        ("/healthz", true), ("health/", true), ("/api/health/db", true), ("/up", true), ("/api/status", true),
        ("^ping/$", true), ("/_health", true), ("/orders/:id/status", false), ("/users", false), ("/", false),
    ])
    func healthCheckPaths(path: String, expected: Bool) {
        #expect(Route(method: "GET", path: Located(path, at: at("a.js", 1, 1))).looksLikeHealthCheck == expected)
    }

    @Test func unclosedCommentOrLiteralIsDiagnosed() {
        let file = RepoFile(path: "a.js", kind: .source, size: 0, isTracked: true, language: .javascript)
        let comment = FileAnalyzer.analyze(file, bytes: Array("x();\n  /* never closed\nprocess.env.NEVER".utf8))
        #expect(comment.diagnostics.map(\.location) == [at("a.js", 2, 3)])
        let template = FileAnalyzer.analyze(file, bytes: Array("const a = `open\nprocess.env.NEVER".utf8))
        #expect(template.diagnostics.map(\.location) == [at("a.js", 1, 11)])
        let fine = FileAnalyzer.analyze(file, bytes: Array("const a = 'unterminated one-liner\nprocess.env.OK".utf8))
        #expect(fine.diagnostics.isEmpty)
        #expect((fine.artifacts.first as? SourceSignals)?.envReads.map(\.value) == ["OK"])
    }

    @Test func unknownLanguageYieldsNothing() {
        let file = RepoFile(path: "x.src", kind: .source, size: 3, isTracked: true, language: nil)
        #expect(FileAnalyzer.analyze(file, bytes: Array("abc".utf8)).artifacts.isEmpty)
    }

    @Test func repoModelQueries() {
        let a = RepoFile(path: "a.js", kind: .source, size: 0, isTracked: true, language: .javascript)
        let b = RepoFile(path: "b.py", kind: .source, size: 0, isTracked: true, language: .python)
        let analyses = [
            FileAnalyzer.analyze(a, bytes: Array("app.get('/healthz', h)\nrequire('ioredis')".utf8)),
            FileAnalyzer.analyze(b, bytes: Array("import sentry_sdk\nimport redis\nsignal.signal(signal.SIGINT, h)".utf8)),
        ]
        let repo = RepoModel(files: [a, b], analyses: analyses)
        #expect(repo.sourceSignals.count == 2)
        #expect(repo.routes.map(\.path) == ["a.js"])
        #expect(repo.routes.first?.route.path.value == "/healthz")
        #expect(repo.signalHandlers == [Located("SIGINT", at: at("b.py", 3, 1))])
        #expect(repo.sdk(.sentry)?.location == at("b.py", 1, 1))
        #expect(repo.sdk(.datadog) == nil)
        #expect(repo.databaseClients == [Located(.redis, at: at("a.js", 2, 9))])
    }

    @Test func corpusSourceFilesScanWithoutCrash() {
        let files = Corpus.files().filter { $0.file.kind == .source && $0.file.language != nil }
        var scanned = 0, diagnosed = 0
        for entry in files {
            guard let bytes = try? Data(contentsOf: entry.url) else { continue }
            let analysis = FileAnalyzer.analyze(entry.file, bytes: Array(bytes))
            if analysis.artifacts.contains(where: { $0 is SourceSignals }) { scanned += 1 }
            if !analysis.diagnostics.isEmpty { diagnosed += 1 }
        }
        #expect(diagnosed * 50 <= files.count, "\(diagnosed) of \(files.count) diagnosed")
        #expect(!files.isEmpty)
        #expect(scanned == files.count, "scanned \(scanned) of \(files.count) corpus source files")
    }
}

/// Shell here-documents are text: an apostrophe in one must not swallow the rest of the script.
@Suite struct ShellHeredocTests {
    func scan(_ source: String) -> (SourceSignals, [Diagnostic]) {
        let file = RepoFile(path: "bin/run.sh", kind: .source, size: source.utf8.count, isTracked: true, language: .shell)
        let analysis = FileAnalyzer.analyze(file, bytes: Array(source.utf8))
        return (analysis.artifacts.compactMap { $0 as? SourceSignals }.first ?? SourceSignals(path: "", language: .shell),
                analysis.diagnostics)
    }

    @Test(arguments: [
        "cat <<EOF > notes.txt\ndon't stop\nEOF\ntrap 'cleanup' TERM\n",
        "cat << 'EOF' # quoted: no expansion\nit's \"odd\n  EOF\nEOF\ntrap 'cleanup' TERM\n",
        "if true; then\n\tcat <<-END_SQL\n\tselect 'a;\n\tEND_SQL\nfi\ntrap 'cleanup' TERM\n",
        "cat <<\"EOF\"\r\nwon't\r\nEOF\r\ntrap 'cleanup' TERM\r\n",
        "cat <<\\eof\nthey're\neof\ntrap 'cleanup' TERM\n",
    ])
    func codeAfterAHeredocIsRead(source: String) {
        let (signals, diagnostics) = scan(source)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
        let line = source.utf8.split(separator: 10, omittingEmptySubsequences: false).firstIndex { $0.starts(with: "trap".utf8) }.map { $0 + 1 }
        #expect(signals.signalHandlers.map(\.location.line) == [line])
    }

    @Test func heredocBodyIsNotCode() {
        let (signals, _) = scan("cat <<EOF > child.sh\ntrap 'x' TERM\nEOF\n")
        #expect(signals.signalHandlers.isEmpty)
    }

    @Test(arguments: ["echo $(( 1 << 3 ))\ntrap 'cleanup' TERM\n", "x=$(( y << n ))\ntrap 'cleanup' TERM\n", "cat <<<\"$x\"\ntrap 'cleanup' TERM\n"])
    func shiftsAndHereStringsAreNotHeredocs(source: String) {
        #expect(scan(source).0.signalHandlers.map(\.location.line) == [2])
    }

    @Test func unterminatedHeredocEndsAtEndOfFile() {
        let (signals, diagnostics) = scan("cat <<EOF\nit's never closed\ntrap 'x' TERM\n")
        #expect(signals.signalHandlers.isEmpty)
        #expect(diagnostics.isEmpty)
    }
}
