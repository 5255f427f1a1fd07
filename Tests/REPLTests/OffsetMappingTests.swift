// OffsetMappingTests: errors found in a rewritten cell (`let _ = (expr)`) point at the cell as
// the learner typed it.
import Diagnostics
import Testing
@testable import REPL

struct OffsetMappingTests {
    // "x = 1; a / 0" with the expression `a / 0` at 7..<12, rewritten as "x = 1; let _ = (a / 0)".
    let mapping = OffsetMapping(start: 7, end: 12, inserted: 9, limit: 12)

    @Test(arguments: [(0, 0), (7, 7), (10, 7), (16, 7), (18, 9), (21, 12), (22, 12), (23, 12), (40, 12)])
    func offsetsMoveBackOntoTheTypedText(rewritten: Int, original: Int) {
        #expect(mapping.map(rewritten) == original)
    }

    @Test func aDiagnosticMovesToTheOriginalFileAndItsFramesToTheTypedColumn() {
        let original = SourceFile(name: "<cell 1>", text: "x = 1; a / 0")
        let rewritten = SourceFile(name: "<cell 1>", text: "x = 1; let _ = (a / 0)")
        let frame = StackFrame(function: "<script>", fileName: "<cell 1>", location: SourceLocation(line: 1, column: 19))
        let d = Diagnostic(id: .divisionByZero, message: "division by zero", file: rewritten,
                           span: SourceSpan(start: 16, end: 21), stackTrace: [frame])
        let moved = mapping.map(d, from: rewritten, to: original)
        #expect(moved.file === original)
        #expect(moved.span == SourceSpan(start: 7, end: 12))
        #expect(moved.stackTrace.first?.location == SourceLocation(line: 1, column: 10))
        #expect(moved.description.contains(" 1 | x = 1; a / 0\n   |        ^~~~~"))
    }
}
