// Ops+Indexing: the forward of the integer-indexed picks — gather (PyTorch `gather`, used by
// cross-entropy with integer labels) and take (NumPy `take`, used by embeddings).
import TensorCore

extension GradContext {
    /// PyTorch `gather`: out[i][j] = x[indices[i][j]][j] on axis 0, likewise on other axes.
    /// `indices` (whole numbers) has x's rank; the result has its shape. [4, 3] with indices
    /// [4, 1] on axis 1 → [4, 1]. The indices get no gradient; x's gradient is scattered back
    /// (adding where an index repeats).
    public func gather(_ x: Variable, axis: Int, indices: Variable) throws -> Variable {
        let y = try x.value.gather(axis: axis, indices: indices.value)
        guard records(x) else { return Variable(y) }
        let a = axis < 0 ? axis + x.value.rank : axis
        return Variable(y, .gather(axis: a, from: x.shape, indices: indices.value), x)
    }

    /// NumPy `take`: whole slices of x picked along `axis` by whole-number indices (an
    /// embedding lookup): [5, 3] take [2, 0] on axis 0 → [2, 3]; shape
    /// x[..<axis] + indices.shape + x[axis+1...]. Repeated indices accumulate gradient.
    public func take(_ x: Variable, _ indices: Variable, axis: Int) throws -> Variable {
        let y = try x.value.take(indices.value, axis: axis)
        guard records(x) else { return Variable(y) }
        let a = axis < 0 ? axis + x.value.rank : axis
        return Variable(y, .take(axis: a, from: x.shape, indices: indices.value), x)
    }
}
