import OpsAuditModel

/// A credential as found in a commit before the scanned one: where it first appeared, by which
/// commit, and the last commit that still held it.
public struct HistoricalSecret: Sendable, Hashable {
    public var kind: SecretKind
    public var redacted: String
    /// Identity of the credential across commits (see `SecretMatch.digest`).
    public var digest: UInt64
    /// Path and line in the commit that introduced it.
    public var location: Location
    /// The commit that introduced it.
    public var introducedIn: String
    /// The newest scanned commit that still held it.
    public var lastSeenIn: String

    public init(kind: SecretKind, redacted: String, digest: UInt64, location: Location, introducedIn: String, lastSeenIn: String) {
        self.kind = kind
        self.redacted = redacted
        self.digest = digest
        self.location = location
        self.introducedIn = introducedIn
        self.lastSeenIn = lastSeenIn
    }
}

/// Every distinct credential found in the commits read before the scanned snapshot. Whether one
/// was removed since is for the rule to decide, against the snapshot's own `secretMatches`.
public struct SecretHistory: Sendable {
    /// How many commits were read.
    public var commitsScanned: Int
    /// One entry per distinct credential, in order of first appearance.
    public var secrets: [HistoricalSecret]

    public init(commitsScanned: Int, secrets: [HistoricalSecret]) {
        self.commitsScanned = commitsScanned
        self.secrets = secrets
    }

    /// Collects commits oldest first.
    public struct Builder: Sendable {
        private var secrets: [HistoricalSecret] = []
        private var index: [UInt64: Int] = [:]
        private var commits = 0

        public init() {}

        /// Adds the matches found in one commit (the next newer one).
        public mutating func add(commit: String, matches: [SecretMatch]) {
            commits += 1
            for match in matches.sorted(by: { $0.location < $1.location }) {
                if let position = index[match.digest] {
                    secrets[position].lastSeenIn = commit
                } else {
                    index[match.digest] = secrets.count
                    secrets.append(HistoricalSecret(kind: match.kind, redacted: match.redacted, digest: match.digest,
                                                    location: match.location, introducedIn: commit, lastSeenIn: commit))
                }
            }
        }

        public func build() -> SecretHistory { SecretHistory(commitsScanned: commits, secrets: secrets) }
    }
}
