import Foundation
import OpsAuditArtifacts
import OpsAuditModel
import OpsAuditRules

/// What a scan needs besides the repository: limits, policy and the fixed parts of the report.
public struct ScanOptions: Sendable {
    public var limits = SourceLimits()
    /// The target as the user named it (reports show this, never an absolute path).
    public var targetPath = "."
    /// ISO 8601 time written into the report; nil means now.
    public var timestamp: String?
    public var toolVersion = OpsAudit.version
    /// Rules not run at all (not listed in the report).
    public var disabledRules: Set<RuleID> = []
    /// Severity per rule, replacing the catalog's.
    public var severityOverrides: [RuleID: Severity] = [:]
    /// Category weights for the overall score (missing ones weigh 1).
    public var categoryWeights: [Category: Double] = [:]
    /// Threads for reading, parsing and rules; nil uses every core. The report is the same
    /// bytes whatever the value (a test holds it to that).
    public var parallelism: Int?

    public init() {}
}

/// The whole pipeline for one repository: source → inventory → artifacts → model → rules →
/// policy → scoring → `Report`.
public struct Scanner: Sendable {
    public let catalog: Catalog
    public let rules: [any Rule]

    public init(catalog: Catalog = .embedded, rules: [any Rule] = AllRules.all) {
        self.catalog = catalog
        self.rules = rules
    }

    /// Everything a scan produced: the report, and the model for callers that inspect it (tests,
    /// `inventory`).
    public struct Result: Sendable {
        public var report: Report
        public var model: RepoModel
    }

    /// Scans a repository. Throws only when the target as a whole cannot be listed.
    public func scan(_ source: some RepoSource, options: ScanOptions = ScanOptions()) throws(SourceError) -> Result {
        let listing = try source.list()
        let (model, inventory) = buildModel(source: source, listing: listing, limits: options.limits,
                                              parallelism: options.parallelism)
        let evaluations = evaluate(model, options: options, texts: TextLookup(model: model, source: source, listing: listing))
        let report = ReportBuilder(catalog: catalog, options: options).build(
            evaluations: evaluations, model: model, inventory: inventory, listing: listing,
            targetName: source.displayName)
        return Result(report: report, model: model)
    }

    // MARK: Reading

    func buildModel(source: some RepoSource, listing: SourceListing, limits: SourceLimits,
                    parallelism: Int? = nil) -> (RepoModel, Inventory) {
        let kinds = Classifier.classify(paths: listing.files.map(\.path))
        var toRead: [(ListedFile, RepoFile)] = []
        var files: [RepoFile] = []
        var skipped = listing.skipped
        var diagnostics = listing.diagnostics
        var budget = limits.maxTotalBytes
        // The source lists some files (too large, over its budget) both as present and as skipped:
        // they exist for the rules, but are not read, and are counted once.
        let skippedBySource = Set(listing.skipped.map(\.path))
        for listed in listing.files {
            guard let (kind, language) = kinds[listed.path] else { continue }
            let file = RepoFile(path: listed.path, kind: kind, size: listed.size, isTracked: listed.isTracked, language: language)
            files.append(file)
            if skippedBySource.contains(listed.path) { continue }
            if listed.size > limits.maxFileSize {
                skipped.append(SkippedFile(path: listed.path, reason: .tooLarge))
                continue
            }
            guard listed.size <= budget else {
                skipped.append(SkippedFile(path: listed.path, reason: .byteLimit))
                continue
            }
            budget -= listed.size
            toRead.append((listed, file))
        }
        if skipped.contains(where: { $0.reason == .byteLimit }) {
            diagnostics.append(Diagnostic(.limit, "read budget of \(limits.maxTotalBytes) bytes reached; later files were not read"))
        }
        let maxSize = limits.maxFileSize
        let outcomes: [(FileAnalysis?, SkippedFile?)] = parallelMap(toRead, parallelism: parallelism) { listed, file in
            guard let bytes = source.read(listed) else { return (nil, SkippedFile(path: file.path, reason: .unreadable)) }
            return (FileAnalyzer.analyze(file, bytes: Array(bytes.prefix(maxSize))), nil)
        }
        var analyses: [FileAnalysis] = []
        for (analysis, skip) in outcomes {
            if let analysis { analyses.append(analysis) }
            if let skip { skipped.append(skip) }
        }
        var model = RepoModel(files: files, analyses: analyses)
        model.sourceDiagnostics = diagnostics.sorted()
        model.knowsTracking = listing.knowsTracking

        var byKind: [String: [String]] = [:]
        for file in model.files where file.kind != .source && file.kind != .other {
            byKind[file.kind.rawValue, default: []].append(file.path)
        }
        var byReason: [String: Int] = [:]
        for skip in skipped { byReason[skip.reason.rawValue, default: 0] += 1 }
        let inventory = Inventory(
            filesSeen: Set(listing.files.map(\.path)).union(listing.skipped.map(\.path)).count,
            filesRead: analyses.count,
            filesSkipped: skipped.count,
            skippedByReason: byReason,
            filesByKind: byKind,
            sourceFiles: model.files(.source).count)
        return (model, inventory)
    }

    // MARK: Rules and policy

    /// One rule's outcome with its catalog entry, after policy (suppressions, severity overrides).
    struct Evaluation: Sendable {
        var metadata: RuleMetadata
        var severity: Severity
        var outcome: Outcome
        var findings: [ReportFinding]
    }

    func evaluate(_ model: RepoModel, options: ScanOptions, texts: TextLookup) -> [Evaluation] {
        let active = rules.filter { !options.disabledRules.contains($0.id) }
        let outcomes = parallelMap(active.indices.map { $0 }, parallelism: options.parallelism) { index in active[index].evaluate(model) }
        let suppressions = InlineSuppressions(texts: texts, catalog: catalog)
        var result: [Evaluation] = []
        for (rule, outcome) in zip(active, outcomes) {
            guard let metadata = catalog.rule(rule.id) else { continue }
            let severity = options.severityOverrides[rule.id] ?? metadata.severity
            var fingerprints: [String: Int] = [:]
            var findings: [ReportFinding] = []
            for finding in outcome.findings.sorted(by: Self.findingOrder) {
                let snippet = finding.snippet.map(SecretRedactor.redact) ?? Self.snippet(for: finding.location, in: texts)
                var fingerprint = Self.fingerprint(rule: rule.id, finding: finding, snippet: snippet)
                let seen = fingerprints[fingerprint, default: 0]
                fingerprints[fingerprint] = seen + 1
                if seen > 0 { fingerprint += ":\(seen + 1)" }
                findings.append(ReportFinding(
                    ruleID: rule.id, severity: severity, message: SecretRedactor.redact(finding.message),
                    location: finding.location, related: finding.related, confidence: finding.confidence,
                    snippet: snippet, fingerprint: fingerprint,
                    suppression: finding.location.flatMap { suppressions.reason(for: metadata, at: $0) }))
            }
            var effective = outcome
            if outcome.status == .failed, !findings.isEmpty, findings.allSatisfy({ $0.suppression != nil }) {
                // Every finding was accepted with a reason: the rule counts as met, and says why.
                let reasons = Set(findings.compactMap(\.suppression)).sorted().joined(separator: "; ")
                effective = .passed(outcome.evidence + [Evidence("\(findings.count) finding(s) suppressed: \(reasons)")])
            }
            result.append(Evaluation(metadata: metadata, severity: severity, outcome: effective, findings: findings))
        }
        return result.sorted { $0.metadata.id < $1.metadata.id }
    }

    static func findingOrder(_ a: Finding, _ b: Finding) -> Bool {
        switch (a.location, b.location) {
        case let (l?, r?) where l != r: return l < r
        case (nil, _?): return true
        case (_?, nil): return false
        default: return a.message < b.message
        }
    }

    /// The trimmed source line at a location, secrets redacted, at most 240 characters.
    static func snippet(for location: Location?, in texts: TextLookup) -> String? {
        guard let location, let text = texts.text(of: location.path) else { return nil }
        let line = text.line(location.line).trimmingCharacters(in: .whitespaces)
        guard !line.isEmpty else { return nil }
        let clipped = line.count > 240 ? String(line.prefix(240)) + "…" : line
        return SecretRedactor.redact(clipped)
    }

    /// Rule + path + whitespace-normalised content (or message): survives line moves.
    static func fingerprint(rule: RuleID, finding: Finding, snippet: String?) -> String {
        var hasher = FNV1a()
        hasher.combine(rule.rawValue)
        hasher.combine(finding.location?.path ?? "")
        let content = finding.fingerprintKey ?? snippet ?? finding.message
        hasher.combine(content.split(whereSeparator: \.isWhitespace).joined(separator: " "))
        return String(hasher.value, radix: 16).leftPadded(to: 16)
    }
}

/// The text of files that findings point at. Configuration files keep their text in the model;
/// the few other files a finding cites (source files) are read again, once, on demand.
final class TextLookup: @unchecked Sendable {
    private let model: RepoModel
    private let source: any RepoSource
    private let listed: [String: ListedFile]
    private var extra: [String: TextFile?] = [:]
    private let lock = NSLock()

    init(model: RepoModel, source: any RepoSource, listing: SourceListing) {
        self.model = model
        self.source = source
        self.listed = Dictionary(listing.files.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
    }

    func text(of path: String) -> TextFile? {
        if let text = model.text(of: path) { return text }
        lock.lock()
        defer { lock.unlock() }
        if let cached = extra[path] { return cached }
        var text: TextFile?
        if let file = listed[path], let bytes = source.read(file), case let .text(decoded, _) = TextFile.decode(path: path, bytes: bytes) {
            text = decoded
        }
        extra[path] = text
        return text
    }
}

/// The tool's own identity.
public enum OpsAudit {
    public static let version = "0.1.0"
}
