import Foundation
import OpsAuditArtifacts
import OpsAuditModel
import OpsAuditTestSupport
import Testing

@Suite struct RenderParserTests {
    func parse(_ text: String) -> (blueprint: RenderBlueprint?, diagnostics: [Diagnostic]) {
        let result = RenderParser.parse(TextFile(path: "render.yaml", text: text))
        return (result.artifacts.first as? RenderBlueprint, result.diagnostics)
    }

    @Test func servicesDatabasesAndGroups() throws {
        let text = """
        services:
          - type: web
            name: api
            runtime: node
            plan: starter
            region: frankfurt
            healthCheckPath: /healthz
            numInstances: 2
            autoDeploy: false
            buildCommand: npm ci && npm run build
            startCommand: node server.js
            preDeployCommand: npx prisma migrate deploy
            envVars:
              - key: DATABASE_URL
                fromDatabase:
                  name: db
                  property: connectionString
              - key: SECRET
                generateValue: true
              - key: STRIPE_KEY
                sync: false
              - key: PORT
                value: 10000
              - fromGroup: shared
            disk:
              name: data
              mountPath: /var/data
              sizeGB: 10
          - type: cron
            name: nightly
            env: docker
            schedule: "0 3 * * *"
            dockerfilePath: ./Dockerfile
            scaling:
              minInstances: 1
          - type: redis
            name: cache
            ipAllowList: []
          - type: worker
        databases:
          - name: db
            plan: pro
            postgresMajorVersion: "16"
            ipAllowList:
              - source: 0.0.0.0/0
            readReplicas:
              - name: replica
        envVarGroups:
          - name: shared
            envVars:
              - key: A
                value: b

        """
        let (blueprint, diags) = parse(text)
        let bp = try #require(blueprint)
        #expect(diags.count == 1)  // the worker without a name
        #expect(diags.first?.location?.line == 39)
        #expect(bp.services.map(\.name.value) == ["api", "nightly", "cache"])

        let api = bp.services[0]
        #expect(api.location.line == 2)
        #expect(api.name.location.line == 3)
        #expect(api.type?.value == "web")
        #expect(api.runtime?.value == "node")
        #expect(api.plan?.value == "starter")
        #expect(api.plan?.location == Location(path: "render.yaml", line: 5, column: 11))
        #expect(api.region?.value == "frankfurt")
        #expect(api.healthCheckPath?.value == "/healthz")
        #expect(api.healthCheckPath?.location.line == 7)
        #expect(api.numInstances?.value == "2")
        #expect(api.autoDeploy?.value == "false")
        #expect(api.buildCommand?.location.line == 10)
        #expect(api.startCommand?.value == "node server.js")
        #expect(api.preDeployCommand?.location.line == 12)
        #expect(!api.hasScaling)
        #expect(api.envVars.map(\.key.value) == ["DATABASE_URL", "SECRET", "STRIPE_KEY", "PORT"])
        #expect(api.envVars[0].fromDatabase?.value == "db")
        #expect(api.envVars[0].fromDatabase?.location.line == 16)
        #expect(api.envVars[1].generateValue)
        #expect(api.envVars[2].syncFalse)
        #expect(!api.envVars[3].syncFalse)
        #expect(api.envVars[3].value?.value == "10000")
        #expect(api.envVars[3].key.location.line == 22)
        #expect(api.envVarGroupRefs.map(\.value) == ["shared"])
        #expect(api.disk?.mountPath?.value == "/var/data")
        #expect(api.disk?.mountPath?.location.line == 27)
        #expect(api.disk?.sizeGB?.value == "10")

        let cron = bp.services[1]
        #expect(cron.runtime?.value == "docker")
        #expect(cron.schedule?.value == "0 3 * * *")
        #expect(cron.schedule?.location.line == 32)
        #expect(cron.dockerfilePath?.value == "./Dockerfile")
        #expect(cron.scaling?.line == 34)
        #expect(cron.hasScaling)

        #expect(bp.services[2].ipAllowList?.line == 38)

        let db = try #require(bp.databases.first)
        #expect(db.name.value == "db")
        #expect(db.location.line == 41)
        #expect(db.plan?.location.line == 42)
        #expect(db.postgresMajorVersion?.value == "16")
        #expect(db.hasIPAllowList)
        #expect(db.readReplicas == 1)
        #expect(bp.envVarGroups.map(\.value) == ["shared"])
        #expect(bp.envVarGroups.first?.location.line == 49)
    }

    @Test func projectsEnvironments() throws {
        let text = """
        projects:
          - name: shop
            environments:
              - name: production
                services:
                  - type: web
                    name: shop-web
                databases:
                  - name: shop-db

        """
        let bp = try #require(parse(text).blueprint)
        #expect(bp.services.map(\.name.value) == ["shop-web"])
        #expect(bp.services.first?.name.location.line == 7)
        #expect(bp.databases.map(\.name.value) == ["shop-db"])
    }

    @Test func malformedBlueprintGivesADiagnostic() {
        let (bp, diags) = parse("services:\n  - name: a\n   type: web\n")
        #expect(bp == nil)
        #expect(diags.map(\.kind) == [.parse])
        #expect(diags.first?.location?.line == 3)
    }

    @Test func corpusBlueprintsParse() throws {
        let files = Corpus.files().filter { $0.file.kind == .renderYAML }
        try #require(!files.isEmpty, "corpus missing")
        var diagnosed: [String] = []
        var services = 0
        for entry in files {
            let data = try Data(contentsOf: entry.url)
            let analysis = FileAnalyzer.analyze(entry.file, bytes: [UInt8](data))
            if !analysis.diagnostics.isEmpty {
                diagnosed.append("\(entry.repo)/\(entry.file.path): \(analysis.diagnostics.map(\.message))")
            }
            services += analysis.artifacts.compactMap { ($0 as? RenderBlueprint)?.services.count }.reduce(0, +)
        }
        #expect(Double(diagnosed.count) / Double(files.count) < 0.02, "\(diagnosed.count)/\(files.count) diagnosed: \(diagnosed)")
        #expect(services >= files.count, "\(services) services in \(files.count) blueprints")
    }
}
