// Ops+Reduce: the forward of reductions. sum, mean, max and min are primitives; variance,
// std and logsumexp are composites when recording (see Composite.swift) and TensorCore's
// fused kernels when not.
import TensorCore

extension GradContext {
    /// Reduces `x` over `axes` (nil = all; negative axes count from the end). With
    /// `keepDims` the reduced axes stay as size 1: [2, 3] over [1] → [2] or [2, 1].
    public func reduce(_ op: ReduceOp, _ x: Variable, axes: [Int]? = nil, keepDims: Bool = false)
        throws -> Variable
    {
        guard records(x) else {
            return Variable(try x.value.reduce(op, axes: axes, keepDims: keepDims))
        }
        switch op {
        case .sum, .mean, .max, .min:
            let y = try x.value.reduce(op, axes: axes, keepDims: keepDims)
            let ax = normalizedAxes(axes, rank: x.value.rank)
            let row: Op
            switch op {
            case .sum: row = .sum(axes: ax, keepDims: keepDims)
            case .mean: row = .mean(axes: ax, keepDims: keepDims)
            case .max: row = .max(axes: ax, keepDims: keepDims, x: x.value, y: y)
            default: row = .min(axes: ax, keepDims: keepDims, x: x.value, y: y)
            }
            return Variable(y, row, x)
        case .variance:
            return try variance(x, axes: axes, keepDims: keepDims)
        case .std:
            return try std(x, axes: axes, keepDims: keepDims)
        case .logsumexp:
            return try logsumexp(x, axes: axes, keepDims: keepDims)
        }
    }

    /// Σ x over `axes` (nil = all).
    public func sum(_ x: Variable, axes: [Int]? = nil, keepDims: Bool = false) throws -> Variable {
        try reduce(.sum, x, axes: axes, keepDims: keepDims)
    }

    /// Σ x / n over `axes` (nil = all), n the number of elements reduced.
    public func mean(_ x: Variable, axes: [Int]? = nil, keepDims: Bool = false) throws -> Variable {
        try reduce(.mean, x, axes: axes, keepDims: keepDims)
    }

    /// The largest element over `axes`. Its gradient is shared equally among tied maxima.
    public func max(_ x: Variable, axes: [Int]? = nil, keepDims: Bool = false) throws -> Variable {
        try reduce(.max, x, axes: axes, keepDims: keepDims)
    }

    /// The smallest element over `axes`. Its gradient is shared equally among tied minima.
    public func min(_ x: Variable, axes: [Int]? = nil, keepDims: Bool = false) throws -> Variable {
        try reduce(.min, x, axes: axes, keepDims: keepDims)
    }

    /// log-softmax along `axis`: x − max − log Σ e^(x − max), stable for large |x|. A fused
    /// primitive (one node; its row is g − softmax(x)·Σ g), since every classifier loss uses it.
    public func logSoftmax(_ x: Variable, axis: Int = -1) throws -> Variable {
        let y = try x.value.logSoftmax(axis: axis)
        guard records(x) else { return Variable(y) }
        let a = axis < 0 ? axis + x.value.rank : axis
        return Variable(y, .logSoftmax(axis: a, y: y), x)
    }
}

/// `axes` made non-negative and sorted; nil means every axis. Only called after TensorCore
/// accepted the same axes, so they are in range and distinct.
func normalizedAxes(_ axes: [Int]?, rank: Int) -> [Int] {
    guard let axes else { return Array(0..<rank) }
    return axes.map { $0 < 0 ? $0 + rank : $0 }.sorted()
}

/// `shape` with the reduced `axes` set to 1 (the keepDims shape of a reduction).
func keptShape(_ shape: Dims, axes: [Int]) -> Dims {
    var s = shape
    for a in axes { s[a] = 1 }
    return s
}
