// DiagnosticsTests: source positions, the one renderer, and the ID catalog with the
// docs/errors.md generated from it.
import Diagnostics
import Foundation
import Testing
import TestSupport

@Test func linesAndColumnsCountCharactersAsAUserSeesThem() {
    let file = SourceFile(name: "u.cajal", text: "let é = 1\nlet 表 = \"🧠\" + x\n")
    let x = Array(file.bytes).lastIndex(of: UInt8(ascii: "x"))!
    #expect(file.location(of: x) == SourceLocation(line: 2, column: 15))
    #expect(file.location(of: 0) == SourceLocation(line: 1, column: 1))
    #expect(file.lineText(2) == "let 表 = \"🧠\" + x")
    #expect(file.lineCount == 2)
}

@Test func carriageReturnsAreNotPartOfTheShownLine() {
    let file = SourceFile(name: "w.cajal", text: "a = 1\r\nb = 2\r\n")
    #expect(file.lineText(1) == "a = 1")
}

func sampleDiagnostic() -> Diagnostic {
    let file = SourceFile(name: "lesson.cajal", text: "fn clip(z) {\n\tlet y = totl + 1\n}\n")
    let offset = file.text.utf8.count - "totl + 1\n}\n".utf8.count
    let d = Diagnostic(id: .undeclaredVariable, message: "undeclared variable 'totl'", file: file,
                       span: SourceSpan(start: offset, end: offset + 4), hint: "did you mean 'total'?",
                       notes: ["declared names: z, y"],
                       stackTrace: [StackFrame(function: "clip", fileName: "lesson.cajal", location: SourceLocation(line: 2, column: 10))])
    return d
}

@Test func rendererShowsPlaceLineCaretHintNotesAndStack() throws {
    try assertSnapshot(DiagnosticRenderer().render(sampleDiagnostic()), named: "render-full", in: "LanguageTests")
}

@Test func rendererColoursAndShowsIDsWhenAsked() throws {
    let text = DiagnosticRenderer(color: true, showID: true).render(sampleDiagnostic())
    try assertSnapshot(text, named: "render-colour-id", in: "LanguageTests")
}

@Test func rendererHandlesPointsAtTheEndAndSpansOverSeveralLines() throws {
    let file = SourceFile(name: "e.cajal", text: "let x = (1 +\n  2")
    let end = Diagnostic(id: .unclosedBracket, message: "at end", file: file, span: .point(file.bytes.count))
    let multi = Diagnostic(id: .expectedToken, message: "multi", file: file, span: SourceSpan(start: 8, end: file.bytes.count))
    let nowhere = Diagnostic(id: .usage, message: "no place")
    try assertSnapshot(DiagnosticRenderer().render([end, multi, nowhere]), named: "render-edges", in: "LanguageTests")
}

@Test func diagnosticIDsAreUniqueAndWellFormed() {
    let ids = DiagnosticCatalog.entries.map(\.id.code)
    #expect(Set(ids).count == ids.count)
    #expect(ids.allSatisfy { $0.count == 5 && $0.hasPrefix("E") && Int($0.dropFirst()) != nil })
    #expect(ids == ids.sorted())
    #expect(DiagnosticCatalog.entries.allSatisfy { !$0.title.isEmpty && $0.meaning.hasSuffix(".") })
}

@Test func errorsDocumentMatchesTheCatalog() throws {
    try assertSnapshotFile(DiagnosticCatalog.markdown(), path: "docs/errors.md")
}
