import OpsAuditModel

/// A Render Blueprint (`render.yaml`): services, databases and environment groups.
public struct RenderBlueprint: Artifact {
    public var path: String
    /// Top-level services plus those of every `projects[].environments[]`.
    public var services: [RenderService]
    public var databases: [RenderDatabase]
    /// Names of `envVarGroups`.
    public var envVarGroups: [Located<String>]
}

/// One entry of a blueprint's `services` (web service, worker, private service, cron job, key value).
public struct RenderService: Sendable {
    public var name: Located<String>
    /// `web`, `worker`, `pserv`, `cron`, `keyvalue` or `redis`.
    public var type: Located<String>?
    /// `runtime:`, or the older `env:` spelling.
    public var runtime: Located<String>?
    public var plan: Located<String>?
    public var region: Located<String>?
    public var healthCheckPath: Located<String>?
    public var numInstances: Located<String>?
    /// Where `scaling:` (autoscaling) is written, when present.
    public var scaling: Location?
    /// `autoDeploy:` as written (`true`/`false`), or `autoDeployTrigger:`.
    public var autoDeploy: Located<String>?
    public var buildCommand: Located<String>?
    public var startCommand: Located<String>?
    public var preDeployCommand: Located<String>?
    /// Cron expression of a `cron` service.
    public var schedule: Located<String>?
    public var dockerfilePath: Located<String>?
    public var envVars: [RenderEnvVar]
    /// Names of `fromGroup` environment groups the service links.
    public var envVarGroupRefs: [Located<String>]
    public var disk: RenderDisk?
    /// Where `ipAllowList:` is written (key value services).
    public var ipAllowList: Location?
    /// Where the service's mapping starts.
    public var location: Location

    public var hasScaling: Bool { scaling != nil }
}

/// One `envVars` entry of a service or environment group.
public struct RenderEnvVar: Sendable {
    public var key: Located<String>
    /// A literal `value:`.
    public var value: Located<String>?
    /// `sync: false`: the value is set in the dashboard, not in the file.
    public var syncFalse: Bool
    /// `generateValue: true`.
    public var generateValue: Bool
    /// `fromDatabase.name`.
    public var fromDatabase: Located<String>?
    /// `fromService.name`.
    public var fromService: Located<String>?
    /// `fromGroup` (an environment group linked by this entry).
    public var fromGroup: Located<String>?
}

/// A persistent disk attached to a service.
public struct RenderDisk: Sendable {
    public var location: Location
    public var name: Located<String>?
    public var mountPath: Located<String>?
    public var sizeGB: Located<String>?
}

/// One entry of a blueprint's `databases` (Render Postgres).
public struct RenderDatabase: Sendable {
    public var name: Located<String>
    public var plan: Located<String>?
    public var region: Located<String>?
    public var postgresMajorVersion: Located<String>?
    /// Where `ipAllowList:` is written, when present.
    public var ipAllowList: Location?
    public var readReplicas: Int
    /// `highAvailability.enabled` as written.
    public var highAvailability: Located<String>?
    public var location: Location

    public var hasIPAllowList: Bool { ipAllowList != nil }
}

extension RepoModel {
    /// Every parsed Render Blueprint, in path order.
    public var renderBlueprints: [RenderBlueprint] { artifacts(RenderBlueprint.self) }
}
