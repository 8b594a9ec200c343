import OpsAuditModel

/// A directory Terraform is applied in (it configures providers or a backend), with its backend.
public struct TerraformRootModule: Sendable {
    /// The module's directory, `""` for the repository root.
    public var directory: String
    /// `backend "…"` or `cloud` inside `terraform { … }`; nil when state stays local.
    public var backend: TerraformBlock?
    /// Where to point a finding about the module: its `terraform` block, else its first provider.
    public var anchor: Location
}

/// Whether a Terraform backend shares and locks state.
public enum TerraformBackendLocking: Equatable, Sendable {
    case local
    /// Remote but unlocked, with what would enable locking.
    case unlocked(String)
    case locked

    /// S3 locks only with `dynamodb_table` or `use_lockfile = true`; `http` only with
    /// `lock_address`; the other remote backends lock natively.
    public static func of(_ backend: TerraformBlock) -> TerraformBackendLocking {
        guard backend.type.value == "backend" else { return .locked }
        switch backend.labels.first?.value {
        case "local": return .local
        case "s3":
            let lockfile = backend.attribute("use_lockfile")?.bool == true
            return backend.attribute("dynamodb_table") != nil || lockfile ? .locked : .unlocked("no `dynamodb_table` nor `use_lockfile = true`")
        case "http": return backend.attribute("lock_address") != nil ? .locked : .unlocked("no `lock_address`")
        default: return .locked
        }
    }
}

extension RepoModel {
    /// Directories Terraform is run in: they configure a provider or a backend. Reusable modules
    /// (`modules/…`), examples and tests are left out.
    public var terraformRootModules: [TerraformRootModule] {
        var byDirectory: [String: [TerraformFile]] = [:]
        for file in terraformFiles {
            let directory = file.path.contains("/") ? String(file.path[..<file.path.lastIndex(of: "/")!]) : ""
            let parts = directory.split(separator: "/")
            if parts.contains("modules") || Classifier.environmentHint(of: file.path) == .nonProduction
                || parts.contains(where: { ["examples", "example", "test", "tests", "fixtures"].contains($0) }) { continue }
            byDirectory[directory, default: []].append(file)
        }
        return byDirectory.keys.sorted().compactMap { directory in
            let blocks = byDirectory[directory]!.flatMap(\.blocks)
            let terraform = blocks.filter { $0.type.value == "terraform" }
            let backend = terraform.flatMap(\.blocks).first { $0.type.value == "backend" || $0.type.value == "cloud" }
            let provider = blocks.first { $0.type.value == "provider" }
            guard backend != nil || provider != nil else { return nil }
            return TerraformRootModule(directory: directory, backend: backend,
                                       anchor: terraform.first?.location ?? provider!.location)
        }
    }
}
