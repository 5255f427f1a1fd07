// Ops+Movement: the forward of the ops that move elements without arithmetic — reshape,
// permute and transpose, expand, slice, concat, stack, pad and flip.
import TensorCore

extension GradContext {
    /// The same elements in a new shape (one -1 infers a size): [2, 3] → [3, 2] or [6].
    public func reshape(_ x: Variable, _ shape: Dims) throws -> Variable {
        let y = try x.value.reshaped(shape)
        guard records(x) else { return Variable(y) }
        return Variable(y, .reshape(from: x.value.shape), x)
    }

    /// Axes reordered: output axis i is input axis `axes[i]`; [2, 3, 4] by [2, 0, 1] → [4, 2, 3].
    public func permute(_ x: Variable, _ axes: [Int]) throws -> Variable {
        let y = try x.value.permuted(axes)
        guard records(x) else { return Variable(y) }
        let rank = x.value.rank
        return Variable(y, .permute(axes.map { $0 < 0 ? $0 + rank : $0 }), x)
    }

    /// All axes reversed (for a matrix, `x.T`): [2, 3] → [3, 2].
    public func transpose(_ x: Variable) throws -> Variable {
        try permute(x, Array((0..<x.value.rank).reversed()))
    }

    /// Two axes swapped: [b, m, n] with (-1, -2) → [b, n, m].
    public func swapAxes(_ x: Variable, _ a: Int, _ b: Int) throws -> Variable {
        let rank = x.value.rank
        var axes = Array(0..<rank)
        let i = a < 0 ? a + rank : a
        let j = b < 0 ? b + rank : b
        guard i >= 0, i < rank, j >= 0, j < rank else {
            throw TensorError(
                op: "swapaxes", message: "axes (\(a), \(b)) out of range for shape \(shapeString(x.shape))",
                shapes: [x.shape])
        }
        axes.swapAt(i, j)
        return try permute(x, axes)
    }

    /// `x` broadcast to `shape` (size-1 axes stretch, new axes on the left): [3] → [4, 3].
    /// The gradient sums over the stretched axes.
    public func expand(_ x: Variable, to shape: Dims) throws -> Variable {
        let y = try x.value.expanded(to: shape)
        guard records(x) else { return Variable(y) }
        return Variable(y, .expand(from: x.value.shape), x)
    }

    /// NumPy basic indexing: `x[0, 1:3, ::2, None, ...]`. The gradient scatters into zeros.
    /// A `.newAxis` is handled as a slice without it followed by a reshape.
    public func slice(_ x: Variable, _ specs: [SliceSpec]) throws -> Variable {
        let y = try x.value.sliced(specs)
        guard records(x) else { return Variable(y) }
        if !specs.contains(.newAxis) {
            return Variable(y, .slice(specs, from: x.value.shape), x)
        }
        let plain = specs.filter { if case .newAxis = $0 { return false } else { return true } }
        let y0 = try x.value.sliced(plain)
        let inner = Variable(y0, .slice(plain, from: x.value.shape), x)
        return try reshape(inner, y.shape)
    }

    /// `x` with the region `specs` selects replaced by `v` (broadcast to the region), as a new
    /// value: Cajal's `x[0, 1:3] = v`. x's gradient is g with the region zeroed; v's is the
    /// region of g, summed over the axes v was broadcast along.
    public func setSlice(_ x: Variable, _ specs: [SliceSpec], _ v: Variable) throws -> Variable {
        var y = x.value
        try y.assign(specs, v.value)
        guard records(x, v) else { return Variable(y) }
        let v = try withoutLeadingOnes(v, rank: y.sliced(specs).rank)
        return Variable(y, .setSlice(specs), x, v)
    }

    /// `x` with the slices along axis 0 at whole-number `indices` (negative from the end)
    /// replaced by `v`, broadcast to indices.shape + x.shape[1...]: Cajal's `x[[2, 0]] = v`. A
    /// repeated index keeps the last value written, as NumPy, so only that write gets v's
    /// gradient; x's gradient is g with the written rows zeroed.
    public func put(_ x: Variable, at indices: Tensor, _ v: Variable) throws -> Variable {
        var y = x.value
        try y.assign(at: indices, v.value)
        guard records(x, v) else { return Variable(y) }
        let n = x.shape[0]
        let positions = indices.toArray().map { i in i < 0 ? Int(i) + n : Int(i) }
        var seen = Set<Int>()
        var last = [Float](repeating: 0, count: positions.count)
        for k in positions.indices.reversed() where seen.insert(positions[k]).inserted { last[k] = 1 }
        let v = try withoutLeadingOnes(v, rank: indices.rank + x.value.rank - 1)
        let op = Op.put(indices: indices, last: try Tensor(shape: indices.shape, values: last))
        return Variable(y, op, x, v)
    }

    /// `v` without the leading size-1 axes that make it longer than `rank`, the axes an
    /// assignment drops, so the gradient sweep can sum the region's gradient down to v.
    private func withoutLeadingOnes(_ v: Variable, rank: Int) throws -> Variable {
        var shape = v.shape
        while shape.count > rank && shape.first == 1 { shape.removeFirst() }
        return shape == v.shape ? v : try reshape(v, shape)
    }

    /// Tensors joined along an existing axis; all other sizes must agree:
    /// [2, 3] and [4, 3] on axis 0 → [6, 3].
    public func concat(_ xs: [Variable], axis: Int) throws -> Variable {
        let y = try Tensor.concat(xs.map(\.value), axis: axis)
        guard records(xs) else { return Variable(y) }
        let a = axis < 0 ? axis + y.rank : axis
        return Variable(y, .concat(axis: a, sizes: xs.map { $0.value.shape[a] }), parents: xs)
    }

    /// Same-shape tensors stacked along a new axis: three [2, 3] on axis 0 → [3, 2, 3].
    public func stack(_ xs: [Variable], axis: Int) throws -> Variable {
        let y = try Tensor.stack(xs.map(\.value), axis: axis)
        guard records(xs) else { return Variable(y) }
        let a = axis < 0 ? axis + y.rank : axis
        return Variable(y, .stack(axis: a), parents: xs)
    }

    /// `x` with `pads[i] = (before, after)` elements of `value` added on axis i:
    /// [2, 3] with [(1, 1), (0, 2)] → [4, 5].
    public func pad(_ x: Variable, _ pads: [(Int, Int)], value: Float = 0) throws -> Variable {
        let y = try x.value.padded(pads, value: value)
        guard records(x) else { return Variable(y) }
        return Variable(y, .pad(pads.flatMap { [$0.0, $0.1] }), x)
    }

    /// `x` reversed along `axes`; same shape.
    public func flip(_ x: Variable, axes: [Int]) throws -> Variable {
        let y = try x.value.flipped(axes: axes)
        guard records(x) else { return Variable(y) }
        let rank = x.value.rank
        return Variable(y, .flip(axes.map { $0 < 0 ? $0 + rank : $0 }), x)
    }
}

/// A slice spec taking everything along an axis (`:`).
let wholeAxis = SliceSpec.range(start: nil, stop: nil, step: nil)

/// Specs selecting `spec` on `axis` and everything on the axes before it.
func specs(_ spec: SliceSpec, onAxis axis: Int) -> [SliceSpec] {
    Array(repeating: wholeAxis, count: axis) + [spec]
}
