// EmbedPrelude: a build-tool plugin that compiles the Interpreter's prelude files
// (Sources/Interpreter/Prelude/*.cajal) into the binary as a generated Swift file, so `cajal`
// is one file that works wherever it is copied. The .cajal files stay the only copy of the text;
// the generated PreludeSources.swift lives in the build folder and is never committed.
import Foundation
import PackagePlugin

@main
struct EmbedPrelude: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let module = target as? SourceModuleTarget else { return [] }
        let folder = module.directoryURL.appendingPathComponent("Prelude")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".cajal") }.sorted()
        let inputs = names.map { folder.appendingPathComponent($0) }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("PreludeSources.swift")
        return [.buildCommand(
            displayName: "Embedding \(names.count) prelude files",
            executable: try context.tool(named: "embed-prelude").url,
            arguments: [output.path] + inputs.map(\.path),
            inputFiles: inputs,
            outputFiles: [output]
        )]
    }
}
