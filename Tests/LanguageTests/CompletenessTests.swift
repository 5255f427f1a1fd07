// CompletenessTests: the REPL's question "is this input finished?".
import Testing

@testable import Language

@Test(arguments: [
    ("1 + 2", Completeness.complete),
    ("", .complete),
    ("# just a comment", .complete),
    ("fn f(x) {", .incomplete),
    ("fn f(x) {\n  return x", .incomplete),
    ("fn f(x) {\n  return x\n}", .complete),
    ("let xs = [1, 2,", .incomplete),
    ("print(1,\n 2", .incomplete),
    ("let r = {lr: 0.1,", .incomplete),
    ("let total = 1 +", .incomplete),
    ("if x > 0 {\n} else {", .incomplete),
    ("let s = \"\"\"first line", .incomplete),
    ("let s = \"\"\"first {x", .incomplete),
    ("let s = \"open", .invalid),
    ("let = 3", .invalid),
    (")", .invalid),
    ("let x = 1 $ 2", .invalid),
    ("let a = * 2\nif x {", .invalid),
    ("let x", .invalid),
])
func completeness(_ source: String, _ expected: Completeness) {
    #expect(Completeness.check(source) == expected, "\(source.debugDescription)")
}
