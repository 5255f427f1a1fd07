// Tensor+Counting: counting whole numbers and equal rows (NumPy's bincount and unique), for
// models that are tables of counts, such as the n-gram models of lesson 17.
import Foundation

extension Tensor {
    /// How often each whole number 0, 1, 2, ... occurs in `x` (any shape), or the sum of
    /// `weights` (same shape as x) over its occurrences: NumPy's `bincount`.
    ///
    /// - Parameters:
    ///   - length: the result's length; nil means one more than the largest value (0 when x is
    ///     empty). A value at or beyond a given length is an error.
    /// - Returns: a vector [length].
    public static func bincount(_ x: Tensor, weights: Tensor? = nil, length: Int? = nil) throws -> Tensor {
        let values = x.toArray()
        var indices = [Int](repeating: 0, count: values.count)
        var largest = -1
        for (k, v) in values.enumerated() {
            let i = try integerIndex(v, op: "bincount", shape: x.shape)
            guard i >= 0 else {
                throw TensorError(op: "bincount", message: "value \(i) is negative", shapes: [x.shape],
                                  hint: "bincount counts the whole numbers 0, 1, 2, ...")
            }
            indices[k] = i
            largest = Swift.max(largest, i)
        }
        let n = length ?? (largest + 1)
        guard n >= 0 else {
            throw TensorError(op: "bincount", message: "length must be >= 0, got \(n)", shapes: [x.shape])
        }
        if largest >= n {
            throw TensorError(op: "bincount", message: "value \(largest) does not fit in length \(n)", shapes: [x.shape],
                              hint: "give a length larger than the largest value, or none")
        }
        var w: [Float]? = nil
        if let weights {
            guard weights.shape == x.shape else {
                throw TensorError(op: "bincount", message: "weights must have the shape of x", shapes: [x.shape, weights.shape])
            }
            w = weights.toArray()
        }
        var counts = [Float](repeating: 0, count: n)
        for (k, i) in indices.enumerated() { counts[i] += w?[k] ?? 1 }
        return try Tensor(shape: [n], values: counts)
    }

    /// The distinct elements of a vector, or the distinct rows of a matrix, in increasing
    /// (lexicographic) order: NumPy's `unique` (with `axis=0` for a matrix, and
    /// `return_inverse`, `return_counts`).
    ///
    /// - Returns: `values` (the distinct elements [K] or rows [K, m]), `inverse` [n] (for each
    ///   element or row of x, the index of its value in `values`) and `counts` [K].
    public static func unique(_ x: Tensor) throws -> (values: Tensor, inverse: Tensor, counts: Tensor) {
        guard x.shape.count == 1 || x.shape.count == 2 else {
            throw TensorError(op: "unique", message: "expects a vector or a matrix, got rank \(x.shape.count)", shapes: [x.shape],
                              hint: "reshape to [n] for elements, or [n, m] for rows")
        }
        let n = x.shape[0]
        let m = x.shape.count == 2 ? x.shape[1] : 1
        let v = x.toArray()
        for e in v where e.isNaN {
            throw TensorError(op: "unique", message: "x holds nan, which equals nothing", shapes: [x.shape])
        }
        // first come, first numbered; then the distinct rows are sorted and renumbered
        var first: [[Float]: Int] = [:]
        var distinct: [[Float]] = []
        var provisional = [Int](repeating: 0, count: n)
        for r in 0..<n {
            let row = Array(v[(r * m)..<(r * m + m)])
            if let id = first[row] {
                provisional[r] = id
            } else {
                first[row] = distinct.count
                provisional[r] = distinct.count
                distinct.append(row)
            }
        }
        let order = distinct.indices.sorted { distinct[$0].lexicographicallyPrecedes(distinct[$1]) }
        var rank = [Int](repeating: 0, count: distinct.count)
        for (k, id) in order.enumerated() { rank[id] = k }
        var values: [Float] = []
        values.reserveCapacity(distinct.count * m)
        for id in order { values.append(contentsOf: distinct[id]) }
        var counts = [Float](repeating: 0, count: distinct.count)
        var inverse = [Float](repeating: 0, count: n)
        for r in 0..<n {
            let k = rank[provisional[r]]
            inverse[r] = Float(k)
            counts[k] += 1
        }
        let k = counts.count
        let shape = x.shape.count == 2 ? [k, m] : [k]
        return (try Tensor(shape: shape, values: values), try Tensor(shape: [n], values: inverse),
                try Tensor(shape: [k], values: counts))
    }
}
