// Ops+Matmul: the forward of the matrix product (batched, broadcasting batch axes), and dot
// and outer built on it.
import TensorCore

extension GradContext {
    /// The matrix product, NumPy `matmul` rules: [m, k] @ [k, n] → [m, n]; leading batch axes
    /// broadcast, [b, m, k] @ [k, n] → [b, m, n]; a 1-D left operand is a row ([k] @ [k, n] →
    /// [n]), a 1-D right operand a column ([m, k] @ [k] → [m]). The recorded primitive is
    /// rank ≥ 2; 1-D operands are reshaped around it so no extra derivative code is needed.
    public func matmul(_ a: Variable, _ b: Variable) throws -> Variable {
        let y = try Tensor.matmul(a.value, b.value)
        guard records(a, b) else { return Variable(y) }
        let ra = a.value.rank
        let rb = b.value.rank
        if ra >= 2 && rb >= 2 {
            let (sa, sb) = crossSaved(a, b)
            return Variable(y, .matmul(a: sa, b: sb), a, b)
        }
        let a2 = ra == 1 ? try reshape(a, [1, a.shape[0]]) : a
        let b2 = rb == 1 ? try reshape(b, [b.shape[0], 1]) : b
        var mid = y.shape
        if ra == 1 { mid.insert(1, at: Swift.max(mid.count - (rb == 1 ? 0 : 1), 0)) }
        if rb == 1 { mid.append(1) }
        let (sa, sb) = crossSaved(a2, b2)
        let m = Variable(try y.reshaped(mid), .matmul(a: sa, b: sb), a2, b2)
        return try reshape(m, y.shape)
    }

    /// Σ aᵢbᵢ of two vectors: [n] · [n] → [].
    public func dot(_ a: Variable, _ b: Variable) throws -> Variable {
        guard a.value.rank == 1, b.value.rank == 1 else {
            throw TensorError(
                op: "dot",
                message: "expects two vectors, got \(shapeString(a.shape)) and \(shapeString(b.shape))",
                shapes: [a.shape, b.shape], hint: "use matmul (@) for matrices")
        }
        return try matmul(a, b)
    }

    /// The outer product of two vectors: [m] ⊗ [n] → [m, n], out[i, j] = a[i]·b[j].
    public func outer(_ a: Variable, _ b: Variable) throws -> Variable {
        guard a.value.rank == 1, b.value.rank == 1 else {
            throw TensorError(
                op: "outer",
                message: "expects two vectors, got \(shapeString(a.shape)) and \(shapeString(b.shape))",
                shapes: [a.shape, b.shape])
        }
        return try mul(reshape(a, [a.shape[0], 1]), reshape(b, [1, b.shape[0]]))
    }
}
