import OpsAuditArtifacts
import OpsAuditModel
import Testing

/// Rate limiting and security-headers middleware found by their imports.
@Suite struct SecurityMiddlewareSignalsTests {
    func signals(_ path: String, _ language: SourceLanguage, _ source: String) -> SourceSignals {
        let file = RepoFile(path: path, kind: .source, size: source.utf8.count, isTracked: true, language: language)
        let analysis = FileAnalyzer.analyze(file, bytes: Array(source.utf8))
        return analysis.artifacts.compactMap { $0 as? SourceSignals }.first ?? SourceSignals(path: "missing", language: language)
    }

    @Test func javascriptImportsWithPositions() {
        let found = signals("src/app.js", .javascript, """
        const express = require('express');
        const rateLimit = require('express-rate-limit');
        import helmet from "helmet";
        """).securityMiddleware
        #expect(found.map(\.value) == [SecurityMiddleware(kind: .rateLimit, module: "express-rate-limit"),
                                       SecurityMiddleware(kind: .securityHeaders, module: "helmet")])
        #expect(found.map(\.location.line) == [2, 3])
    }

    @Test func pythonRubyAndGo() {
        #expect(signals("app/main.py", .python, "from slowapi import Limiter\n").securityMiddleware.map(\.value.kind) == [.rateLimit])
        #expect(signals("app/main.py", .python, "import flask_talisman\n").securityMiddleware.map(\.value.kind) == [.securityHeaders])
        #expect(signals("config/initializers/rack_attack.rb", .ruby, "require 'rack/attack'\n").securityMiddleware.map(\.value.kind) == [.rateLimit])
        #expect(signals("main.go", .go, "import (\n  \"github.com/unrolled/secure\"\n)\n").securityMiddleware.map(\.value.kind) == [.securityHeaders])
    }

    @Test func lookAlikesDoNotCount() {
        // A string that merely mentions the package, and a module whose name only starts the same.
        #expect(signals("src/a.js", .javascript, "const note = 'we should add helmet';\n").securityMiddleware.isEmpty)
        #expect(signals("src/a.js", .javascript, "const h = require('helmet-csp-extra-thing');\n").securityMiddleware.isEmpty)
        #expect(signals("app/a.py", .python, "import secureconfig\n").securityMiddleware.isEmpty)
    }
}
