import OpsAuditModel

/// A YAML file holding Kubernetes objects (documents with `apiVersion` and `kind`).
public struct KubernetesManifest: Artifact {
    public var path: String
    public var objects: [KubernetesObject]

    public init(path: String, objects: [KubernetesObject]) {
        self.path = path
        self.objects = objects
    }
}

/// One Kubernetes object, with the parts readiness rules read.
public struct KubernetesObject: Sendable {
    public var apiVersion: Located<String>
    public var kind: Located<String>
    public var name: Located<String>?
    public var namespace: Located<String>?
    /// Where the object's document (or `List` item) starts.
    public var location: Location
    /// `metadata.labels`.
    public var labels: [String: String]
    /// The pod template of workload kinds (`Deployment`, `StatefulSet`, `DaemonSet`, `ReplicaSet`,
    /// `Job`, Argo `Rollout`, `CronJob` through `jobTemplate.spec.template`), or the `Pod` itself.
    public var workload: PodTemplate?
    /// `spec.replicas` as written; nil when absent (Kubernetes then runs one).
    public var replicas: Located<String>?
    /// `spec.strategy.type` (Deployment) or `spec.updateStrategy.type` (StatefulSet, DaemonSet).
    public var strategy: Located<String>?
    /// `spec.schedule` of a CronJob.
    public var schedule: Located<String>?
    /// `spec.volumeClaimTemplates[].metadata.name` of a StatefulSet.
    public var volumeClaimTemplates: [Located<String>]
    public var autoscaler: HorizontalPodAutoscalerSpec?
    public var disruptionBudget: PodDisruptionBudgetSpec?
    public var service: ServiceSpec?
    public var ingress: IngressSpec?

    public init(apiVersion: Located<String>, kind: Located<String>, name: Located<String>? = nil,
                namespace: Located<String>? = nil, location: Location, labels: [String: String] = [:],
                workload: PodTemplate? = nil, replicas: Located<String>? = nil, strategy: Located<String>? = nil,
                schedule: Located<String>? = nil, volumeClaimTemplates: [Located<String>] = [],
                autoscaler: HorizontalPodAutoscalerSpec? = nil, disruptionBudget: PodDisruptionBudgetSpec? = nil,
                service: ServiceSpec? = nil, ingress: IngressSpec? = nil) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.location = location
        self.labels = labels
        self.workload = workload
        self.replicas = replicas
        self.strategy = strategy
        self.schedule = schedule
        self.volumeClaimTemplates = volumeClaimTemplates
        self.autoscaler = autoscaler
        self.disruptionBudget = disruptionBudget
        self.service = service
        self.ingress = ingress
    }

    /// `spec.replicas` as a number (nil when absent or templated).
    public var replicaCount: Int? { replicas.flatMap { Int($0.value) } }

    /// Kinds that run pods continuously (probes and replicas matter); Jobs and CronJobs finish.
    /// Argo `Rollout` and OpenShift `DeploymentConfig` are Deployments by another name.
    public var isLongRunning: Bool {
        ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Rollout", "DeploymentConfig",
         "ReplicationController"].contains(kind.value)
    }

    /// The object's `kind/name`, for messages.
    public var displayName: String { "\(kind.value)/\(name?.value ?? "?")" }
}

/// A pod spec: what a workload runs.
public struct PodTemplate: Sendable {
    public var containers: [Container]
    public var initContainers: [Container]
    /// Pod-level `securityContext` (its container-level fields apply to every container).
    public var securityContext: SecurityContext?
    public var serviceAccountName: Located<String>?
    public var automountServiceAccountToken: Located<Bool>?
    public var restartPolicy: Located<String>?
    /// `volumes[].persistentVolumeClaim.claimName`.
    public var persistentVolumeClaims: [Located<String>]
    /// The pods' labels (`template.metadata.labels`; a Pod's own labels), which Service,
    /// PodDisruptionBudget and NetworkPolicy selectors match.
    public var podLabels: [String: String]
    /// Where the pod spec starts.
    public var location: Location

    public init(containers: [Container], initContainers: [Container] = [], securityContext: SecurityContext? = nil,
                serviceAccountName: Located<String>? = nil, automountServiceAccountToken: Located<Bool>? = nil,
                restartPolicy: Located<String>? = nil, persistentVolumeClaims: [Located<String>] = [],
                podLabels: [String: String] = [:], location: Location) {
        self.containers = containers
        self.initContainers = initContainers
        self.securityContext = securityContext
        self.serviceAccountName = serviceAccountName
        self.automountServiceAccountToken = automountServiceAccountToken
        self.restartPolicy = restartPolicy
        self.persistentVolumeClaims = persistentVolumeClaims
        self.podLabels = podLabels
        self.location = location
    }

    /// Init containers then containers.
    public var allContainers: [Container] { initContainers + containers }

    /// `runAsNonRoot` in effect for `container`: its own setting, else the pod's.
    public func runAsNonRoot(for container: Container) -> Located<Bool>? {
        container.securityContext?.runAsNonRoot ?? securityContext?.runAsNonRoot
    }

    /// `runAsUser` in effect for `container`: its own setting, else the pod's.
    public func runAsUser(for container: Container) -> Located<Int>? {
        container.securityContext?.runAsUser ?? securityContext?.runAsUser
    }

    /// True when every label of a non-empty `selector` is on the pods.
    public func isSelected(by selector: [String: String]) -> Bool {
        !selector.isEmpty && selector.allSatisfy { podLabels[$0.key] == $0.value }
    }
}

/// One container of a pod spec.
public struct Container: Sendable {
    public var name: Located<String>?
    public var image: Located<String>?
    public var livenessProbe: Probe?
    public var readinessProbe: Probe?
    public var startupProbe: Probe?
    public var resources: ContainerResources?
    public var securityContext: SecurityContext?
    public var env: [ContainerEnvVar]
    public var command: [Located<String>]
    public var args: [Located<String>]
    /// `command` + `args` as shell commands: the script of `sh -c "…"` split like any script,
    /// otherwise the words as one command.
    public var commands: [ShellCommand]
    public var location: Location

    public init(name: Located<String>? = nil, image: Located<String>? = nil, livenessProbe: Probe? = nil,
                readinessProbe: Probe? = nil, startupProbe: Probe? = nil, resources: ContainerResources? = nil,
                securityContext: SecurityContext? = nil, env: [ContainerEnvVar] = [], command: [Located<String>] = [],
                args: [Located<String>] = [], commands: [ShellCommand] = [], location: Location) {
        self.name = name
        self.image = image
        self.livenessProbe = livenessProbe
        self.readinessProbe = readinessProbe
        self.startupProbe = startupProbe
        self.resources = resources
        self.securityContext = securityContext
        self.env = env
        self.command = command
        self.args = args
        self.commands = commands
        self.location = location
    }

    /// The probes declared, liveness, readiness, startup order.
    public var probes: [Probe] { [livenessProbe, readinessProbe, startupProbe].compactMap { $0 } }

    /// The image's repository name without registry, tag or digest (`docker.io/library/postgres:16` → `postgres`).
    public var imageName: String? {
        guard var text = image?.value else { return nil }
        if let at = text.firstIndex(of: "@") { text = String(text[..<at]) }
        if let slash = text.lastIndex(of: "/") { text = String(text[text.index(after: slash)...]) }
        if let colon = text.firstIndex(of: ":") { text = String(text[..<colon]) }
        return text.lowercased()
    }
}

/// A liveness, readiness or startup probe.
public struct Probe: Sendable {
    /// The probe handler.
    public enum Kind: String, Sendable {
        case httpGet, tcpSocket, exec, grpc, unknown
    }

    public var kind: Kind
    /// `httpGet.path`.
    public var path: Located<String>?
    /// `httpGet.port`, `tcpSocket.port` or `grpc.port` (a number or a port name).
    public var port: Located<String>?
    /// `exec.command`.
    public var command: [Located<String>]
    /// Where the probe key is written.
    public var location: Location

    public init(kind: Kind, path: Located<String>? = nil, port: Located<String>? = nil,
                command: [Located<String>] = [], location: Location) {
        self.kind = kind
        self.path = path
        self.port = port
        self.command = command
        self.location = location
    }
}

/// A container's `resources`.
public struct ContainerResources: Sendable {
    public var requests: ResourceAmounts
    public var limits: ResourceAmounts
    public var location: Location

    public init(requests: ResourceAmounts = ResourceAmounts(), limits: ResourceAmounts = ResourceAmounts(), location: Location) {
        self.requests = requests
        self.limits = limits
        self.location = location
    }
}

/// CPU and memory quantities of `requests` or `limits`.
public struct ResourceAmounts: Sendable {
    public var cpu: Located<String>?
    public var memory: Located<String>?

    public init(cpu: Located<String>? = nil, memory: Located<String>? = nil) {
        self.cpu = cpu
        self.memory = memory
    }

    /// `memory` in mebibytes (rounded down), as Fly's `memory_mb` counts: see `KubernetesQuantity.memoryMB`.
    public var memoryMB: Int? { memory.flatMap { KubernetesQuantity.memoryMB($0.value) } }
}

/// Kubernetes resource quantities.
public enum KubernetesQuantity {
    /// A memory quantity in mebibytes (2^20 bytes), rounded down: `512Mi` → 512, `1Gi` → 1024,
    /// `500M` → 476, `1G` → 953, `134217728` → 128, `1e9` → 953. Nil when not a quantity.
    public static func memoryMB(_ text: String) -> Int? {
        let trimmed = String(text.trimmingSpaces)
        let suffixes: [(String, Double)] = [
            ("Ki", 1024), ("Mi", 1_048_576), ("Gi", 1_073_741_824), ("Ti", 1_099_511_627_776),
            ("k", 1_000), ("K", 1_000), ("M", 1_000_000), ("G", 1_000_000_000), ("T", 1_000_000_000_000),
        ]
        var number = Substring(trimmed)
        var factor: Double = 1
        for (suffix, multiplier) in suffixes where trimmed.hasSuffix(suffix) {
            number = trimmed.dropLast(suffix.count)
            factor = multiplier
            break
        }
        guard !number.isEmpty, let value = Double(number), value.isFinite, value >= 0 else { return nil }
        let mebibytes = value * factor / 1_048_576
        guard mebibytes < Double(Int.max / 2) else { return nil }
        return Int(mebibytes)
    }
}

/// A pod- or container-level `securityContext`.
public struct SecurityContext: Sendable {
    public var runAsNonRoot: Located<Bool>?
    public var runAsUser: Located<Int>?
    public var readOnlyRootFilesystem: Located<Bool>?
    public var allowPrivilegeEscalation: Located<Bool>?
    public var privileged: Located<Bool>?
    /// `capabilities.drop`.
    public var capabilitiesDrop: [Located<String>]
    /// `capabilities.add`.
    public var capabilitiesAdd: [Located<String>]
    public var location: Location

    public init(runAsNonRoot: Located<Bool>? = nil, runAsUser: Located<Int>? = nil,
                readOnlyRootFilesystem: Located<Bool>? = nil, allowPrivilegeEscalation: Located<Bool>? = nil,
                privileged: Located<Bool>? = nil, capabilitiesDrop: [Located<String>] = [],
                capabilitiesAdd: [Located<String>] = [], location: Location) {
        self.runAsNonRoot = runAsNonRoot
        self.runAsUser = runAsUser
        self.readOnlyRootFilesystem = readOnlyRootFilesystem
        self.allowPrivilegeEscalation = allowPrivilegeEscalation
        self.privileged = privileged
        self.capabilitiesDrop = capabilitiesDrop
        self.capabilitiesAdd = capabilitiesAdd
        self.location = location
    }
}

/// One `env` entry of a container.
public struct ContainerEnvVar: Sendable {
    public var name: Located<String>
    /// A literal `value`; nil for `valueFrom`.
    public var value: Located<String>?
    /// `valueFrom.secretKeyRef` (the value is not in the file).
    public var fromSecret: Bool
    /// Any `valueFrom` (secret, config map, field or resource reference).
    public var isReference: Bool

    public init(name: Located<String>, value: Located<String>? = nil, fromSecret: Bool = false, isReference: Bool = false) {
        self.name = name
        self.value = value
        self.fromSecret = fromSecret
        self.isReference = isReference
    }
}

/// A `HorizontalPodAutoscaler`'s spec.
public struct HorizontalPodAutoscalerSpec: Sendable {
    /// `scaleTargetRef.kind` and `.name`.
    public var targetKind: Located<String>?
    public var targetName: Located<String>?
    public var minReplicas: Located<String>?
    public var maxReplicas: Located<String>?

    public init(targetKind: Located<String>? = nil, targetName: Located<String>? = nil,
                minReplicas: Located<String>? = nil, maxReplicas: Located<String>? = nil) {
        self.targetKind = targetKind
        self.targetName = targetName
        self.minReplicas = minReplicas
        self.maxReplicas = maxReplicas
    }
}

/// A `PodDisruptionBudget`'s spec.
public struct PodDisruptionBudgetSpec: Sendable {
    /// `selector.matchLabels`.
    public var matchLabels: [String: String]
    public var minAvailable: Located<String>?
    public var maxUnavailable: Located<String>?

    public init(matchLabels: [String: String] = [:], minAvailable: Located<String>? = nil, maxUnavailable: Located<String>? = nil) {
        self.matchLabels = matchLabels
        self.minAvailable = minAvailable
        self.maxUnavailable = maxUnavailable
    }
}

/// A `Service`'s spec.
public struct ServiceSpec: Sendable {
    /// `type`; nil means ClusterIP.
    public var type: Located<String>?
    public var ports: [ServicePort]
    /// `selector`.
    public var selector: [String: String]

    public init(type: Located<String>? = nil, ports: [ServicePort] = [], selector: [String: String] = [:]) {
        self.type = type
        self.ports = ports
        self.selector = selector
    }
}

/// One port of a Service.
public struct ServicePort: Sendable {
    public var name: Located<String>?
    public var port: Located<String>?
    public var targetPort: Located<String>?
    public var location: Location

    public init(name: Located<String>? = nil, port: Located<String>? = nil, targetPort: Located<String>? = nil, location: Location) {
        self.name = name
        self.port = port
        self.targetPort = targetPort
        self.location = location
    }
}

/// An `Ingress`'s spec.
public struct IngressSpec: Sendable {
    /// `rules[].host`.
    public var hosts: [Located<String>]
    /// Where `tls` is written, when it is and is not empty.
    public var tls: Location?
    /// `tls[].hosts`.
    public var tlsHosts: [Located<String>]

    public init(hosts: [Located<String>] = [], tls: Location? = nil, tlsHosts: [Located<String>] = []) {
        self.hosts = hosts
        self.tls = tls
        self.tlsHosts = tlsHosts
    }
}
