/// The subset of SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/) opsaudit writes,
/// as Codable types whose property names are SARIF's: a log with one run.
public struct SARIFLog: Codable, Sendable, Equatable {
    public var schema: String
    public var version: String
    public var runs: [Run]

    enum CodingKeys: String, CodingKey {
        case schema = "$schema"
        case version, runs
    }

    /// One invocation of the tool and its results.
    public struct Run: Codable, Sendable, Equatable {
        public var tool: Tool
        public var automationDetails: AutomationDetails
        public var invocations: [Invocation]
        public var originalUriBaseIds: [String: ArtifactLocation]
        public var columnKind: String
        public var results: [Result]
        public var properties: RunProperties
    }

    /// What was scanned and how it scored (SARIF's `versionControlDetails` needs a repository
    /// URI the report does not have, so commit and branch are kept here).
    public struct RunProperties: Codable, Sendable, Equatable {
        public var target: String
        public var commit: String?
        public var branch: String?
        public var overallScore: String
        public var maturityLevel: Int
        /// Results left out beyond GitHub's per-run limit (least severe first), when any.
        public var omittedResults: Int?
    }

    /// The analysis tool.
    public struct Tool: Codable, Sendable, Equatable {
        public var driver: Driver
    }

    /// The tool component that ran the rules, with the rules' metadata.
    public struct Driver: Codable, Sendable, Equatable {
        public var name: String
        public var version: String
        public var semanticVersion: String?
        public var informationUri: String
        public var rules: [ReportingDescriptor]
    }

    /// A rule's metadata (SARIF `reportingDescriptor`).
    public struct ReportingDescriptor: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var shortDescription: Message
        public var fullDescription: Message
        public var help: MultiformatMessage
        public var helpUri: String?
        public var defaultConfiguration: Configuration
        public var properties: RuleProperties
    }

    /// Plain-text message.
    public struct Message: Codable, Sendable, Equatable {
        public var text: String
    }

    /// Text with a Markdown rendering beside it.
    public struct MultiformatMessage: Codable, Sendable, Equatable {
        public var text: String
        public var markdown: String
    }

    /// A rule's default level.
    public struct Configuration: Codable, Sendable, Equatable {
        public var level: String
    }

    /// A rule's property bag: what GitHub code scanning reads (`tags`, `security-severity`) and ours.
    public struct RuleProperties: Codable, Sendable, Equatable {
        public var category: String
        public var severity: String
        public var maturityLevel: Int
        public var tags: [String]
        /// `9.0`, `7.0`…: GitHub's severity scale for security alerts, for security rules only.
        public var securitySeverity: String?

        enum CodingKeys: String, CodingKey {
            case category, severity, maturityLevel, tags
            case securitySeverity = "security-severity"
        }
    }

    /// Identifies the kind of analysis, so uploads of the same kind replace each other.
    public struct AutomationDetails: Codable, Sendable, Equatable {
        public var id: String
    }

    /// Whether the run completed.
    public struct Invocation: Codable, Sendable, Equatable {
        public var executionSuccessful: Bool
    }

    /// A file location, relative to a base such as `%SRCROOT%`.
    public struct ArtifactLocation: Codable, Sendable, Equatable {
        public var uri: String?
        public var uriBaseId: String?
        public var description: Message?
    }

    /// One finding.
    public struct Result: Codable, Sendable, Equatable {
        public var ruleId: String
        public var ruleIndex: Int
        public var level: String
        public var message: Message
        public var locations: [Location]
        public var relatedLocations: [Location]?
        public var partialFingerprints: Fingerprints
        public var suppressions: [Suppression]?
        /// `new` or `unchanged` when the scan compared against a baseline.
        public var baselineState: String?
        public var properties: ResultProperties
    }

    /// A place a result points at.
    public struct Location: Codable, Sendable, Equatable {
        public var id: Int?
        public var physicalLocation: PhysicalLocation
        public var message: Message?
    }

    /// A file and a region in it.
    public struct PhysicalLocation: Codable, Sendable, Equatable {
        public var artifactLocation: ArtifactLocation
        public var region: Region
    }

    /// Lines and columns (Unicode code points, see `columnKind`).
    public struct Region: Codable, Sendable, Equatable {
        public var startLine: Int
        public var startColumn: Int?
        public var endLine: Int?
        public var snippet: Message?
    }

    /// Identities that survive line moves, so code scanning tracks an alert across commits.
    public struct Fingerprints: Codable, Sendable, Equatable {
        public var opsauditV1: String

        enum CodingKeys: String, CodingKey {
            case opsauditV1 = "opsaudit/v1"
        }
    }

    /// Why a result is not an open problem.
    public struct Suppression: Codable, Sendable, Equatable {
        /// `inSource` for a comment in the file, `external` for configuration and baselines.
        public var kind: String
        public var justification: String
        /// Where the suppression is declared.
        public var location: Location?
    }

    /// A result's property bag.
    public struct ResultProperties: Codable, Sendable, Equatable {
        public var confidence: String
        /// True when the finding concerns the repository as a whole and `locations` only anchors it.
        public var repositoryWide: Bool?
    }
}
