// PerformanceTests: the front end handles a 10,000-line program well under a second, even in
// a debug build.
import Diagnostics
import Foundation
import Testing

@testable import Language

/// A realistic 10,000-line program: the fixed core forms and a training loop, repeated with
/// fresh names.
func bigProgram(lines target: Int) -> String {
    var out: [String] = []
    var n = 0
    while out.count < target {
        out.append(contentsOf: """
        let x\(n) = 2                      # binding
        var total\(n) = 0
        total\(n) += x\(n)
        fn square\(n)(v) = v * v
        fn clip\(n)(z, lo: 0, hi: 1) {
          if z < lo { return lo } else if z > hi { return hi }
          return z
        }
        clip\(n)(5, hi: 9)
        for i in 0..<4 { total\(n) += i }
        while total\(n) > 0 { total\(n) -= 1 }
        let A\(n) = [[1, 2], [3, 4]]
        let B\(n) = A\(n) @ A\(n) * 2 + 1
        print("total is {total\(n)} and {A\(n)[0, 1]:.3f}", A\(n).shape, A\(n)[:, 0])
        fn train\(n)(data, lr: 0.1, epochs: 100) {
          var w = [0, 0]
          for epoch in 0..<epochs {
            for x, y in zip(data.inputs, data.labels) {
              let p = if_positive(w @ x)
              w = w + lr * (y - p) * x
            }
          }
          return {weights: w, epochs: epochs}
        }
        """.components(separatedBy: "\n"))
        n += 1
    }
    return "fn if_positive(v) = v > 0\nlet zip = 0\n" + out.joined(separator: "\n")
}

@Test func tenThousandLinesLexParseAndResolveWellUnderASecond() {
    let source = bigProgram(lines: 10_000)
    let file = SourceFile(name: "big.cajal", text: source)
    var diagnostics: [Diagnostic] = []
    var best: (lex: Double, parse: Double, total: Double)? = nil
    for _ in 0..<3 {  // best of three: the machine is shared
        var globals = GlobalScope()
        globals.declare("print", kind: .builtin)
        let lex = cpuSeconds { _ = Lexer.tokenize(file) }
        let parse = cpuSeconds { _ = Parser.parse(file) }
        let total = cpuSeconds { diagnostics = FrontEnd.analyze(file, globals: &globals).1 }
        if best == nil || total < best!.total { best = (lex, parse, total) }
    }
    print("10,000 lines (\(source.utf8.count) bytes), CPU seconds: lex \(best!.lex), lex+parse \(best!.parse), lex+parse+resolve \(best!.total)")
    #expect(diagnostics.isEmpty, "\(diagnostics.first.map(String.init(describing:)) ?? "")")
    #expect(best!.total < 1.0)
}

/// CPU time of this thread spent in `body` (wall time means little on a shared machine).
func cpuSeconds(_ body: () -> Void) -> Double {
    var start = timespec()
    var end = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start)
    body()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end)
    return Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
}
