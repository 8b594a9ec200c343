import OpsAuditModel

/// Builds `KubernetesManifest`s from YAML files whose documents have `apiVersion` and `kind`.
public enum KubernetesParser {
    /// Kinds whose `spec.template.spec` is a pod spec.
    static let templatedWorkloads: Set<String> = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job",
                                                  "ReplicationController", "Rollout", "DeploymentConfig"]

    /// Parses an unclassified YAML file that may be a manifest. A file with no Kubernetes
    /// document yields nothing and no diagnostic: most YAML files are something else, and
    /// their syntax is not ours to judge.
    public static func sniff(_ file: TextFile) -> ParseResult {
        guard mayHoldObjects(file) else { return ParseResult() }
        let result = parse(file)
        guard let manifest = result.artifacts.first as? KubernetesManifest, !manifest.objects.isEmpty else {
            return ParseResult()
        }
        return result
    }

    /// Parses a file known to be a manifest: its YAML problems are reported.
    public static func parse(_ file: TextFile) -> ParseResult {
        let (documents, diagnostics) = YAMLLoader.load(file)
        var objects: [KubernetesObject] = []
        for document in documents {
            guard isObject(document) else { continue }
            if document["kind"]?.string == "List" || document["kind"]?.string?.hasSuffix("List") == true,
               let items = document["items"], items.isSequence {
                objects += items.items.filter(isObject).map(object)
            } else {
                objects.append(object(document))
            }
        }
        return ParseResult(KubernetesManifest(path: file.path, objects: objects), diagnostics: diagnostics)
    }

    /// Cheap check before loading: both keys at the start of some line.
    static func mayHoldObjects(_ file: TextFile) -> Bool {
        var apiVersion = false, kind = false
        for number in 1...file.lineCount {
            let line = file.line(number)
            let trimmed = line.drop { $0 == " " || $0 == "-" }
            if trimmed.hasPrefix("apiVersion:") { apiVersion = true }
            if trimmed.hasPrefix("kind:") { kind = true }
            if apiVersion && kind { return true }
        }
        return false
    }

    static func isObject(_ node: YAMLNode) -> Bool {
        guard let apiVersion = node["apiVersion"]?.string, let kind = node["kind"]?.string else { return false }
        return !apiVersion.isEmpty && !kind.isEmpty
    }

    static func object(_ node: YAMLNode) -> KubernetesObject {
        let kind = node["kind"]!.located!
        let metadata = node["metadata"]
        let spec = node["spec"]
        var object = KubernetesObject(
            apiVersion: node["apiVersion"]!.located!, kind: kind,
            name: metadata?["name"]?.located, namespace: metadata?["namespace"]?.located,
            location: node.location, labels: stringMap(metadata?["labels"]))
        switch kind.value {
        case "Pod":
            object.workload = spec.map(podTemplate)
            object.workload?.podLabels = object.labels
        case "CronJob":
            object.schedule = spec?["schedule"]?.located
            let template = spec?["jobTemplate"]?["spec"]?["template"]
            object.workload = template?["spec"].map(podTemplate)
            object.workload?.podLabels = stringMap(template?["metadata"]?["labels"])
        case let name where templatedWorkloads.contains(name):
            object.workload = spec?["template"]?["spec"].map(podTemplate)
            object.workload?.podLabels = stringMap(spec?["template"]?["metadata"]?["labels"])
            object.replicas = spec?["replicas"]?.located
            object.strategy = (spec?["strategy"] ?? spec?["updateStrategy"])?["type"]?.located
            object.volumeClaimTemplates = spec?["volumeClaimTemplates"]?.items.compactMap { $0["metadata"]?["name"]?.located } ?? []
        case "HorizontalPodAutoscaler":
            object.autoscaler = HorizontalPodAutoscalerSpec(
                targetKind: spec?["scaleTargetRef"]?["kind"]?.located, targetName: spec?["scaleTargetRef"]?["name"]?.located,
                minReplicas: spec?["minReplicas"]?.located, maxReplicas: spec?["maxReplicas"]?.located)
        case "PodDisruptionBudget":
            object.disruptionBudget = PodDisruptionBudgetSpec(
                matchLabels: stringMap(spec?["selector"]?["matchLabels"]),
                minAvailable: spec?["minAvailable"]?.located, maxUnavailable: spec?["maxUnavailable"]?.located)
        case "Service":
            object.service = ServiceSpec(
                type: spec?["type"]?.located,
                ports: spec?["ports"]?.items.map { port in
                    ServicePort(name: port["name"]?.located, port: port["port"]?.located,
                                targetPort: port["targetPort"]?.located, location: port.location)
                } ?? [],
                selector: stringMap(spec?["selector"]))
        case "Ingress":
            let tls = spec?["tls"]
            object.ingress = IngressSpec(
                hosts: spec?["rules"]?.items.compactMap { $0["host"]?.located } ?? [],
                tls: (tls?.items.isEmpty ?? true) ? nil : spec?.keyLocation("tls"),
                tlsHosts: tls?.items.flatMap { $0["hosts"]?.items.compactMap(\.located) ?? [] } ?? [])
        default:
            break
        }
        return object
    }

    static func podTemplate(_ spec: YAMLNode) -> PodTemplate {
        PodTemplate(
            containers: spec["containers"]?.items.filter(\.isMapping).map(container) ?? [],
            initContainers: spec["initContainers"]?.items.filter(\.isMapping).map(container) ?? [],
            securityContext: spec["securityContext"].flatMap(securityContext),
            serviceAccountName: (spec["serviceAccountName"] ?? spec["serviceAccount"])?.located,
            automountServiceAccountToken: locatedBool(spec["automountServiceAccountToken"]),
            restartPolicy: spec["restartPolicy"]?.located,
            persistentVolumeClaims: spec["volumes"]?.items.compactMap { $0["persistentVolumeClaim"]?["claimName"]?.located } ?? [],
            location: spec.location)
    }

    static func container(_ node: YAMLNode) -> Container {
        let commandNodes = node["command"]?.items.filter(\.isScalar) ?? []
        let argNodes = node["args"]?.items.filter(\.isScalar) ?? []
        let resources = node["resources"].flatMap { resources -> ContainerResources? in
            guard resources.isMapping else { return nil }
            return ContainerResources(requests: amounts(resources["requests"]), limits: amounts(resources["limits"]),
                                      location: resources.location)
        }
        return Container(
            name: node["name"]?.located,
            image: node["image"]?.located,
            livenessProbe: probe(node, "livenessProbe"),
            readinessProbe: probe(node, "readinessProbe"),
            startupProbe: probe(node, "startupProbe"),
            resources: resources,
            securityContext: node["securityContext"].flatMap(securityContext),
            env: node["env"]?.items.compactMap(envVar) ?? [],
            command: commandNodes.compactMap(\.located),
            args: argNodes.compactMap(\.located),
            commands: shellCommands(commandNodes + argNodes),
            location: node.location)
    }

    /// Shells that take a script after `-c`.
    static let shells: Set<String> = ["sh", "bash", "ash", "dash", "zsh"]

    /// `["sh", "-c", "script"]` (in `command`, `args` or split across both) splits the script;
    /// anything else is one command of those words.
    static func shellCommands(_ words: [YAMLNode]) -> [ShellCommand] {
        guard let first = words.first, let firstText = first.string else { return [] }
        let program = firstText.split(separator: "/").last.map(String.init) ?? firstText
        if shells.contains(program) {
            var index = 1
            while index < words.count, let flag = words[index].string, flag.hasPrefix("-") {
                if flag.hasPrefix("-") && flag.contains("c") && !flag.hasPrefix("--"), index + 1 < words.count,
                   let script = words[index + 1].embeddedScript {
                    return ShellScript.commands(in: script)
                }
                index += 1
            }
        }
        let texts = words.compactMap(\.string)
        return [ShellCommand(text: texts.joined(separator: " "), location: first.location, words: texts)]
    }

    static func probe(_ container: YAMLNode, _ key: String) -> Probe? {
        guard let node = container[key], let location = container.keyLocation(key) else { return nil }
        if let http = node["httpGet"] {
            return Probe(kind: .httpGet, path: http["path"]?.located, port: http["port"]?.located, location: location)
        }
        if let tcp = node["tcpSocket"] { return Probe(kind: .tcpSocket, port: tcp["port"]?.located, location: location) }
        if let grpc = node["grpc"] { return Probe(kind: .grpc, port: grpc["port"]?.located, location: location) }
        if let exec = node["exec"] {
            return Probe(kind: .exec, command: exec["command"]?.items.compactMap(\.located) ?? [], location: location)
        }
        return Probe(kind: .unknown, location: location)
    }

    static func amounts(_ node: YAMLNode?) -> ResourceAmounts {
        ResourceAmounts(cpu: node?["cpu"]?.located, memory: node?["memory"]?.located)
    }

    static func securityContext(_ node: YAMLNode) -> SecurityContext? {
        guard node.isMapping else { return nil }
        let capabilities = node["capabilities"]
        return SecurityContext(
            runAsNonRoot: locatedBool(node["runAsNonRoot"]),
            runAsUser: node["runAsUser"].flatMap { user in user.int.map { Located($0, at: user.location) } },
            readOnlyRootFilesystem: locatedBool(node["readOnlyRootFilesystem"]),
            allowPrivilegeEscalation: locatedBool(node["allowPrivilegeEscalation"]),
            privileged: locatedBool(node["privileged"]),
            capabilitiesDrop: capabilities?["drop"]?.items.compactMap(\.located) ?? [],
            capabilitiesAdd: capabilities?["add"]?.items.compactMap(\.located) ?? [],
            location: node.location)
    }

    static func envVar(_ node: YAMLNode) -> ContainerEnvVar? {
        guard let name = node["name"]?.located else { return nil }
        let valueFrom = node["valueFrom"]
        return ContainerEnvVar(name: name, value: node["value"]?.located,
                               fromSecret: valueFrom?["secretKeyRef"] != nil, isReference: valueFrom != nil)
    }

    static func locatedBool(_ node: YAMLNode?) -> Located<Bool>? {
        guard let node, let value = node.bool else { return nil }
        return Located(value, at: node.location)
    }

    static func stringMap(_ node: YAMLNode?) -> [String: String] {
        var result: [String: String] = [:]
        for pair in node?.pairs ?? [] {
            if let key = pair.key.string, let value = pair.value.string { result[key] = value }
        }
        return result
    }
}
