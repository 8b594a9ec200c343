import OpsAuditModel

/// Renders findings as GitHub Actions workflow commands (`::error file=…,line=…,title=…::message`),
/// which GitHub shows as annotations on the pull request's diff and the run summary.
///
/// Suppressed findings and findings already in the baseline are left out: an annotation asks
/// for action. Critical and high findings are errors, medium and low warnings, info notices.
/// Escaping follows @actions/core (`command.ts`): data escapes `%`, `\r`, `\n`; properties also
/// `:` and `,`, which would otherwise end the property.
public enum GitHubAnnotationsRenderer {
    public static func render(_ report: Report) -> String {
        var out = ""
        let titles = Dictionary(report.rules.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
        for finding in report.findings where finding.suppression == nil && finding.baseline != .known {
            var properties: [(String, String)] = []
            if let location = finding.location {
                properties.append(("file", location.path))
                properties.append(("line", String(location.line)))
                if let end = location.endLine, end > location.line { properties.append(("endLine", String(end))) }
                if let column = location.column { properties.append(("col", String(column))) }
            }
            properties.append(("title", "\(finding.ruleID) \(titles[finding.ruleID] ?? "")".trimmingCharacters(in: [" "])))
            out += command(level(finding.severity), properties: properties,
                           message: "\(finding.message) [\(finding.severity.rawValue)]")
        }
        for diagnostic in report.diagnostics where diagnostic.kind == .config || diagnostic.kind == .parse {
            var properties: [(String, String)] = []
            if let location = diagnostic.location {
                properties.append(("file", location.path))
                properties.append(("line", String(location.line)))
            }
            properties.append(("title", "opsaudit \(diagnostic.kind.rawValue)"))
            out += command("warning", properties: properties, message: diagnostic.message)
        }
        if let gate = report.gate {
            for failure in gate.failures {
                out += command("error", properties: [("title", "opsaudit gate failed")], message: failure)
            }
        }
        return out
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .critical, .high: "error"
        case .medium, .low: "warning"
        case .info: "notice"
        }
    }

    /// One workflow command line.
    public static func command(_ name: String, properties: [(String, String)], message: String) -> String {
        let props = properties.map { "\($0.0)=\(escapeProperty($0.1))" }.joined(separator: ",")
        return "::\(name)\(props.isEmpty ? "" : " " + props)::\(escapeData(message))\n"
    }

    public static func escapeData(_ text: String) -> String {
        var out = ""
        for character in text.unicodeScalars {
            switch character {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    public static func escapeProperty(_ text: String) -> String {
        var out = ""
        for character in text.unicodeScalars {
            switch character {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            case ":": out += "%3A"
            case ",": out += "%2C"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
