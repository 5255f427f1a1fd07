// ResolverTests: where every name lives (slots, upvalues, globals) as resolved-AST snapshots,
// and the session-wide GlobalScope across REPL inputs.
import Diagnostics
import Testing

@testable import Language

let resolverCases: [(String, String)] = [
    ("slots-and-scopes", """
    fn f(a, b: 1) {
      let c = a + b
      if c > 0 {
        let d = c
        print(d)
      }
      let e = 2
      return e
    }
    """),
    ("closures-and-upvalues", """
    fn counter() {
      var n = 0
      fn inc() {
        n += 1
        return n
      }
      return inc
    }
    fn outer(x) {
      fn middle() = fn() = x
      return middle
    }
    """),
    ("loops-reserve-state-and-fresh-variables", """
    fn f(xs) {
      var fns = []
      for i, x in enumerate(xs) {
        fns = fns + [fn() = i * x]
      }
      while false { let t = 1 }
      return fns
    }
    for k in 0..<3 { print(k) }
    """),
    ("globals-resolve-late", """
    fn a() = b() + later
    fn b() = 1
    let later = 2
    print(a())
    """),
    ("method-calls-bind-their-name", """
    let A = zeros([2, 2])
    A.sum()
    A.unknown_method()
    fn double(x) = 2 * x
    3.double()
    """),
]

@Test(arguments: resolverCases.map(\.0))
func resolvedDumpSnapshot(_ name: String) throws {
    let source = resolverCases.first { $0.0 == name }!.1
    try snapshot(resolvedDump(source), "resolve-\(name)")
}

@Test func topLevelRedeclarationKeepsTheGlobalIndexAcrossInputs() {
    var globals = GlobalScope()
    globals.declare("print", kind: .builtin)
    globals.sealAll()
    let (p1, d1) = FrontEnd.analyze(SourceFile(name: "<repl 1>", text: "let x = 1"), globals: &globals)
    let (p2, d2) = FrontEnd.analyze(SourceFile(name: "<repl 2>", text: "var x = 2\nx += 1"), globals: &globals)
    #expect(d1.isEmpty && d2.isEmpty)
    #expect(ASTPrinter.print(p1, resolved: true).contains("x@G1"))
    #expect(ASTPrinter.print(p2, resolved: true).contains("(+= x@G1 1)"))
    #expect(globals.entry("x")?.kind == .variable)
}

@Test func redeclaringASealedBuiltinShadowsItWithANewIndex() {
    var globals = GlobalScope()
    let builtin = globals.declare("sum", kind: .builtin)
    globals.sealAll()
    let (program, diagnostics) = FrontEnd.analyze(SourceFile(name: "t", text: "let sum = 3\nsum"), globals: &globals)
    #expect(diagnostics.isEmpty)
    #expect(globals.lookup("sum") != builtin)
    #expect(globals.entries[builtin].name == "sum", "old code keeps the builtin")
    #expect(ASTPrinter.print(program, resolved: true).contains("sum@G1"))
}

@Test func resolveErrorsAreNotReportedWhenTheSyntaxIsBroken() {
    let (_, diagnostics, _) = analyze("print(undefined_name)\nlet = 2")
    #expect(diagnostics.count == 1)
    #expect(diagnostics[0].id == .expectedToken)
}

@Test func didYouMeanPicksTheClosestName() {
    #expect(Suggest.closest(to: "totl", among: ["total", "tool", "x"]) == "total")
    #expect(Suggest.closest(to: "lenght", among: ["length", "len"]) == "length")
    #expect(Suggest.closest(to: "x", among: ["y", "total"]) == "y")
    #expect(Suggest.closest(to: "abcdef", among: ["uvwxyz"]) == nil)
}
