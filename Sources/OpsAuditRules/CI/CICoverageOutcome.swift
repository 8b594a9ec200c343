import OpsAuditArtifacts
import OpsAuditModel

/// The shared verdict of the "CI runs X" rules (CI-002, CI-004, CI-005, CI-006): a check that
/// can fail counts; a neutralised one (CI-003) or one that never runs on changes does not.
extension CICoverage {
    /// Passed with the counted checks (and `otherEvidence`), not applicable when the only
    /// pipelines are ones the model cannot read, else failed with the checks that did not count.
    func outcome(what: String, consequence: String, otherEvidence: [Evidence] = []) -> Outcome {
        let evidence = counted.map(Self.evidence) + otherEvidence
        guard evidence.isEmpty else { return .passed(evidence) }
        if neutralised.isEmpty, offChanges.isEmpty, let unread = unreadPipelines.first {
            return .notApplicable("the commands of `\(unread.path)` are not read, so whether it runs \(what) is unknown")
        }
        let related = neutralised.map { check in
            RelatedLocation("`\(check.text)` cannot fail (\(check.neutralizer?.how ?? "neutralised"))", at: check.location)
        } + offChanges.map { RelatedLocation("`\($0.text)` runs only on a schedule or by hand", at: $0.location) }
        return .failed(Finding("no CI job runs \(what) in a way that can fail the build: \(consequence)", at: nil, related: related))
    }

    static func evidence(_ check: CICheck) -> Evidence {
        let via = check.script.map { " (package.json script `\($0.name.value)`: `\($0.command.value)`)" } ?? ""
        return Evidence("`\(check.text)`\(via) in job `\(check.job)`", at: check.location)
    }
}
