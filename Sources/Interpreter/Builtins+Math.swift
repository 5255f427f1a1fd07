// Builtins+Math: elementwise functions on numbers or tensors (exp, log, sqrt, tanh, sigmoid,
// relu, abs, round, floor, ceil, sin, cos) and reductions (sum, mean, var, std, min, max,
// argmax, argmin, softmax, log_softmax) with NumPy's axis and keepdims.
import Foundation
import TensorCore

extension BuiltinTable {
    /// A function applied to a number, or to every element of a tensor.
    static func elementwise(_ name: String, _ op: UnaryOp, _ f: @escaping @convention(c) (Double) -> Double,
                            doc: String, example: String) -> Builtin {
        Builtin(name, [req("x")], category: "math", doc: doc, example: example, numeric: f) { c in
            if c.vm.tensorValue(c[0]) == nil, c.vm.listObject(c[0]) == nil { return .number(f(try c.number(0))) }
            let t = try c.tensor(0)
            return c.vm.newTensor(t.map(op))
        }.records(unaryBody(op))
    }

    static let math: [Builtin] = [
        elementwise("exp", .exp, { Foundation.exp($0) }, doc: "e to the power x.",
                    example: "print(exp(0), exp([0, 1]).shape)\n# expect: 1 [2]"),
        elementwise("log", .log, { Foundation.log($0) }, doc: "The natural logarithm (log(0) is -inf).",
                    example: "print(log(1), log(exp(2)))\n# expect: 0 2"),
        elementwise("sqrt", .sqrt, { $0.squareRoot() }, doc: "The square root (nan below 0).",
                    example: "print(sqrt(16), sqrt(2))\n# expect: 4 1.41421"),
        elementwise("tanh", .tanh, { Foundation.tanh($0) }, doc: "The hyperbolic tangent, in (-1, 1).",
                    example: "print(tanh(0))\n# expect: 0"),
        elementwise("sigmoid", .sigmoid, { x in 1 / (1 + Foundation.exp(-x)) }, doc: "1 / (1 + e^-x), in (0, 1).",
                    example: "print(sigmoid(0))\n# expect: 0.5"),
        elementwise("relu", .relu, { $0 > 0 ? $0 : 0 }, doc: "max(x, 0).",
                    example: "print(relu(-2), relu(3))\n# expect: 0 3"),
        elementwise("abs", .abs, { Swift.abs($0) }, doc: "The absolute value.",
                    example: "print(abs(-2.5))\n# expect: 2.5"),
        elementwise("floor", .floor, { $0.rounded(.down) }, doc: "The largest whole number <= x.",
                    example: "print(floor(2.7), floor(-2.5))\n# expect: 2 -3"),
        elementwise("ceil", .ceil, { $0.rounded(.up) }, doc: "The smallest whole number >= x.",
                    example: "print(ceil(2.1))\n# expect: 3"),
        elementwise("sin", .sin, { Foundation.sin($0) }, doc: "The sine (radians).",
                    example: "print(sin(0))\n# expect: 0"),
        elementwise("cos", .cos, { Foundation.cos($0) }, doc: "The cosine (radians).",
                    example: "print(cos(0))\n# expect: 1"),
        Builtin("round", [req("x"), opt("digits", .number(0))], category: "math",
                doc: "x rounded to `digits` decimals (negative: to tens, hundreds...); numbers round halves away from zero, tensors elementwise with halves to even (as NumPy).",
                example: "print(round(2.5), round(3.14159, digits: 2), round(tensor([0.123, 0.5]), digits: 2))\n# expect: 3 3.14 [0.12, 0.5]") { c in
            let d = try c.int(1)
            if c.vm.tensorValue(c[0]) == nil, c.vm.listObject(c[0]) == nil {
                return .number(roundDigits(try c.number(0), d, .toNearestOrAwayFromZero))
            }
            let t = try c.tensor(0)
            if d == 0 { return c.vm.newTensor(t.map(.round)) }
            let values = t.toArray().map { Float(roundDigits(Double($0), d, .toNearestOrEven)) }
            return try c.tensorResult { try Tensor(shape: t.shape, values: values) }
        }.constant("rounding is flat between its jumps, so its derivative is 0 almost everywhere; floor and ceil record that 0 if a graph needs it"),
        reduction("sum", .sum, doc: "The sum of all elements, or along `axis`.",
                  example: "print(sum([[1, 2], [3, 4]]), sum([[1, 2], [3, 4]], axis: 0).shape)\n# expect: 10 [2]"),
        reduction("mean", .mean, doc: "The mean of all elements, or along `axis`.",
                  example: "print(mean([1, 2, 3, 4]))\n# expect: 2.5"),
        reduction("variance", .variance, doc: "The variance (divides by n, as NumPy; `var` is a keyword).",
                  example: "print(variance([1, 2, 3, 4]))\n# expect: 1.25"),
        reduction("std", .std, doc: "The standard deviation (divides by n, as NumPy).",
                  example: "print(std([2, 4, 4, 4, 5, 5, 7, 9]))\n# expect: 2"),
        extremum("max", .max, doc: "The largest of several numbers, of a list, or of a tensor (along `axis`).",
                 example: "print(max(3, 7, 5), max([2, 9, 4]))\n# expect: 7 9"),
        extremum("min", .min, doc: "The smallest of several numbers, of a list, or of a tensor (along `axis`).",
                 example: "print(min(3, 7, 5), min([2, 9, 4]))\n# expect: 3 2"),
        Builtin("argmax", [req("x"), opt("axis"), opt("keepdims", .bool(false))], category: "math",
                doc: "The position of the largest element (flat), or along `axis`.",
                example: "print(argmax([1, 9, 3]))\n# expect: 1") { c in
            let t = try c.tensor(0)
            return try c.tensorResult { try t.argmax(axis: try c.optionalInt(1), keepDims: try c.bool(2)) }
        }.constant("a position, not a differentiable function of the values"),
        Builtin("argmin", [req("x"), opt("axis"), opt("keepdims", .bool(false))], category: "math",
                doc: "The position of the smallest element (flat), or along `axis`.",
                example: "print(argmin([4, 0, 3]))\n# expect: 1") { c in
            let t = try c.tensor(0)
            return try c.tensorResult { try t.argmin(axis: try c.optionalInt(1), keepDims: try c.bool(2)) }
        }.constant("a position, not a differentiable function of the values"),
        Builtin("softmax", [req("x"), opt("axis", .number(-1))], category: "math",
                doc: "exp(x) / sum(exp(x)) along `axis` (default the last), computed stably.",
                example: "print(sum(softmax([1, 2, 3])))\n# expect: 1") { c in
            let t = try c.tensor(0)
            return try c.tensorResult { try t.softmax(axis: try c.int(1)) }
        }.records { c in let x = try c.variable(0), a = try c.int(1); return try c.recorded { try $0.softmax(x, axis: a) } },
        Builtin("log_softmax", [req("x"), opt("axis", .number(-1))], category: "math",
                doc: "log(softmax(x)) along `axis`, computed stably.",
                example: "print(round(float(log_softmax([0, 0])[0]), digits: 4))\n# expect: -0.6931") { c in
            let t = try c.tensor(0)
            return try c.tensorResult { try t.logSoftmax(axis: try c.int(1)) }
        }.records { c in let x = try c.variable(0), a = try c.int(1); return try c.recorded { try $0.logSoftmax(x, axis: a) } },
    ]

    static func reduction(_ name: String, _ op: ReduceOp, doc: String, example: String) -> Builtin {
        Builtin(name, [req("x"), opt("axis"), opt("keepdims", .bool(false))], category: "math",
                doc: doc, example: example) { c in
            let t = try c.tensor(0)
            let axes = try c.axes(1)
            return try c.tensorResult { try t.reduce(op, axes: axes, keepDims: try c.bool(2)) }
        }.records(reduceBody(op))
    }

    static func extremum(_ name: String, _ op: ReduceOp, doc: String, example: String) -> Builtin {
        Builtin(name, [req("x"), opt("axis"), opt("keepdims", .bool(false))], variadic: true,
                category: "math", doc: doc, example: example) { c in
            if !c.rest.isEmpty {
                var best = try c.number(0)
                for (k, v) in c.rest.enumerated() {
                    guard let x = c.vm.numberValue(v) else {
                        throw VMError.badArgument(k + 2, name, "number expected, got \(c.vm.describe(v))")
                    }
                    if op == .max ? x > best : x < best { best = x }
                }
                return .number(best)
            }
            if let x = c.vm.numberValue(c[0]), c.vm.tensorValue(c[0]) == nil { return .number(x) }
            let t = try c.tensor(0)
            guard t.count > 0 else { throw c.bad(0, "\(name) of an empty sequence") }
            let axes = try c.axes(1)
            return try c.tensorResult { try t.reduce(op, axes: axes, keepDims: try c.bool(2)) }
        }.records { c in
            guard c.rest.isEmpty else {
                throw c.bad(1, "\(name) of several values does not record; use \(name == "max" ? "maximum" : "minimum")(a, b)")
            }
            return try reduceBody(op)(c)
        }
    }
}

/// x rounded to `digits` decimals with `rule` for halves: x·10^d rounded, divided by 10^d
/// (for negative d, x / 10^-d rounded, times 10^-d, so whole results stay exact). When 10^|d|
/// overflows, x has no digits that far out: it comes back unchanged (d > 0) or as 0 (d < 0).
func roundDigits(_ x: Double, _ digits: Int, _ rule: FloatingPointRoundingRule) -> Double {
    let scale = Foundation.pow(10.0, Double(abs(digits)))
    let scaled = digits >= 0 ? x * scale : x / scale
    guard scale.isFinite, scaled.isFinite else { return digits >= 0 ? x : 0 }
    let r = scaled.rounded(rule)
    return digits >= 0 ? r / scale : r * scale
}
