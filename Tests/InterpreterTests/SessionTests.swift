// SessionTests: cells in one session (REPL/notebook use): the final expression's display text,
// `_`, globals persisting, static vs runtime outcomes, and the collector freeing big tensors
// between cells.
import Interpreter
import Testing

@Test func finalExpressionIsShownAndBoundToUnderscore() {
    var out = ""
    let s = Interpreter(output: { out += $0 })
    #expect(s.evaluate("1 + 2").display == "3")
    #expect(s.evaluate("_ * 10").display == "30")
    #expect(s.evaluate("\"hi\"").display == "\"hi\"")
    #expect(s.evaluate("let x = 5").display == nil)
    #expect(s.evaluate("print(x)").display == nil)
    #expect(out == "5\n")
}

@Test func cellOutcomesSeparateStaticFromRuntime() {
    let s = Interpreter()
    #expect(s.evaluate("let = 3").outcome == .staticError)
    let r = s.evaluate("1 / 0")
    #expect(r.outcome == .runtimeError)
    #expect(r.diagnostics.first?.message == "division by zero")
    #expect(s.evaluate("2 * 2").display == "4", "the session survives errors")
}

@Test func userGlobalsAreListedInOrder() {
    let s = Interpreter()
    _ = s.evaluate("let lr = 0.1\nvar W = zeros([2, 2])\nfn f(x) = x")
    #expect(s.userGlobals.map(\.name) == ["lr", "W", "f"])
    #expect(s.userGlobals[1].typeName == "rank-2 tensor [2, 2]")
    #expect(s.members(ofPath: ["W"]) == ["shape", "T", "ndim", "size"])
    _ = s.evaluate("let cfg = {opt: {lr: 1, beta: 2}}")
    #expect(s.members(ofPath: ["cfg", "opt"]) == ["lr", "beta"])
    #expect(s.members(ofPath: ["nope"]) == nil)
}

@Test func garbageIsCollectedBetweenCells() {
    let s = Interpreter()
    _ = s.evaluate("var t = zeros([1000, 100])")
    let before = s.liveObjectCount
    for _ in 0..<20 { _ = s.evaluate("t = t + 1") }
    #expect(s.liveObjectCount <= before + 2, "old tensors are freed: \(before) → \(s.liveObjectCount)")
    #expect(s.evaluate("float(t[0, 0])").display == "20")
}

@Test func stringsAndListsKeptAliveAreCountedInBytesByTheCollector() {
    // The memory budget counts what the collector finds alive: twenty 1 MB strings in a list
    // count, and nothing of them once the list is dropped.
    let s = Interpreter()
    _ = s.evaluate("var s = \"x\"\nfor i in 0..<20 { s = s + s }\nvar keep = []\nfor i in 0..<20 { keep.append(s + str(i)) }")
    s.collectGarbage()
    #expect(s.liveHeapBytes > 21 << 20, "\(s.liveHeapBytes)")
    _ = s.evaluate("keep = []\ns = \"\"")
    s.collectGarbage()
    #expect(s.liveHeapBytes < 1 << 20, "\(s.liveHeapBytes)")
}

@Test func aFreshSessionInitialisesOnlyTheGlobalSlotsItDeclares() {
    // A fresh session (every REPL start, grader child and fuzz input) used to initialise, and
    // every collection to scan, all 65,536 global slots; it now initialises those its scope
    // declares (builtins and prelude), and more as cells declare more, doubling.
    let s = Interpreter()
    let fresh = s.globalSlotsInitialized
    #expect(fresh > 100 && fresh < 4_096, "\(fresh)")
    // Cells that declare globals one at a time, each holding a heap object, past two doublings.
    for i in 0..<(2 * fresh) { _ = s.evaluate("let g\(i) = [\(i)]") }
    #expect(s.globalSlotsInitialized >= 3 * fresh && s.globalSlotsInitialized <= 8 * fresh, "\(s.globalSlotsInitialized)")
    s.collectGarbage()
    #expect(s.evaluate("g0[0] + g\(fresh)[0] + g\(2 * fresh - 1)[0]").display == "\(3 * fresh - 1)",
            "the collector keeps what every initialised slot holds")
}

@Test func aCellDeclaringMoreGlobalsThanBytecodeCanNameLeavesTheSessionWhole() {
    // 70,000 top-level lets: the resolver declares them all, the compiler refuses slots past
    // 65,535. Listing the session's globals afterwards read (and binding `_` wrote) past the
    // 65,536 slots; they now see those names as undefined.
    let s = Interpreter()
    let source = (0..<70_000).map { "let v\($0) = \($0)" }.joined(separator: "\n")
    #expect(s.evaluate(source).outcome == .staticError)
    #expect(s.userGlobals.isEmpty)
    #expect(s.evaluate("40 + 2").display == "42")
}
