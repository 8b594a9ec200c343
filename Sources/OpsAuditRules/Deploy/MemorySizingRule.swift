import OpsAuditArtifacts
import OpsAuditModel

/// Checks that production instances get enough memory, and that Node's heap fits in it.
struct MemorySizingRule: Rule {
    static let id: RuleID = "DEP-003"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let sized = repo.platformMemory
        guard !sized.isEmpty else {
            return .notApplicable("no instance memory declared in fly.toml, render.yaml plans, Kubernetes limits or production compose files; sizes are managed outside the repository")
        }
        var findings: [Finding] = []
        var evidence: [Evidence] = []
        for memory in sized {
            if memory.megabytes.value < memory.minimumMB {
                findings.append(Finding(
                    "\(memory.what) gets \(memory.megabytes.value) MB of memory, below \(memory.minimumMB) MB: most runtimes get OOM-killed there under load, dropping in-flight requests",
                    at: memory.megabytes.location))
            } else {
                evidence.append(Evidence("\(memory.what) gets \(memory.megabytes.value) MB", at: memory.megabytes.location))
            }
        }
        // A heap set once for the app is compared with the smallest instance it may run on.
        if let smallest = sized.min(by: { $0.megabytes.value < $1.megabytes.value }) {
            for heap in repo.nodeHeapSettings where Double(heap.value) > 0.75 * Double(smallest.megabytes.value) {
                findings.append(Finding(
                    "`--max-old-space-size=\(heap.value)` lets Node's heap grow past 75% of the \(smallest.megabytes.value) MB \(smallest.what) gets, so the process is OOM-killed before the garbage collector runs hard",
                    at: heap.location, related: [RelatedLocation("memory set here", at: smallest.megabytes.location)], confidence: .medium))
            }
        }
        return findings.isEmpty ? .passed(evidence) : .failed(findings, evidence: evidence)
    }
}
