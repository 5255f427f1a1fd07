// BuiltinGradientTests: every builtin row declares what it does with gradients (records,
// constant, refuses, inert); each recording one passes a finite-difference gradcheck through
// the language, each constant or refusing one says so in `:help` and docs/builtins.md, and a
// row added without a declaration fails here by name.
import Foundation
import Interpreter
import Testing
import TestSupport

/// One gradcheck per recording builtin: a function of small inputs away from kinks (relu at
/// 0, ties of max), whose result weights the outputs unevenly so a wrong gradient shows.
/// A new recording builtin adds its line here.
let recordingGradchecks: [String: String] = [
    "exp": "gradcheck(fn(x) = sum(exp(x)), [0.5, -1, 2])",
    "log": "gradcheck(fn(x) = sum(log(x)), [0.5, 1, 2])",
    "sqrt": "gradcheck(fn(x) = sum(sqrt(x)), [0.5, 1, 2])",
    "tanh": "gradcheck(fn(x) = sum(tanh(x) * [1, 2, 3]), [0.5, -1, 2])",
    "sigmoid": "gradcheck(fn(x) = sum(sigmoid(x) * [1, 2, 3]), [0.5, -1, 2])",
    "relu": "gradcheck(fn(x) = sum(relu(x) * x), [0.5, -1, 2])",
    "abs": "gradcheck(fn(x) = sum(abs(x) * [1, 2, 3]), [0.5, -1, 2])",
    "floor": "gradcheck(fn(x) = sum(floor(x) * x), [0.5, -1.3, 2.2])",
    "ceil": "gradcheck(fn(x) = sum(ceil(x) * x), [0.5, -1.3, 2.2])",
    "sin": "gradcheck(fn(x) = sum(sin(x) * [1, 2, 3]), [0.5, -1, 2])",
    "cos": "gradcheck(fn(x) = sum(cos(x) * [1, 2, 3]), [0.5, -1, 2])",
    "sum": "gradcheck(fn(x) = sum(sum(x, axis: 0) ** 2), [[1, 2], [3, 4]])",
    "mean": "gradcheck(fn(x) = sum(mean(x, axis: 1, keepdims: true) ** 2), [[1, 2], [3, 4]])",
    "variance": "gradcheck(fn(x) = sum(variance(x, axis: 1) * [1, 2]), [[1, 2.5], [3, 4]])",
    "std": "gradcheck(fn(x) = sum(std(x, axis: 1) * [1, 2]), [[1, 2.5], [3, 4]])",
    "max": "gradcheck(fn(x) = sum(max(x, axis: 1) * [1, 2]), [[1, 5], [3, 2]])",
    "min": "gradcheck(fn(x) = sum(min(x, axis: 1) * [1, 2]), [[1, 5], [3, 2]])",
    "softmax": "gradcheck(fn(x) = sum(softmax(x) * [1, 2, 3]), [[0.5, -1, 2]])",
    "log_softmax": "gradcheck(fn(x) = sum(log_softmax(x) * [1, 2, 3]), [[0.5, -1, 2]])",
    "tensor": "gradcheck(fn(x) = sum(tensor(x) * x), [1, 2])",
    "reshape": "gradcheck(fn(x) = sum(reshape(x, [3, 2]) * [[1, 2], [3, 4], [5, 6]]), [[1, 2, 3], [4, 5, 6]])",
    "transpose": "gradcheck(fn(x) = sum(transpose(x) * [[1, 2], [3, 4], [5, 6]]), [[1, 2, 3], [4, 5, 6]])",
    "matmul": "gradcheck(fn(a, b) = sum(matmul(a, b) ** 2), [[1, 2], [3, 4]], [[0.5], [-1]])",
    "dot": "gradcheck(fn(a, b) = dot(a, b) ** 2, [1, 2], [3, -1])",
    "outer": "gradcheck(fn(a, b) = sum(outer(a, b) ** 2), [1, 2], [3, -1])",
    "concat": "gradcheck(fn(a, b) = sum(concat([a, b]) * [1, 2, 3, 4]), [1, 2], [3, 4])",
    "stack": "gradcheck(fn(a, b) = sum(stack([a, b]) * [[1, 2], [3, 4]]), [1, 2], [3, 4])",
    "where": "gradcheck(fn(a, b) = sum(where([1, 0, 1], a, b) * [1, 2, 3]), [1, 2, 3], [4, 5, 6])",
    "maximum": "gradcheck(fn(a, b) = sum(maximum(a, b) * [1, 2]), [1, 5], [3, 2])",
    "minimum": "gradcheck(fn(a, b) = sum(minimum(a, b) * [1, 2]), [1, 5], [3, 2])",
    "clamp": "gradcheck(fn(x) = sum(clamp(x, lo: 0, hi: 1) * [1, 2, 3]), [0.5, -1, 2])",
    "conv2d": "gradcheck(fn(x, w, b) = sum(conv2d(x, w, b, padding: 1) ** 2), randn([1, 1, 3, 3]), randn([2, 1, 2, 2]), [0.5, -0.5])",
    "max_pool2d": "gradcheck(fn(x) = sum(max_pool2d(x, 2) * [[[[1, 2]]]]), reshape([1, 5, 3, 2, 8, 4, 7, 6], [1, 1, 2, 4]))",
    "avg_pool2d": "gradcheck(fn(x) = sum(avg_pool2d(x, 2) * [[[[1, 2]]]]), reshape([1, 5, 3, 2, 8, 4, 7, 6], [1, 1, 2, 4]))",
    "step": "gradcheck(fn(x) = sum(step(x) * x), [0.5, -1, 2])",
    "sign": "gradcheck(fn(x) = sum(sign(x) * x), [0.5, -1, 2])",
    "leaky_relu": "gradcheck(fn(x) = sum(leaky_relu(x, slope: 0.1) * x), [0.5, -1, 2])",
    "take": "gradcheck(fn(x) = sum(take(x, [2, 0, 2]) * [[1], [2], [3]]), [[1, 2], [3, 4], [5, 6]])",
    "mse": "gradcheck(fn(p, t) = mse(p, t), [1, 2, 3], [0.5, 2.5, 2])",
    "bce": "gradcheck(fn(p) = bce(p, [1, 0, 1]), [0.3, 0.6, 0.8])",
    "bce_with_logits": "gradcheck(fn(z, t) = bce_with_logits(z, t), [0.3, -0.6, 2, 0], [1, 0, 0.5, 1])",
    "cross_entropy": "gradcheck(fn(x) = cross_entropy(x, [0, 2]), [[0.5, -1, 2], [1, 0, -1]])",
    "hinge": "gradcheck(fn(s) = hinge(s, [1, -1, 1]), [0.5, -2, 0.2])",
    "lstm_cell": "gradcheck(fn(x, w) = sum(lstm_cell(x, zeros([1, 2]) + 0.5, ones([1, 2]), w, w * 0.5, zeros([8])).h), [[0.5, -1]], randn([2, 8]) * 0.5)",
    "lstm_sequence": "gradcheck(fn(x, w) = sum(lstm_sequence(x, zeros([1, 2]), zeros([1, 2]), w, w * 0.5, zeros([8])).hs), randn([1, 3, 2]), randn([2, 8]) * 0.5)",
]

/// One call per refusing builtin that passes it a parameter.
let refusalCalls: [String: String] = [
    "one_hot": "one_hot(param([0, 1]), 2)",
]

let gradientRows = Interpreter.builtinGradients

@Test func everyBuiltinDeclaresWhatItDoesWithGradients() {
    let failure = undeclaredGradientFailure(gradientRows)
    #expect(failure == nil, "\(failure ?? "")")
}

/// The walk's failure message for a table, or nil when every row declares something.
func undeclaredGradientFailure(_ rows: [(name: String, kind: String, docLine: String?)]) -> String? {
    let undeclared = rows.filter { $0.kind == "undeclared" }.map(\.name)
    guard !undeclared.isEmpty else { return nil }
    return """
        these builtins declare nothing about gradients: \(undeclared). After the row's body add \
        .records { c in … } (a recording body), .recordsInBody(), .constant("why"), .refuses("why") \
        or .inert() (see Builtins+Gradient.swift)
        """
}

/// The walk above fails on a row added without a declaration: a test-only table holds every
/// real row plus one built like them whose author forgot `.records`/`.constant`/….
@Test func anUndeclaredRowFailsTheWalk() {
    let failure = undeclaredGradientFailure(Interpreter.builtinGradientsWithAnUndeclaredRow)
    #expect(failure == """
        these builtins declare nothing about gradients: ["forgot_to_declare"]. After the row's body add \
        .records { c in … } (a recording body), .recordsInBody(), .constant("why"), .refuses("why") \
        or .inert() (see Builtins+Gradient.swift)
        """)
}

@Test("a recording builtin passes gradcheck", arguments: gradientRows.filter { $0.kind == "records" }.map(\.name))
func recordingBuiltinPassesGradcheck(_ name: String) {
    guard let check = recordingGradchecks[name] else {
        Issue.record("\(name) records a gradient but has no gradcheck in recordingGradchecks")
        return
    }
    let r = runCajal("let r = \(check)\nprint(r.passed)\nif not r.passed { print(r.report) }\n")
    #expect(r.lines.first == "true", "\(name): \(r.lines) \(r.errors)")
}

@Test("a constant or refusing builtin says so", arguments: gradientRows.filter { ["constant", "refuses"].contains($0.kind) }.map(\.name))
func nonRecordingBuiltinSaysSo(_ name: String) throws {
    let line = try #require(gradientRows.first { $0.name == name }?.docLine)
    #expect(line.hasPrefix("Constant: the result carries no gradient (") || line.hasPrefix("Refuses a parameter: "))
    #expect(Interpreter().help(name)?.contains(line) == true, "\(name): :help lacks \(line)")
    let docs = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/builtins.md"), encoding: .utf8)
    let section = docs.components(separatedBy: "\n### `").first { $0.hasPrefix(name + "(") } ?? ""
    #expect(section.contains("*\(line)*"), "\(name): docs/builtins.md lacks \(line)")
}

@Test("a refusing builtin refuses a parameter", arguments: gradientRows.filter { $0.kind == "refuses" }.map(\.name))
func refusingBuiltinRefusesAParameter(_ name: String) {
    guard let call = refusalCalls[name] else {
        Issue.record("\(name) refuses a parameter but has no call in refusalCalls")
        return
    }
    let r = runCajal("print(\(call))\n")
    #expect(r.outcome != .success && r.errors.contains { $0.contains("\(name) does not take a parameter") }, "\(name): \(r.errors)")
}

@Test func aConstantBuiltinGivesAPlainResult() {
    let r = runCajal("let w = param([0.5, 1.5, -2])\nprint(round(w).requires_grad, argmax(w).requires_grad, float(sum(w)))\n")
    #expect(r.lines == ["false false 0"], "\(r.lines) \(r.errors)")
}
