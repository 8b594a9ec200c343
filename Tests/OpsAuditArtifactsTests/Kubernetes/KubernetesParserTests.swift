import OpsAuditArtifacts
import OpsAuditModel
import Testing

@Suite struct KubernetesParserTests {
    func sniff(_ text: String, path: String = "deploy/app.yaml") -> ParseResult {
        KubernetesParser.sniff(TextFile(path: path, text: text))
    }

    func objects(_ text: String) -> [KubernetesObject] {
        (sniff(text).artifacts.first as? KubernetesManifest)?.objects ?? []
    }

    static let deployment = """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: api
      namespace: prod
      labels:
        app: api
    spec:
      replicas: 3
      strategy:
        type: RollingUpdate
      template:
        spec:
          serviceAccountName: api
          automountServiceAccountToken: false
          securityContext:
            runAsNonRoot: true
            runAsUser: 1000
          initContainers:
            - name: migrate
              image: ghcr.io/acme/api:1.2.3
              command: ["npx", "prisma", "migrate", "deploy"]
          containers:
            - name: web
              image: ghcr.io/acme/api:1.2.3
              env:
                - name: DATABASE_URL
                  valueFrom:
                    secretKeyRef: {name: db, key: url}
                - name: REDIS_URL
                  value: redis://localhost:6379
              livenessProbe:
                httpGet:
                  path: /healthz
                  port: 8080
              readinessProbe:
                tcpSocket:
                  port: http
              startupProbe:
                exec:
                  command: [cat, /tmp/ready]
              resources:
                requests:
                  cpu: 100m
                  memory: 128Mi
                limits:
                  memory: 1Gi
              securityContext:
                readOnlyRootFilesystem: true
                allowPrivilegeEscalation: false
                privileged: false
                capabilities:
                  drop: [ALL]
    """

    @Test func deploymentValuesAndPositions() throws {
        let all = objects(Self.deployment)
        let object = try #require(all.first)
        #expect(all.count == 1)
        #expect(object.kind == Located("Deployment", at: Location(path: "deploy/app.yaml", line: 2, column: 7)))
        #expect(object.apiVersion.value == "apps/v1")
        #expect(object.name?.value == "api" && object.name?.location.line == 4)
        #expect(object.namespace?.value == "prod" && object.namespace?.location.line == 5)
        #expect(object.labels == ["app": "api"])
        #expect(object.replicaCount == 3 && object.replicas?.location.line == 9)
        #expect(object.strategy?.value == "RollingUpdate")
        #expect(object.isLongRunning)
        let pod = try #require(object.workload)
        #expect(pod.serviceAccountName?.value == "api")
        #expect(pod.automountServiceAccountToken?.value == false)
        #expect(pod.securityContext?.runAsNonRoot?.value == true)
        #expect(pod.securityContext?.runAsUser == Located(1000, at: Location(path: "deploy/app.yaml", line: 18, column: 20)))
        #expect(pod.initContainers.map(\.name?.value) == ["migrate"])
        #expect(pod.initContainers[0].commands.map(\.text) == ["npx prisma migrate deploy"])
        #expect(pod.initContainers[0].commands.first?.location.line == 22)
        let web = try #require(pod.containers.first)
        #expect(web.image?.value == "ghcr.io/acme/api:1.2.3" && web.image?.location.line == 25)
        #expect(web.imageName == "api")
        #expect(web.env.map(\.name.value) == ["DATABASE_URL", "REDIS_URL"])
        #expect(web.env[0].fromSecret && web.env[0].value == nil)
        #expect(web.env[1].value?.value == "redis://localhost:6379" && web.env[1].value?.location.line == 31)
        #expect(web.livenessProbe?.kind == .httpGet)
        #expect(web.livenessProbe?.path?.value == "/healthz" && web.livenessProbe?.path?.location.line == 34)
        #expect(web.livenessProbe?.port?.value == "8080")
        #expect(web.livenessProbe?.location.line == 32)
        #expect(web.readinessProbe?.kind == .tcpSocket && web.readinessProbe?.port?.value == "http")
        #expect(web.startupProbe?.kind == .exec && web.startupProbe?.command.map(\.value) == ["cat", "/tmp/ready"])
        #expect(web.probes.count == 3)
        #expect(web.resources?.requests.cpu?.value == "100m")
        #expect(web.resources?.requests.memoryMB == 128)
        #expect(web.resources?.limits.memory?.location.line == 47)
        #expect(web.resources?.limits.memoryMB == 1024)
        #expect(web.resources?.limits.cpu == nil)
        let security = try #require(web.securityContext)
        #expect(security.readOnlyRootFilesystem?.value == true && security.readOnlyRootFilesystem?.location.line == 49)
        #expect(security.allowPrivilegeEscalation?.value == false)
        #expect(security.privileged?.value == false)
        #expect(security.capabilitiesDrop.map(\.value) == ["ALL"])
        #expect(security.runAsNonRoot == nil)
    }

    @Test func memoryQuantities() {
        #expect(KubernetesQuantity.memoryMB("512Mi") == 512)
        #expect(KubernetesQuantity.memoryMB("2Gi") == 2048)
        #expect(KubernetesQuantity.memoryMB("500M") == 476)
        #expect(KubernetesQuantity.memoryMB("1G") == 953)
        #expect(KubernetesQuantity.memoryMB("134217728") == 128)
        #expect(KubernetesQuantity.memoryMB("1e9") == 953)
        #expect(KubernetesQuantity.memoryMB("262144Ki") == 256)
        #expect(KubernetesQuantity.memoryMB("lots") == nil)
        #expect(KubernetesQuantity.memoryMB("{{ .Values.memory }}") == nil)
        #expect(KubernetesQuantity.memoryMB("") == nil)
    }

    @Test func multiDocumentCronJobAndShellCommands() throws {
        let text = """
        # backups
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: backup
        spec:
          schedule: "0 3 * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: OnFailure
                  containers:
                    - name: dump
                      image: postgres:16
                      command: ["/bin/sh", "-c"]
                      args:
                        - |
                          pg_dump "$DATABASE_URL" | gzip > /tmp/db.gz
                          aws s3 cp /tmp/db.gz s3://backups/ || true
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: api
        spec:
          type: LoadBalancer
          selector: {app: api}
          ports:
            - name: http
              port: 80
              targetPort: 8080
        """
        let all = objects(text)
        #expect(all.map(\.kind.value) == ["CronJob", "Service"])
        let cron = all[0]
        #expect(cron.schedule == Located("0 3 * * *", at: Location(path: "deploy/app.yaml", line: 7, column: 13)))
        #expect(!cron.isLongRunning)
        let container = try #require(cron.workload?.containers.first)
        #expect(cron.workload?.restartPolicy?.value == "OnFailure")
        #expect(container.command.map(\.value) == ["/bin/sh", "-c"])
        #expect(container.commands.map(\.words.first) == ["pg_dump", "gzip", "aws"])
        #expect(container.commands.map(\.location.line) == [19, 19, 20])
        #expect(container.commands.last?.swallowedBy == "|| true")
        let service = try #require(all[1].service)
        #expect(service.type?.value == "LoadBalancer")
        #expect(service.selector == ["app": "api"])
        #expect(service.ports.first?.port?.value == "80" && service.ports.first?.targetPort?.value == "8080")
        #expect(service.ports.first?.location.line == 30)
        #expect(all[1].location.line == 22)
        let file = RepoFile(path: "deploy/app.yaml", kind: .yamlCandidate, size: 0, isTracked: true)
        #expect(RepoModel(files: [file], analyses: [FileAnalyzer.analyze(file, bytes: Array(text.utf8))]).declaresNetworkService)
    }

    @Test func commandWithoutShellIsOneCommand() throws {
        let text = """
        apiVersion: batch/v1
        kind: Job
        metadata: {name: migrate}
        spec:
          template:
            spec:
              containers:
                - name: m
                  image: app
                  command: [python, manage.py]
                  args: [migrate, --noinput]
        """
        let container = try #require(objects(text).first?.workload?.containers.first)
        #expect(container.commands.count == 1)
        #expect(container.commands[0].words == ["python", "manage.py", "migrate", "--noinput"])
        #expect(container.commands[0].location.line == 10)
    }

    @Test func autoscalerBudgetIngressNetworkPolicyAndList() throws {
        let text = """
        apiVersion: v1
        kind: List
        items:
          - apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata: {name: api}
            spec:
              scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
              minReplicas: 2
              maxReplicas: 10
          - apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata: {name: api}
            spec:
              minAvailable: 1
              selector:
                matchLabels: {app: api}
          - apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: web}
            spec:
              tls:
                - hosts: [example.com]
                  secretName: tls
              rules:
                - host: example.com
                - host: www.example.com
          - apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: deny-all}
            spec: {podSelector: {}}
        """
        let all = objects(text)
        #expect(all.map(\.kind.value) == ["HorizontalPodAutoscaler", "PodDisruptionBudget", "Ingress", "NetworkPolicy"])
        let hpa = try #require(all[0].autoscaler)
        #expect(hpa.targetKind?.value == "Deployment" && hpa.targetName?.value == "api")
        #expect(hpa.minReplicas?.value == "2" && hpa.minReplicas?.location.line == 9)
        #expect(hpa.maxReplicas?.value == "10")
        let pdb = try #require(all[1].disruptionBudget)
        #expect(pdb.minAvailable?.value == "1" && pdb.maxUnavailable == nil)
        #expect(pdb.matchLabels == ["app": "api"])
        let ingress = try #require(all[2].ingress)
        #expect(ingress.hosts.map(\.value) == ["example.com", "www.example.com"])
        #expect(ingress.tls?.line == 22)
        #expect(ingress.tlsHosts.map(\.value) == ["example.com"])
        #expect(all[3].location.line == 28)
    }

    @Test func ingressWithoutTLS() throws {
        let text = """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: web}
        spec:
          tls: []
          rules: [{host: a.example}]
        """
        #expect(objects(text).first?.ingress?.tls == nil)
    }

    @Test func nonKubernetesYAMLYieldsNothing() {
        for text in ["name: CI\non: push\n", "key: [unclosed\n", "apiVersion: 1\n", "- kind: x\n  apiVersion: y\n", ""] {
            let result = sniff(text)
            #expect(result.artifacts.isEmpty, "\(text)")
            #expect(result.diagnostics.isEmpty, "\(text)")
        }
    }

    @Test func malformedManifestGivesDiagnosticAndKeepsEarlierDocuments() throws {
        let text = """
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: api}
        ---
        apiVersion: v1
        kind: ConfigMap
        data: [unclosed
        """
        let result = sniff(text)
        let manifest = try #require(result.artifacts.first as? KubernetesManifest)
        #expect(manifest.objects.map(\.kind.value) == ["ServiceAccount"])
        #expect(result.diagnostics.first?.kind == .parse)
        #expect((result.diagnostics.first?.location?.line ?? 0) >= 7)
    }

    @Test func knownManifestReportsEvenWithoutObjects() {
        let result = KubernetesParser.parse(TextFile(path: "k8s/x.yaml", text: "a: [b\n"))
        #expect(result.diagnostics.contains { $0.kind == .parse })
    }

    @Test func crlfAndDatabaseEvidenceAndModelFeeds() throws {
        let text = """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: db
        spec:
          serviceName: db
          template:
            spec:
              containers:
                - name: postgres
                  image: docker.io/library/postgres:16@sha256:abc
                  readinessProbe:
                    exec: {command: [pg_isready]}
          volumeClaimTemplates:
            - metadata: {name: data}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: cache}
        spec:
          template:
            spec:
              containers:
                - {name: redis, image: redis:7}
        """.replacingOccurrences(of: "\n", with: "\r\n")
        let file = RepoFile(path: "k8s/db.yaml", kind: .yamlCandidate, size: text.utf8.count, isTracked: true)
        let analysis = FileAnalyzer.analyze(file, bytes: Array(text.utf8))
        #expect(analysis.diagnostics.isEmpty)
        let model = RepoModel(files: [file], analyses: [analysis])
        #expect(model.kubernetesObjects.count == 2)
        #expect(model.kubernetesObjects[0].name?.value == "db")
        #expect(model.kubernetesObjects[0].volumeClaimTemplates.map(\.value) == ["data"])
        let evidence = model.databaseEvidence
        #expect(evidence.count == 1)
        #expect(evidence.first?.location?.line == 11)
        #expect(!model.declaresNetworkService)
        let checks = model.platformHealthChecks
        #expect(checks.count == 1)
        #expect(checks.first?.image == "docker.io/library/postgres:16@sha256:abc")
        #expect(checks.first?.dockerfile == nil)
        #expect(checks.first?.location.line == 12)
        #expect(model.kubernetesObjects[0].workload?.containers.first?.imageName == "postgres")
    }

    @Test func cronJobIsAScheduledTask() throws {
        let text = """
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: nightly}
        spec:
          schedule: "@daily"
          jobTemplate:
            spec:
              template:
                spec:
                  containers:
                    - name: backup
                      image: alpine
                      command: [sh, -c, "pg_dump $URL > /b.sql && restic backup /b.sql"]
        """
        let file = RepoFile(path: "cron.yaml", kind: .yamlCandidate, size: 0, isTracked: true)
        let model = RepoModel(files: [file], analyses: [FileAnalyzer.analyze(file, bytes: Array(text.utf8))])
        let task = try #require(model.scheduledTasks.first)
        #expect(task.schedule.value == "@daily" && task.schedule.location.line == 5)
        #expect(task.origin.contains("nightly"))
        #expect(task.commands.map(\.words.first) == ["pg_dump", "restic"])
        #expect(task.commands.first?.location.line == 13)
    }

    @Test func selectorsAutoscalersAndEffectiveSecurity() throws {
        let text = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api, namespace: shop}
        spec:
          replicas: 2
          template:
            metadata:
              labels: {app: api, tier: web}
            spec:
              securityContext: {runAsNonRoot: true, runAsUser: 1000}
              containers:
                - name: web
                  image: api
                  securityContext: {runAsUser: 0}
        ---
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: api}
        spec:
          maxUnavailable: 1
          selector: {matchLabels: {app: api}}
        ---
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: other}
        spec:
          selector: {matchLabels: {app: worker}}
        ---
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: {name: api, namespace: shop}
        spec:
          scaleTargetRef: {kind: Deployment, name: api}
        ---
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: {name: api, namespace: staging}
        spec:
          scaleTargetRef: {kind: Deployment, name: api}
        """
        let file = RepoFile(path: "k8s/api.yaml", kind: .yamlCandidate, size: 0, isTracked: true)
        let model = RepoModel(files: [file], analyses: [FileAnalyzer.analyze(file, bytes: Array(text.utf8))])
        let deployment = try #require(model.kubernetesWorkloads.first)
        #expect(deployment.workload?.podLabels == ["app": "api", "tier": "web"])
        #expect(model.disruptionBudgets(for: deployment).map(\.name?.value) == ["api"])
        #expect(model.autoscalers(for: deployment).map(\.namespace?.value) == ["shop"])
        let pod = try #require(deployment.workload)
        let web = try #require(pod.containers.first)
        #expect(pod.runAsNonRoot(for: web)?.value == true && pod.runAsNonRoot(for: web)?.location.line == 10)
        #expect(pod.runAsUser(for: web)?.value == 0 && pod.runAsUser(for: web)?.location.line == 14)
    }
}
