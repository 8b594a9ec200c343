import OpsAuditArtifacts
import OpsAuditModel
import OpsAuditTestSupport
import Testing

/// The deploy model queries shared by the DEP rules.
@Suite struct DeployFactsTests {
    func model(_ files: [String: String]) -> RepoModel { repoModel(files) }

    static let compose = """
    services:
      web:
        image: ghcr.io/acme/web:1.0.0
    """

    @Test func productionComposeFilesByNameOrDeployUse() {
        #expect(model(["docker-compose.prod.yml": Self.compose, "docker-compose.yml": Self.compose]).productionComposeFiles.map(\.path)
            == ["docker-compose.prod.yml"])
        // The only compose file, brought up by a deploy job over ssh: production.
        let deployed = model([
            "docker-compose.yml": Self.compose,
            ".github/workflows/deploy.yml": """
            on: push
            jobs:
              deploy:
                runs-on: ubuntu-latest
                steps:
                  - run: ssh prod "cd app && docker compose up -d"
            """,
        ])
        #expect(deployed.productionComposeFiles.map(\.path) == ["docker-compose.yml"])
        // CI starting compose for tests does not make it production.
        let tests = model([
            "docker-compose.yml": Self.compose,
            ".github/workflows/ci.yml": """
            on: push
            jobs:
              test:
                runs-on: ubuntu-latest
                steps:
                  - run: docker compose up -d
            """,
        ])
        #expect(tests.productionComposeFiles.isEmpty)
        #expect(model(["docker-compose.dev.yml": Self.compose]).productionComposeFiles.isEmpty)
    }

    @Test func migrationCommandsAndTools() {
        for command in ["prisma migrate deploy", "bin/rails db:migrate", "python manage.py migrate --noinput", "alembic upgrade head",
                        "npm run migrate && node server.js", "liquibase update", "goose -dir db up"] {
            #expect(RepoModel.isMigrationCommand(command), "\(command)")
        }
        for command in ["python manage.py makemigrations", "prisma migrate dev", "node server.js", "typeorm migration:generate x"] {
            #expect(!RepoModel.isMigrationCommand(command), "\(command)")
        }
        let repo = model(["alembic.ini": "[alembic]\n", "Procfile": "release: alembic upgrade head\nweb: gunicorn app:app\n"])
        #expect(repo.migrationTools.map(\.message) == ["Alembic in `alembic.ini`"])
        #expect(repo.automatedMigrations.map { $0.location?.description } == ["Procfile:1"])
    }

    @Test func embeddedDatabaseValuesAndLocalhost() {
        #expect(RepoModel.isEmbeddedDatabaseValue("sqlite:///data/app.db"))
        #expect(RepoModel.isEmbeddedDatabaseValue("file:./prod.db"))
        #expect(RepoModel.isEmbeddedDatabaseValue("/data/db.sqlite3"))
        #expect(!RepoModel.isEmbeddedDatabaseValue("postgres://db/app"))
        #expect(!RepoModel.isEmbeddedDatabaseValue("mongodb"))
        #expect(RepoModel.pointsAtLocalhost("redis://localhost:6379"))
        #expect(RepoModel.pointsAtLocalhost("postgres://u:p@127.0.0.1/app"))
        #expect(RepoModel.pointsAtLocalhost("localhost"))
        #expect(!RepoModel.pointsAtLocalhost("https://localhost-proxy.example.com"))
        #expect(!RepoModel.pointsAtLocalhost("redis://cache:6379"))
        #expect(RepoModel.namesServiceAddress("DATABASE_URL"))
        #expect(RepoModel.namesServiceAddress("REDIS_HOST"))
        #expect(!RepoModel.namesServiceAddress("HOST"))
        #expect(!RepoModel.namesServiceAddress("BIND_ADDRESS"))
        #expect(!RepoModel.namesServiceAddress("LOG_LEVEL"))
        #expect(RepoModel.isProductionEnvFile(".env.production.example"))
        #expect(RepoModel.isProductionEnvFile("config/.env.prod"))
        #expect(!RepoModel.isProductionEnvFile(".env.example"))
        #expect(!RepoModel.isProductionEnvFile(".env.development"))
    }

    @Test func productionSettingsAndSelfReference() throws {
        let repo = model(["render.yaml": """
        services:
          - type: web
            name: api
            runtime: node
            envVars:
              - key: PORT
                value: 10000
              - key: INTERNAL_URL
                value: http://localhost:10000
              - key: REDIS_URL
                value: redis://localhost:6379
        """])
        let settings = repo.productionSettings
        #expect(settings.map(\.key.value) == ["PORT", "INTERNAL_URL", "REDIS_URL"])
        #expect(settings.map(\.key.location.line) == [6, 8, 10])
        #expect(RepoModel.isSelfReference(settings[1], among: settings))
        #expect(!RepoModel.isSelfReference(settings[2], among: settings))
    }

    @Test func nodeHeapAndMemoryParsing() {
        #expect(RepoModel.nodeHeapMB(in: "node --max-old-space-size=460 server.js") == 460)
        #expect(RepoModel.nodeHeapMB(in: "NODE_OPTIONS=--max_old_space_size 1024") == 1024)
        #expect(RepoModel.nodeHeapMB(in: "node server.js") == nil)
        #expect(RepoModel.composeMemoryMB("256m") == 256)
        #expect(RepoModel.composeMemoryMB("1g") == 1024)
        #expect(RepoModel.composeMemoryMB("512MB") == 512)
        #expect(RepoModel.composeMemoryMB("1.5GiB") == 1536)
        #expect(RepoModel.composeMemoryMB("268435456") == 256)
        #expect(RepoModel.composeMemoryMB("lots") == nil)
        let repo = model(["render.yaml": """
        services:
          - type: web
            name: api
            runtime: node
            plan: standard
        """])
        #expect(repo.platformMemory.map(\.megabytes.value) == [2048])
        #expect(repo.platformMemory.map(\.megabytes.location.line) == [5])
    }

    @Test func healthPathMatching() {
        #expect(RepoModel.route("/healthz", serves: "/healthz"))
        #expect(RepoModel.route("/healthz/", serves: "/healthz?full=1"))
        #expect(RepoModel.route("health", serves: "/health"))
        #expect(RepoModel.route("/health", serves: "/api/health"))
        #expect(RepoModel.route("^health/$", serves: "/health/"))
        #expect(RepoModel.route("/status/:check", serves: "/status/db"))
        #expect(RepoModel.route("/", serves: "/"))
        #expect(!RepoModel.route("/healthz", serves: "/health"))
        #expect(!RepoModel.route("/:slug", serves: "/health"))
        #expect(!RepoModel.route("/", serves: "/health"))
    }

    @Test func servingWorkloadsSkipDatastoresAndUnselectedPods() {
        let repo = model(["k8s/app.yaml": """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
                - name: web
                  image: ghcr.io/acme/web:1.0.0
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: loadgen
        spec:
          template:
            metadata:
              labels: {app: loadgen}
            spec:
              containers:
                - name: main
                  image: ghcr.io/acme/loadgen:1.0.0
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: db
        spec:
          template:
            metadata:
              labels: {app: db}
            spec:
              containers:
                - name: postgres
                  image: postgres:16
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          selector: {app: web}
          ports:
            - port: 80
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: db
        spec:
          selector: {app: db}
          ports:
            - port: 5432
        """])
        #expect(repo.longRunningKubernetesWorkloads.count == 3)
        #expect(repo.servingKubernetesWorkloads.map(\.displayName) == ["Deployment/web"])
    }

    @Test func terraformRootModulesAndLocking() throws {
        let repo = model([
            "infra/main.tf": "provider \"aws\" {\n  region = \"eu-west-1\"\n}\n",
            "infra/modules/db/main.tf": "provider \"aws\" {}\n",
            "prod/backend.tf": "terraform {\n  backend \"s3\" {\n    bucket = \"x\"\n    use_lockfile = true\n  }\n}\n",
            "examples/simple/main.tf": "provider \"aws\" {}\n",
        ])
        let roots = repo.terraformRootModules
        #expect(roots.map(\.directory) == ["infra", "prod"])
        #expect(roots[0].backend == nil)
        #expect(roots[0].anchor.line == 1)
        let backend = try #require(roots[1].backend)
        #expect(backend.location.line == 2)
        #expect(TerraformBackendLocking.of(backend) == .locked)
    }
}
