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
    /// Credentials found in earlier commits (`--history-depth`), handed to the model for SEC-012.
    public var secretHistory: SecretHistory?
    /// Paths never read (`exclude` of `.opsaudit.yml`, gitignore syntax).
    public var exclude = IgnoreMatcher()
    /// Findings accepted by configuration, per rule and path glob.
    public var configSuppressions: [ConfigSuppression] = []
    /// Known findings: each finding is marked new or known.
    public var baseline: Baseline?
    /// Baselined findings are suppressed (kind `baseline`), so only new ones count for scores and the gate.
    public var newOnly = false
    /// Declarative rules from the configuration's `custom_rules` directories.
    public var customRules: [DeclarativeRule] = []
    /// Report options from the configuration.
    public var reportTitle: String?
    public var reportClient: String?
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
    /// Analyses by git blob id, reused across scans of one repository's revisions (history replay).
    public var analysisCache: AnalysisCache?

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
        var listing = try source.list()
        if !options.exclude.isEmpty {
            listing.files.removeAll { options.exclude.isIgnored($0.path, isDirectory: false) }
            listing.skipped.removeAll { options.exclude.isIgnored($0.path, isDirectory: false) }
        }
        var (model, inventory) = buildModel(source: source, listing: listing, limits: options.limits,
                                            parallelism: options.parallelism)
        model.secretHistory = options.secretHistory
        let catalog = options.customRules.isEmpty ? self.catalog : Catalog(rules: self.catalog.rules + options.customRules.map(\.metadata))
        let policy = evaluate(model, options: options, texts: TextLookup(model: model, source: source, listing: listing), catalog: catalog)
        let report = ReportBuilder(catalog: catalog, options: options).build(
            evaluations: policy.evaluations, model: model, inventory: inventory, listing: listing,
            targetName: source.displayName, policyDiagnostics: policy.diagnostics, baseline: policy.baseline)
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
        let cache = analysisCache
        let outcomes: [(FileAnalysis?, SkippedFile?)] = parallelMap(toRead, parallelism: parallelism) { listed, file in
            if let cache, let blobID = listed.blobID, let hit = cache.lookup(blobID: blobID, file: file) { return (hit, nil) }
            guard let bytes = source.read(listed) else { return (nil, SkippedFile(path: file.path, reason: .unreadable)) }
            let analysis = FileAnalyzer.analyze(file, bytes: Array(bytes.prefix(maxSize)))
            if let cache, let blobID = listed.blobID { cache.store(analysis, blobID: blobID) }
            return (analysis, nil)
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
        // YAML files recognised by their content are listed under what they turned out to be.
        let sniffedKubernetes = Set(model.kubernetesManifests.map(\.path))
        for file in model.files where file.kind != .source && file.kind != .other {
            let kind = file.kind == .yamlCandidate && sniffedKubernetes.contains(file.path) ? FileKind.kubernetes : file.kind
            byKind[kind.rawValue, default: []].append(file.path)
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

    /// The rules' evaluations after policy, with the policy's own diagnostics (suppressions
    /// without reason, stale ones) and the comparison with the baseline.
    struct PolicyResult {
        var evaluations: [Evaluation]
        var diagnostics: [Diagnostic]
        var baseline: BaselineSummary?
    }

    /// A rule to run: built-in (`Rule`) or declarative, with the same signature.
    private struct Check: Sendable {
        var id: RuleID
        var run: @Sendable (RepoModel, TextLookup) -> Outcome
    }

    func evaluate(_ model: RepoModel, options: ScanOptions, texts: TextLookup, catalog: Catalog) -> PolicyResult {
        var checks = rules.map { rule in Check(id: rule.id) { model, _ in rule.evaluate(model) } }
        checks += options.customRules.map { rule in Check(id: rule.metadata.id) { model, texts in rule.evaluate(model, texts: texts) } }
        let active = checks.filter { !options.disabledRules.contains($0.id) }
        let outcomes = parallelMap(active.indices.map { $0 }, parallelism: options.parallelism) { index in active[index].run(model, texts) }
        let suppressions = InlineSuppressions(texts: texts, catalog: catalog)
        let known = Set(options.baseline?.entries.map(\.fingerprint) ?? [])
        var usedConfig: Set<Location> = []
        var seenFingerprints: Set<String> = []
        var result: [Evaluation] = []
        for (check, outcome) in zip(active, outcomes) {
            guard let metadata = catalog.rule(check.id) else { continue }
            let severity = options.severityOverrides[check.id] ?? metadata.severity
            var fingerprints: [String: Int] = [:]
            var findings: [ReportFinding] = []
            for finding in outcome.findings.sorted(by: Self.findingOrder) {
                let snippet = finding.snippet.map(SecretRedactor.redact) ?? Self.snippet(for: finding.location, in: texts)
                var fingerprint = Self.fingerprint(rule: check.id, finding: finding, snippet: snippet)
                let seen = fingerprints[fingerprint, default: 0]
                fingerprints[fingerprint] = seen + 1
                if seen > 0 { fingerprint += ":\(seen + 1)" }
                seenFingerprints.insert(fingerprint)
                var reason: String?
                var source: SuppressionSource?
                if let location = finding.location, let inline = suppressions.match(for: metadata, at: location) {
                    reason = inline.reason
                    source = SuppressionSource(kind: .inline, location: inline.location)
                } else if let (entry, pattern) = options.configSuppressions.lazy.filter({ $0.rule == check.id })
                    .compactMap({ entry in entry.match(finding.location).map { (entry, $0) } }).first {
                    reason = entry.reason
                    source = SuppressionSource(kind: .config, location: pattern.location)
                    usedConfig.insert(pattern.location)
                }
                var state: BaselineState?
                if let baseline = options.baseline, reason == nil {
                    state = known.contains(fingerprint) ? .known : .new
                    if state == .known, options.newOnly {
                        reason = "known finding, recorded in the baseline `\(baseline.path)`"
                        source = SuppressionSource(kind: .baseline, location: baseline.location(of: fingerprint))
                    }
                }
                findings.append(ReportFinding(
                    ruleID: check.id, severity: severity, message: SecretRedactor.redact(finding.message),
                    location: finding.location, related: finding.related, confidence: finding.confidence,
                    snippet: snippet, fingerprint: fingerprint, suppression: reason, suppressedBy: source, baseline: state))
            }
            var effective = outcome
            if outcome.status == .failed, !findings.isEmpty, findings.allSatisfy({ $0.suppression != nil }) {
                // Every finding was accepted with a reason: the rule counts as met, and says why.
                let reasons = Set(findings.compactMap(\.suppression)).sorted().joined(separator: "; ")
                effective = .passed(outcome.evidence + [Evidence("\(findings.count) finding(s) suppressed: \(reasons)")])
            }
            result.append(Evaluation(metadata: metadata, severity: severity, outcome: effective, findings: findings))
        }

        // Policy problems: inline directives without reason, naming unknown rules, or stale; config
        // ignore globs that matched nothing.
        let paths = Set(model.files.map(\.path).filter { model.text(of: $0) != nil } + result.flatMap { $0.findings.compactMap(\.location?.path) })
        var diagnostics = suppressions.diagnostics(paths: paths.sorted(), activeRules: Set(active.map(\.id)))
        let ran = Set(active.map(\.id))
        for entry in options.configSuppressions where ran.contains(entry.rule) {
            for pattern in entry.patterns where !usedConfig.contains(pattern.location) {
                diagnostics.append(Diagnostic(.config, "stale suppression: \(entry.rule) reports nothing matching `\(pattern.text)`; remove it from `ignore`", at: pattern.location))
            }
        }
        var summary: BaselineSummary?
        if let baseline = options.baseline {
            let all = result.flatMap(\.findings)
            let fixed = baseline.entries.filter { !seenFingerprints.contains($0.fingerprint) }
            summary = BaselineSummary(path: baseline.path, newFindings: all.count { $0.baseline == .new },
                                      knownFindings: all.count { $0.baseline == .known || $0.suppressedBy?.kind == .baseline },
                                      fixedFindings: fixed.count, fixed: fixed)
        }
        return PolicyResult(evaluations: result.sorted { $0.metadata.id < $1.metadata.id }, diagnostics: diagnostics, baseline: summary)
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
