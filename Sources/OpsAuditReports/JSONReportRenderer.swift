import Foundation
import OpsAuditModel

/// Renders a `Report` as the public JSON contract described by `reports/schema/report.schema.json`:
/// snake_case keys, sorted, pretty-printed, stable numbers, trailing newline.
public enum JSONReportRenderer {
    public static func render(_ report: Report) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        do {
            let data = try encoder.encode(stabilized(report))
            return String(decoding: data, as: UTF8.self) + "\n"
        } catch {
            // Only non-finite doubles can fail, and `stabilized` removed them; keep the renderer total anyway.
            return "{\n  \"error\" : \"report could not be encoded: \(error)\"\n}\n"
        }
    }

    /// The report with every double rounded to the precision the engine means, so binary fractions
    /// (6.499999999) never reach the output and NaN or infinity cannot make the encoder throw.
    static func stabilized(_ report: Report) -> Report {
        var report = report
        report.summary.overallScore = report.summary.overallScore.map { ReportFormat.rounded($0, places: 1) }
        for index in report.categories.indices {
            report.categories[index].score = report.categories[index].score.map { ReportFormat.rounded($0, places: 1) }
            report.categories[index].weight = ReportFormat.rounded(report.categories[index].weight, places: 3)
        }
        for index in report.rules.indices {
            report.rules[index].credit = ReportFormat.rounded(report.rules[index].credit, places: 3)
        }
        for phase in report.roadmap.indices {
            for item in report.roadmap[phase].items.indices {
                report.roadmap[phase].items[item].scoreGain =
                    ReportFormat.rounded(report.roadmap[phase].items[item].scoreGain, places: 1)
            }
        }
        return report
    }
}
