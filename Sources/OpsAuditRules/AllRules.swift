/// Every built-in rule, sorted by ID. A test checks this list against the YAML catalog one to one.
public enum AllRules {
    public static let all: [any Rule] = [
        BackupsScheduledRule(),
        DRPlanDocumentedRule(),
        CIPipelinePresentRule(),
        TestsMustBlockRule(),
        NonRootUserRule(),
        ContainerHealthcheckRule(),
        PlatformHealthCheckRule(),
        MemorySizingRule(),
        ErrorTrackingRule(),
        HealthEndpointRule(),
        RunbooksPresentRule(),
        RollbackDocumentedRule(),
        GracefulShutdownRule(),
        LoadTestingPresentRule(),
        NoCommittedSecretsRule(),
        NoCommittedEnvFilesRule(),
        NoSecretsInHistoryRule(),
    ]
}
