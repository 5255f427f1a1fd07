// BuiltinTableTests: every example in the builtin table runs and prints what its `# expect:`
// lines say; docs/builtins.md is exactly what the table generates.
import Foundation
import Interpreter
import Testing
import TestSupport

/// Runs `source` in a fresh session; returns printed lines, diagnostics and the outcome.
func runCajal(_ source: String, seed: UInt64 = 0) -> (lines: [String], errors: [String], outcome: RunOutcome) {
    var out = ""
    var errors: [String] = []
    let interp = Interpreter(seed: seed, output: { out += $0 }, onDiagnostic: { errors.append($0.description) })
    let outcome = interp.run(source: source, name: "test.cajal")
    var lines = out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    return (lines, errors, outcome)
}

func expectedLines(_ source: String) -> [String] {
    source.split(separator: "\n").compactMap { line in
        line.range(of: "# expect: ").map { String(line[$0.upperBound...]) }
    }
}

@Test("builtin example", arguments: Interpreter.builtinExamples.map(\.name))
func builtinExampleRuns(_ name: String) {
    let source = Interpreter.builtinExamples.first { $0.name == name }!.source
    let r = runCajal(source)
    #expect(r.outcome == .success, "\(name): \(r.errors)")
    #expect(r.lines == expectedLines(source), "\(name)")
    #expect(!expectedLines(source).isEmpty, "\(name) example checks nothing")
}

@Test func builtinsDocIsUpToDate() throws {
    try assertSnapshotFile(Interpreter().builtinsMarkdown(), path: "docs/builtins.md")
}

@Test func helpDescribesABuiltin() {
    let text = Interpreter().help("clamp")
    #expect(text?.hasPrefix("clamp(x, lo: nil, hi: nil)") == true)
    #expect(Interpreter().help("nonexistent") == nil)
}
