import OpsAuditArtifacts
import OpsAuditModel

/// Measures the share of env example variables that are described, in the example or a doc.
struct EnvVarsDocumentedRule: Rule {
    static let id: RuleID = "OPS-005"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let examples = repo.envFiles.filter(\.isExample)
        let entries = examples.flatMap(\.entries)
        guard !entries.isEmpty else { return .notApplicable("no env example with variables") }
        let configurationDocs = repo.docs(about: .configuration).map(\.doc) + repo.docs.filter { $0.path.lowercased().hasPrefix("readme") }
        var seen = Set<String>()
        var documented: [EnvEntry] = []
        var undocumented: [EnvEntry] = []
        for entry in entries where seen.insert(entry.key.value).inserted {
            let described = entry.comment != nil
                || configurationDocs.contains { $0.firstLine(containingAnyOf: ["`\(entry.key.value)`"]) != nil }
            if described { documented.append(entry) } else { undocumented.append(entry) }
        }
        let share = Double(documented.count) / Double(documented.count + undocumented.count)
        let evidence = [Evidence("\(documented.count) of \(documented.count + undocumented.count) env variables are described",
                                 at: documented.first?.key.location)]
        guard let first = undocumented.first else { return .passed(evidence) }
        let names = undocumented.prefix(5).map { "`\($0.key.value)`" }.joined(separator: ", ")
        return .failed([Finding(
            "\(undocumented.count) env variable\(undocumented.count == 1 ? " is" : "s are") not described (\(names)\(undocumented.count > 5 ? ", …" : "")): operators guess what they mean and which values are valid",
            at: first.key.location)], credit: share, evidence: documented.isEmpty ? [] : evidence)
    }
}
