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
