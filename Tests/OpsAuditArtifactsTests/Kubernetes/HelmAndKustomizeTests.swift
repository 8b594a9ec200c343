import OpsAuditArtifacts
import OpsAuditModel
import Testing

@Suite struct HelmAndKustomizeTests {
    @Test func chartWithDatabaseDependency() throws {
        let text = """
        apiVersion: v2
        name: shop
        version: 1.4.0
        appVersion: "2.0"
        dependencies:
          - name: postgresql
            version: 12.x.x
            repository: oci://registry-1.docker.io/bitnamicharts
            condition: postgresql.enabled
          - name: redis
            version: 17.x.x
        """
        let result = HelmParser.parseChart(TextFile(path: "charts/shop/Chart.yaml", text: text))
        let chart = try #require(result.artifacts.first as? HelmChart)
        #expect(result.diagnostics.isEmpty)
        #expect(chart.name == Located("shop", at: Location(path: "charts/shop/Chart.yaml", line: 2, column: 7)))
        #expect(chart.version?.value == "1.4.0" && chart.appVersion?.value == "2.0")
        #expect(chart.directory == "charts/shop")
        #expect(chart.dependencies.map(\.name.value) == ["postgresql", "redis"])
        #expect(chart.dependencies[0].repository?.value == "oci://registry-1.docker.io/bitnamicharts")
        #expect(chart.dependencies[0].condition?.value == "postgresql.enabled")
        #expect(chart.dependencies[0].name.location.line == 6)
    }

    @Test func malformedChartGivesDiagnostic() {
        let broken = HelmParser.parseChart(TextFile(path: "Chart.yaml", text: "name: [x\n"))
        #expect(broken.diagnostics.contains { $0.kind == .parse })
        #expect(broken.artifacts.count == 1)
        let scalar = HelmParser.parseChart(TextFile(path: "Chart.yaml", text: "just text\n"))
        #expect(scalar.diagnostics.map(\.message) == ["Chart.yaml is not a YAML mapping"])
    }

    @Test func valuesKnownPaths() throws {
        let text = """
        replicaCount: 2
        image:
          repository: ghcr.io/acme/shop
          tag: "1.2.3"
        resources:
          limits:
            memory: 512Mi
          requests:
            cpu: 250m
        livenessProbe:
          httpGet: {path: /healthz, port: http}
        readinessProbe: {}
        postgresql:
          enabled: true
        """
        let result = HelmParser.parseValues(TextFile(path: "charts/shop/values.yaml", text: text))
        let values = try #require(result.artifacts.first as? HelmValues)
        #expect(values.replicaCount?.value == "2")
        #expect(values.imageRepository?.value == "ghcr.io/acme/shop" && values.imageRepository?.location.line == 3)
        #expect(values.imageTag?.value == "1.2.3")
        #expect(values.resources?.limits.memoryMB == 512 && values.resources?.requests.cpu?.value == "250m")
        #expect(values.livenessProbe?.line == 10)
        #expect(values.readinessProbe == nil)
        #expect(values.postgresqlEnabled == Located(true, at: Location(path: "charts/shop/values.yaml", line: 14, column: 12)))
        #expect(values.node("livenessProbe", "httpGet", "path")?.string == "/healthz")
        #expect(HelmParser.parseValues(TextFile(path: "values.yaml", text: "")).diagnostics.isEmpty)
        #expect(!HelmParser.parseValues(TextFile(path: "values.yaml", text: "a: [\n")).diagnostics.isEmpty)
    }

    @Test func templatesGetOneNotePerChartAndDatabaseEvidence() throws {
        let paths = ["charts/shop/Chart.yaml", "charts/shop/values.yaml", "charts/shop/templates/deployment.yaml",
                     "charts/shop/templates/service.yaml", "charts/shop/templates/_helpers.tpl", "other/Chart.yaml",
                     "other/templates/job.yaml"]
        let kinds = Classifier.classify(paths: paths)
        let files = paths.map { RepoFile(path: $0, kind: kinds[$0]!.0, size: 1, isTracked: true) }
        let contents: [String: String] = [
            "charts/shop/Chart.yaml": "apiVersion: v2\nname: shop\ndependencies:\n  - name: postgresql\n",
            "charts/shop/values.yaml": "postgresql:\n  enabled: true\n",
            "charts/shop/templates/deployment.yaml": "{{- if .Values.x }}\nkind: Deployment\n{{- end }}\n",
            "other/Chart.yaml": "name: other\n",
        ]
        let analyses = files.map { FileAnalyzer.analyze($0, bytes: Array((contents[$0.path] ?? "{{ x }}\n").utf8)) }
        let model = RepoModel(files: files, analyses: analyses)
        #expect(analyses.allSatisfy { $0.diagnostics.isEmpty })
        let notes = model.helmTemplateNotes
        #expect(notes.map(\.message) == ["3 Helm templates not parsed (Go templates)", "1 Helm template not parsed (Go templates)"])
        #expect(notes.map(\.location?.path) == ["charts/shop/Chart.yaml", "other/Chart.yaml"])
        #expect(notes.allSatisfy { $0.kind == .note })
        #expect(model.diagnostics.count == 2)
        #expect(model.helmCharts.count == 2 && model.helmValues.count == 1)
        #expect(model.databaseEvidence.map(\.location?.line) == [4, 2])
    }

    @Test func kustomization() throws {
        let text = """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        namespace: shop
        resources:
          - deployment.yaml
          - ../../base
        bases: [../legacy]
        components: [../components/tls]
        patches:
          - path: replicas.yaml
            target: {kind: Deployment, name: api}
          - patch: |-
              - op: replace
                path: /spec/replicas
                value: 3
        patchesStrategicMerge:
          - memory.yaml
        patchesJson6902:
          - path: p.json
            target: {kind: Service, name: api}
        images:
          - name: ghcr.io/acme/api
            newTag: 1.2.3
          - name: nginx
            digest: sha256:abc
        configMapGenerator:
          - name: settings
        secretGenerator:
          - name: creds
        """
        let result = KustomizationParser.parse(TextFile(path: "k8s/prod/kustomization.yaml", text: text))
        let kustomization = try #require(result.artifacts.first as? Kustomization)
        #expect(result.diagnostics.isEmpty)
        #expect(kustomization.namespace == Located("shop", at: Location(path: "k8s/prod/kustomization.yaml", line: 3, column: 12)))
        #expect(kustomization.resources.map(\.value) == ["deployment.yaml", "../../base"])
        #expect(kustomization.resources.map(\.location.line) == [5, 6])
        #expect(kustomization.bases.map(\.value) == ["../legacy"])
        #expect(kustomization.components.map(\.value) == ["../components/tls"])
        #expect(kustomization.patches.map(\.file?.value) == ["replicas.yaml", nil, "p.json", "memory.yaml"])
        #expect(kustomization.patches[0].targetKind?.value == "Deployment" && kustomization.patches[0].targetName?.value == "api")
        #expect(kustomization.patches.map(\.location.line) == [10, 12, 19, 17])
        #expect(kustomization.images.map(\.name.value) == ["ghcr.io/acme/api", "nginx"])
        #expect(kustomization.images[0].newTag?.value == "1.2.3" && kustomization.images[1].digest?.value == "sha256:abc")
        #expect(kustomization.configMapGenerators.map(\.value) == ["settings"])
        #expect(kustomization.secretGenerators.map(\.value) == ["creds"])
    }

    @Test func malformedKustomization() {
        let broken = KustomizationParser.parse(TextFile(path: "kustomization.yaml", text: "resources:\n  - a\n - b: [\n"))
        #expect(broken.diagnostics.contains { $0.kind == .parse })
        let list = KustomizationParser.parse(TextFile(path: "kustomization.yaml", text: "- a\n"))
        #expect(list.diagnostics.map(\.message) == ["kustomization is not a YAML mapping"])
        #expect(KustomizationParser.parse(TextFile(path: "kustomization.yaml", text: "")).diagnostics.isEmpty)
    }
}
