// Completions: the words the shell completion scripts (`cajal --generate-completion-script
// bash|zsh|fish`) ask the binary for at each Tab: lessons and exercises as found on disk now.
import Foundation
import Grader
import Notebook

enum Completions {
    /// The lessons as `cajal lesson` names them: folders (`04-backprop`, so `0<Tab>` lists
    /// them by number), short names (`backprop`) and the examples (`tour`), from the lessons
    /// folder that LessonCatalog finds ($CAJAL_LESSONS or ./lessons).
    @Sendable static func lessons(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        let catalog = LessonCatalog.standard()
        let entries = catalog.entries
        let names = entries.compactMap { $0.slug.split(separator: "-", maxSplits: 1).last.map(String.init) }
        return entries.map(\.slug) + names + catalog.examples.map(\.slug)
    }

    /// The exercise folders' names under the current folder, or under `--root DIR` when the
    /// line has one.
    @Sendable static func exercises(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        var root = FileManager.default.currentDirectoryPath
        if let i = words.lastIndex(of: "--root"), i + 1 < words.count, i + 1 != index {
            root = words[i + 1]
        } else if let option = words.last(where: { $0.hasPrefix("--root=") }) {
            root = String(option.dropFirst("--root=".count))
        }
        return Exercise.discover(under: URL(fileURLWithPath: root)).map(\.lastPathComponent)
    }
}
