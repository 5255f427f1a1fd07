// Tensor+Reduce: reductions over one axis, several or all (sum, mean, max, min, variance,
// std, logsumexp), argmax/argmin, and the numerically stable softmax and log-softmax.
// Sums accumulate in Double, so results do not depend on the order of a vectorised loop.

import Foundation

/// A reduction over some axes.
public enum ReduceOp: String, CaseIterable, Sendable {
    case sum, mean, max, min
    /// Population variance: mean((x − mean x)²), NumPy's default (ddof = 0).
    case variance
    /// √variance (population, ddof = 0).
    case std
    /// log Σ eˣ, computed as m + log Σ e^(x − m) with m = max x.
    case logsumexp
}

@inline(__always) func rowSum(_ x: UnsafePointer<Float>, _ n: Int) -> Double {
    var (s0, s1, s2, s3) = (0.0, 0.0, 0.0, 0.0)
    var i = 0
    while i + 4 <= n {
        s0 += Double(x[i])
        s1 += Double(x[i + 1])
        s2 += Double(x[i + 2])
        s3 += Double(x[i + 3])
        i += 4
    }
    while i < n {
        s0 += Double(x[i])
        i += 1
    }
    return (s0 + s1) + (s2 + s3)
}

/// The largest element (NaN if any is NaN); n ≥ 1.
@inline(__always) func rowMax(_ x: UnsafePointer<Float>, _ n: Int) -> Float {
    var m = x[0]
    for i in 1..<Swift.max(n, 1) where x[i] > m || x[i] != x[i] {
        m = x[i]
        if m != m { break }
    }
    return m
}

@inline(__always) func rowMin(_ x: UnsafePointer<Float>, _ n: Int) -> Float {
    var m = x[0]
    for i in 1..<Swift.max(n, 1) where x[i] < m || x[i] != x[i] {
        m = x[i]
        if m != m { break }
    }
    return m
}

func rowReduce(_ op: ReduceOp, _ x: UnsafePointer<Float>, _ n: Int) -> Float {
    switch op {
    case .sum: return Float(rowSum(x, n))
    case .mean: return Float(rowSum(x, n) / Double(n))
    case .max: return rowMax(x, n)
    case .min: return rowMin(x, n)
    case .variance, .std:
        let mean = rowSum(x, n) / Double(n)
        var acc = 0.0
        for i in 0..<n {
            let d = Double(x[i]) - mean
            acc += d * d
        }
        let v = acc / Double(n)
        return Float(op == .std ? v.squareRoot() : v)
    case .logsumexp:
        let m = rowMax(x, n)
        if !m.isFinite { return m }
        var acc = 0.0
        for i in 0..<n { acc += Foundation.exp(Double(x[i] - m)) }
        return m + Float(Foundation.log(acc))
    }
}

extension Tensor {
    /// A view with axes reordered, with no checks (`perm` must be a permutation).
    func permutedUnchecked(_ perm: [Int]) -> Tensor {
        if rank <= Dims.inlineCapacity {
            // The new shape and strides written in place (the lazily mapped sequences this
            // took before cost two heap allocations a call: the transposes of every matmul's
            // backward).
            var out = self
            for i in 0..<rank {
                let p = perm[i]
                out.shape[i] = shape.inlineNumber(p)
                out.strides[i] = strides.inlineNumber(p)
            }
            return out
        }
        return Tensor(
            storage: storage, offset: offset, shape: Dims(perm.lazy.map { shape[$0] }),
            strides: Dims(perm.lazy.map { strides[$0] }), count: count)
    }

    /// The kept axes' sizes, with 1 in place of reduced axes when `keepDims`.
    private func reducedShape(_ axes: [Int], keepDims: Bool) -> Dims {
        var out = Dims()
        for i in 0..<rank {
            if !axes.contains(i) { out.append(shape[i]) } else if keepDims { out.append(1) }
        }
        return out
    }

    /// This tensor with `axes` moved last and made contiguous: rows of `inner` elements, one
    /// row per output element.
    private func rowsOver(_ axes: [Int]) -> (rows: Tensor, inner: Int) {
        let inner = axes.reduce(1) { $0 * shape[$1] }
        let trailing = axes.enumerated().allSatisfy { $0.element == rank - axes.count + $0.offset }
        if trailing && isContiguous { return (self, inner) }
        let kept = (0..<rank).filter { !axes.contains($0) }
        return (permutedUnchecked(kept + axes).contiguous(), inner)
    }

    /// Reduces over `axes` (nil: all axes; negative axes count from the end). With `keepDims`
    /// the reduced axes stay as size 1, so the result broadcasts against the input.
    /// Shape rule: [2, 3, 4] reduced over [1] → [2, 4], or [2, 1, 4] with keepDims.
    public func reduce(_ op: ReduceOp, axes: [Int]? = nil, keepDims: Bool = false) throws -> Tensor {
        if axes == nil && !keepDims && count > 0 && isContiguous {
            return Tensor(scalar: rowReduce(op, base, count))
        }
        let ax = try axes.map { try Tensor.normalizedAxes($0, rank: rank, op: op.rawValue, shape: shape) }
            ?? Array(0..<rank)
        let outShape = reducedShape(ax, keepDims: keepDims)
        let outCount = outShape.reduce(1, *)
        let inner = ax.reduce(1) { $0 * shape[$1] }
        if inner == 0 {
            switch op {
            case .sum: return Tensor.zerosUnchecked(outShape)
            case .logsumexp: return try Tensor.full(outShape, -.infinity)
            case .mean, .variance, .std: return try Tensor.full(outShape, .nan)
            case .max, .min:
                throw TensorError(
                    op: op.rawValue,
                    message: "cannot take the \(op.rawValue) of zero elements (shape \(shapeString(shape)))",
                    shapes: [shape])
            }
        }
        let out = Tensor(uninitialized: outShape, count: outCount)
        if outCount == 0 { return out }
        let leading = ax.enumerated().allSatisfy { $0.offset == $0.element }
        if (op == .sum || op == .mean) && leading && ax.count < rank && isContiguous {
            sumLeading(into: out.base, outer: inner, inner: outCount, mean: op == .mean)
            return out
        }
        let (rows, n) = rowsOver(ax)
        withExtendedLifetime(rows) {
            for i in 0..<outCount { out.base[i] = rowReduce(op, rows.base + i * n, n) }
        }
        return out
    }

    /// Column sums of a contiguous [outer, inner] layout (reducing leading axes). Every column
    /// adds its rows in order, r = 0, 1, …, into a Double accumulator of its own, then is
    /// scaled (by 1/outer for a mean) and rounded to Float once. The loop is CVectorMath's
    /// `cajal_column_sums`: 32 columns at a time in vector lanes (then 4, then one at a time).
    /// A lane does exactly what one column alone does, so the bits do not depend on the block
    /// a column falls in (KernelRewriteTests' columnSumsKeepEachColumnsInOrderSum, and
    /// VectorMathTests' columnSumsAreOneColumnAtATimeInBothVersions). In Swift, with SIMD8<Double>
    /// on baseline x86-64, the same sums took 2.5 times the instructions (0.33 M of a step of the
    /// learner's LSTM, its bias gradients).
    private func sumLeading(into o: UnsafeMutablePointer<Float>, outer: Int, inner: Int, mean: Bool) {
        columnSums(o, base, outer: outer, inner: inner, scale: mean ? 1 / Double(outer) : 1)
    }

    /// The sum of all elements (a 0-d tensor).
    public func sum() -> Tensor { (try? reduce(.sum)) ?? Tensor(scalar: 0) }

    /// Sums a broadcast result back down to `target`, the shape it was broadcast from (the
    /// gradient of broadcasting): extra leading axes are summed away, and axes where `target`
    /// has 1 are summed with keepDims.
    public func sum(toShape target: Dims) throws -> Tensor {
        let b = try Tensor.broadcastShape(target, shape, op: "sum_to")
        guard b == shape else {
            throw TensorError(
                op: "sum_to",
                message: "shape \(shapeString(shape)) is not a broadcast of \(shapeString(target))",
                shapes: [shape, target])
        }
        if target == shape { return self }
        let lead = rank - target.count
        if !target.contains(1) {
            return try reduce(.sum, axes: Array(0..<lead), keepDims: false)
        }
        var axes = Array(0..<lead)
        for i in 0..<target.count where target[i] == 1 && shape[lead + i] != 1 { axes.append(lead + i) }
        var r = try reduce(.sum, axes: axes, keepDims: true)
        r.shape = target
        r.strides = Tensor.rowMajorStrides(target)
        return r
    }

    /// Index of the largest element along `axis` (nil: of the flattened tensor), as a float
    /// tensor of whole numbers. Ties give the first; a NaN counts as largest (as NumPy).
    public func argmax(axis: Int? = nil, keepDims: Bool = false) throws -> Tensor {
        try argExtreme(axis: axis, keepDims: keepDims, op: "argmax", larger: true)
    }

    /// Index of the smallest element along `axis`; see `argmax`.
    public func argmin(axis: Int? = nil, keepDims: Bool = false) throws -> Tensor {
        try argExtreme(axis: axis, keepDims: keepDims, op: "argmin", larger: false)
    }

    private func argExtreme(axis: Int?, keepDims: Bool, op: String, larger: Bool) throws -> Tensor {
        let ax = try axis.map { [try Tensor.normalizedAxis($0, rank: rank, op: op, shape: shape)] }
            ?? Array(0..<rank)
        let inner = ax.reduce(1) { $0 * shape[$1] }
        guard inner > 0 else {
            throw TensorError(
                op: op, message: "cannot take the \(op) of zero elements (shape \(shapeString(shape)))",
                shapes: [shape])
        }
        let outShape = reducedShape(ax, keepDims: keepDims)
        let out = Tensor(uninitialized: outShape, count: outShape.reduce(1, *))
        let (rows, n) = rowsOver(ax)
        withExtendedLifetime(rows) {
            for r in 0..<out.count {
                let x = rows.base + r * n
                var (m, k) = (x[0], 0)
                for i in 1..<Swift.max(n, 1) where m == m {
                    let v = x[i]
                    if (larger ? v > m : v < m) || v != v { (m, k) = (v, i) }
                }
                out.base[r] = Float(k)
            }
        }
        return out
    }

    /// softmax along `axis`: e^(x − max) / Σ e^(x − max); each slice along `axis` sums to 1.
    public func softmax(axis: Int = -1) throws -> Tensor {
        try alongAxis(axis, op: "softmax", log: false)
    }

    /// log-softmax along `axis`: x − max − log Σ e^(x − max), stable for large |x|.
    public func logSoftmax(axis: Int = -1) throws -> Tensor {
        try alongAxis(axis, op: "log_softmax", log: true)
    }

    private func alongAxis(_ axis: Int, op: String, log: Bool) throws -> Tensor {
        let a = try Tensor.normalizedAxis(axis, rank: rank, op: op, shape: shape)
        var perm = Array(0..<rank)
        perm.remove(at: a)
        perm.append(a)
        let moved = permutedUnchecked(perm).contiguous()
        let n = shape[a]
        let out = Tensor(uninitialized: moved.shape, count: count)
        if count == 0 { return self }
        withExtendedLifetime(moved) {
            for r in 0..<(count / n) {
                Tensor.softmaxRow(moved.base + r * n, out.base + r * n, n, log: log)
            }
        }
        if a == rank - 1 { return out }
        var inverse = [Int](repeating: 0, count: rank)
        for (i, p) in perm.enumerated() { inverse[p] = i }
        return out.permutedUnchecked(inverse).contiguous()
    }

    private static func softmaxRow(_ x: UnsafePointer<Float>, _ o: UnsafeMutablePointer<Float>, _ n: Int, log: Bool) {
        let m = rowMax(x, n)
        let shift = m.isFinite ? m : 0
        var sum: Float = 0
        for i in 0..<n {
            let e = Foundation.exp(x[i] - shift)
            o[i] = e
            sum += e
        }
        if log {
            let lse = shift + Foundation.log(sum)
            for i in 0..<n { o[i] = x[i] - lse }
        } else {
            let inv = 1 / sum
            for i in 0..<n { o[i] *= inv }
        }
    }
}
