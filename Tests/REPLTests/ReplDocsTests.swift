// ReplDocsTests: docs/repl.md documents every `:` command of the REPL's table, and calls none of
// them unavailable (it once said `:graph`, `:gradcheck` and `:source` were "not yet available"
// long after they worked).
import Foundation
import Testing
import TestSupport

@testable import REPL

@MainActor
@Suite struct ReplDocs {
    static func replDoc() throws -> String {
        try String(contentsOf: repositoryRoot.appendingPathComponent("docs/repl.md"), encoding: .utf8)
    }

    @Test func everyCommandHasARowInTheDocsTable() throws {
        let doc = try Self.replDoc()
        for command in REPLLoop.commands {
            #expect(doc.contains("| `\(command.usage)` |"), "docs/repl.md has no row for \(command.usage)")
        }
    }

    @Test func theDocsCallNoCommandUnavailable() throws {
        let doc = try Self.replDoc().lowercased()
        for phrase in ["not yet available", "not available yet", "not implemented"] {
            #expect(!doc.contains(phrase), "docs/repl.md says \"\(phrase)\"; every command in the table works")
        }
    }
}
