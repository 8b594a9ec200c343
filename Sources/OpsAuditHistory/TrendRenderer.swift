import Foundation
import OpsAuditModel
import OpsAuditReports

/// The formats of `opsaudit trend`.
public enum TrendFormat: String, CaseIterable, Sendable {
    case text, markdown, json, csv, html
}

/// Renders a series of runs (oldest first) as a table with sparklines, an SVG line chart, JSON or
/// CSV. Pure functions of the runs: same runs, same bytes.
public enum TrendRenderer {
    public static func render(_ runs: [RunSnapshot], as format: TrendFormat, title: String) -> String {
        switch format {
        case .text: text(runs)
        case .markdown: markdown(runs, title: title)
        case .json: json(runs)
        case .csv: csv(runs)
        case .html: html(runs, title: title)
        }
    }

    static func score(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "n/a" }
        return String(format: "%.1f", value)
    }

    static func day(_ timestamp: String) -> String { String(timestamp.prefix(10)) }

    /// The categories that applied in at least one run, in taxonomy order.
    static func columns(_ runs: [RunSnapshot]) -> [Category] {
        Category.allCases.filter { category in runs.contains { $0.score(category) != nil } }
    }

    /// One block character per value on a fixed 0–10 scale (so two sparklines compare), a space
    /// for a missing value. Long series keep their last `width` points.
    public static func sparkline(_ values: [Double?], width: Int = 60) -> String {
        let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        return String(values.suffix(width).map { value -> Character in
            guard let value, value.isFinite else { return " " }
            let index = Int((min(max(value, 0), 10) / 10 * Double(blocks.count - 1)).rounded())
            return blocks[index]
        })
    }

    // MARK: Text

    static func text(_ runs: [RunSnapshot]) -> String {
        guard !runs.isEmpty else { return "no runs recorded in this range\n" }
        let categories = columns(runs)
        var header = ["date", "commit", "overall", "level"] + categories.map(\.idPrefix)
        var rows = runs.map { run in
            [day(run.timestamp), run.shortCommit, score(run.overallScore), "\(run.level)"] + categories.map { score(run.score($0)) }
        }
        rows = rows.map { $0.map(sanitize) }
        header = header.map(sanitize)
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index < 2 ? cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[index] - cell.count) + cell
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces) + "\n"
        }
        var out = line(header)
        for row in rows { out += line(row) }
        out += "\n"
        let series: [(String, [Double?])] = [("overall", runs.map(\.overallScore))]
            + categories.map { category in (category.title, runs.map { $0.score(category) }) }
        let nameWidth = series.map(\.0.count).max() ?? 0
        for (name, values) in series {
            let present = values.compactMap { $0 }
            let change = present.first.map { first in "\(score(first)) → \(score(present.last))" } ?? "n/a"
            out += name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  " + sparkline(values) + "  " + change + "\n"
        }
        return out
    }

    private static func sanitize(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) ? "\u{FFFD}" : $0 }))
    }

    // MARK: Markdown

    static func markdown(_ runs: [RunSnapshot], title: String) -> String {
        var out = "# Readiness over time: \(MarkdownEscaping.text(title))\n\n"
        guard !runs.isEmpty else { return out + "No runs recorded in this range.\n" }
        let first = runs[0], last = runs[runs.count - 1]
        out += "\(runs.count) run\(runs.count == 1 ? "" : "s") from \(day(first.timestamp)) to \(day(last.timestamp)): "
        out += "overall \(score(first.overallScore)) → **\(score(last.overallScore))**, level \(first.level) → **\(last.level)**.\n\n"
        out += chart(runs) + "\n\n"
        let categories = columns(runs)
        out += "| Date | Commit | Overall | Level | " + categories.map { MarkdownEscaping.cell($0.title) }.joined(separator: " | ") + " |\n"
        out += "| --- | --- | ---: | ---: |" + String(repeating: " ---: |", count: categories.count) + "\n"
        for run in runs {
            let commit = run.commit == nil ? "-" : "`\(run.shortCommit.filter { $0.isHexDigit })`"
            out += "| \(day(run.timestamp)) | \(commit) | \(score(run.overallScore)) | \(run.level) | "
            out += categories.map { score(run.score($0)) }.joined(separator: " | ") + " |\n"
        }
        return out
    }

    // MARK: JSON and CSV

    private struct JSONDocument: Encodable {
        struct Run: Encodable {
            var runId: Int64?
            var timestamp: String
            var commit: String?
            var branch: String?
            var toolVersion: String
            var catalogVersion: String
            var overallScore: Double?
            var level: Int
            var categories: Scores
        }

        /// Every category of the taxonomy, `null` when it did not apply: consumers get one shape.
        struct Scores: Encodable {
            var values: [Category: Double?]

            struct Key: CodingKey {
                var stringValue: String
                var intValue: Int? { nil }
                init(stringValue: String) { self.stringValue = stringValue }
                init?(intValue: Int) { nil }
            }

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Key.self)
                for category in Category.allCases {
                    let key = Key(stringValue: category.rawValue)
                    if let value = values[category] ?? nil { try container.encode(value, forKey: key) } else { try container.encodeNil(forKey: key) }
                }
            }
        }

        var runs: [Run]
    }

    static func json(_ runs: [RunSnapshot]) -> String {
        let document = JSONDocument(runs: runs.map { run in
            var categories: [Category: Double?] = [:]
            for entry in run.categories { categories[entry.category] = entry.score.map(rounded) }
            return JSONDocument.Run(runId: run.runID, timestamp: run.timestamp, commit: run.commit, branch: run.branch,
                                    toolVersion: run.toolVersion, catalogVersion: run.catalogVersion,
                                    overallScore: run.overallScore.map(rounded), level: run.level, categories: .init(values: categories))
        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func rounded(_ value: Double) -> Double {
        guard value.isFinite else { return 0 }
        return (value * 10).rounded() / 10
    }

    static func csv(_ runs: [RunSnapshot]) -> String {
        let categories = Category.allCases
        var out = (["timestamp", "commit", "branch", "overall", "level"] + categories.map(\.rawValue)).joined(separator: ",") + "\r\n"
        for run in runs {
            let cells = [run.timestamp, run.commit ?? "", run.branch ?? "", run.overallScore.map { score($0) } ?? "", "\(run.level)"]
                + categories.map { run.score($0).map { score($0) } ?? "" }
            out += cells.map(csvField).joined(separator: ",") + "\r\n"
        }
        return out
    }

    /// RFC 4180 quoting; a leading `= + - @` is neutralised so a spreadsheet does not run it as a formula.
    static func csvField(_ raw: String) -> String {
        var value = raw
        if let first = value.first, "=+-@\t\r".contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    // MARK: HTML and SVG

    static func html(_ runs: [RunSnapshot], title: String) -> String {
        let categories = columns(runs)
        var rows = ""
        for run in runs {
            rows += "<tr><td>\(escape(day(run.timestamp)))</td><td><code>\(escape(run.shortCommit))</code></td>"
            rows += "<td>\(score(run.overallScore))</td><td>\(run.level)</td>"
            rows += categories.map { "<td>\(score(run.score($0)))</td>" }.joined() + "</tr>\n"
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
            <title>Readiness over time: \(escape(title))</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
            table { border-collapse: collapse; } th, td { padding: .25rem .6rem; border-bottom: 1px solid #ddd; text-align: right; }
            th:nth-child(-n+2), td:nth-child(-n+2) { text-align: left; } td { white-space: nowrap; }
            </style>
            </head>
            <body>
            <h1>Readiness over time: \(escape(title))</h1>
            \(runs.isEmpty ? "<p>No runs recorded in this range.</p>" : chart(runs))
            <table>
            <thead><tr><th>Date</th><th>Commit</th><th>Overall</th><th>Level</th>\(categories.map { "<th>\(escape($0.title))</th>" }.joined())</tr></thead>
            <tbody>
            \(rows)</tbody>
            </table>
            </body>
            </html>

            """
    }

    static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"]

    /// An SVG line chart of the overall score (thick) and each category on a fixed 0–10 axis,
    /// runs evenly spaced left to right; a missing value breaks its line.
    public static func chart(_ runs: [RunSnapshot]) -> String {
        let width = 760.0, height = 300.0, left = 40.0, right = 170.0, top = 16.0, bottom = 36.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func x(_ index: Int) -> Double { runs.count == 1 ? left + plotWidth / 2 : left + plotWidth * Double(index) / Double(runs.count - 1) }
        func y(_ value: Double) -> Double { top + plotHeight * (1 - min(max(value, 0), 10) / 10) }
        func f(_ value: Double) -> String { String(format: "%.1f", value) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"Scores over time\" font-family=\"sans-serif\" font-size=\"11\">\n"
        for tick in stride(from: 0.0, through: 10.0, by: 2.5) {
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(y(tick)))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(y(tick)))\" stroke=\"#ddd\"/>"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y(tick) + 4))\" text-anchor=\"end\" fill=\"#666\">\(tick == tick.rounded() ? String(Int(tick)) : f(tick))</text>\n"
        }
        if let first = runs.first, let last = runs.last {
            svg += "<text x=\"\(f(left))\" y=\"\(f(height - 12))\" fill=\"#666\">\(escape(day(first.timestamp)))</text>"
            svg += "<text x=\"\(f(left + plotWidth))\" y=\"\(f(height - 12))\" text-anchor=\"end\" fill=\"#666\">\(escape(day(last.timestamp)))</text>\n"
        }
        var series: [(String, String, Double, [Double?])] = []
        for (index, category) in columns(runs).enumerated() {
            series.append((category.title, palette[index % palette.count], 1.5, runs.map { $0.score(category) }))
        }
        series.append(("Overall", "#111", 3, runs.map(\.overallScore)))
        for (name, colour, stroke, values) in series {
            var segments: [[String]] = [[]]
            for (index, value) in values.enumerated() {
                if let value, value.isFinite {
                    segments[segments.count - 1].append("\(f(x(index))),\(f(y(value)))")
                } else if !segments[segments.count - 1].isEmpty {
                    segments.append([])
                }
            }
            for points in segments where !points.isEmpty {
                if points.count == 1 {
                    let xy = points[0].split(separator: ",")
                    svg += "<circle cx=\"\(xy[0])\" cy=\"\(xy[1])\" r=\"\(f(stroke + 1))\" fill=\"\(colour)\"><title>\(escape(name))</title></circle>\n"
                } else {
                    svg += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"\(f(stroke))\" points=\"\(points.joined(separator: " "))\"><title>\(escape(name))</title></polyline>\n"
                }
            }
        }
        for (index, (name, colour, stroke, _)) in series.reversed().enumerated() {
            let ly = top + 8 + Double(index) * 18
            svg += "<line x1=\"\(f(width - right + 14))\" y1=\"\(f(ly))\" x2=\"\(f(width - right + 34))\" y2=\"\(f(ly))\" stroke=\"\(colour)\" stroke-width=\"\(f(stroke))\"/>"
            svg += "<text x=\"\(f(width - right + 40))\" y=\"\(f(ly + 4))\">\(escape(name))</text>\n"
        }
        return svg + "</svg>"
    }

    /// Text and attribute values for HTML and SVG: the HTML report's escaping.
    static func escape(_ raw: String) -> String { HTMLEscaping.text(raw) }
}
