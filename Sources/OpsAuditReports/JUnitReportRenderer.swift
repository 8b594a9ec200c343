import OpsAuditModel

/// Renders a `Report` as JUnit XML (the Apache Ant schema CI servers read, `junit.xsd`): one
/// `<testsuite>` per category, one `<testcase>` per rule; a failed rule is a `<failure>` whose
/// type is the severity and whose text lists every finding as `path:line: message`, a rule that
/// does not apply is `<skipped>` with the reason.
///
/// The Ant schema allows no attribute on `<testsuites>`, so the totals are written as a comment
/// there and as `tests`/`failures`/`skipped` on every suite. Its `timestamp` has no time zone:
/// the report's UTC time is written without the `Z`. `time` is 0: a static check has no duration
/// worth comparing, and a real one would make the output differ between identical runs.
public enum JUnitReportRenderer {
    public static func render(_ report: Report) -> String {
        typealias X = XMLEscaping
        let timestamp = junitTimestamp(report.generatedAt)
        let suites = suiteCategories(report)
        let rules = report.rules.sorted { $0.id < $1.id }
        let total = rules.count
        let failed = rules.filter { $0.status == .failed }.count
        let skipped = rules.filter { $0.status == .notApplicable }.count

        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites>\n"
        xml += "  <!-- \(comment("opsaudit \(report.tool.version): \(total) rules, \(failed) failed, \(skipped) not applicable; overall \(ReportFormat.score(report.summary.overallScore)), level \(report.summary.level)")) -->\n"
        for (index, category) in suites.enumerated() {
            let categoryRules = rules.filter { $0.category == category }
            let result = report.categories.first { $0.id == category }
            let suiteName = "opsaudit.\(category.rawValue)"
            xml += "  <testsuite name=\"\(X.attribute(suiteName))\" package=\"opsaudit\" id=\"\(index)\""
            xml += " timestamp=\"\(timestamp)\" hostname=\"localhost\""
            xml += " tests=\"\(categoryRules.count)\" failures=\"\(categoryRules.filter { $0.status == .failed }.count)\""
            xml += " errors=\"0\" skipped=\"\(categoryRules.filter { $0.status == .notApplicable }.count)\" time=\"0\">\n"
            xml += "    <properties>\n"
            for (name, value) in properties(report, category: category, result: result) {
                xml += "      <property name=\"\(X.attribute(name))\" value=\"\(X.attribute(value))\"/>\n"
            }
            xml += "    </properties>\n"
            for rule in categoryRules {
                xml += testcase(rule, classname: suiteName)
            }
            xml += "    <system-out/>\n"
            xml += "    <system-err/>\n"
            xml += "  </testsuite>\n"
        }
        xml += "</testsuites>\n"
        return xml
    }

    /// Categories in catalog order: those the report scored, plus any a rule belongs to.
    private static func suiteCategories(_ report: Report) -> [Category] {
        let present = Set(report.categories.map(\.id)).union(report.rules.map(\.category))
        return Category.allCases.filter(present.contains)
    }

    private static func properties(_ report: Report, category: Category, result: CategoryResult?) -> [(String, String)] {
        var list: [(String, String)] = [
            ("category", category.rawValue),
            ("category.title", result?.title ?? category.title),
            ("category.score", result?.score.map(ReportFormat.decimal) ?? "n/a"),
            ("category.status", result?.status ?? "n/a"),
            ("category.capped", (result?.capped ?? false) ? "true" : "false"),
            ("overall.score", report.summary.overallScore.map(ReportFormat.decimal) ?? "n/a"),
            ("maturity.level", "\(report.summary.level)"),
            ("maturity.title", report.summary.levelTitle),
            ("tool.version", report.tool.version),
            ("catalog.version", report.tool.catalogVersion),
            ("target", report.target.name),
        ]
        if let commit = report.target.commit { list.append(("target.commit", commit)) }
        return list
    }

    private static func testcase(_ rule: RuleResult, classname: String) -> String {
        typealias X = XMLEscaping
        let open = "    <testcase name=\"\(X.attribute(token("\(rule.id.rawValue) \(rule.title)")))\""
            + " classname=\"\(X.attribute(classname))\" time=\"0\""
        switch rule.status {
        case .passed:
            return open + "/>\n"
        case .notApplicable:
            let reason = oneLine(rule.reason ?? "not applicable")
            return open + ">\n      <skipped message=\"\(X.attribute(reason))\">\(X.text(reason))</skipped>\n    </testcase>\n"
        case .failed:
            let active = rule.findings.filter { $0.suppression == nil }
            let suppressed = rule.findings.count - active.count
            var message = "\(active.count) finding\(active.count == 1 ? "" : "s")"
            if suppressed > 0 { message += ", \(suppressed) suppressed" }
            if rule.credit > 0 { message += ", partial credit \(ReportFormat.decimal(rule.credit))" }
            var lines = active.map(findingLine)
            lines += rule.findings.filter { $0.suppression != nil }.map {
                findingLine($0) + " (suppressed: \(oneLine($0.suppression ?? "")))"
            }
            if !rule.remediation.isEmpty { lines.append("Remediation: \(oneLine(rule.remediation))") }
            return open + ">\n      <failure type=\"\(rule.severity.rawValue)\" message=\"\(X.attribute(message))\">"
                + X.text(lines.joined(separator: "\n")) + "</failure>\n    </testcase>\n"
        }
    }

    /// `path:line: message`, or `(repository): message` for a finding about the repository as a whole.
    private static func findingLine(_ finding: ReportFinding) -> String {
        "\(finding.location.map(\.description) ?? "(repository)"): \(oneLine(finding.message))"
    }

    /// Line breaks folded to spaces, so each finding stays one line of the failure text.
    private static func oneLine(_ text: String) -> String {
        var out = ""
        var lastWasSpace = false
        for character in text {
            if character == "\n" || character == "\r" || character == "\r\n" || character == "\t" {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
            } else {
                out.append(character)
                lastWasSpace = character == " "
            }
        }
        return out.trimmingWhitespace
    }

    /// An `xs:token` value as the schema normalizes it: one line, single spaces, trimmed.
    private static func token(_ text: String) -> String {
        oneLine(text).split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    /// A comment body that cannot end the comment early (`--` is not allowed inside one).
    private static func comment(_ text: String) -> String {
        var out = ""
        for scalar in oneLine(text).unicodeScalars where XMLEscaping.isAllowed(scalar) {
            if scalar == "-" && out.unicodeScalars.last == "-" { out += " " }
            out.unicodeScalars.append(scalar)
        }
        return out.unicodeScalars.last == "-" ? out + " " : out
    }

    /// `2026-11-30T12:00:00`: the Ant schema's pattern, which has no fraction and no zone. Falls
    /// back to the epoch when the report's time is not ISO 8601, so the document stays valid.
    static func junitTimestamp(_ iso: String) -> String {
        let candidate = Array(iso.unicodeScalars.prefix(19))
        let digitPositions = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]
        let separators: [Int: Unicode.Scalar] = [4: "-", 7: "-", 10: "T", 13: ":", 16: ":"]
        guard candidate.count == 19,
              digitPositions.allSatisfy({ ("0"..."9").contains(candidate[$0]) }),
              separators.allSatisfy({ candidate[$0.key] == $0.value })
        else { return "1970-01-01T00:00:00" }
        return String(String.UnicodeScalarView(candidate))
    }
}
