import Foundation
import OpsAuditArtifacts
import OpsAuditModel
import OpsAuditTestSupport
import Testing

@Suite struct ComposeParserTests {
    func parse(_ text: String, path: String = "docker-compose.yml") -> (file: ComposeFile?, diagnostics: [Diagnostic]) {
        let result = ComposeParser.parse(TextFile(path: path, text: text))
        return (result.artifacts.first as? ComposeFile, result.diagnostics)
    }

    static let sample = """
    services:
      api:
        build:
          context: ./api
          dockerfile: docker/Dockerfile.prod
        restart: unless-stopped
        healthcheck:
          test: ["CMD", "curl", "-f", "http://localhost:3000/health"]
          interval: 30s
        environment:
          - NODE_ENV=production
          - DATABASE_URL=postgres://db/app
          - PASSTHROUGH
        env_file: .env
        ports:
          - "3000:3000"
          - target: 9229
            published: 9229
        volumes:
          - ./uploads:/app/uploads
          - cache:/app/cache:ro
          - /tmp/anon
        depends_on:
          db:
            condition: service_healthy
          redis:
            condition: service_started
        command: node server.js --port 3000
        deploy:
          replicas: 2
          resources:
            limits:
              memory: 512M
              cpus: "0.5"
            reservations:
              memory: 256M
      db:
        image: postgres:16-alpine
        mem_limit: 1g
        environment:
          POSTGRES_PASSWORD: secret
          POSTGRES_DB:
        volumes:
          - type: volume
            source: pgdata
            target: /var/lib/postgresql/data
        healthcheck:
          disable: true
        entrypoint: ["docker-entrypoint.sh", "postgres"]
        profiles: [prod, db]
      redis:
        image: redis:7
        depends_on: [db]
        env_file:
          - path: ./redis.env
    volumes:
      pgdata:
      cache: {}

    """

    @Test func servicesValuesAndPositions() throws {
        let (parsed, diagnostics) = parse(Self.sample, path: "deploy/docker-compose.yml")
        #expect(diagnostics.isEmpty)
        let file = try #require(parsed)
        #expect(file.services.map(\.name.value) == ["api", "db", "redis"])
        #expect(file.volumes.map(\.value) == ["pgdata", "cache"])
        #expect(file.volumes.map(\.location.line) == [57, 58])

        let api = file.services[0]
        #expect(api.location.line == 2)
        #expect(api.location.column == 3)
        #expect(api.build?.context?.value == "./api")
        #expect(api.build?.dockerfile?.value == "docker/Dockerfile.prod")
        #expect(api.build?.dockerfile?.location.line == 5)
        #expect(api.restart?.value == "unless-stopped")
        #expect(api.restart?.location.line == 6)
        #expect(api.healthcheck?.test?.value == "CMD curl -f http://localhost:3000/health")
        #expect(api.healthcheck?.interval?.value == "30s")
        #expect(api.healthcheck?.location.line == 8)
        #expect(api.hasActiveHealthcheck)
        #expect(api.environment.map(\.key.value) == ["NODE_ENV", "DATABASE_URL", "PASSTHROUGH"])
        #expect(api.environment.map(\.key.location.line) == [11, 12, 13])
        #expect(api.environment.map(\.value) == ["production", "postgres://db/app", nil])
        #expect(api.envFiles.map(\.value) == [".env"])
        #expect(api.ports.map(\.value) == ["3000:3000", "9229:9229"])
        #expect(api.ports.map(\.location.line) == [16, 17])
        #expect(api.volumes.map(\.kind) == [.bind, .named, .anonymous])
        #expect(api.volumes.map(\.source) == ["./uploads", "cache", nil])
        #expect(api.volumes[1].text.location.line == 21)
        #expect(api.dependsOn.map(\.service.value) == ["db", "redis"])
        #expect(api.dependsOn.map { $0.condition?.value } == ["service_healthy", "service_started"])
        #expect(api.dependsOn[0].service.location.line == 24)
        #expect(api.command?.text.value == "node server.js --port 3000")
        #expect(api.command?.isListForm == false)
        #expect(api.command?.shellCommands.first?.words == ["node", "server.js", "--port", "3000"])
        #expect(api.replicas?.value == "2")
        #expect(api.limits?.memory?.value == "512M")
        #expect(api.limits?.memory?.location.line == 33)
        #expect(api.limits?.cpus?.value == "0.5")
        #expect(api.reservations?.memory?.value == "256M")
        #expect(!api.isDatabase)

        let db = file.services[1]
        #expect(db.isDatabase)
        #expect(db.memLimit?.value == "1g")
        #expect(db.memLimit?.location.line == 39)
        #expect(db.environment.map(\.key.value) == ["POSTGRES_PASSWORD", "POSTGRES_DB"])
        #expect(db.environment.map(\.key.location.line) == [41, 42])
        #expect(db.environment.map(\.value) == ["secret", nil])
        #expect(db.volumes.first?.kind == .named)
        #expect(db.volumes.first?.source == "pgdata")
        #expect(db.healthcheck?.isDisabled == true)
        #expect(!db.hasActiveHealthcheck)
        #expect(db.entrypoint?.arguments == ["docker-entrypoint.sh", "postgres"])
        #expect(db.profiles.map(\.value) == ["prod", "db"])

        let redis = file.services[2]
        #expect(!redis.isDatabase)
        #expect(redis.dependsOn.map(\.service.value) == ["db"])
        #expect(redis.dependsOn.first?.condition == nil)
        #expect(redis.envFiles.map(\.value) == ["./redis.env"])
    }

    @Test func databaseImages() {
        for image in ["postgres", "postgres:16", "docker.io/library/postgres:16-alpine", "bitnami/postgresql:15",
                      "mysql:8", "mariadb:11", "mongo:7", "postgis/postgis:16-3.4", "timescale/timescaledb:latest-pg16",
                      "mongodb/mongodb-community-server"] {
            #expect(ComposeService.isDatabaseImage(image), "\(image)")
        }
        for image in ["redis:7", "memcached", "valkey/valkey", "dpage/pgadmin4", "mongo-express", "adminer",
                      "prometheuscommunity/postgres-exporter", "edoburu/pgbouncer", "node:20", "nginx"] {
            #expect(!ComposeService.isDatabaseImage(image), "\(image)")
        }
    }

    @Test func modelViews() {
        let model = platformModel(["deploy/docker-compose.yml": Self.sample, "compose.yaml": """
        services:
          web:
            build: .
            healthcheck:
              test: curl -f http://localhost/
          plain:
            image: nginx
            healthcheck:
              test: ["NONE"]
        """])
        #expect(model.composeFiles.count == 2)
        let checks = model.platformHealthChecks.map { "\($0.location):\($0.dockerfile ?? "-")" }
        #expect(checks == ["compose.yaml:5:Dockerfile", "deploy/docker-compose.yml:8:deploy/api/docker/Dockerfile.prod"])
        let evidence = model.databaseEvidence.filter { $0.message.contains("compose") }
        #expect(evidence.map { $0.location?.description } == ["deploy/docker-compose.yml:38"])
    }

    @Test func malformedAndTemplated() throws {
        #expect(!parse("services:\n  api: [unclosed\n").diagnostics.isEmpty)
        #expect(parse("- just\n- a list\n").diagnostics.first?.message.contains("not a YAML mapping") == true)
        #expect(parse("services:\n  api: nginx\n").diagnostics.first?.message.contains("not a mapping") == true)
        // Cookiecutter/Helm templating is not YAML: placeholders are blanked (positions kept) with a note.
        let template = parse("services:\n  {{ cookiecutter.slug }}:\n    image: {{ cookiecutter.slug }}_dev\n{%- if x %}\n    restart: always\n{%- endif %}\n")
        #expect(template.diagnostics.map(\.kind) == [.note])
        #expect(template.file?.services.first?.image?.value == String(repeating: "_", count: 24) + "dev")
        #expect(template.file?.services.first?.restart?.location.line == 5)
        let hopeless = parse("services:\n  {{ x }}: [\n")
        #expect(hopeless.diagnostics.map(\.kind) == [.note])
        #expect(hopeless.file == nil)
        // Coolify-style magic variables are plain YAML values.
        let coolify = parse("""
        services:
          app:
            image: 'ghcr.io/x/app:${APP_VERSION:-latest}'
            environment:
              - SERVICE_FQDN_APP_3000
              - 'DB_PASSWORD=${SERVICE_PASSWORD_64_DB}'
            volumes:
              - '${COOLIFY_VOLUME_APP}:/data'
        """)
        #expect(coolify.diagnostics.isEmpty)
        let app = try #require(coolify.file?.services.first)
        #expect(app.environment.map(\.key.value) == ["SERVICE_FQDN_APP_3000", "DB_PASSWORD"])
        #expect(app.volumes.first?.kind == .bind)
        // An empty file is no compose file, but no error either.
        #expect(parse("").diagnostics.isEmpty)
    }

    @Test func corpusComposeFilesParse() throws {
        try PlatformCorpusCheck.run(kind: .compose) { artifacts in
            artifacts.compactMap { ($0 as? ComposeFile)?.services.count }.reduce(0, +)
        }
    }
}
