import Foundation
import OpsAuditArtifacts
import OpsAuditModel
import OpsAuditTestSupport
import Testing

@Suite struct RailwayConfigTests {
    func parse(_ text: String, path: String) -> (config: RailwayConfig?, diagnostics: [Diagnostic]) {
        let result = RailwayParser.parse(TextFile(path: path, text: text))
        return (result.artifacts.first as? RailwayConfig, result.diagnostics)
    }

    static let toml = """
    [build]
    builder = "DOCKERFILE"
    dockerfilePath = "docker/api.Dockerfile"
    buildCommand = "npm run build"

    [deploy]
    startCommand = "node dist/server.js"
    healthcheckPath = "/healthz"
    healthcheckTimeout = 100
    restartPolicyType = "ON_FAILURE"
    restartPolicyMaxRetries = 5
    numReplicas = 2
    sleepApplication = false
    preDeployCommand = ["npm run migrate"]
    region = "us-west2"

    """

    @Test func tomlValuesAndPositions() throws {
        let (parsed, diagnostics) = parse(Self.toml, path: "railway.toml")
        #expect(diagnostics.isEmpty)
        let config = try #require(parsed)
        #expect(config.builder?.value == "DOCKERFILE")
        #expect(config.dockerfilePath?.location.line == 3)
        #expect(config.buildCommand?.value == "npm run build")
        #expect(config.startCommand?.value == "node dist/server.js")
        #expect(config.healthcheckPath?.value == "/healthz")
        #expect(config.healthcheckPath?.location.line == 8)
        #expect(config.healthcheckTimeout?.value == "100")
        #expect(config.restartPolicyType?.value == "ON_FAILURE")
        #expect(config.restartPolicyType?.location.line == 10)
        #expect(config.restartPolicyMaxRetries?.value == "5")
        #expect(config.numReplicas?.value == "2")
        #expect(config.sleepApplication?.value == "false")
        #expect(config.preDeployCommands.map(\.value) == ["npm run migrate"])
        #expect(config.preDeployCommands.first?.location.line == 14)
        #expect(config.regions.map(\.value) == ["us-west2"])
        #expect(config.deploy?.line == 6)
        #expect(config.dockerfile == "docker/api.Dockerfile")
    }

    @Test func jsonValuesAndPositions() throws {
        let (parsed, diagnostics) = parse("""
        {
          "$schema": "https://railway.com/railway.schema.json",
          "build": { "builder": "NIXPACKS" },
          "deploy": {
            "startCommand": "python backup.py",
            "cronSchedule": "0 3 * * *",
            "restartPolicyType": "NEVER",
            "preDeployCommand": "python manage.py migrate",
            "multiRegionConfig": { "us-west2": { "numReplicas": 2 }, "europe-west4": { "numReplicas": 1 } }
          }
        }
        """, path: "jobs/railway.json")
        #expect(diagnostics.isEmpty)
        let config = try #require(parsed)
        #expect(config.builder?.value == "NIXPACKS")
        #expect(config.builder?.location.line == 3)
        #expect(config.cronSchedule?.value == "0 3 * * *")
        #expect(config.cronSchedule?.location.line == 6)
        #expect(config.restartPolicyType?.value == "NEVER")
        #expect(config.preDeployCommands.map(\.value) == ["python manage.py migrate"])
        #expect(config.regions.map(\.value) == ["us-west2", "europe-west4"])
        #expect(config.dockerfile == "Dockerfile")
    }

    @Test func modelViews() {
        let model = platformModel([
            "railway.toml": Self.toml,
            "worker/railway.json": #"{"deploy": {"cronSchedule": "*/5 * * * *", "startCommand": "pg_dump $DATABASE_URL | gzip > /tmp/x"}}"#,
        ])
        #expect(model.railwayConfigs.count == 2)
        let checks = model.platformHealthChecks
        #expect(checks.map(\.location.description) == ["railway.toml:8"])
        #expect(checks.first?.dockerfile == "docker/api.Dockerfile")
        let tasks = model.scheduledTasks
        #expect(tasks.count == 1)
        #expect(tasks.first?.schedule.value == "*/5 * * * *")
        #expect(tasks.first?.commands.first?.words.first == "pg_dump")
        #expect(tasks.first?.commands.first?.location.path == "worker/railway.json")
    }

    @Test func environmentOverrides() throws {
        let text = """
        [deploy]
        startCommand = "node jobs/backup.js"

        [environments.production.deploy]
        cronSchedule = "0 2 * * *"
        healthcheckPath = "/up"

        [environments.staging.deploy]
        numReplicas = 1

        """
        let (parsed, diagnostics) = parse(text, path: "railway.toml")
        #expect(diagnostics.isEmpty)
        let config = try #require(parsed)
        #expect(config.cronSchedule == nil)
        #expect(config.environments.map(\.name.value) == ["production", "staging"])
        #expect(config.environments[0].config.cronSchedule?.location.line == 5)
        #expect(config.environments[1].config.numReplicas?.value == "1")
        let model = platformModel(["railway.toml": text])
        #expect(model.platformHealthChecks.map(\.location.description) == ["railway.toml:6"])
        let task = try #require(model.scheduledTasks.first)
        #expect(task.origin.contains("production"))
        #expect(task.commands.first?.words == ["node", "jobs/backup.js"])
        #expect(task.commands.first?.location.line == 2)
    }

    @Test func malformed() {
        #expect(parse("[deploy\nstartCommand = 1", path: "railway.toml").diagnostics.first?.kind == .parse)
        #expect(parse("{\"deploy\": ", path: "railway.json").diagnostics.first?.kind == .parse)
        #expect(parse("[1, 2]", path: "railway.json").diagnostics.first?.message.contains("not an object") == true)
    }

    @Test func corpusRailwayConfigsParse() throws {
        try PlatformCorpusCheck.run(kind: .railway) { $0.filter { $0 is RailwayConfig }.count }
    }
}

@Suite struct VercelConfigTests {
    @Test func valuesAndPositions() throws {
        let text = """
        {
          "buildCommand": "npm run build",
          "regions": ["iad1", "fra1"],
          "functions": {
            "api/**/*.ts": { "memory": 1024, "maxDuration": 30 }
          },
          "crons": [
            { "path": "/api/cron/backup", "schedule": "0 4 * * *" },
            { "path": "/api/broken" }
          ],
          "headers": [{ "source": "/(.*)", "headers": [] }],
          "redirects": [{ "source": "/old", "destination": "/new", "permanent": true }],
          "rewrites": [],
          "git": { "deploymentEnabled": false }
        }
        """
        let result = VercelParser.parse(TextFile(path: "vercel.json", text: text))
        let config = try #require(result.artifacts.first as? VercelConfig)
        #expect(result.diagnostics.map(\.location?.line) == [9])  // the cron without a schedule
        #expect(config.buildCommand?.value == "npm run build")
        #expect(config.buildCommand?.location.line == 2)
        #expect(config.regions.map(\.value) == ["iad1", "fra1"])
        #expect(config.regions.map(\.location.line) == [3, 3])
        #expect(config.functions.map(\.pattern.value) == ["api/**/*.ts"])
        #expect(config.functions.first?.memory?.value == "1024")
        #expect(config.functions.first?.maxDuration?.value == "30")
        #expect(config.functions.first?.pattern.location.line == 5)
        #expect(config.crons.map(\.path.value) == ["/api/cron/backup"])
        #expect(config.crons.first?.schedule.location.line == 8)
        #expect(config.headersCount == 1)
        #expect(config.redirectsCount == 1)
        #expect(config.redirects.first?.permanent == true)
        #expect(config.rewritesCount == 0)
        #expect(config.gitDeploymentEnabled?.value == "false")

        let model = platformModel(["vercel.json": text])
        let tasks = model.scheduledTasks
        #expect(tasks.count == 1)
        #expect(tasks.first?.commands.isEmpty == true)
        #expect(tasks.first?.origin.contains("/api/cron/backup") == true)
        #expect(model.vercelConfigs.count == 1)
    }

    @Test func malformed() {
        #expect(VercelParser.parse(TextFile(path: "vercel.json", text: "{ \"crons\": [ }")).diagnostics.first?.kind == .parse)
        #expect(VercelParser.parse(TextFile(path: "vercel.json", text: "\"x\"")).diagnostics.first?.kind == .parse)
    }

    @Test func corpusVercelConfigsParse() throws {
        try PlatformCorpusCheck.run(kind: .vercel) { $0.filter { $0 is VercelConfig }.count }
    }
}

@Suite struct NetlifyConfigTests {
    @Test func valuesAndPositions() throws {
        let text = """
        [build]
          command = "npm run build"
          publish = "dist"

        [[plugins]]
          package = "@netlify/plugin-lighthouse"

        [[headers]]
          for = "/*"
          [headers.values]
            X-Frame-Options = "DENY"

        [[redirects]]
          from = "http://example.com/*"
          to = "https://example.com/:splat"
          status = 301
          force = true

        [functions]
          directory = "netlify/functions"
          node_bundler = "esbuild"

        [functions."nightly-backup"]
          schedule = "@daily"

        [context.production]
          command = "npm run build:prod"
          [context.production.environment]
            NODE_ENV = "production"

        [context.deploy-preview]
          command = "npm run build:preview"

        """
        let result = NetlifyParser.parse(TextFile(path: "netlify.toml", text: text))
        #expect(result.diagnostics.isEmpty)
        let config = try #require(result.artifacts.first as? NetlifyConfig)
        #expect(config.buildCommand?.value == "npm run build")
        #expect(config.buildCommand?.location.line == 2)
        #expect(config.publish?.value == "dist")
        #expect(config.plugins.map(\.value) == ["@netlify/plugin-lighthouse"])
        #expect(config.plugins.first?.location.line == 6)
        #expect(config.headersCount == 1)
        #expect(config.redirects.map(\.from.value) == ["http://example.com/*"])
        #expect(config.redirects.first?.from.location.line == 14)
        #expect(config.redirects.first?.status?.value == "301")
        #expect(config.redirects.first?.force == true)
        #expect(config.functionsDirectory?.value == "netlify/functions")
        #expect(config.scheduledFunctions.map(\.name.value) == ["nightly-backup"])
        #expect(config.scheduledFunctions.first?.schedule.location.line == 24)
        #expect(config.production?.command?.value == "npm run build:prod")
        #expect(config.production?.command?.location.line == 27)
        #expect(config.production?.environment.map(\.value) == ["NODE_ENV"])
        #expect(config.contexts.map(\.value) == ["production", "deploy-preview"])

        let model = platformModel(["netlify.toml": text])
        #expect(model.netlifyConfigs.count == 1)
        #expect(model.scheduledTasks.map(\.schedule.value) == ["@daily"])
    }

    @Test func malformed() {
        #expect(NetlifyParser.parse(TextFile(path: "netlify.toml", text: "[build\ncommand = 'x'")).diagnostics.first?.kind == .parse)
    }

    @Test func corpusNetlifyConfigsParse() throws {
        try PlatformCorpusCheck.run(kind: .netlify) { $0.filter { $0 is NetlifyConfig }.count }
    }
}
