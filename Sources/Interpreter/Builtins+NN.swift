// Builtins+NN: the Swift kernels a network needs, as builtins that record when an argument
// requires a gradient and are plain tensor work otherwise — conv2d, max_pool2d, avg_pool2d,
// step, sign, leaky_relu, take (embedding lookup), and the losses mse, bce, bce_with_logits,
// cross_entropy (logits and integer labels) and hinge. Every one goes through the session's
// GradContext, whose ops return plain results when nothing records.
import Autograd
import TensorCore

extension BuiltinCall {
    /// Argument i as an autograd operand, or nil when it is nil.
    func optionalVariable(_ i: Int) throws -> Variable? { isNil(i) ? nil : try variable(i) }
}

extension BuiltinTable {
    /// A loss of two operands: prediction and target. Unless `labels` (cross_entropy), the two
    /// must have one shape: a silent broadcast ([N, 1] against [N] → [N, N]) gives a wrong
    /// number, so it is refused.
    static func loss(_ name: String, labels: Bool = false, doc: String, example: String,
                     _ f: @escaping (GradContext, Variable, Variable) throws -> Variable) -> Builtin {
        Builtin(name, [req("prediction"), req("target")], category: "nn", doc: doc, example: example) { c in
            let p = try c.variable(0), t = try c.variable(1)
            if labels { try c.checkLabels(t.value, classes: p.shape) } else { try c.checkSameShape(p.shape, t.shape) }
            return try c.recorded { try f($0, p, t) }
        }.recordsInBody()
    }

    static let nn: [Builtin] = [
        Builtin("conv2d", [req("x"), req("w"), opt("bias"), opt("stride", .number(1)), opt("padding", .number(0))], category: "nn",
                doc: "2-D convolution (cross-correlation): x [N, C, H, W], w [F, C, kh, kw], bias [F] → [N, F, H', W'], H' = (H + 2·padding − kh) / stride + 1.",
                example: "print(conv2d(ones([1, 1, 4, 4]), ones([2, 1, 3, 3]), padding: 1).shape)\n# expect: [1, 2, 4, 4]") { c in
            let x = try c.variable(0), w = try c.variable(1), b = try c.optionalVariable(2)
            let s = try c.int(3), p = try c.int(4)
            return try c.recorded { try $0.conv2d(x, w, bias: b, stride: s, padding: p) }
        }.recordsInBody(),
        Builtin("max_pool2d", [req("x"), req("kernel"), opt("stride"), opt("padding", .number(0))], category: "nn",
                doc: "The maximum of each kernel×kernel window of x [N, C, H, W]; stride defaults to kernel.",
                example: "print(max_pool2d(reshape(arange(16), [1, 1, 4, 4]), 2))\n# expect: [[[[ 5,  7],\n# expect:    [13, 15]]]]") { c in
            let x = try c.variable(0), k = try c.int(1), s = try c.optionalInt(2), p = try c.int(3)
            return try c.recorded { try $0.maxPool2d(x, kernel: k, stride: s, padding: p) }
        }.recordsInBody(),
        Builtin("avg_pool2d", [req("x"), req("kernel"), opt("stride"), opt("padding", .number(0))], category: "nn",
                doc: "The mean of each kernel×kernel window of x [N, C, H, W]; stride defaults to kernel.",
                example: "print(avg_pool2d(reshape(arange(16), [1, 1, 4, 4]), 2))\n# expect: [[[[ 2.5,  4.5],\n# expect:    [10.5, 12.5]]]]") { c in
            let x = try c.variable(0), k = try c.int(1), s = try c.optionalInt(2), p = try c.int(3)
            return try c.recorded { try $0.avgPool2d(x, kernel: k, stride: s, padding: p) }
        }.recordsInBody(),
        Builtin("step", [req("x")], category: "nn", doc: "1 where x > 0, else 0 (the threshold unit; its gradient is 0).",
                example: "print(step([-1, 0, 2]))\n# expect: [0, 0, 1]") { c in
            let x = try c.variable(0)
            return try c.recorded { $0.unary(.step, x) }
        }.recordsInBody(),
        Builtin("sign", [req("x")], category: "nn", doc: "-1, 0 or 1 by the sign of x (its gradient is 0).",
                example: "print(sign([-3, 0, 2]))\n# expect: [-1, 0, 1]") { c in
            let x = try c.variable(0)
            return try c.recorded { $0.unary(.sign, x) }
        }.recordsInBody(),
        Builtin("leaky_relu", [req("x"), opt("slope", .number(0.01))], category: "nn", doc: "x where x > 0, else slope·x.",
                example: "print(leaky_relu([-2, 3], slope: 0.5))\n# expect: [-1, 3]") { c in
            let x = try c.variable(0), s = Float(try c.number(1))
            return try c.recorded { try $0.leakyRelu(x, slope: s) }
        }.recordsInBody(),
        Builtin("take", [req("x"), req("indices"), opt("axis", .number(0))], category: "nn",
                doc: "The slices of x at whole-number `indices` along `axis` (an embedding lookup: take(E, tokens)).",
                example: "print(take([[1, 2], [3, 4], [5, 6]], [2, 0]))\n# expect: [[5, 6],\n# expect:  [1, 2]]") { c in
            let x = try c.variable(0), i = Variable(try c.tensor(1)), a = try c.int(2)
            return try c.recorded { try $0.take(x, i, axis: a) }
        }.recordsInBody(),
        loss("mse", doc: "Mean squared error: mean((prediction − target)²); prediction and target have one shape.",
             example: "print(mse([1, 2], [1, 4]))\n# expect: 2") { try $0.mse($1, $2) },
        loss("bce", doc: "Binary cross-entropy of probabilities: −mean(t·log p + (1 − t)·log(1 − p)), logs clamped at −100.",
             example: "print(round(float(bce([0.5], [1])), digits: 4))\n# expect: 0.6931") { try $0.binaryCrossEntropy($1, $2) },
        loss("bce_with_logits", doc: "Binary cross-entropy from logits z, computed stably: mean(max(z, 0) − z·t + log(1 + e^−|z|)).",
             example: "print(round(float(bce_with_logits([0], [1])), digits: 4))\n# expect: 0.6931") { try $0.binaryCrossEntropyWithLogits($1, $2) },
        loss("cross_entropy", labels: true, doc: "Cross-entropy from logits [N, C] and integer labels [N]: −mean log_softmax(logits)[i, label i].",
             example: "print(round(float(cross_entropy([[0, 0]], [1])), digits: 4))\n# expect: 0.6931") { try $0.crossEntropy(logits: $1, labels: $2) },
        loss("hinge", doc: "Hinge loss for labels ±1: mean(max(0, 1 − t·score)).",
             example: "print(hinge([0.5, -2], [1, -1]))\n# expect: 0.25") { try $0.hinge($1, $2) },
    ]
}

extension BuiltinCall {
    /// A loss's prediction and target have one shape: [N, 1] against [N] would broadcast to
    /// [N, N] and compare every prediction with every target (PyTorch only warns).
    func checkSameShape(_ p: Dims, _ t: Dims) throws {
        guard p != t else { return }
        var message = "\(name): prediction has shape \(shapeString(p)) but target has shape \(shapeString(t))"
        if let b = try? Tensor.broadcastShape(p, t) { message += "; they would broadcast to \(shapeString(b))" }
        var hint = "give them one shape"
        if p.last == 1, Array(p.dropLast()) == t {
            hint = "reshape(target, [-1, 1]) makes the target a column like the prediction (or reshape(prediction, [-1]) squeezes the prediction)"
        } else if t.last == 1, Array(t.dropLast()) == p {
            hint = "reshape(prediction, [-1, 1]) makes the prediction a column like the target (or reshape(target, [-1]) squeezes the target)"
        }
        throw VMError(.shapeMismatch, message, hint: hint)
    }

    /// Integer class labels for scores [N, C]: each a whole number in 0..<C, named as labels
    /// and classes rather than as a gather index.
    func checkLabels(_ labels: Tensor, classes shape: Dims) throws {
        guard shape.count == 2, labels.rank == 1 else { return }  // the op names the shapes
        let classes = shape[1]
        for (i, y) in labels.toArray().enumerated() {
            guard y == y.rounded() else {
                throw VMError(.badArgument, "\(name): label \(formatNumber(Double(y))) (example \(i)) is not a whole number",
                              hint: "labels are class numbers 0, 1, … \(classes - 1)")
            }
            guard y >= 0, y < Float(classes) else {
                throw VMError(.badArgument, "\(name): label \(formatNumber(Double(y))) (example \(i)), but the scores have only \(classes) classes",
                              hint: "labels count from 0: with \(classes) classes they are 0 … \(classes - 1); the scores need one column per class")
            }
        }
    }
}
