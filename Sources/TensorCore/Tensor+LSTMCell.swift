// Tensor+LSTMCell: one LSTM time step as one kernel — both products into one pre-activation
// buffer (GEMMs accumulating onto the bias), the four gates and the new state in one pass
// per row — and its hand-written backward: one elementwise pass for the pre-activation
// gradient, then four GEMMs and a column sum. NN records it as one autograd node.
//
// Layout (Cajal's x @ W convention, gates in PyTorch's order i, f, g, o):
//   z  = x · W_ih + h · W_hh + b           x [B, I], h [B, H], W_ih [I, 4H], W_hh [H, 4H], b [4H]
//   i = σ(z[:, 0:H])  f = σ(z[:, H:2H])  g = tanh(z[:, 2H:3H])  o = σ(z[:, 3H:4H])
//   c' = f ⊙ c + i ⊙ g                     h' = o ⊙ tanh(c')
// (PyTorch's nn.LSTMCell stores W_ih as [4H, I] = this W_ihᵀ and has two biases b_ih + b_hh.)

import Foundation

/// The result of one LSTM step and what its backward needs.
public struct LSTMCellResult: Sendable {
    /// h' and c' stacked: [2, B, H]; `h` and `c` are views of its two halves.
    public let hc: Tensor
    /// The new hidden state h' [B, H].
    public var h: Tensor { hc.half(0) }
    /// The new cell state c' [B, H].
    public var c: Tensor { hc.half(1) }
    /// The activated gates i, f, g, o side by side: [B, 4H].
    public let gates: Tensor
    /// tanh(c') [B, H].
    public let tanhC: Tensor

    /// A step rebuilt from the three tensors above (an autograd node keeps them as its saved
    /// tensors and rebuilds the step for the backward).
    public init(hc: Tensor, gates: Tensor, tanhC: Tensor) {
        (self.hc, self.gates, self.tanhC) = (hc, gates, tanhC)
    }
}

/// The gradients of one LSTM step with respect to its six inputs; nil where not asked for.
public struct LSTMCellGradients: Sendable {
    public var x, h, c, wIh, wHh, bias: Tensor?
}

extension Tensor {
    /// Axis-0 half `k` (0 or 1) of a contiguous [2, B, H] tensor, as a view.
    fileprivate func half(_ k: Int) -> Tensor {
        let n = count / 2
        return Tensor(storage: storage, offset: offset + k * n, shape: Dims(shape.dropFirst()),
                      strides: Dims(strides.dropFirst()), count: n)
    }

    /// Checks the six shapes of an LSTM step and returns (B, I, H).
    static func lstmShapes(_ x: Tensor, _ h: Tensor, _ c: Tensor, _ wIh: Tensor, _ wHh: Tensor, bias: Dims)
        throws -> (Int, Int, Int)
    {
        let all = [x.shape, h.shape, c.shape, wIh.shape, wHh.shape, bias]
        func fail(_ message: String) -> TensorError {
            TensorError(op: "lstm_cell", message: message, shapes: all,
                        hint: "x [B, I], h [B, H], c [B, H], W_ih [I, 4H], W_hh [H, 4H], b [4H]; gates i, f, g, o")
        }
        guard x.rank == 2, h.rank == 2, c.rank == 2, wIh.rank == 2, wHh.rank == 2, bias.count == 1 else {
            throw fail("expects x, h, c, W_ih, W_hh of rank 2 and b of rank 1")
        }
        let (batch, inputs, hidden) = (x.shape[0], x.shape[1], h.shape[1])
        guard h.shape[0] == batch, c.shape == h.shape else {
            throw fail("x \(shapeString(x.shape)), h \(shapeString(h.shape)) and c \(shapeString(c.shape)) must be [B, ·], [B, H], [B, H]")
        }
        guard wIh.shape == [inputs, 4 * hidden], wHh.shape == [hidden, 4 * hidden], bias == [4 * hidden] else {
            throw fail("with I = \(inputs) and H = \(hidden), W_ih must be [\(inputs), \(4 * hidden)], "
                + "W_hh [\(hidden), \(4 * hidden)] and b [\(4 * hidden)]; got \(shapeString(wIh.shape)), "
                + "\(shapeString(wHh.shape)), \(shapeString(bias))")
        }
        return (batch, inputs, hidden)
    }

    /// One LSTM step (formulas in the file header). Shapes are checked; errors name them.
    public static func lstmCell(x: Tensor, h: Tensor, c: Tensor, wIh: Tensor, wHh: Tensor, bias: Tensor)
        throws -> LSTMCellResult
    {
        let (batch, inputs, hidden) = try lstmShapes(x, h, c, wIh, wHh, bias: bias.shape)
        let (xs, hs, cs, wi, wh, bs) = (x.contiguous(), h.contiguous(), c.contiguous(), wIh.contiguous(),
                                        wHh.contiguous(), bias.contiguous())
        let width = 4 * hidden
        let gates = try uninitialized([batch, width], op: "lstm_cell")
        let hc = try uninitialized([2, batch, hidden], op: "lstm_cell")
        let tanhC = try uninitialized([batch, hidden], op: "lstm_cell")
        guard batch > 0 && hidden > 0 else { return LSTMCellResult(hc: hc, gates: gates, tanhC: tanhC) }
        withExtendedLifetime((xs, hs, cs, wi, wh, bs)) {
            let z = gates.base
            for r in 0..<batch { (z + r * width).update(from: bs.base, count: width) }
            if inputs > 0 {
                sgemm(transA: false, transB: false, m: batch, n: width, k: inputs, a: xs.base, lda: inputs,
                      b: wi.base, ldb: width, beta: 1, c: z, ldc: width)
            }
            sgemm(transA: false, transB: false, m: batch, n: width, k: hidden, a: hs.base, lda: hidden,
                  b: wh.base, ldb: width, beta: 1, c: z, ldc: width)
            let (hOut, cOut) = (hc.base, hc.base + batch * hidden)
            for r in 0..<batch {
                lstmRowForward(z + r * width, cs.base + r * hidden, cOut + r * hidden, tanhC.base + r * hidden,
                               hOut + r * hidden, hidden)
            }
        }
        return LSTMCellResult(hc: hc, gates: gates, tanhC: tanhC)
    }

    /// One row of the forward: activates the pre-activation `z` (4H) in place into the gates
    /// i, f, g, o and writes c' = f ⊙ c + i ⊙ g, tanh(c') and h' = o ⊙ tanh(c') (H each), in
    /// one pass eight lanes at a time (the C kernel of Tensor+FastMath).
    @inline(__always)
    static func lstmRowForward(
        _ z: UnsafeMutablePointer<Float>, _ cPrev: UnsafePointer<Float>, _ cNew: UnsafeMutablePointer<Float>,
        _ tc: UnsafeMutablePointer<Float>, _ hNew: UnsafeMutablePointer<Float>, _ hidden: Int
    ) {
        lstmRowForwardKernel(z, cPrev, cNew, tc, hNew, hidden)
    }
}

extension Tensor {
    /// The backward of one LSTM step. `gradH`, `gradC` are ∂L/∂h' and ∂L/∂c' [B, H] (nil:
    /// zero); `step` is the forward's result; `needs` says which of (x, h, c, W_ih, W_hh, b)
    /// want a gradient. With dc = ∂c' + ∂h' ⊙ o ⊙ (1 − tanh²c'), the pre-activation gradient is
    ///   dz = [dc ⊙ g ⊙ i(1−i), dc ⊙ c ⊙ f(1−f), dc ⊙ i ⊙ (1−g²), ∂h' ⊙ tanh c' ⊙ o(1−o)]
    /// and ∂x = dz · W_ihᵀ, ∂h = dz · W_hhᵀ, ∂c = dc ⊙ f, ∂W_ih = xᵀ · dz, ∂W_hh = hᵀ · dz,
    /// ∂b = Σ_rows dz.
    public static func lstmCellBackward(
        gradH: Tensor?, gradC: Tensor?, x: Tensor, h: Tensor, c: Tensor, wIh: Tensor, wHh: Tensor,
        step: LSTMCellResult, needs: [Bool] = Array(repeating: true, count: 6)
    ) throws -> LSTMCellGradients {
        let (batch, _, hidden) = try lstmShapes(x, h, c, wIh, wHh, bias: [step.gates.shape.last ?? 0])
        for g in [gradH, gradC].compactMap({ $0 }) where g.shape != [batch, hidden] {
            throw TensorError(op: "lstm_cell_backward", message: "gradient \(shapeString(g.shape)) must be [\(batch), \(hidden)]",
                              shapes: [g.shape, [batch, hidden]])
        }
        let width = 4 * hidden
        let dz = try filled([batch, width], 0, op: "lstm_cell_backward")
        let dcPrev = try uninitialized([batch, hidden], op: "lstm_cell_backward")
        let zero = gradH == nil || gradC == nil ? try filled([batch, hidden], 0, op: "lstm_cell_backward") : nil
        let (gh, gc, cs) = ((gradH ?? zero!).contiguous(), (gradC ?? zero!).contiguous(), c.contiguous())
        withExtendedLifetime((gh, gc, cs, step)) {
            for r in 0..<batch {
                lstmRowBackward(gh.base + r * hidden, gc.base + r * hidden, cs.base + r * hidden,
                                step.gates.base + r * width, step.tanhC.base + r * hidden,
                                dz.base + r * width, dcPrev.base + r * hidden, hidden)
            }
        }
        var out = LSTMCellGradients()
        let wantsAt = { (k: Int) in k < needs.count && needs[k] }
        if wantsAt(0) { out.x = try matmul(dz, wIh.transposed()) }
        if wantsAt(1) { out.h = try matmul(dz, wHh.transposed()) }
        if wantsAt(2) { out.c = dcPrev }
        if wantsAt(3) { out.wIh = try matmul(x.transposed(), dz) }
        if wantsAt(4) { out.wHh = try matmul(h.transposed(), dz) }
        if wantsAt(5) { out.bias = try dz.reduce(.sum, axes: [0]) }
        return out
    }

    /// One row of the elementwise backward: fills dz (4H) and ∂c (H) from ∂h' and ∂c'.
    /// `dcPrev` may be `gc` itself (each element is read before it is written). With `gAdd`,
    /// ∂h' is `gh + gAdd`, stored back into `gh` first. Eight lanes at a time (the C kernel
    /// of Tensor+FastMath).
    @inline(__always)
    static func lstmRowBackward(
        _ gh: UnsafeMutablePointer<Float>, _ gc: UnsafeMutablePointer<Float>, _ cPrev: UnsafeMutablePointer<Float>,
        _ gates: UnsafeMutablePointer<Float>, _ tc: UnsafeMutablePointer<Float>,
        _ dz: UnsafeMutablePointer<Float>, _ dcPrev: UnsafeMutablePointer<Float>, _ hidden: Int,
        adding gAdd: UnsafePointer<Float>? = nil
    ) {
        lstmRowBackwardKernel(gh, gAdd, gc, cPrev, gates, tc, dz, dcPrev, hidden)
    }
}
