// Tensor+LinearAlgebra: matmul with NumPy's rules (1-D operands, broadcast batch axes) on
// cblas_sgemm, reading transposed views through the transpose flags instead of copying;
// a direct loop for tiny products where the BLAS call costs more than the arithmetic; dot
// and outer.

extension Tensor {
    /// Products with at most this many multiply-adds (m·n·k) skip BLAS for a direct loop.
    static let smallMatmulLimit = 2048

    /// How a matrix (the last two axes of `t`) can be handed to BLAS: its stored form is
    /// either row-major (NoTrans, ld = row stride) or a transposed row-major (Trans, ld =
    /// column stride). nil when neither (a general strided or broadcast view).
    static func blasLayout(_ t: Tensor) -> (trans: Bool, ld: Int)? {
        let r = t.rank
        let (rows, cols) = (t.shape[r - 2], t.shape[r - 1])
        let (rs, cs) = (t.strides[r - 2], t.strides[r - 1])
        if cs == 1 || cols == 1 {
            let ld = rows == 1 ? Swift.max(cols, 1) : rs
            if ld >= Swift.max(cols, 1) && ld <= blasDimensionLimit { return (false, ld) }
        }
        if rs == 1 || rows == 1 {
            let ld = cols == 1 ? Swift.max(rows, 1) : cs
            if ld >= Swift.max(rows, 1) && ld <= blasDimensionLimit { return (true, ld) }
        }
        return nil
    }

    /// Matrix product with NumPy `matmul` rules: [..., m, k] @ [..., k, n] → [..., m, n], batch
    /// axes broadcast; a 1-D left operand is a row [1, k] and a 1-D right operand a column
    /// [k, 1], and that axis is dropped from the result. [2, 3] @ [3] → [2].
    public static func matmul(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        guard a.rank >= 1 && b.rank >= 1 else {
            throw TensorError(
                op: "matmul", message: "needs operands of rank ≥ 1, got \(shapeString(a.shape)) @ \(shapeString(b.shape))",
                shapes: [a.shape, b.shape], hint: "use * to multiply by a scalar")
        }
        if a.rank == 2 && b.rank == 2 { return try matrixMatmul(a, b) }
        let x = a.rank == 1 ? try a.unsqueezed(0) : a
        let y = b.rank == 1 ? try b.unsqueezed(1) : b
        let (m, k) = (x.shape[x.rank - 2], x.shape[x.rank - 1])
        let (k2, n) = (y.shape[y.rank - 2], y.shape[y.rank - 1])
        guard k == k2 else { throw matmulMismatch(a, b, m: m, k: k, k2: k2, n: n) }
        let batch = try broadcastShape(
            Dims(x.shape.dropLast(2)), Dims(y.shape.dropLast(2)), op: "matmul")
        var out = try uninitialized(batch + [m, n], op: "matmul")
        guard m <= blasDimensionLimit && n <= blasDimensionLimit && k <= blasDimensionLimit else {
            throw TensorError(op: "matmul", message: "a dimension exceeds 2^31 − 1", shapes: [a.shape, b.shape])
        }
        if out.count > 0 {
            if k == 0 {
                out = zerosUnchecked(out.shape)
            } else {
                batchedProduct(x, y, batch: batch, m: m, n: n, k: k, into: out.base)
            }
        }
        var shape = out.shape
        if b.rank == 1 { shape.removeLast() }
        if a.rank == 1 { shape.remove(at: shape.count - (b.rank == 1 ? 1 : 2)) }
        out.shape = shape
        out.strides = rowMajorStrides(shape)
        return out
    }

    /// The plain [m, k] @ [k, n] case, without the batch bookkeeping.
    private static func matrixMatmul(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let (m, k, k2, n) = (a.shape[0], a.shape[1], b.shape[0], b.shape[1])
        guard k == k2 else { throw matmulMismatch(a, b, m: m, k: k, k2: k2, n: n) }
        guard m <= blasDimensionLimit && n <= blasDimensionLimit && k <= blasDimensionLimit else {
            throw TensorError(op: "matmul", message: "a dimension exceeds 2^31 − 1", shapes: [a.shape, b.shape])
        }
        if k == 0 { return try filled(Dims(m, n), 0, op: "matmul") }
        let out = try uninitialized(Dims(m, n), op: "matmul")
        if out.count > 0 { batchedProduct(a, b, batch: Dims(), m: m, n: n, k: k, into: out.base) }
        return out
    }

    private static func matmulMismatch(_ a: Tensor, _ b: Tensor, m: Int, k: Int, k2: Int, n: Int) -> TensorError {
        var hint = "the last axis of the left operand must equal the second-to-last of the right"
        if a.rank >= 2 && b.rank >= 2 {
            if k == n {
                hint = "did you mean A @ B.T?"
            } else if m == k2 {
                hint = "did you mean A.T @ B?"
            }
        }
        return TensorError(
            op: "matmul",
            message: "inner dimensions differ: \(shapeString(a.shape)) @ \(shapeString(b.shape)) (\(k) vs \(k2))",
            shapes: [a.shape, b.shape], hint: hint)
    }

    /// Fills `o` (contiguous batch + [m, n]) with the products of the broadcast batches.
    private static func batchedProduct(
        _ x0: Tensor, _ y0: Tensor, batch: Dims, m: Int, n: Int, k: Int, into o: UnsafeMutablePointer<Float>
    ) {
        var x = x0
        var y = y0
        let rows = batch.reduce(m, *)
        if rows * n * k > smallMatmulLimit {
            if blasLayout(x) == nil { x = x.contiguous() }
            if blasLayout(y) == nil { y = y.contiguous() }
        }
        // A plain [..., m, k] @ [k, n]: fold the batch into the rows, one GEMM.
        if y.rank == 2 && x.rank > 2 && x.isContiguous && x.count == rows * k {
            x = Tensor(storage: x.storage, offset: x.offset, shape: Dims(rows, k), strides: Dims(k, 1), count: x.count)
            matrixProduct(x, 0, y, 0, m: rows, n: n, k: k, into: o)
            return
        }
        if batch.isEmpty {
            matrixProduct(x, 0, y, 0, m: m, n: n, k: k, into: o)
            return
        }
        let xs = x.broadcastStridesOfBatch(to: batch)
        let ys = y.broadcastStridesOfBatch(to: batch)
        let plan = RowPlan(shape: batch, rowMajorStrides(batch), xs, ys)
        let (len, (_, ix, iy)) = (plan.rowLength, plan.inner)
        plan.forEachRow { ob, ox, oy in
            for j in 0..<len {
                matrixProduct(x, ox + j * ix, y, oy + j * iy, m: m, n: n, k: k, into: o + (ob + j) * m * n)
            }
        }
        withExtendedLifetime((x, y)) {}
    }

    /// The batch-axis strides of this tensor broadcast to `batch` (matrix axes excluded).
    private func broadcastStridesOfBatch(to batch: Dims) -> Dims {
        let b = Tensor(
            storage: storage, offset: offset, shape: Dims(shape.dropLast(2)), strides: Dims(strides.dropLast(2)),
            count: 0)
        return b.broadcastStrides(to: batch)
    }

    /// One m × k by k × n product at element offsets `ox`, `oy`, written contiguously to `o`.
    private static func matrixProduct(
        _ x: Tensor, _ ox: Int, _ y: Tensor, _ oy: Int, m: Int, n: Int, k: Int, into o: UnsafeMutablePointer<Float>
    ) {
        let (pa, pb) = (x.base + ox, y.base + oy)
        guard m * n * k > smallMatmulLimit, let la = blasLayout(x), let lb = blasLayout(y) else {
            let (ars, acs) = (x.strides[x.rank - 2], x.strides[x.rank - 1])
            let (brs, bcs) = (y.strides[y.rank - 2], y.strides[y.rank - 1])
            smallProduct(pa, ars, acs, pb, brs, bcs, m: m, n: n, k: k, into: o)
            return
        }
        sgemm(
            transA: la.trans, transB: lb.trans, m: m, n: n, k: k, a: pa, lda: la.ld, b: pb, ldb: lb.ld,
            c: o, ldc: n)
    }

    /// The direct loop: row i of the result is Σ_p A[i, p] · B[p, :], any strides.
    private static func smallProduct(
        _ a: UnsafePointer<Float>, _ ars: Int, _ acs: Int, _ b: UnsafePointer<Float>, _ brs: Int, _ bcs: Int,
        m: Int, n: Int, k: Int, into o: UnsafeMutablePointer<Float>
    ) {
        if n == 1 {
            // A column (a linear head's h @ w, its weight gradient hᵀ @ g): each result is one
            // running sum over p, kept in a register instead of reloaded from memory at every
            // p. The same additions in the same order as the loop below: 0, then + a·b for
            // p = 0, 1, …, each product and sum rounded to Float.
            for i in 0..<m {
                var acc: Float = 0
                for p in 0..<k { acc += a[i * ars + p * acs] * b[p * brs] }
                o[i] = acc
            }
            return
        }
        for i in 0..<m {
            let row = o + i * n
            row.update(repeating: 0, count: n)
            for p in 0..<k {
                let aip = a[i * ars + p * acs]
                let bp = b + p * brs
                if bcs == 1 {
                    for j in 0..<n { row[j] += aip * bp[j] }
                } else {
                    for j in 0..<n { row[j] += aip * bp[j * bcs] }
                }
            }
        }
    }

    /// Σ aᵢ bᵢ of two 1-D tensors of one length, as a 0-d tensor (accumulated in Double).
    public static func dot(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        guard a.rank == 1 && b.rank == 1 && a.count == b.count else {
            throw TensorError(
                op: "dot", message: "needs two 1-D tensors of one length, got \(shapeString(a.shape)) and \(shapeString(b.shape))",
                shapes: [a.shape, b.shape], hint: a.rank == 1 && b.rank == 1 ? nil : "use matmul (@) for matrices")
        }
        var acc = 0.0
        let (pa, pb, sa, sb) = (a.base, b.base, a.strides[0], b.strides[0])
        for i in 0..<a.count { acc += Double(pa[i * sa]) * Double(pb[i * sb]) }
        return Tensor(scalar: Float(acc))
    }

    /// The outer product of two 1-D tensors: [n] ⊗ [m] → [n, m], out[i, j] = a[i] · b[j].
    public static func outer(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        guard a.rank == 1 && b.rank == 1 else {
            throw TensorError(
                op: "outer", message: "needs two 1-D tensors, got \(shapeString(a.shape)) and \(shapeString(b.shape))",
                shapes: [a.shape, b.shape])
        }
        return try binary(.mul, try a.unsqueezed(1), b)
    }
}
