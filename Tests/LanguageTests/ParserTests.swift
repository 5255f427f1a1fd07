// ParserTests: source text in, AST dump out (whole-string snapshots), for every form of the
// grammar; and the parser's recovery: several errors in one file are all reported.
import Diagnostics
import Testing

@testable import Language

let parserCases: [(String, String)] = [
    ("core-forms", """
    # a comment
    let x = 2
    var total = 0
    total += x
    fn square(v) = v * v
    fn clip(z, lo: 0, hi: 1) {
      if z < lo { return lo } else if z > hi { return hi }
      return z
    }
    clip(5, hi: 9)
    for i in 0..<4 { total += i }
    while total > 0 { total -= 1 }
    let A = [[1, 2], [3, 4]]
    A @ A
    A * 2 + 1
    A.shape
    A[0, 1]
    print("total is {total}")
    """),
    ("precedence", """
    a or b and not c == d
    -2 ** 2
    2 ** 3 ** 2
    2 ** -1
    a + b * c - d / e % f @ g
    0..<n + 1
    not a < b
    (a + b) * c
    - - x
    """),
    ("postfix-chains", """
    f(1)(2)
    A.T @ B
    model.layers[0].weights[1:3, ::2]
    A[..., 0]
    A[:, :]
    xs.append(3)
    A.sum(axis: 0).shape
    """),
    ("literals", """
    [1, 2.5, 1e-3, 1_000]
    ["a", true, false, nil]
    []
    {}
    {lr: 0.1, epochs: 10,}
    "plain"
    "loss {loss:.4f} at {epoch}"
    \"\"\"
    two
    lines\"\"\"
    """),
    ("functions", """
    fn f() = 1
    fn g(a, b: 2, c: a + 1) { return a + b + c }
    let h = fn(x) = x * 2
    let k = fn(x) {
      return x
    }
    map(xs, fn(x) = x + 1)
    fn nothing() { return }
    """),
    ("statements", """
    let a, b = f()
    for i, x in enumerate(xs) { continue }
    while true { break }
    import "lib.cajal"
    assert x > 0, "x must be positive"
    assert done
    r.lr = 0.2
    A[0, 1] *= 5
    x /= 2; y -= 1
    """),
    ("if-chains", """
    if a { x } else if b { y } else if c { z } else { w }
    if a {
      x
    }
    else {
      y
    }
    """),
    ("newlines-in-brackets-and-after-operators", """
    let xs = [
      1,
      2,
    ]
    let r = {
      lr: 0.1,
      epochs: 10
    }
    let total = 1 +
      2 *
      3
    f(1,
      2)
    """),
    ("conditions-and-records", """
    if ({a: 1}).a == 1 { ok }
    for k in ({a: 1}).keys() { }
    let r = {a: {b: 1}}
    """),
]

@Test(arguments: parserCases.map(\.0))
func parserDump(_ name: String) throws {
    let source = parserCases.first { $0.0 == name }!.1
    let (ast, errors) = parseDump(source)
    #expect(errors.isEmpty, "\(errors)")
    try snapshot(ast, "parse-\(name)")
}

@Test func everySyntaxErrorInAFileIsReported() throws {
    let source = """
    let a = * 2
    let b = (2
    let c = 3 $ 4
    if a = 1 { }
    fn f(x) x
    let ok = 1
    print("done"
    """
    let (ast, errors) = parseDump(source)
    let lines = analyze(source).diagnostics.compactMap { $0.location?.line }
    #expect(lines == [1, 2, 3, 4, 5, 7])
    #expect(ast.contains("(let ok 1)"), "statements after an error still parse")
    try snapshot(errors, "parse-recovery")
}

@Test func recoveryInsideABlockKeepsTheRestOfTheBlock() {
    let (ast, errors) = parseDump("fn f() {\n  let a = )\n  let b = 2\n}\nlet c = 3")
    #expect(errors.components(separatedBy: "error:").count == 2)
    #expect(ast.contains("(let b 2)"))
    #expect(ast.contains("(let c 3)"))
}

@Test func deepNestingIsAnErrorNotACrash() {
    let deep = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
    let (_, diagnostics) = Parser.parse(SourceFile(name: "deep", text: deep))
    #expect(diagnostics.first?.id == .nestingTooDeep)
    let blocks = String(repeating: "if true {\n", count: 500) + String(repeating: "}\n", count: 500)
    let (_, more) = Parser.parse(SourceFile(name: "deep", text: blocks))
    #expect(more.contains { $0.id == .nestingTooDeep })
}

@Test func longChainsAreBoundedByTreeHeight() {
    // Chains are built in loops, not by recursion: the tree's height is what is bounded.
    for chain in ["1" + String(repeating: "+1", count: 100_000), "f" + String(repeating: "()", count: 100_000),
                  "r" + String(repeating: ".a", count: 100_000), "x" + String(repeating: "[0]", count: 100_000)] {
        let (_, diagnostics) = Parser.parse(SourceFile(name: "chain", text: "let v = " + chain))
        #expect(diagnostics.count == 1 && diagnostics.first?.id == .nestingTooDeep, "\(diagnostics.map(\.message))")
    }
    let fits = "let v = 1" + String(repeating: "+1", count: Parser.maxHeight - 10)
    #expect(Parser.parse(SourceFile(name: "fits", text: fits)).1.isEmpty)
    // A function literal counts its body's height.
    let inside = "let v = (fn() = 1" + String(repeating: "+1", count: 1500) + ")" + String(repeating: "+1", count: 1500)
    #expect(Parser.parse(SourceFile(name: "fn", text: inside)).1.first?.id == .nestingTooDeep)
}

@Test func errorsStopAtTwentyWithACount() {
    let (_, diagnostics) = Parser.parse(SourceFile(name: "many", text: String(repeating: "let = 1\n", count: 300)))
    #expect(diagnostics.count == 20)
    #expect(diagnostics.last?.notes.last == "and 280 more errors not shown; fix these first, later errors are often echoes of them")
}

@Test func grammarRuleFunctionsParseTheirRuleAlone() throws {
    // A few rules entered directly, as the REPL's :ast or a test might.
    let file = SourceFile(name: "r", text: "a < b")
    var parser = Parser(file: file, tokens: Lexer.tokenize(file).tokens)
    let e = try parser.comparison()
    #expect(ASTPrinter().print(e) == "(< a b)")
}
