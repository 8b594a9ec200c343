import OpsAuditModel

/// A PEP 508 requirement string split into the parts manifests cite: `name[extras] spec ; marker`.
struct PythonRequirement: Equatable {
    var name: String
    /// Offset (in Unicode scalars) of the name in the string.
    var nameOffset: Int
    /// Version specifiers as written (`>=2.0,<3`), nil when none (or a direct URL reference).
    var version: String?

    /// Nil when the string does not start with a distribution name.
    init?(_ text: Substring) {
        let scalars = Array(text.unicodeScalars)
        var p = 0
        while p < scalars.count, scalars[p] == " " || scalars[p] == "\t" { p += 1 }
        let start = p
        while p < scalars.count, PythonRequirement.isNameScalar(scalars[p]) { p += 1 }
        guard p > start, PythonRequirement.isAlphanumeric(scalars[start]) else { return nil }
        name = String(String.UnicodeScalarView(scalars[start..<p]))
        nameOffset = start
        var rest = Substring(String(String.UnicodeScalarView(scalars[p...])))
        rest = rest.drop { $0 == " " || $0 == "\t" }
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            rest = rest[rest.index(after: close)...]
        }
        if let semicolon = rest.firstIndex(of: ";") { rest = rest[..<semicolon] }
        // pip per-requirement options (`--hash=...`) follow the specifier.
        if let option = rest.range(of: " --") { rest = rest[..<option.lowerBound] }
        let spec = rest.trimmingSpacesAndTabs()
        if spec.hasPrefix("@") || spec.isEmpty {
            version = nil
        } else {
            version = spec.hasPrefix("(") && spec.hasSuffix(")") ? String(spec.dropFirst().dropLast()).trimmingSpacesAndTabs() : spec
        }
        guard version.map({ $0.first.map { "<>=!~(".contains($0) } ?? true }) ?? true else { return nil }
    }

    static func isAlphanumeric(_ s: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s)
    }

    static func isNameScalar(_ s: Unicode.Scalar) -> Bool { isAlphanumeric(s) || s == "-" || s == "_" || s == "." }
}
