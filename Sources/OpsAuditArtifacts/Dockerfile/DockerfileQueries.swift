import Foundation
import OpsAuditModel

extension Dockerfile {
    /// Dockerfiles for development tooling (`Dockerfile.dev`, `.devcontainer/`, `test/`) are not
    /// what production runs; rules about the shipped image skip them.
    public var isProductionCandidate: Bool {
        let devTooling: Set<Substring> = [".devcontainer", ".codesandbox", ".gitpod"]
        if path.split(separator: "/").contains(where: devTooling.contains) { return false }
        return Classifier.environmentHint(of: path) != .nonProduction
    }

    /// The directory holding the Dockerfile ("" at the root).
    public var directory: String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }
}

extension DockerStage {
    /// True when the effective user is root: `root`, `0`, `root:group`, `0:0`.
    public var runsAsRoot: Bool {
        guard let user = user?.value.trimmingCharacters(in: .whitespaces), !user.isEmpty else { return true }
        let name = user.split(separator: ":", maxSplits: 1).first.map(String.init) ?? user
        return name == "root" || name == "0"
    }

    /// Base images whose default user is unprivileged (distroless `nonroot`, Chainguard), so a
    /// stage without `USER` still does not run as root.
    public var baseImageDefaultsToNonRoot: Bool {
        let image = baseImage.value.lowercased()
        return image.contains(":nonroot") || image.contains("-nonroot") || image.hasPrefix("cgr.dev/chainguard/")
    }
}

extension RepoModel {
    /// Dockerfiles that may build what production runs (see `Dockerfile.isProductionCandidate`).
    public var productionDockerfiles: [Dockerfile] { dockerfiles.filter(\.isProductionCandidate) }
}
