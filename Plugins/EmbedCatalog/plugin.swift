import Foundation
import PackagePlugin

/// Embeds `rules/**/*.yml` and `reports/templates/*` into the target as Swift string literals, so
/// the `opsaudit` binary carries its catalog and templates and runs with nothing beside it.
///
/// The file list is taken anew each time the build is planned, so an added rule is picked up
/// without touching Package.swift.
@main struct EmbedCatalog: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        let inputs = ["rules", "reports/templates"].flatMap { files(under: root.appending(path: $0)) }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedCatalog.swift")
        return [
            .buildCommand(
                displayName: "Embedding rule catalog and report templates",
                executable: try context.tool(named: "CatalogEmbedder").url,
                arguments: [root.path(percentEncoded: false), output.path(percentEncoded: false)]
                    + inputs.map { $0.path(percentEncoded: false) },
                inputFiles: inputs,
                outputFiles: [output]
            ),
        ]
    }

    private func files(under directory: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(
            at: directory, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles]
        ) else { return [] }
        var result: [URL] = []
        for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
            result.append(url)
        }
        return result.sorted { $0.path < $1.path }
    }
}
