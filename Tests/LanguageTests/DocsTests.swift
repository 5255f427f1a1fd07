// DocsTests: docs/language.md and grammar/cajal.ebnf cover the whole language: every
// keyword and operator appears in a runnable example of the reference and in the grammar.
import Diagnostics
import Foundation
import Testing
import TestSupport

@testable import Language

/// The text of every ```cajal block of docs/language.md.
func languageDocExamples() throws -> String {
    let text = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/language.md"), encoding: .utf8)
    return text.components(separatedBy: "```cajal\n").dropFirst()
        .map { $0.components(separatedBy: "```").first ?? "" }.joined(separator: "\n")
}

@Test func everyKeywordAndOperatorHasARunnableExampleInTheReference() throws {
    let examples = try languageDocExamples()
    let tokens = Lexer.tokenize(SourceFile(name: "docs", text: examples)).tokens.map(\.kind)
    let used = Set(tokens)
    let needed = TokenKind.allCases.filter { ![.newline, .eof].contains($0) }
    // `import` needs a second file, so the reference describes it in prose only.
    let missing = needed.filter { !used.contains($0) && $0 != .kwImport }
    #expect(missing.isEmpty, "no example uses: \(missing.map(\.display))")
}

@Test func everyKeywordAndSymbolIsInTheGrammar() throws {
    let grammar = try grammarSource()
    for kind in TokenKind.allCases where ![.number, .string, .identifier, .newline, .eof].contains(kind) {
        #expect(grammar.contains("\"\(kind.rawValue)\""), "grammar lacks \"\(kind.rawValue)\"")
    }
}
