// Derivatives: THE derivative table. One row per primitive in Op: given the gradient g of a
// node's output y, the gradient of each parent (a vector–Jacobian product). This is the only
// place derivatives live; the conv and pooling rows call TensorCore's backward kernels. A row
// reads only the tensors its Op case carries (x, y, a, b as the case names them).
import TensorCore

extension Variable {
    /// One gradient per parent, in parent order, written into `grads` (empty on entry); nil where no gradient is needed (the parent
    /// does not require one) or none flows. A row may return a gradient in the broadcast
    /// (output) shape: the sweep sums broadcast axes away (`sumTo`), so binary rows and
    /// `expand` need no reduction code of their own.
    ///
    func vjp(_ g: Tensor, into grads: inout OperandGradients) throws {
        func need(_ i: Int) -> Bool { parent(i)._withUnsafeGuaranteedRef { $0.requiresGrad } }
        switch op {
        case nil: return
        // elementwise, one operand (the row reads the input x or the output y)
        case .neg?: return grads.set(-g)
        case .abs(let x)?: return grads.set(try g * x.map(.sign))
        case .exp(let y)?: return grads.set(try g * y)
        case .log(let x)?: return grads.set(try g / x)
        case .sqrt(let y)?: return grads.set(try g * 0.5 / y)
        case .square(let x)?: return grads.set(try g * x * 2)
        case .tanh(let y)?: return grads.set(try Tensor.tanhBackward(y: y, grad: g))  // g·(1 − y²)
        case .sigmoid(let y)?: return grads.set(try Tensor.sigmoidBackward(y: y, grad: g))  // g·y·(1 − y)
        case .relu(let x)?: return grads.set(try Tensor.reluBackward(x: x, grad: g))  // g·(x > 0)
        case .sin(let x)?: return grads.set(try g * x.map(.cos))
        case .cos(let x)?: return grads.set(try -g * x.map(.sin))
        case .reciprocal(let y)?: return grads.set(try -g * y.map(.square))
        case .powScalar(let c, let x)?: return grads.set(try g * (x.pow(c - 1) * c))
        case .piecewiseConstant?: return grads.set(try Tensor.zeros(g.shape))

        // elementwise, two operands
        case .add?: return grads.set(g, g)
        case .sub?: return grads.set(g, need(1) ? -g : nil)
        case .mul(let a, let b)?:  // b is kept exactly when a needs a gradient, and a when b does
            return grads.set(try b.map { try g * $0 }, try a.map { try g * $0 })
        case .div(let b, let y)?:  // ∂a = g / b, ∂b = −g·y / b
            return grads.set(need(0) ? try g / b : nil, need(1) ? try -g * y / b : nil)
        case .pow(let a, let b, let y)?:  // ∂a = g·b·a^(b−1), ∂b = g·y·ln a (0 where a = 0)
            let ga = need(0) ? try g * b * Tensor.binary(.pow, a, b - 1) : nil
            let gb = need(1) ? try powExponentGradient(g, a: a, y: y) : nil
            return grads.set(ga, gb)
        case .maximum(let a, let b)?, .minimum(let a, let b)?:  // ties share the gradient half and half
            let wins: BinaryOp = { if case .maximum? = op { return .gt } else { return .lt } }()
            let ties = try Tensor.binary(.eq, a, b) * 0.5
            let ga = need(0) ? try g * (Tensor.binary(wins, a, b) + ties) : nil
            let gb = need(1) ? try g * (Tensor.binary(wins, b, a) + ties) : nil
            return grads.set(ga, gb)
        case .mod(let a, let b)?:  // a − b·⌊a/b⌋
            return grads.set(g, need(1) ? try -g * (a / b).map(.floor) : nil)
        case .select(let cond)?:
            let zero = Tensor(scalar: 0)
            return grads.set(
                need(0) ? try Tensor.where(cond, g, zero) : nil,
                need(1) ? try Tensor.where(cond, zero, g) : nil,
            )

        // reductions: g back to the kept shape, then stretched over the reduced axes
        case .sum(let axes, let keep)?:
            return grads.set(try spread(g, axes: axes, keepDims: keep, scale: 1))
        case .mean(let axes, let keep)?:
            let n = axes.reduce(1) { $0 * parent(0)._withUnsafeGuaranteedRef { p in p.shape }[$1] }
            return grads.set(try spread(g, axes: axes, keepDims: keep, scale: 1 / Float(Swift.max(n, 1))))
        case .max(let axes, let keep, let x, let y)?, .min(let axes, let keep, let x, let y)?:
            let yk = try y.reshaped(keptShape(x.shape, axes: axes))
            let hit = try Tensor.binary(.eq, x, yk)
            let ties = try hit.reduce(.sum, axes: axes, keepDims: true)
            return grads.set(try hit * (spread(g, axes: axes, keepDims: keep, scale: 1) / ties))

        // movement: the inverse movement of g
        case .reshape(let from)?: return grads.set(try g.reshaped(from))
        case .permute(let p)?: return grads.set(try g.permuted(inversePermutation(p)))
        case .expand?: return grads.set(g)
        case .slice(let specs, let from)?:  // the sweep adds it region by region (accumulateSlice)
            var z = try Tensor.zeros(from)
            try z.assign(specs, g)
            return grads.set(z)
        case .setSlice(let specs)?:  // ∂x = g with the region zeroed, ∂v = g's region
            var gx = g
            if need(0) { try gx.assign(specs, scalar: 0) }
            return grads.set(need(0) ? gx : nil, need(1) ? try g.sliced(specs) : nil)
        case .put(let indices, let last)?:  // ∂x = g with the written rows zeroed, ∂v = the rows
            // of g at the indices, where that index wrote last (an overwritten write gets nothing)
            var gx = g
            if need(0) { try gx.assign(at: indices, Tensor(scalar: 0)) }
            let rows = last.shape + [Int](repeating: 1, count: g.rank - 1)
            let gv = need(1) ? try g.take(indices, axis: 0) * last.reshaped(rows) : nil
            return grads.set(need(0) ? gx : nil, gv)
        case .gather(let axis, let from, let indices)?:
            return grads.set(try Tensor.scatterAdd(into: from, axis: axis, indices: indices, values: g))
        case .take(let axis, let from, let indices)?:
            return grads.set(try Tensor.takeBackward(into: from, axis: axis, indices: indices, values: g))
        case .concat(let axis, let sizes)?:
            var start = 0
            return grads.set(
                try sizes.enumerated().map { i, n in
                    defer { start += n }
                    guard need(i) else { return nil }
                    return try g.sliced(specs(.range(start: start, stop: start + n, step: 1), onAxis: axis))
                })
        case .stack(let axis)?:
            return grads.set(
                try (0..<parentCount).map { i in
                    need(i) ? try g.sliced(specs(.index(i), onAxis: axis)) : nil
                })
        case .pad(let flat)?:
            let ranges: [SliceSpec] = (0..<g.rank).map { i in
                .range(start: flat[2 * i], stop: g.shape[i] - flat[2 * i + 1], step: 1)
            }
            return grads.set(try g.sliced(ranges))
        case .flip(let axes)?: return grads.set(try g.flipped(axes: axes))

        // products and conv nets
        case .matmul(let a, let b)?:  // ∂a = g @ bᵀ, ∂b = aᵀ @ g (batch axes summed by the sweep)
            return grads.set(
                try b.map { try Tensor.matmul(g, swapLast($0)) },
                try a.map { try Tensor.matmul(swapLast($0), g) })
        case .conv2d(let stride, let padding, let x, let w, let columns)?:
            let d = try Tensor.conv2dBackward(
                x, w, gradOutput: g, stride: stride, padding: padding,
                needInputGradient: need(0), needWeightGradient: need(1), columns: columns)
            grads.set(need(0) ? d.dX : nil, need(1) ? d.dW : nil)
            if parentCount == 3 { grads.rest = [d.dB] }
        case .maxPool2d(_, _, _, let from, let indices)?:
            return grads.set(try Tensor.maxPool2dBackward(gradOutput: g, indices: indices, inputShape: from))
        case .avgPool2d(let k, let stride, let padding, let from)?:
            return grads.set(
                try Tensor.avgPool2dBackward(
                    gradOutput: g, inputShape: from, kernel: k, stride: stride, padding: padding)
            )

        // fused
        case .logSoftmax(let axis, let y)?:  // ∂x = g − softmax(x)·Σ g
            return grads.set(try g - y.map(.exp) * g.reduce(.sum, axes: [axis], keepDims: true))
        case .custom(let f, let saved)?:
            return grads.set(try f.vjp(g, saved: saved, needs: (0..<parentCount).map(need)))
        }
    }
}

/// ∂(aᵇ)/∂b · g = g·aᵇ·ln a, taken as 0 where a = 0 (PyTorch's convention; the limit for b > 0).
private func powExponentGradient(_ g: Tensor, a: Tensor, y: Tensor) throws -> Tensor {
    let raw = try g * y * a.map(.log)
    return try Tensor.where(Tensor.binary(.eq, a, Tensor(scalar: 0)), Tensor(scalar: 0), raw)
}

/// The gradient of a reduction, times `scale`, stretched back over the reduced axes: g in the
/// reduced shape (or the keepDims shape) → `shape`. A one-element g (a full reduction, the
/// usual loss) becomes one filled contiguous tensor; otherwise a broadcast view.
private func spread(_ g: Tensor, axes: [Int], keepDims: Bool, into shape: Dims, scale: Float) throws -> Tensor {
    if g.count == 1 { return try Tensor.full(shape, try g.item() * scale) }
    let gk = keepDims ? g : try g.reshaped(keptShape(shape, axes: axes))
    return try (scale == 1 ? gk : gk * scale).expanded(to: shape)
}

extension Variable {
    /// `spread` into the first parent's shape.
    fileprivate func spread(_ g: Tensor, axes: [Int], keepDims: Bool, scale: Float) throws -> Tensor {
        try Autograd.spread(g, axes: axes, keepDims: keepDims, into: parent(0)._withUnsafeGuaranteedRef { $0.shape }, scale: scale)
    }
}

/// The gradients a derivative row gives the operands, in operand order; nil where none is
/// needed or none flows. The first two are fields, any more (concat, stack, conv2d's bias,
/// custom ops) an array, so a row of one or two operands allocates nothing: an array per
/// row had been ~400 allocations of the learner's LSTM step.
struct OperandGradients {
    var first: Tensor?
    var second: Tensor?
    var rest: [Tensor?] = []

    /// The gradients of a row of one or two operands. Set in place (the row writes into the
    /// caller's value): a returned value was copied and destroyed on the way out.
    mutating func set(_ first: Tensor?, _ second: Tensor? = nil) {
        self.first = first
        self.second = second
    }

    /// The gradients of a row of any number of operands.
    mutating func set(_ all: [Tensor?]) {
        if all.count > 0 { first = all[0] }
        if all.count > 1 { second = all[1] }
        if all.count > 2 { rest = Array(all[2...]) }
    }

    /// Taken, not copied: the gradient for operand `i` (nil past the last one given).
    mutating func take(_ i: Int) -> Tensor? {
        switch i {
        case 0: return first.take()
        case 1: return second.take()
        default: return i - 2 < rest.count ? rest[i - 2].take() : nil
        }
    }
}

/// The permutation that undoes `p`.
func inversePermutation(_ p: [Int]) -> [Int] {
    var inv = [Int](repeating: 0, count: p.count)
    for (i, a) in p.enumerated() { inv[a] = i }
    return inv
}

/// The last two axes swapped (a batched transpose). For a matrix that is `transposed()`, the
/// same view made without the permutation array (two allocations per weight gradient).
func swapLast(_ t: Tensor) throws -> Tensor {
    if t.rank == 2 { return t.transposed() }
    var axes = Array(0..<t.rank)
    axes.swapAt(t.rank - 1, t.rank - 2)
    return try t.permuted(axes)
}

/// `g` summed over the axes that broadcasting stretched, so it has `shape`: the gradient of
/// an implicit broadcast. [4, 3] → [3] sums axis 0; [4, 3] → [4, 1] sums axis 1.
func sumTo(_ g: Tensor, _ shape: Dims) throws -> Tensor {
    if g.shape == shape { return g }
    return try g.sum(toShape: shape)
}
