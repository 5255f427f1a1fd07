// Tensor+Movement: changing how elements are arranged — reshape, transpose and permute,
// expand (broadcast), flip, squeeze/unsqueeze (views, no copy), and pad, concat and stack
// (fresh tensors).

extension Tensor {
    /// Copies `src` (any layout, shape `shape`) into the strided region at `dst`.
    static func copy(_ src: Tensor, into dst: UnsafeMutablePointer<Float>, strides dstStrides: Dims) {
        if src.count == 0 { return }
        let plan = RowPlan(shape: src.shape, dstStrides, src.strides)
        let (s, n, sd, ss) = (src.base, plan.rowLength, plan.inner.0, plan.inner.1)
        plan.forEachRow { od, os, _ in
            let (d, x) = (dst + od, s + os)
            if sd == 1 && ss == 1 {
                d.update(from: x, count: n)
            } else {
                for i in 0..<n { d[i &* sd] = x[i &* ss] }
            }
        }
    }

    /// The same elements in a new shape with the same count; one entry may be -1 (inferred).
    /// A view when the tensor is contiguous, else a copy. [2, 3] → [3, -1] gives [3, 2].
    public func reshaped(_ newShape: Dims) throws -> Tensor {
        let inferred = newShape.indices.filter { newShape[$0] == -1 }
        guard inferred.count <= 1 else {
            throw TensorError(
                op: "reshape", message: "only one dimension can be -1 in \(shapeString(newShape))",
                shapes: [shape, newShape])
        }
        var resolved = newShape
        if let i = inferred.first {
            resolved[i] = 1
            let known = try Tensor.checkedCount(resolved, op: "reshape")
            guard known > 0, count % known == 0 else {
                throw reshapeError(newShape)
            }
            resolved[i] = count / known
        }
        let n = try Tensor.checkedCount(resolved, op: "reshape")
        guard n == count else { throw reshapeError(newShape) }
        let src = contiguous()
        return Tensor(
            storage: src.storage, offset: src.offset, shape: resolved,
            strides: Tensor.rowMajorStrides(resolved), count: n)
    }

    private func reshapeError(_ newShape: Dims) -> TensorError {
        TensorError(
            op: "reshape",
            message: "cannot reshape \(shapeString(shape)) (\(count) elements) into \(shapeString(newShape))",
            shapes: [shape, newShape],
            hint: "the product of the new dimensions must be \(count)")
    }

    /// The axes in reverse order (for a matrix, the transpose `.T`); a view.
    public func transposed() -> Tensor {
        Tensor(storage: storage, offset: offset, shape: shape.reversed(), strides: strides.reversed(), count: count)
    }

    /// Two axes swapped; a view. [2, 3, 4].swappingAxes(0, 2) → [4, 3, 2].
    public func swappingAxes(_ a: Int, _ b: Int) throws -> Tensor {
        let i = try Tensor.normalizedAxis(a, rank: rank, op: "swapaxes", shape: shape)
        let j = try Tensor.normalizedAxis(b, rank: rank, op: "swapaxes", shape: shape)
        var perm = Array(0..<rank)
        perm.swapAt(i, j)
        return permutedUnchecked(perm)
    }

    /// The axes reordered: result axis i is input axis `axes[i]`; a view.
    /// [2, 3, 4].permuted([2, 0, 1]) → [4, 2, 3].
    public func permuted(_ axes: [Int]) throws -> Tensor {
        guard axes.count == rank else {
            throw TensorError(
                op: "permute",
                message: "\(axes) names \(axes.count) axes but the tensor of shape \(shapeString(shape)) has \(rank)",
                shapes: [shape])
        }
        let perm = try Tensor.normalizedAxes(axes, rank: rank, op: "permute", shape: shape)
        return permutedUnchecked(perm)
    }

    /// A broadcast view with shape `target` (NumPy `broadcast_to`): new axes on the left, and
    /// axes of size 1 repeated; no copy.
    public func expanded(to target: Dims) throws -> Tensor {
        _ = try Tensor.checkedCount(target, op: "expand")
        let b = try Tensor.broadcastShape(shape, target, op: "expand")
        guard b == target else {
            throw TensorError(
                op: "expand", message: "cannot expand \(shapeString(shape)) to \(shapeString(target))",
                shapes: [shape, target], hint: "only axes of size 1 (or new leading axes) can grow")
        }
        return expandedUnchecked(to: target)
    }

    /// The elements in reverse order along `axes`; a view (negative strides).
    public func flipped(axes: [Int]) throws -> Tensor {
        let ax = try Tensor.normalizedAxes(axes, rank: rank, op: "flip", shape: shape)
        var out = self
        for a in ax where shape[a] > 0 {
            out.offset += (shape[a] - 1) * strides[a]
            out.strides[a] = -strides[a]
        }
        return out
    }

    /// A size-1 axis inserted at `axis` (0...rank); a view. [3].unsqueezed(0) → [1, 3].
    public func unsqueezed(_ axis: Int) throws -> Tensor {
        let a = try Tensor.normalizedAxis(axis, rank: rank + 1, op: "unsqueeze", shape: shape)
        var out = self
        out.shape.insert(1, at: a)
        out.strides.insert(a < rank ? strides[a] * shape[a] : 1, at: a)
        return out
    }

    /// Size-1 axes removed (all of them, or the listed ones, which must have size 1); a view.
    public func squeezed(axes: [Int]? = nil) throws -> Tensor {
        let ax = try axes.map { try Tensor.normalizedAxes($0, rank: rank, op: "squeeze", shape: shape) }
            ?? (0..<rank).filter { shape[$0] == 1 }
        for a in ax where shape[a] != 1 {
            throw TensorError(
                op: "squeeze", message: "axis \(a) has size \(shape[a]), not 1 (shape \(shapeString(shape)))",
                shapes: [shape])
        }
        var out = self
        for a in ax.sorted(by: >) {
            out.shape.remove(at: a)
            out.strides.remove(at: a)
        }
        return out
    }

    /// A copy with `pads[i] = (before, after)` elements of `value` added on each side of axis i;
    /// one pair per axis. [2, 3] padded [(1, 1), (0, 2)] → [4, 5].
    public func padded(_ pads: [(Int, Int)], value: Float = 0) throws -> Tensor {
        guard pads.count == rank else {
            throw TensorError(
                op: "pad", message: "\(pads.count) (before, after) pairs given for a rank-\(rank) tensor of shape \(shapeString(shape))",
                shapes: [shape], hint: "give one pair per axis, (0, 0) for axes left alone")
        }
        var outShape = shape
        var start = 0
        for (i, p) in pads.enumerated() {
            guard p.0 >= 0 && p.1 >= 0 else {
                throw TensorError(
                    op: "pad", message: "negative padding \(p) on axis \(i)", shapes: [shape],
                    hint: "to crop, slice instead")
            }
            let (s, o1) = shape[i].addingReportingOverflow(p.0)
            let (t, o2) = s.addingReportingOverflow(p.1)
            if o1 || o2 { throw TensorError(op: "pad", message: "padded size overflows", shapes: [shape]) }
            outShape[i] = t
        }
        let out = try Tensor.full(outShape, value)
        for (i, p) in pads.enumerated() { start += p.0 * out.strides[i] }
        Tensor.copy(self, into: out.base + start, strides: out.strides)
        return out
    }

    /// Tensors joined along an existing axis; all other sizes must agree.
    /// [2, 3] and [4, 3] along 0 → [6, 3].
    public static func concat(_ ts: [Tensor], axis: Int) throws -> Tensor {
        guard let first = ts.first else {
            throw TensorError(op: "concat", message: "needs at least one tensor")
        }
        guard first.rank > 0 else {
            throw TensorError(
                op: "concat", message: "cannot concatenate scalars", shapes: ts.map(\.shape),
                hint: "use stack to make a new axis")
        }
        let a = try normalizedAxis(axis, rank: first.rank, op: "concat", shape: first.shape)
        var outShape = first.shape
        outShape[a] = 0
        for t in ts {
            var s1 = t.shape
            var s0 = first.shape
            if t.rank == first.rank {
                s1[a] = 0
                s0[a] = 0
            }
            guard s0 == s1 else {
                throw TensorError(
                    op: "concat",
                    message: "shapes \(ts.map { shapeString($0.shape) }.joined(separator: ", ")) differ outside axis \(a)",
                    shapes: ts.map(\.shape))
            }
            outShape[a] += t.shape[a]
        }
        let out = try uninitialized(outShape, op: "concat")
        var start = 0
        for t in ts {
            copy(t, into: out.base + start * out.strides[a], strides: out.strides)
            start += t.shape[a]
        }
        return out
    }

    /// Tensors of one shape joined along a new axis. Three [2, 3] along 0 → [3, 2, 3].
    public static func stack(_ ts: [Tensor], axis: Int) throws -> Tensor {
        guard let first = ts.first else {
            throw TensorError(op: "stack", message: "needs at least one tensor")
        }
        for t in ts where t.shape != first.shape {
            throw TensorError(
                op: "stack",
                message: "all tensors must have one shape, got \(ts.map { shapeString($0.shape) }.joined(separator: ", "))",
                shapes: ts.map(\.shape))
        }
        let a = try normalizedAxis(axis, rank: first.rank + 1, op: "stack", shape: first.shape)
        return try concat(ts.map { try $0.unsqueezed(a) }, axis: a)
    }
}
