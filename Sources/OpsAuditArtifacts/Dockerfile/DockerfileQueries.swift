import Foundation
import OpsAuditModel

extension Dockerfile {
    /// Dockerfiles for development tooling (`Dockerfile.dev`, `.devcontainer/`, `test/`, `tests/`,
    /// `examples/`), cloud IDEs and templates (`Dockerfile.j2`) are not what production runs;
    /// rules about the shipped image skip them.
    public var isProductionCandidate: Bool {
        let components = path.lowercased().split(separator: "/")
        if components.dropLast().contains(where: Self.nonProductionDirectories.contains) { return false }
        // Templates rendered by a generator (`Dockerfile.j2`) and cloud IDE images (`.gitpod.Dockerfile`).
        let name = components.last ?? ""
        if [".j2", ".jinja", ".tmpl", ".tpl", ".template"].contains(where: name.hasSuffix) || name.contains("gitpod") { return false }
        // Project generators (`{{ cookiecutter.project_slug }}/Dockerfile`).
        if path.contains("{{") || path.contains("{%") { return false }
        return Classifier.environmentHint(of: path) != .nonProduction
    }

    /// Directories whose Dockerfiles build development, test or example images.
    static let nonProductionDirectories: Set<Substring> = [
        ".devcontainer", ".gitpod", ".codesandbox", "tests", "__tests__", "spec", "specs", "fixtures", "testdata", "examples",
        "playwright", "cypress",
    ]

    /// The stage production presumably ships: the last one, unless its name marks a development
    /// or test target (`dev-envs`, `test`, `debug`: Docker's own samples end with a `dev-envs`
    /// stage after the real image), then the last stage whose name does not.
    public var shippedStage: DockerStage? {
        stages.last { stage in
            guard let name = stage.name?.value.lowercased() else { return true }
            let words = name.split { !($0.isLetter || $0.isNumber) }
            return !words.contains { Self.developmentStageWords.contains(String($0)) }
        } ?? stages.last
    }

    static let developmentStageWords: Set<String> = [
        "dev", "devs", "develop", "development", "test", "tests", "testing", "debug", "ci", "local", "e2e", "lint",
        "devcontainer", "envs",
    ]

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
    public var baseImageDefaultsToNonRoot: Bool { DockerStage.defaultsToNonRoot(baseImage.value) }

    /// Whether an image reference names an image whose default user is unprivileged.
    public static func defaultsToNonRoot(_ image: String) -> Bool {
        let image = image.lowercased()
        return image.contains(":nonroot") || image.contains("-nonroot") || image.hasPrefix("cgr.dev/chainguard/")
    }
}

extension Dockerfile {
    /// True when the stage's root image (through stage aliases and `ARG` defaults) runs as an
    /// unprivileged user by default.
    public func defaultsToNonRoot(_ stage: DockerStage) -> Bool {
        rootImage(of: stage).map(DockerStage.defaultsToNonRoot) ?? stage.baseImageDefaultsToNonRoot
    }

    /// How messages name a stage: "final stage `runtime` (`FROM node:20-slim`)", with the image
    /// the stage's lineage starts from when it is built from another stage.
    public func describe(_ stage: DockerStage) -> String {
        let name = stage.name.map { " `\($0.value)`" } ?? ""
        let position = stage.index == stages.count - 1 ? "final stage"
            : stage.index == shippedStage?.index ? "shipped stage" : "stage"
        var from = "`FROM \(stage.baseImage.value)`"
        if let root = rootImage(of: stage), root != stage.baseImage.value {
            if case .stage = base(of: stage) { from += ", based on `\(root)`" } else { from += " → `\(root)`" }
        }
        return "\(position)\(name) (\(from))"
    }
}

extension RepoModel {
    /// Dockerfiles that may build what production runs (see `Dockerfile.isProductionCandidate`).
    public var productionDockerfiles: [Dockerfile] { dockerfiles.filter(\.isProductionCandidate) }
}
