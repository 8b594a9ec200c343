import Foundation
import OpsAuditArtifacts
import OpsAuditModel
import OpsAuditTestSupport
import Testing

@Suite struct ProcfileTests {
    @Test func processesWithPositions() throws {
        let text = "# processes\r\nweb: bundle exec puma -C config/puma.rb\r\n\r\nrelease:   bin/rails db:migrate && bin/rails cache:clear\r\n  worker: bundle exec sidekiq\r\n"
        let result = ProcfileParser.parse(TextFile(path: "Procfile", text: text))
        #expect(result.diagnostics.isEmpty)
        let procfile = try #require(result.artifacts.first as? Procfile)
        #expect(procfile.processes.map(\.type.value) == ["web", "release", "worker"])
        #expect(procfile.processes.map(\.type.location.line) == [2, 4, 5])
        #expect(procfile.web?.command.value == "bundle exec puma -C config/puma.rb")
        #expect(procfile.web?.command.location.column == 6)
        let release = try #require(procfile.release)
        #expect(release.command.location.column == 12)
        #expect(release.commands.map { $0.words } == [["bin/rails", "db:migrate"], ["bin/rails", "cache:clear"]])
        #expect(release.commands.allSatisfy { $0.location.line == 4 })
        #expect(procfile.processes[2].type.location.column == 3)
        #expect(procfile.processes[2].command.value == "bundle exec sidekiq")
    }

    @Test func webProcessDeclaresANetworkService() {
        #expect(platformModel(["Procfile": "web: node server.js\n"]).declaresNetworkService)
        #expect(!platformModel(["Procfile": "worker: node jobs.js\n"]).declaresNetworkService)
    }

    @Test func malformedLines() {
        let result = ProcfileParser.parse(TextFile(path: "Procfile", text: "web node server.js\nweb:\nfine: x\n"))
        #expect(result.diagnostics.map(\.location?.line) == [1, 2])
        #expect((result.artifacts.first as? Procfile)?.processes.map(\.type.value) == ["fine"])
    }

    @Test func corpusProcfilesParse() throws {
        try PlatformCorpusCheck.run(kind: .procfile) { $0.compactMap { ($0 as? Procfile)?.processes.count }.reduce(0, +) }
    }
}

@Suite struct HerokuAppTests {
    static let appJSON = """
    {
      "name": "shop",
      "stack": "heroku-24",
      "formation": {
        "web": { "quantity": 2, "size": "standard-1x" },
        "worker": { "quantity": 1 }
      },
      "addons": [
        "heroku-postgresql:essential-0",
        { "plan": "heroku-redis:mini" }
      ],
      "scripts": { "postdeploy": "bin/rails db:seed" },
      "environments": { "test": { "scripts": { "test": "bin/rails test" } } },
      "env": {
        "SECRET_KEY_BASE": { "description": "signing", "generator": "secret" },
        "API_URL": { "required": true },
        "LOG_LEVEL": "info"
      },
      "buildpacks": [{ "url": "heroku/ruby" }]
    }
    """

    @Test func appJSONValuesAndPositions() throws {
        let result = HerokuParser.parseAppJSON(TextFile(path: "app.json", text: Self.appJSON))
        #expect(result.diagnostics.isEmpty)
        let app = try #require(result.artifacts.first as? HerokuApp)
        #expect(app.name?.value == "shop")
        #expect(app.formation.map(\.type.value) == ["web", "worker"])
        #expect(app.formation.map(\.type.location.line) == [5, 6])
        #expect(app.formation.first?.quantity?.value == "2")
        #expect(app.formation.first?.size?.value == "standard-1x")
        #expect(app.addons.map(\.plan.value) == ["heroku-postgresql:essential-0", "heroku-redis:mini"])
        #expect(app.addons.map(\.plan.location.line) == [9, 10])
        #expect(app.addons.map(\.isDatabase) == [true, false])
        #expect(app.addons.first?.service == "heroku-postgresql")
        #expect(app.addons.first?.tier == "essential-0")
        #expect(app.postdeploy?.command.value == "bin/rails db:seed")
        #expect(app.postdeploy?.name.location.line == 12)
        #expect(app.testScript?.value == "bin/rails test")
        #expect(app.testScript?.location.line == 13)
        #expect(app.env.map(\.key.value) == ["SECRET_KEY_BASE", "API_URL", "LOG_LEVEL"])
        #expect(app.env.map(\.key.location.line) == [15, 16, 17])
        #expect(app.env[0].generator?.value == "secret")
        #expect(app.env[1].required == true)
        #expect(app.env[2].value?.value == "info")
        #expect(app.buildpacks.map(\.value) == ["heroku/ruby"])

        let model = platformModel(["app.json": Self.appJSON])
        #expect(model.herokuApps.count == 1)
        #expect(model.databaseEvidence.map { $0.location?.description } == ["app.json:9"])
    }

    @Test func herokuYAML() throws {
        let text = """
        setup:
          addons:
            - plan: heroku-postgresql
        build:
          docker:
            web: Dockerfile
            worker: worker/Dockerfile
        release:
          command:
            - ./bin/migrate
          image: web
        run:
          web: bundle exec puma
          worker:
            command:
              - bundle exec sidekiq
            image: worker
        """
        let result = HerokuParser.parseHerokuYAML(TextFile(path: "heroku.yml", text: text))
        #expect(result.diagnostics.isEmpty)
        let yml = try #require(result.artifacts.first as? HerokuYAML)
        #expect(yml.dockerBuilds.map(\.dockerfile.value) == ["Dockerfile", "worker/Dockerfile"])
        #expect(yml.dockerBuilds.map(\.process.location.line) == [6, 7])
        #expect(yml.releaseCommands.map(\.value) == ["./bin/migrate"])
        #expect(yml.releaseCommands.first?.location.line == 10)
        #expect(yml.releaseImage?.value == "web")
        #expect(yml.run.map(\.process.value) == ["web", "worker"])
        #expect(yml.run.map { $0.command?.value } == ["bundle exec puma", "bundle exec sidekiq"])
        #expect(yml.addons.map(\.value) == ["heroku-postgresql"])
        let model = platformModel(["heroku.yml": text])
        #expect(model.herokuYAMLs.count == 1)
        #expect(model.databaseEvidence.map { $0.location?.description } == ["heroku.yml:3"])
    }

    @Test func malformed() {
        #expect(HerokuParser.parseAppJSON(TextFile(path: "app.json", text: "{\"formation\": {")).diagnostics.first?.kind == .parse)
        #expect(HerokuParser.parseAppJSON(TextFile(path: "app.json", text: "[]")).diagnostics.first?.kind == .parse)
        #expect(HerokuParser.parseHerokuYAML(TextFile(path: "heroku.yml", text: "build: [\n")).diagnostics.first?.kind == .parse)
    }

    @Test func corpusAppJSONParse() throws {
        try PlatformCorpusCheck.run(kind: .herokuAppJSON) { $0.filter { $0 is HerokuApp }.count }
    }

    @Test func corpusHerokuYAMLParse() throws {
        try PlatformCorpusCheck.run(kind: .herokuYAML) { $0.filter { $0 is HerokuYAML }.count }
    }
}

@Suite struct LitestreamConfigTests {
    @Test func databasesAndReplicas() throws {
        let text = """
        dbs:
          - path: /data/app.db
            replicas:
              - type: s3
                bucket: backups
                path: app
                retention: 72h
              - url: s3://other/app
          - path: /data/cache.db
            replica:
              path: /mnt/backup/cache
          - not-a-db
        """
        let result = LitestreamParser.parse(TextFile(path: "litestream.yml", text: text))
        #expect(result.diagnostics.isEmpty)
        let config = try #require(result.artifacts.first as? LitestreamConfig)
        #expect(config.databases.map { $0.path?.value } == ["/data/app.db", "/data/cache.db"])
        #expect(config.databases.map { $0.path?.location.line } == [2, 9])
        let replicas = config.databases[0].replicas
        #expect(replicas.map { $0.type?.value } == ["s3", nil])
        #expect(replicas[0].bucket?.value == "backups")
        #expect(replicas[0].retention?.value == "72h")
        #expect(replicas[0].retention?.location.line == 7)
        #expect(replicas[1].url?.value == "s3://other/app")
        #expect(replicas.map(\.isOffsite) == [true, true])
        #expect(config.databases[1].replicas.map(\.isOffsite) == [false])

        let model = platformModel(["litestream.yml": text])
        #expect(model.litestreamConfigs.count == 1)
        #expect(model.databaseEvidence.map { $0.location?.description } == ["litestream.yml:2", "litestream.yml:9"])
    }

    @Test func malformed() {
        #expect(LitestreamParser.parse(TextFile(path: "litestream.yml", text: "dbs: [\n")).diagnostics.first?.kind == .parse)
        #expect(LitestreamParser.parse(TextFile(path: "litestream.yml", text: "- a\n")).diagnostics.first?.kind == .parse)
    }

    @Test func corpusLitestreamParse() throws {
        try PlatformCorpusCheck.run(kind: .litestream) { $0.compactMap { ($0 as? LitestreamConfig)?.databases.count }.reduce(0, +) }
    }
}
