// PreludeEmbeddingTests: the prelude compiled into the binary (EmbedPrelude plugin) is the
// text of Sources/Interpreter/Prelude/*.cajal, byte for byte and in load order; and a
// CAJAL_PRELUDE folder without prelude files is reported, not silently empty.
import Foundation
import Testing
import TestSupport
@testable import Interpreter

@Test func theEmbeddedPreludeIsTheSourceFolder() throws {
    let folder = repositoryRoot.appendingPathComponent("Sources/Interpreter/Prelude")
    let onDisk = Prelude.files(in: folder)
    let embedded = Prelude.embeddedFiles()
    #expect(onDisk.count >= 7)
    #expect(embedded.map(\.name) == onDisk.map(\.name))
    for (a, b) in zip(embedded, onDisk) {
        #expect(a.text == b.text, "\(a.name) differs from the file on disk: rebuild")
    }
}

@Test func anOverrideFolderWithoutPreludeFilesIsReported() {
    let nowhere = FileManager.default.temporaryDirectory.appendingPathComponent("no-prelude-\(UUID().uuidString)")
    let empty = Prelude.load(override: nowhere)
    #expect(empty.programs.isEmpty)
    #expect(!empty.scope.entries.contains { $0.name == "Dense" })
    #expect(empty.problems.map(\.message) == ["CAJAL_PRELUDE=\(nowhere.path) holds no .cajal files: Dense, fit and the rest of the prelude are not defined"])
    #expect(Prelude.load(override: nil).programs.count == Prelude.embeddedFiles().count)
}
