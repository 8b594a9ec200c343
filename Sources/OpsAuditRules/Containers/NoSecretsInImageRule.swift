import OpsAuditArtifacts
import OpsAuditModel

/// Finds credentials baked into images: `ENV`/`ARG` with a secret-like name and a literal value,
/// and `COPY`/`ADD` of `.env` files, private keys and credential files.
struct NoSecretsInImageRule: Rule {
    static let id: RuleID = "CTR-006"

    func evaluate(_ repo: RepoModel) -> Outcome {
        let dockerfiles = repo.productionDockerfiles
        guard !dockerfiles.isEmpty else {
            return .notApplicable(repo.dockerfiles.isEmpty ? "no Dockerfile" : "only development Dockerfiles")
        }
        var findings: [Finding] = []
        for dockerfile in dockerfiles {
            for instruction in dockerfile.instructions where !instruction.onbuild {
                switch instruction.keyword {
                case "ENV", "ARG":
                    for assignment in instruction.assignments where assignment.looksSecret {
                        let why = instruction.keyword == "ENV"
                            ? "is stored in the image configuration, readable by anyone who can pull the image (`docker inspect`)"
                            : "is recorded in the image history and build cache"
                        findings.append(Finding(
                            "`\(instruction.keyword) \(assignment.name.value)` sets a literal credential that \(why) and committed with the Dockerfile",
                            // The engine's redactor does not read `ENV KEY=value` as an assignment: mask it here.
                            at: assignment.name.location, snippet: "\(instruction.keyword) \(assignment.name.value)=[redacted]"))
                    }
                case "COPY", "ADD":
                    for source in instruction.secretFileSources {
                        findings.append(Finding(
                            "`\(instruction.keyword)` of `\(source.value)` bakes a credential file into an image layer, where it stays even if a later step deletes it",
                            at: source.location, confidence: source.value.hasSuffix(".pem") || source.value.hasSuffix(".key") ? .medium : .high))
                    }
                default:
                    continue
                }
            }
        }
        guard findings.isEmpty else { return .failed(findings) }
        return .passed(dockerfiles.map {
            Evidence("`\($0.path)` sets no literal credential in `ENV`/`ARG` and copies no credential file", at: $0.stages.first?.location)
        })
    }
}
