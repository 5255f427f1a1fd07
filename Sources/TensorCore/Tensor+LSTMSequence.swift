// Tensor+LSTMSequence: a whole LSTM sequence as one kernel, the way PyTorch's nn.LSTM runs it
// on the CPU. Forward: the input projection of every time step as one GEMM
// ([T·B, I] · [I, 4H] onto the bias), then per step one GEMM h_(t−1) · W_hh onto it and the
// gates and state row by row (the step of Tensor+LSTMCell). Backward, from the last step to
// the first: the elementwise pass and one GEMM dz_t · W_hhᵀ per step; then ∂W_ih, ∂W_hh and
// ∂x each as ONE GEMM over all T·B rows and ∂b as one column sum, instead of T small products
// added up step by step.
//
// Inside, everything is time-major ([T, B, ·]) so that the rows of all steps form one matrix
// with a uniform stride: `hs` [T+1, B, H] holds h0 then h_1 … h_T, so its first T blocks are
// exactly the h_(t−1) that multiply W_hh. The caller sees batch-major tensors.
// Formulas and layout as Tensor+LSTMCell (Cajal's x @ W, gates i, f, g, o, one bias).

import Foundation

/// The result of an LSTM over a whole sequence and what its backward needs.
public struct LSTMSequenceResult: Sendable {
    /// Every hidden state and the last cell state, batch-major: [B, T+1, H] with
    /// `output[:, t]` = h_(t+1) for t < T and `output[:, T]` = c_T. One tensor, so that one
    /// autograd node can own all the outputs; `hs`, `h` and `c` are views of it.
    public let output: Tensor
    /// x time-major, [T, B, I].
    public let xT: Tensor
    /// h0, h_1 … h_T time-major, [T+1, B, H].
    public let hs: Tensor
    /// c0, c_1 … c_T time-major, [T+1, B, H].
    public let cs: Tensor
    /// The activated gates i, f, g, o of every step, [T, B, 4H].
    public let gates: Tensor
    /// tanh(c_t) of every step, [T, B, H].
    public let tanhC: Tensor

    /// A result rebuilt from its six tensors (an autograd node keeps them as saved tensors).
    public init(output: Tensor, xT: Tensor, hs: Tensor, cs: Tensor, gates: Tensor, tanhC: Tensor) {
        (self.output, self.xT, self.hs, self.cs, self.gates, self.tanhC) = (output, xT, hs, cs, gates, tanhC)
    }

    /// The selections of `output` that the three results are: every h [B, T, H], the last h
    /// [B, H] and the last c [B, H].
    public static func slices(steps: Int) -> (hs: [SliceSpec], h: [SliceSpec], c: [SliceSpec]) {
        ([.all, .range(start: 0, stop: steps, step: 1)], [.all, .index(steps - 1)], [.all, .index(steps)])
    }
}

extension Tensor {
    /// Checks the shapes of an LSTM sequence and returns (B, T, I, H).
    static func lstmSequenceShapes(_ x: Tensor, _ h0: Tensor, _ c0: Tensor, _ wIh: Tensor, _ wHh: Tensor,
                                   _ bias: Tensor) throws -> (Int, Int, Int, Int)
    {
        let all = [x.shape, h0.shape, c0.shape, wIh.shape, wHh.shape, bias.shape]
        func fail(_ message: String) -> TensorError {
            TensorError(op: "lstm_sequence", message: message, shapes: all,
                        hint: "x [B, T, I], h0 [B, H], c0 [B, H], W_ih [I, 4H], W_hh [H, 4H], b [4H]; gates i, f, g, o")
        }
        guard x.rank == 3, h0.rank == 2, c0.rank == 2, wIh.rank == 2, wHh.rank == 2, bias.rank == 1 else {
            let got = zip(["x", "h0", "c0", "W_ih", "W_hh", "b"], all).map { "\($0) \(shapeString($1))" }
            throw fail("expects x of rank 3, h0, c0, W_ih, W_hh of rank 2 and b of rank 1; got "
                + got.joined(separator: ", "))
        }
        let (batch, steps, inputs, hidden) = (x.shape[0], x.shape[1], x.shape[2], h0.shape[1])
        guard steps > 0 else { throw fail("x \(shapeString(x.shape)) has no time steps") }
        guard h0.shape[0] == batch, c0.shape == h0.shape else {
            throw fail("x \(shapeString(x.shape)), h0 \(shapeString(h0.shape)) and c0 \(shapeString(c0.shape)) "
                + "must be [B, T, I], [B, H], [B, H]")
        }
        guard wIh.shape == [inputs, 4 * hidden], wHh.shape == [hidden, 4 * hidden], bias.shape == [4 * hidden] else {
            throw fail("with I = \(inputs) and H = \(hidden), W_ih must be [\(inputs), \(4 * hidden)], "
                + "W_hh [\(hidden), \(4 * hidden)] and b [\(4 * hidden)]; got \(shapeString(wIh.shape)), "
                + "\(shapeString(wHh.shape)), \(shapeString(bias.shape))")
        }
        return (batch, steps, inputs, hidden)
    }

    /// An LSTM over a sequence: for t = 1 … T, (h_t, c_t) = lstm_cell(x[:, t−1], h_(t−1),
    /// c_(t−1), W_ih, W_hh, b) (formulas in Tensor+LSTMCell). x [B, T, I] with T ≥ 1, h0 and c0
    /// [B, H], W_ih [I, 4H], W_hh [H, 4H], b [4H]. Shapes are checked; errors name all six.
    public static func lstmSequence(x: Tensor, h0: Tensor, c0: Tensor, wIh: Tensor, wHh: Tensor, bias: Tensor)
        throws -> LSTMSequenceResult
    {
        // The workers sleep between the op's pool jobs as always: kept spinning through the op
        // (tried in session 11), a worker on a busy machine waits for a time slice where a
        // sleeping one is woken at once, and the step took twice the CPU.
        try lstmSequence(x: x, h0: h0, c0: c0, wIh: wIh, wHh: wHh, bias: bias, pool: .shared)
    }

    /// `lstmSequence` on `pool`: when the pool splits GEMMs and `recurrenceSplit` allows, the
    /// recurrence runs as one pool job, each thread all T steps for a block of the batch's rows.
    static func lstmSequence(x: Tensor, h0: Tensor, c0: Tensor, wIh: Tensor, wHh: Tensor, bias: Tensor,
                             pool: WorkerPool) throws -> LSTMSequenceResult
    {
        let (batch, steps, inputs, hidden) = try lstmSequenceShapes(x, h0, c0, wIh, wHh, bias)
        let op = "lstm_sequence", width = 4 * hidden, block = batch * hidden
        let xT = try x.permuted([1, 0, 2]).contiguous()
        let gates = try uninitialized([steps, batch, width], op: op)
        let hs = try uninitialized([steps + 1, batch, hidden], op: op)
        let cs = try uninitialized([steps + 1, batch, hidden], op: op)
        let tanhC = try uninitialized([steps, batch, hidden], op: op)
        let output = try uninitialized([batch, steps + 1, hidden], op: op)
        let result = LSTMSequenceResult(output: output, xT: xT, hs: hs, cs: cs, gates: gates, tanhC: tanhC)
        guard batch > 0 && hidden > 0 else { return result }
        let (h0s, c0s, wi, wh, bs) = (h0.contiguous(), c0.contiguous(), wIh.contiguous(), wHh.contiguous(),
                                      bias.contiguous())
        withExtendedLifetime((h0s, c0s, wi, wh, bs)) {
            let z = gates.base
            for r in 0..<(steps * batch) { (z + r * width).update(from: bs.base, count: width) }
            if inputs > 0 {
                sgemm(transA: false, transB: false, m: steps * batch, n: width, k: inputs, a: xT.base, lda: inputs,
                      b: wi.base, ldb: width, beta: 1, c: z, ldc: width, pool: pool)
            }
            hs.base.update(from: h0s.base, count: block)
            cs.base.update(from: c0s.base, count: block)
            let parts = pool.splitsGEMMs ? pool.activeParts.load(ordering: .relaxed) : 1
            let split = recurrenceSplit(batch: batch, hidden: hidden, steps: steps, parts: parts).forward
            // The steps 1 to T for the batch's `rows`: split, their block of z_t as one call per
            // step; whole, one call for all rows.
            let recurrence = { (rows: Range<Int>) in
                for t in 0..<steps {
                    let zt = z + t * batch * width
                    if split {
                        sgemmCall(transA: false, transB: false, m: rows.count, n: width, k: hidden, alpha: 1,
                                  a: hs.base + t * block + rows.lowerBound * hidden, lda: hidden, b: wh.base, ldb: width,
                                  beta: 1, c: zt + rows.lowerBound * width, ldc: width)
                    } else {
                        sgemm(transA: false, transB: false, m: batch, n: width, k: hidden, a: hs.base + t * block,
                              lda: hidden, b: wh.base, ldb: width, beta: 1, c: zt, ldc: width, pool: pool)
                    }
                    for r in rows {
                        let row = t * block + r * hidden
                        lstmRowForward(zt + r * width, cs.base + row, cs.base + block + row, tanhC.base + row,
                                       hs.base + block + row, hidden)
                    }
                }
            }
            if split {
                pool.forEachRange(batch, work: WorkerPool.threshold, pieces: recurrencePieces(batch, parts), recurrence)
            } else {
                recurrence(0..<batch)
            }
            // Batch-major output: h_1 … h_T, then c_T.
            for r in 0..<batch {
                let outRow = output.base + r * (steps + 1) * hidden
                for t in 0..<steps {
                    (outRow + t * hidden).update(from: hs.base + (t + 1) * block + r * hidden, count: hidden)
                }
                (outRow + steps * hidden).update(from: cs.base + steps * block + r * hidden, count: hidden)
            }
        }
        return result
    }
}

extension Tensor {
    /// The backward of `lstmSequence`. `grad` is ∂L/∂output [B, T+1, H] (∂L/∂h_t in
    /// `grad[:, t−1]`, ∂L/∂c_T in `grad[:, T]`); `needs` says which of (x, h0, c0, W_ih, W_hh, b)
    /// want a gradient. From t = T down to 1, with ∂h_t = grad[:, t−1] + dz_(t+1) · W_hhᵀ and
    /// ∂c_t carried back as ∂c_(t+1) ⊙ f_(t+1) plus ∂h_t ⊙ o ⊙ (1 − tanh² c_t), the step's dz_t
    /// is Tensor.lstmCellBackward's. Then ∂x = dz · W_ihᵀ, ∂W_ih = Σ_t x_tᵀ · dz_t,
    /// ∂W_hh = Σ_t h_(t−1)ᵀ · dz_t (one GEMM each over all T·B rows), ∂b = Σ dz,
    /// ∂h0 = dz_1 · W_hhᵀ, ∂c0 = ∂c_1 ⊙ f_1.
    public static func lstmSequenceBackward(
        grad: Tensor, wIh: Tensor, wHh: Tensor, sequence s: LSTMSequenceResult,
        needs: [Bool] = Array(repeating: true, count: 6)
    ) throws -> LSTMCellGradients {
        try lstmSequenceBackward(grad: grad, wIh: wIh, wHh: wHh, sequence: s, needs: needs, pool: .shared)
    }

    /// `lstmSequenceBackward` on `pool`, its recurrence cut over the batch's rows as
    /// `recurrenceSplit` allows (the forward's `lstmSequence(…, pool:)` says how).
    static func lstmSequenceBackward(
        grad: Tensor, wIh: Tensor, wHh: Tensor, sequence s: LSTMSequenceResult, needs: [Bool], pool: WorkerPool
    ) throws -> LSTMCellGradients {
        let op = "lstm_sequence_backward"
        let (steps, batch, hidden, inputs) = (s.gates.shape[0], s.gates.shape[1], s.hs.shape[2], s.xT.shape[2])
        guard grad.shape == s.output.shape, wIh.shape == [inputs, 4 * hidden], wHh.shape == [hidden, 4 * hidden] else {
            throw TensorError(op: op, message: "gradient \(shapeString(grad.shape)) must be \(shapeString(s.output.shape))",
                              shapes: [grad.shape, s.output.shape, wIh.shape, wHh.shape])
        }
        let width = 4 * hidden, block = batch * hidden
        let dz = try uninitialized([steps, batch, width], op: op)
        let dh = try filled([batch, hidden], 0, op: op)   // ∂h_t; ends as ∂h0
        let dc = try uninitialized([batch, hidden], op: op)   // ∂c_t; ends as ∂c0
        let g = grad.contiguous()
        let wh = wHh.contiguous()
        let parts = pool.splitsGEMMs ? pool.activeParts.load(ordering: .relaxed) : 1
        // Split: W_hhᵀ stored, for a one-call NN product per piece (see `recurrenceSplit`).
        let whT = recurrenceSplit(batch: batch, hidden: hidden, steps: steps, parts: parts).backward
            ? wHh.transposed().contiguous() : nil
        if batch > 0 && hidden > 0 {
            withExtendedLifetime((g, wh, whT, s)) {
                for r in 0..<batch {
                    (dc.base + r * hidden).update(from: g.base + (r * (steps + 1) + steps) * hidden, count: hidden)
                }
                // The steps from T down to 1 for the batch's `rows`: split, their block of ∂h as
                // one call per step; whole, one call for all rows.
                let recurrence = { (rows: Range<Int>) in
                    for t in stride(from: steps - 1, through: 0, by: -1) {
                        for r in rows {
                            let (dhRow, gRow) = (dh.base + r * hidden, g.base + (r * (steps + 1) + t) * hidden)
                            let row = t * block + r * hidden
                            lstmRowBackward(dhRow, dc.base + r * hidden, s.cs.base + row, s.gates.base + t * batch * width + r * width,
                                            s.tanhC.base + row, dz.base + t * batch * width + r * width, dc.base + r * hidden, hidden,
                                            adding: gRow)   // ∂h_t += grad[:, t−1] first
                        }
                        guard t > 0 || (needs.count > 1 && needs[1]) else { continue }
                        if let whT {
                            let dhRows = dh.base + rows.lowerBound * hidden
                            dhRows.update(repeating: 0, count: rows.count * hidden)
                            sgemmCall(transA: false, transB: false, m: rows.count, n: hidden, k: width, alpha: 1,
                                      a: dz.base + t * batch * width + rows.lowerBound * width, lda: width, b: whT.base,
                                      ldb: hidden, beta: 1, c: dhRows, ldc: hidden)
                        } else {
                            sgemm(transA: false, transB: true, m: batch, n: hidden, k: width, a: dz.base + t * batch * width,
                                  lda: width, b: wh.base, ldb: width, beta: 0, c: dh.base, ldc: hidden, pool: pool)
                        }
                    }
                }
                if whT != nil {
                    pool.forEachRange(batch, work: WorkerPool.threshold, pieces: recurrencePieces(batch, parts), recurrence)
                } else {
                    recurrence(0..<batch)
                }
            }
        } else {
            dz.base.update(repeating: 0, count: dz.count)
            dc.base.update(repeating: 0, count: dc.count)
        }
        return try sequenceParameterGradients(dz: dz, dh0: dh, dc0: dc, wIh: wIh, sequence: s, needs: needs)
    }

    /// The blocks of the batch's rows a split recurrence is cut into: two per thread (at least
    /// four rows each, the small kernel's column tile), taken as the threads come, so a worker
    /// that wakes late on a busy machine still takes a share and the caller waits at most for
    /// one block.
    static func recurrencePieces(_ batch: Int, _ parts: Int) -> Int {
        Swift.max(parts, Swift.min(2 * parts, batch / 4))
    }

    /// The gradients that are one GEMM or one sum over all T·B rows of dz [T, B, 4H].
    private static func sequenceParameterGradients(
        dz: Tensor, dh0: Tensor, dc0: Tensor, wIh: Tensor, sequence s: LSTMSequenceResult, needs: [Bool]
    ) throws -> LSTMCellGradients {
        let (steps, batch, width) = (dz.shape[0], dz.shape[1], dz.shape[2])
        let rows = try dz.reshaped([steps * batch, width])
        let wantsAt = { (k: Int) in k < needs.count && needs[k] }
        var out = LSTMCellGradients()
        if wantsAt(0) {
            let dxT = try matmul(rows, wIh.transposed())   // [T·B, I]
            out.x = try dxT.reshaped([steps, batch, wIh.shape[0]]).permuted([1, 0, 2]).contiguous()
        }
        if wantsAt(1) { out.h = dh0 }
        if wantsAt(2) { out.c = dc0 }
        if wantsAt(3) { out.wIh = try matmul(s.xT.reshaped([steps * batch, wIh.shape[0]]).transposed(), rows) }
        if wantsAt(4) {
            let hPrev = try s.hs.sliced([.range(start: 0, stop: steps, step: 1)]).reshaped([steps * batch, s.hs.shape[2]])
            out.wHh = try matmul(hPrev.transposed(), rows)
        }
        if wantsAt(5) { out.bias = try rows.reduce(.sum, axes: [0]) }
        return out
    }
}
