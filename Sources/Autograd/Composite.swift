// Composite: operations built from the primitives, so they need no derivative code —
// logsumexp, softmax, variance and std, leaky_relu, clamp, and the losses (mse, cross-entropy
// from logits with integer labels, binary cross-entropy, hinge). When not recording, those
// TensorCore computes in one fused kernel go straight to it.
import TensorCore

extension GradContext {
    /// log Σ eˣ over `axes`, computed as m + log Σ e^(x − m) with m = max x held constant
    /// (so large x cannot overflow; m cancels in the gradient, which is softmax(x)).
    public func logsumexp(_ x: Variable, axes: [Int]? = nil, keepDims: Bool = false) throws -> Variable {
        guard records(x) else {
            return Variable(try x.value.reduce(.logsumexp, axes: axes, keepDims: keepDims))
        }
        let m = Variable(try x.value.reduce(.max, axes: axes, keepDims: true))
        let lse = try add(log(sum(exp(sub(x, m)), axes: axes, keepDims: true)), m)
        if keepDims { return lse }
        let reduced = Set(normalizedAxes(axes, rank: x.value.rank))
        return try reshape(lse, Dims(x.shape.indices.filter { !reduced.contains($0) }.map { x.shape[$0] }))
    }

    /// softmax along `axis`: e^(x − max) / Σ e^(x − max); each slice along `axis` sums to 1.
    /// Composite: exp(log_softmax(x)).
    public func softmax(_ x: Variable, axis: Int = -1) throws -> Variable {
        guard records(x) else { return Variable(try x.value.softmax(axis: axis)) }
        return exp(try logSoftmax(x, axis: axis))
    }

    /// Population variance over `axes`: mean((x − mean x)²) (ddof 0, as TensorCore and NumPy).
    public func variance(_ x: Variable, axes: [Int]? = nil, keepDims: Bool = false) throws -> Variable {
        guard records(x) else {
            return Variable(try x.value.reduce(.variance, axes: axes, keepDims: keepDims))
        }
        let centred = try sub(x, mean(x, axes: axes, keepDims: true))
        return try mean(unary(.square, centred), axes: axes, keepDims: keepDims)
    }

    /// √variance over `axes` (population, ddof 0).
    public func std(_ x: Variable, axes: [Int]? = nil, keepDims: Bool = false) throws -> Variable {
        guard records(x) else {
            return Variable(try x.value.reduce(.std, axes: axes, keepDims: keepDims))
        }
        return sqrt(try variance(x, axes: axes, keepDims: keepDims))
    }

    /// x where x > 0, else slope·x (the gradient at 0 is `slope`, as PyTorch).
    public func leakyRelu(_ x: Variable, slope: Float = 0.01) throws -> Variable {
        let positive = Variable(Tensor.binary(.gt, x.value, 0))
        return try self.where(positive, x, binary(.mul, x, slope))
    }

    /// x limited to [lo, hi] (either bound optional); gradient 1 inside, 0 where clipped.
    public func clamp(_ x: Variable, min lo: Float?, max hi: Float?) throws -> Variable {
        guard records(x) else { return Variable(x.value.clamp(min: lo, max: hi)) }
        var y = x
        if let lo { y = try maximum(y, constant(lo)) }
        if let hi { y = try minimum(y, constant(hi)) }
        return y
    }

    /// Mean squared error: mean((prediction − target)²) over every element; shapes broadcast.
    public func mse(_ prediction: Variable, _ target: Variable) throws -> Variable {
        try mean(unary(.square, sub(prediction, target)))
    }

    /// Cross-entropy from logits with integer labels, averaged over the batch:
    /// −mean_i log_softmax(logits)[i, labels[i]]. logits [N, C], labels [N] of whole numbers
    /// in 0..<C (PyTorch `F.cross_entropy`).
    public func crossEntropy(logits: Variable, labels: Variable) throws -> Variable {
        let ls = logits.shape
        guard ls.count == 2, labels.value.rank == 1, labels.shape[0] == ls[0] else {
            throw TensorError(
                op: "cross_entropy",
                message: "expects logits [N, C] and labels [N], "
                    + "got \(shapeString(ls)) and \(shapeString(labels.shape))",
                shapes: [ls, labels.shape],
                hint: ls.count == 1 ? "add a batch axis: logits [1, C], labels [1]" : nil)
        }
        let picks = Variable(try labels.value.reshaped([ls[0], 1]))
        let picked = try gather(logSoftmax(logits, axis: 1), axis: 1, indices: picks)
        return neg(try mean(picked))
    }

    /// Binary cross-entropy of probabilities p against targets t in [0, 1]:
    /// −mean(t·log p + (1 − t)·log(1 − p)), each log clamped at −100 (as PyTorch).
    public func binaryCrossEntropy(_ p: Variable, _ t: Variable) throws -> Variable {
        let logP = try maximum(log(p), constant(-100))
        let log1mP = try maximum(log(binary(.sub, 1, p)), constant(-100))
        let terms = try add(mul(t, logP), mul(binary(.sub, 1, t), log1mP))
        return neg(try mean(terms))
    }

    /// Binary cross-entropy from logits z (stable): mean(max(z, 0) − z·t + log(1 + e^−|z|)).
    /// The gradient is (sigmoid(z) − t)/n everywhere. At z = 0 exactly, relu and abs would
    /// both give slope 0 (their kink), and the gradient would read −t/n instead of
    /// (0.5 − t)/n; so max(z, 0) and |z| are written with one mask z ≥ 0, which takes the
    /// right-hand slopes (1 and 1) there. Elsewhere values and gradients are the same bits.
    public func binaryCrossEntropyWithLogits(_ z: Variable, _ t: Variable) throws -> Variable {
        let right = Variable(Tensor.binary(.ge, z.value, 0))
        let absZ = try self.where(right, z, neg(z))
        let softplus = log(try binary(.add, 1, exp(neg(absZ))))
        let maxZ0 = try self.where(right, z, constant(0))
        return try mean(add(sub(maxZ0, mul(z, t)), softplus))
    }

    /// Hinge loss for labels t in {−1, +1}: mean(max(0, 1 − t·score)).
    public func hinge(_ score: Variable, _ t: Variable) throws -> Variable {
        try mean(relu(binary(.sub, 1, mul(t, score))))
    }
}
