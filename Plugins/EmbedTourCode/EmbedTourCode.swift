import Foundation
import PackagePlugin

/// Gives the AutodiffTour library the source text of its sections' code.
///
/// Swift cannot print its own source, so the text is taken from the section
/// files at build time by the `tour-code` tool and compiled into the library
/// as strings (`TourCode.steps`): the tour prints exactly the code it runs,
/// and an edit to a section changes both at once.
@main
struct EmbedTourCode: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        // Only the files under Sections/ hold tour code.
        let inputs = target.sourceFiles(withSuffix: "swift").map(\.url)
            .filter { $0.pathComponents.contains("Sections") }
            .sorted { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appending(path: "TourCode+Steps.swift")
        return [.buildCommand(
            displayName: "Embedding the code of \(inputs.count) tour files",
            executable: try context.tool(named: "tour-code").url,
            arguments: [output.path] + inputs.map(\.path),
            inputFiles: inputs,
            outputFiles: [output])]
    }
}
