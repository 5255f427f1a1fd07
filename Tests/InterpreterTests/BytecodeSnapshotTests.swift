// BytecodeSnapshotTests: the disassembler's listing of small programs, as whole-string
// snapshots (fused compare-and-jump, numeric for, closures with cells, method calls).
import Diagnostics
import Interpreter
import Testing
import TestSupport

func listing(_ source: String) -> String {
    switch Interpreter().disassemble(SourceFile(name: "snap.cajal", text: source)) {
    case .success(let text): return text
    case .failure(let list): return list.diagnostics.map(\.description).joined(separator: "\n")
    }
}

@Test func fibListing() throws {
    try assertSnapshot(listing("fn fib(n) {\n  if n < 2 { return n }\n  return fib(n - 1) + fib(n - 2)\n}\nprint(fib(10))\n"),
                       named: "bytecode-fib", in: "InterpreterTests")
}

@Test func loopsAndClosuresListing() throws {
    try assertSnapshot(listing("fn counter() {\n  var n = 0\n  return fn() {\n    n += 1\n    return n\n  }\n}\nvar t = 0\nfor i in 0..<3 { t += i }\nfor x in [\"a\"] { print(x) }\nlet A = [[1, 2], [3, 4]]\nprint(A.sum(axis: 0), A[0, 1])\n"),
                       named: "bytecode-loops-closures", in: "InterpreterTests")
}

@Test func runtimeErrorCarriesPlaceAndTrace() {
    let r = runCajal("fn f(x) = x / 0\nprint(f(1))\n")
    #expect(r.outcome == .runtimeError)
    #expect(r.errors.first?.contains("test.cajal:1:11: error: division by zero") == true, "\(r.errors)")
    #expect(r.errors.first?.contains("  in f (test.cajal:1:11)") == true)
    #expect(r.errors.first?.contains("  in <script> (test.cajal:2:7)") == true)
}

@Test func sessionKeepsGlobalsAcrossRuns() {
    var out = ""
    let interp = Interpreter(output: { out += $0 })
    #expect(interp.run(source: "let x = 41") == .success)
    #expect(interp.run(source: "print(x + 1)") == .success)
    #expect(out == "42\n")
}

@Test func collectorFreesGarbageInLongLoops() {
    let r = runCajal("var t = 0\nfor i in 0..<3000 {\n  let z = zeros([100, 100])\n  t += sum(z) + 1\n}\nprint(t)\n")
    #expect(r.lines == ["3000"], "\(r.errors)")
}

/// The operands an arithmetic op consumes (`frees`): arithmetic results read by nothing else.
/// A variable, a call's result, an index and the variable of a compound assignment never are.
@Test func consumedTemporariesListing() throws {
    try assertSnapshot(listing("fn layer(x, w, b) = x @ w + b\nlet x = ones([2, 3])\nvar h = x @ ones([3, 3]) - 1\nh += x @ ones([3, 3]) * 2\nlet y = layer(x, ones([3, 2]), 1) - (h @ ones([3, 2])) * (x[0] @ ones([3, 2]))\nprint(-(y * 2) + y.sum() / (2 ** 3))\n"),
                       named: "bytecode-consumed-temporaries", in: "InterpreterTests")
}
