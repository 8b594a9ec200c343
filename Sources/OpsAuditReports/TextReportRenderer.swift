import OpsAuditModel

/// How the text summary decorates words; the CLI supplies colours, the library stays colour-free.
public struct TextStyle: Sendable {
    public var bold: @Sendable (String) -> String
    public var dim: @Sendable (String) -> String
    public var red: @Sendable (String) -> String
    public var yellow: @Sendable (String) -> String
    public var green: @Sendable (String) -> String

    public init(bold: @escaping @Sendable (String) -> String, dim: @escaping @Sendable (String) -> String,
                red: @escaping @Sendable (String) -> String, yellow: @escaping @Sendable (String) -> String,
                green: @escaping @Sendable (String) -> String) {
        self.bold = bold
        self.dim = dim
        self.red = red
        self.yellow = yellow
        self.green = green
    }

    /// No decoration at all: for pipes, files and tests.
    public static let plain = TextStyle(bold: { $0 }, dim: { $0 }, red: { $0 }, yellow: { $0 }, green: { $0 })
}

/// Renders the compact terminal summary: headline, category scores, top findings, counts, gate.
public enum TextReportRenderer {
    public static func render(_ report: Report, style: TextStyle, maxFindings: Int = 10) -> String {
        var lines: [String] = []
        let summary = report.summary
        lines.append(style.bold("opsaudit \(clean(report.target.name)) — overall \(ReportFormat.score(summary.overallScore))"
            + " · level \(summary.level) (\(clean(summary.levelTitle)))"))

        let titles = report.categories.map { clean($0.title) }
        let scores = report.categories.map { ReportFormat.score($0.score) }
        let titleWidth = titles.map(\.count).max() ?? 0
        let scoreWidth = scores.map(\.count).max() ?? 0
        for (index, category) in report.categories.enumerated() {
            let status = clean(category.status) + (category.capped && category.score != nil ? " (capped)" : "")
            lines.append("  " + padded(titles[index], to: titleWidth) + "  " + padded(scores[index], to: scoreWidth)
                + "  " + colour(forScore: category.score, style: style)(status))
        }

        let open = report.findings.filter { $0.suppression == nil }.sorted(by: findingOrder)
        if !open.isEmpty && maxFindings > 0 {
            let shown = open.prefix(maxFindings)
            lines.append("")
            lines.append(style.bold(open.count > shown.count ? "Top findings (\(shown.count) of \(open.count)):" : "Findings:"))
            let severityWidth = shown.map(\.severity.rawValue.count).max() ?? 0
            for finding in shown {
                let severity = colour(for: finding.severity, style: style)(padded(finding.severity.rawValue, to: severityWidth))
                let place = finding.location.map { clean($0.description) } ?? "(repository)"
                lines.append("  \(severity)  \(place)  \(clean(finding.ruleID.rawValue)) \(clean(finding.message))")
            }
            if open.count > shown.count {
                lines.append(style.dim("  … and \(open.count - shown.count) more"))
            }
        }

        lines.append("")
        let bySeverity = Severity.allCases.compactMap { severity -> String? in
            let count = summary.findingsBySeverity[severity.rawValue] ?? 0
            return count > 0 ? "\(count) \(severity.rawValue)" : nil
        }
        var counts = "rules: \(summary.rulesPassed) passed, \(summary.rulesFailed) failed, \(summary.rulesNotApplicable) n/a"
        counts += " · findings: " + (bySeverity.isEmpty ? "none" : bySeverity.joined(separator: ", "))
        if summary.suppressedFindings > 0 { counts += " · \(summary.suppressedFindings) suppressed" }
        if !report.diagnostics.isEmpty { counts += " · \(report.diagnostics.count) diagnostics" }
        lines.append(style.dim(counts))
        if let baseline = summary.baseline {
            lines.append("baseline \(clean(baseline.path)): \(baseline.newFindings) new, \(baseline.knownFindings) known, \(baseline.fixedFindings) fixed")
        }

        if let gate = report.gate {
            if gate.passed {
                lines.append(style.green("gate passed"))
            } else if gate.failures.isEmpty {
                lines.append(style.red("gate failed"))
            } else {
                lines += gate.failures.map { style.red("gate failed: \(clean($0))") }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Critical first, then by place, then rule, so the summary is stable.
    private static func findingOrder(_ a: ReportFinding, _ b: ReportFinding) -> Bool {
        if a.severity != b.severity { return a.severity > b.severity }
        switch (a.location, b.location) {
        case let (l?, r?) where l != r: return l < r
        case (nil, _?): return false
        case (_?, nil): return true
        default: break
        }
        if a.ruleID != b.ruleID { return a.ruleID < b.ruleID }
        return a.message < b.message
    }

    private static func colour(forScore score: Double?, style: TextStyle) -> @Sendable (String) -> String {
        guard let score else { return style.dim }
        if score >= 8 { return style.green }
        if score >= 5 { return style.yellow }
        return style.red
    }

    private static func colour(for severity: Severity, style: TextStyle) -> @Sendable (String) -> String {
        switch severity {
        case .critical, .high: style.red
        case .medium: style.yellow
        case .low, .info: style.dim
        }
    }

    private static func padded(_ text: String, to width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    /// Untrusted text on one line with control characters (ESC included) replaced, so a file name
    /// or message cannot move the cursor or recolour the terminal.
    static func clean(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        var lastWasSpace = false
        for scalar in text.unicodeScalars {
            let isControl = scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                || scalar.value == 0x2028 || scalar.value == 0x2029
            if scalar == "\n" || scalar == "\r" || scalar == "\t" {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
                continue
            }
            if isControl {
                out.append("\u{FFFD}")
                lastWasSpace = false
                continue
            }
            out.unicodeScalars.append(scalar)
            lastWasSpace = scalar == " "
        }
        return out.trimmingWhitespace
    }
}
