import OpsAuditArtifacts
import OpsAuditModel
import OpsAuditTestSupport
import Testing

private func model(_ files: [String: String]) -> RepoModel { repoModel(files) }

/// The observability queries of `ObservabilityFacts.swift`.
@Suite("Observability facts")
struct ObservabilityFactsTests {
    @Test func libraryUsesFromManifestsAndImports() {
        let repo = model([
            "package.json": "{\"dependencies\": {\"pino\": \"9\"}, \"devDependencies\": {\"winston\": \"3\"}}",
            "main.go": "package main\n\nimport \"log/slog\"\n",
            "test/x_test.go": "package x\n\nimport \"go.uber.org/zap\"\n",
        ])
        let uses = repo.libraryUses(packages: ["pino", "winston"], modules: ["slog", "zap"])
        #expect(uses.map(\.name) == ["pino", "slog"])
        #expect(uses.map(\.isDependency) == [true, false])
        #expect(uses.last?.location?.line == 3)
    }

    @Test func uptimeMonitors() {
        let repo = model([
            ".upptimerc.yml": "owner: a\n",
            "infra/monitoring.tf": "resource \"uptimerobot_monitor\" \"api\" {\n  url = \"https://x\"\n}\n",
            "infra/db.tf": "resource \"aws_db_instance\" \"db\" {\n}\n",
        ])
        #expect(repo.uptimeMonitors.compactMap(\.location).map { "\($0.path):\($0.line)" } == [".upptimerc.yml:1", "infra/monitoring.tf:1"])
    }

    @Test func scheduledProbesAreNotDownloads() {
        let workflow = { (run: String) in
            "on:\n  schedule:\n    - cron: \"*/5 * * * *\"\njobs:\n  p:\n    runs-on: x\n    steps:\n      - run: \(run)\n"
        }
        let repo = model([
            ".github/workflows/a.yml": workflow("curl --fail https://api.acme.example/healthz"),
            ".github/workflows/b.yml": workflow("curl -L -o dive.deb https://github.com/wagoodman/dive/releases/download/v1/dive.deb"),
            ".github/workflows/c.yml": workflow("curl -s http://localhost:3000/health"),
            "compose/uptime-kuma.yaml": "services:\n  kuma:\n    image: louislam/uptime-kuma\n",
        ])
        #expect(repo.uptimeMonitors.compactMap(\.location).map { "\($0.path):\($0.line)" } == [".github/workflows/a.yml:8"])
    }

    @Test func alertingFromWorkflowsNeedsANotifier() {
        let repo = model([
            ".github/workflows/a.yml": "on: push\njobs:\n  d:\n    runs-on: x\n    steps:\n      - run: ./d.sh\n      - if: failure()\n        run: echo failed\n",
            ".github/workflows/b.yml": "on: push\njobs:\n  d:\n    runs-on: x\n    steps:\n      - run: ./d.sh\n      - if: ${{ failure() }}\n        uses: rtCamp/action-slack-notify@v2\n",
            "k8s/rules.yaml": "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: r\nspec: {}\n",
        ])
        let found = repo.alertingConfiguration.compactMap(\.location).map { "\($0.path):\($0.line)" }
        #expect(found.contains(".github/workflows/b.yml:7"))
        #expect(!found.contains { $0.hasPrefix(".github/workflows/a.yml") })
        #expect(found.contains { $0.hasPrefix("k8s/rules.yaml") })
    }
}
