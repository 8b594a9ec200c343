import OpsAuditModel

/// Number and place formats shared by the renderers, so every format prints a score the same way.
enum ReportFormat {
    /// `6.5`: one decimal, computed on integers so no locale or binary fraction leaks in.
    static func decimal(_ value: Double) -> String {
        guard value.isFinite else { return "0.0" }
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let magnitude = abs(tenths)
        return "\(sign)\(magnitude / 10).\(magnitude % 10)"
    }

    /// `6.5/10`, or `n/a` when nothing applied.
    static func score(_ value: Double?) -> String {
        value.map { "\(decimal($0))/10" } ?? "n/a"
    }

    /// `+0.4`: what fixing a roadmap item is worth.
    static func gain(_ value: Double) -> String {
        value < 0 ? decimal(value) : "+\(decimal(value))"
    }

    /// `2h 30m` from minutes; `0m` for nothing.
    static func effort(minutes: Int) -> String {
        guard minutes > 0 else { return "0m" }
        let days = minutes / (8 * 60), hours = (minutes % (8 * 60)) / 60, rest = minutes % 60
        var parts: [String] = []
        if days > 0 { parts.append("\(days)d") }
        if hours > 0 { parts.append("\(hours)h") }
        if rest > 0 { parts.append("\(rest)m") }
        return parts.joined(separator: " ")
    }

    /// `path:line`, or nil for a finding that points at the repository as a whole.
    static func place(_ location: Location?) -> String? {
        location.map(\.description)
    }

    /// Rounds to `places` decimals so the encoder prints the shortest form (6.5, not 6.5000000001).
    static func rounded(_ value: Double, places: Int) -> Double {
        guard value.isFinite else { return 0 }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (value * scale).rounded() / scale
    }
}
