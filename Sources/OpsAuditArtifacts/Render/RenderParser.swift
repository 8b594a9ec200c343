import OpsAuditModel

/// Builds `RenderBlueprint`s from `render.yaml`.
public enum RenderParser {
    /// Parses a blueprint. Entries without a `name` are dropped with a diagnostic.
    public static func parse(_ file: TextFile) -> ParseResult {
        let (documents, loadDiagnostics) = YAMLLoader.load(file)
        var diagnostics = loadDiagnostics
        guard let root = documents.first else { return ParseResult(diagnostics: diagnostics) }
        guard root.isMapping else {
            return ParseResult(diagnostics: diagnostics + [Diagnostic(
                .parse, "render blueprint is not a YAML mapping", at: root.location)])
        }
        // Projects group environments, each with the same lists as the top level.
        var scopes = [root]
        for project in root["projects"]?.items ?? [] {
            scopes += project["environments"]?.items ?? []
        }
        var services: [RenderService] = []
        var databases: [RenderDatabase] = []
        var groups: [Located<String>] = []
        for scope in scopes {
            for node in scope["services"]?.items ?? [] {
                guard let name = node["name"]?.located else {
                    diagnostics.append(Diagnostic(.parse, "render service without a `name`", at: node.location))
                    continue
                }
                services.append(service(node, name: name))
            }
            for node in scope["databases"]?.items ?? [] {
                guard let name = node["name"]?.located else {
                    diagnostics.append(Diagnostic(.parse, "render database without a `name`", at: node.location))
                    continue
                }
                databases.append(database(node, name: name))
            }
            groups += scope["envVarGroups"]?.items.compactMap { $0["name"]?.located } ?? []
        }
        return ParseResult(RenderBlueprint(path: file.path, services: services, databases: databases,
                                           envVarGroups: groups),
                           diagnostics: diagnostics)
    }

    static func service(_ node: YAMLNode, name: Located<String>) -> RenderService {
        let envVarNodes = node["envVars"]?.items ?? []
        return RenderService(
            name: name,
            type: node["type"]?.located,
            runtime: (node["runtime"] ?? node["env"])?.located,
            plan: node["plan"]?.located,
            region: node["region"]?.located,
            healthCheckPath: node["healthCheckPath"]?.located,
            numInstances: node["numInstances"]?.located,
            scaling: node.keyLocation("scaling"),
            autoDeploy: (node["autoDeploy"] ?? node["autoDeployTrigger"])?.located,
            buildCommand: node["buildCommand"]?.located,
            startCommand: node["startCommand"]?.located,
            preDeployCommand: node["preDeployCommand"]?.located,
            schedule: node["schedule"]?.located,
            dockerfilePath: node["dockerfilePath"]?.located,
            envVars: envVarNodes.compactMap(envVar),
            envVarGroupRefs: envVarNodes.compactMap { $0["fromGroup"]?.located },
            disk: node["disk"].map { disk in
                RenderDisk(location: disk.location, name: disk["name"]?.located,
                           mountPath: disk["mountPath"]?.located, sizeGB: disk["sizeGB"]?.located)
            },
            ipAllowList: node.keyLocation("ipAllowList"),
            location: node.location)
    }

    static func envVar(_ node: YAMLNode) -> RenderEnvVar? {
        guard let key = node["key"]?.located else { return nil }
        return RenderEnvVar(
            key: key,
            value: node["value"]?.located,
            syncFalse: node["sync"]?.bool == false,
            generateValue: node["generateValue"]?.bool == true,
            fromDatabase: node["fromDatabase"]?["name"]?.located,
            fromService: node["fromService"]?["name"]?.located,
            fromGroup: node["fromGroup"]?.located)
    }

    static func database(_ node: YAMLNode, name: Located<String>) -> RenderDatabase {
        RenderDatabase(
            name: name,
            plan: node["plan"]?.located,
            region: node["region"]?.located,
            postgresMajorVersion: node["postgresMajorVersion"]?.located,
            ipAllowList: node.keyLocation("ipAllowList"),
            readReplicas: node["readReplicas"]?.items.count ?? 0,
            highAvailability: node["highAvailability"]?["enabled"]?.located,
            location: node.location)
    }
}
