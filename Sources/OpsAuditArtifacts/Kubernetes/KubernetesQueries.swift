import OpsAuditModel

extension RepoModel {
    public var kubernetesManifests: [KubernetesManifest] { artifacts(KubernetesManifest.self) }

    /// Every Kubernetes object of every manifest, in path order.
    public var kubernetesObjects: [KubernetesObject] { kubernetesManifests.flatMap(\.objects) }

    /// Objects that run pods (they have a pod template).
    public var kubernetesWorkloads: [KubernetesObject] { kubernetesObjects.filter { $0.workload != nil } }

    /// Objects of one kind (`"HorizontalPodAutoscaler"`).
    public func kubernetesObjects(kind: String) -> [KubernetesObject] {
        kubernetesObjects.filter { $0.kind.value == kind }
    }

    /// HorizontalPodAutoscalers whose `scaleTargetRef` names `workload` (same kind and name;
    /// namespaces compared when both say).
    public func autoscalers(for workload: KubernetesObject) -> [KubernetesObject] {
        kubernetesObjects.filter { object in
            guard let spec = object.autoscaler, let name = workload.name?.value else { return false }
            return spec.targetName?.value == name && spec.targetKind?.value == workload.kind.value
                && Self.sameNamespace(object, workload)
        }
    }

    /// PodDisruptionBudgets whose selector matches `workload`'s pods.
    public func disruptionBudgets(for workload: KubernetesObject) -> [KubernetesObject] {
        guard let pods = workload.workload else { return [] }
        return kubernetesObjects.filter { object in
            guard let budget = object.disruptionBudget else { return false }
            return pods.isSelected(by: budget.matchLabels) && Self.sameNamespace(object, workload)
        }
    }

    /// Objects without a namespace take one from where they are applied (kustomize, `-n`): unknown, so equal.
    static func sameNamespace(_ a: KubernetesObject, _ b: KubernetesObject) -> Bool {
        guard let left = a.namespace?.value, let right = b.namespace?.value else { return true }
        return left == right
    }
}

extension KubernetesObject {
    /// Database engines recognised from image names (caches such as Redis are not databases).
    static let databaseImages: [String: String] = [
        "postgres": "PostgreSQL", "postgresql": "PostgreSQL", "postgis": "PostgreSQL", "timescaledb": "PostgreSQL",
        "mysql": "MySQL", "mariadb": "MariaDB", "mongo": "MongoDB", "mongodb": "MongoDB",
        "percona-server": "MySQL", "cockroach": "CockroachDB",
    ]

    /// The containers of this workload running a database image, with the engine's name.
    public var databaseContainers: [(container: Container, engine: String)] {
        guard kind.value == "StatefulSet" || kind.value == "Deployment" else { return [] }
        return (workload?.containers ?? []).compactMap { container in
            guard let name = container.imageName, let engine = Self.databaseImages[name] else { return nil }
            return (container, engine)
        }
    }
}
