import Foundation
import PackagePlugin

/// Embeds `rules/**/*.yml` and `reports/templates/*` into the target as Swift string literals, so
/// the `opsaudit` binary carries its catalog and templates and runs with nothing beside it.
///
/// The embedder walks the directories itself, and the directories are inputs too: adding a rule
/// file changes its directory's modification time, which reruns the command even when SwiftPM
/// does not plan the build again (it does not for files outside targets).
@main struct EmbedCatalog: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        let directories = ["rules", "reports/templates"].map { root.appending(path: $0) }
        let inputs = directories.flatMap { entries(under: $0) } + directories
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedCatalog.swift")
        return [
            .buildCommand(
                displayName: "Embedding rule catalog and report templates",
                executable: try context.tool(named: "CatalogEmbedder").url,
                arguments: [root.path(percentEncoded: false), output.path(percentEncoded: false)]
                    + directories.map { $0.path(percentEncoded: false) },
                inputFiles: inputs,
                outputFiles: [output]
            ),
        ]
    }

    /// Every file and subdirectory below `directory`.
    private func entries(under directory: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(
            at: directory, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles]
        ) else { return [] }
        var result: [URL] = []
        for case let url as URL in walker { result.append(url) }
        return result.sorted { $0.path < $1.path }
    }
}
