// Tensor+Indexing: NumPy basic indexing (integers, ranges with steps and negative indices,
// new axes, an ellipsis) as views, slice assignment, and indexing by integer tensors:
// assignment at indices, gather, take, their scatter-add inverses, and one_hot.

/// One entry of an index expression `x[0, 1:5:2, None, ...]`.
public enum SliceSpec: Sendable, Equatable {
    /// One position; the axis disappears. Negative counts from the end.
    case index(Int)
    /// `start:stop:step` as in Python (defaults 0, size, 1; negative step walks backwards).
    case range(start: Int?, stop: Int?, step: Int?)
    /// A new axis of size 1 (`None` / `newaxis`).
    case newAxis
    /// As many full ranges as needed to cover the remaining axes (`...`).
    case ellipsis

    /// `:`, the whole axis.
    public static let all = SliceSpec.range(start: nil, stop: nil, step: nil)
}

extension Tensor {
    /// The view selected by `specs` (NumPy basic indexing); missing trailing specs mean `:`.
    /// [4, 5][1, 1:5:2] → [2]; [4, 5][:, None] → [4, 1, 5]; [4, 5][-1] → [5].
    public func sliced(_ specs: [SliceSpec]) throws -> Tensor {
        let full = try expandedSpecs(specs)
        // Each entry of `full` makes at most one axis.
        var outShape = Dims()
        var outStrides = Dims()
        var outOffset = offset
        var axis = 0
        for s in full {
            switch s {
            case .newAxis:
                outShape.append(1)
                outStrides.append(0)
            case .index(let i):
                let n = shape[axis]
                let j = i < 0 ? i + n : i
                guard j >= 0 && j < n else {
                    throw TensorError(
                        op: "index", message: "index \(i) is out of bounds for axis \(axis) with size \(n)",
                        shapes: [shape])
                }
                outOffset += j * strides[axis]
                axis += 1
            case .range(let start, let stop, let step):
                let (first, len, st) = try Tensor.sliceBounds(start, stop, step, size: shape[axis], shape: shape)
                if len > 0 { outOffset += first * strides[axis] }
                outShape.append(len)
                outStrides.append(len > 1 ? strides[axis] * st : strides[axis])
                axis += 1
            case .ellipsis:
                break
            }
        }
        return Tensor(
            storage: storage, offset: outOffset, shape: outShape, strides: outStrides,
            count: outShape.reduce(1, *))
    }

    /// `specs` with the ellipsis (or the missing tail) replaced by full ranges, so that every
    /// axis has exactly one `.index` or `.range` (`specs` itself when it already has: no copy).
    private func expandedSpecs(_ specs: [SliceSpec]) throws -> [SliceSpec] {
        var consuming = 0
        var ellipses = 0
        for s in specs {
            switch s {
            case .index, .range: consuming += 1
            case .ellipsis: ellipses += 1
            case .newAxis: break
            }
        }
        guard ellipses <= 1 else {
            throw TensorError(op: "index", message: "an index can have only one ellipsis (...)", shapes: [shape])
        }
        guard consuming <= rank else {
            throw TensorError(
                op: "index",
                message: "too many indices (\(consuming)) for a rank-\(rank) tensor of shape \(shapeString(shape))",
                shapes: [shape])
        }
        let fill = rank - consuming
        if ellipses == 0 && fill == 0 { return specs }
        var full: [SliceSpec] = []
        full.reserveCapacity(specs.count - ellipses + fill)
        for s in specs {
            if s == .ellipsis {
                for _ in 0..<fill { full.append(.all) }
            } else {
                full.append(s)
            }
        }
        if ellipses == 0 { for _ in 0..<fill { full.append(.all) } }
        return full
    }

    /// Python's `slice.indices`: the first position, the number of elements and the step.
    static func sliceBounds(_ start: Int?, _ stop: Int?, _ step: Int?, size n: Int, shape: Dims)
        throws -> (Int, Int, Int)
    {
        let st = Swift.max(step ?? 1, -Int.max)
        guard st != 0 else {
            throw TensorError(op: "index", message: "slice step cannot be zero", shapes: [shape])
        }
        func norm(_ v: Int?, _ dflt: Int, lo: Int, hi: Int) -> Int {
            guard let v else { return dflt }
            let w = v < 0 ? v + n : v
            return Swift.min(Swift.max(w, lo), hi)
        }
        if st > 0 {
            let a = norm(start, 0, lo: 0, hi: n)
            let b = norm(stop, n, lo: 0, hi: n)
            return (a, b > a ? (b - a - 1) / st + 1 : 0, st)
        }
        let a = norm(start, n - 1, lo: -1, hi: n - 1)
        let b = norm(stop, -1, lo: -1, hi: n - 1)
        return (a, a > b ? (a - b - 1) / -st + 1 : 0, st)
    }

    /// Writes `value`, broadcast to the selected region's shape, into the region `specs`
    /// selects (NumPy `x[specs] = value`). Copies the storage first if it is shared.
    public mutating func assign(_ specs: [SliceSpec], _ value: Tensor) throws {
        let (target, checked) = try checkedRegion(
            specs, value, op: "slice assignment", verb: "assign", squeezingLeadingOnes: true)
        var v = checked
        if v.sharesStorage(with: self) { v = v.contiguousCopy() }
        makeUnique()
        let region = try sliced(specs)
        Tensor.copy(v.expandedUnchecked(to: target), into: region.base, strides: region.strides)
    }

    /// Adds `value`, broadcast to the selected region's shape, into the region `specs` selects
    /// (NumPy `x[specs] += value`); elements outside the region are not touched. Each element
    /// of the region takes one float32 addition x + v, as `formBinary(.add, ...)` would give it.
    /// Copies the storage first if it is shared. Autograd's sweep adds a slice's gradient into
    /// its parent's gradient this way.
    public mutating func addAssign(_ specs: [SliceSpec], _ value: Tensor) throws {
        let (target, checked) = try checkedRegion(
            specs, value, op: "slice addition", verb: "add", squeezingLeadingOnes: false)
        var v = checked
        if v.sharesStorage(with: self) { v = v.contiguousCopy() }
        makeUnique()
        let region = try sliced(specs)
        if region.count == 0 { return }
        let plan = RowPlan(shape: target, region.strides, v.broadcastStrides(to: target))
        let (o, pv, n, so, sv) = (region.base, v.base, plan.rowLength, plan.inner.0, plan.inner.1)
        withExtendedLifetime(v) {
            plan.forEachRow { oo, ov, _ in
                let (d, s) = (o + oo, pv + ov)
                if so == 1 {
                    binaryKernel(.add, d, d, 1, s, sv, n)
                } else {
                    for i in 0..<n { d[i &* so] = d[i &* so] + s[i &* sv] }
                }
            }
        }
    }

    /// A tensor of `shape` holding each part's value (broadcast as by `assign`) in the region
    /// its specs select, plus 0 when `addingZero` (x + 0 is x, except that −0 becomes +0), and
    /// +0 everywhere else. The regions must not overlap (`regionsAreDisjoint`); when they cover
    /// the whole tensor no element is zeroed first. Autograd's sweep builds the gradient of a
    /// tensor cut into disjoint slices (a learner's LSTM gates) this way in one pass, instead
    /// of zeros and then one addition per slice.
    public static func fromDisjointRegions(
        _ shape: Dims, _ parts: [(specs: [SliceSpec], value: Tensor)], addingZero: Bool
    ) throws -> Tensor {
        let n = try checkedCount(shape, op: "slice assignment")
        let out = Tensor(uninitialized: shape, count: n)
        let regions = try parts.map { try out.sliced($0.specs) }
        var covered = 0
        for region in regions { covered += region.count }
        if covered != n { out.base.initialize(repeating: 0, count: Swift.max(n, 1)) }
        for (part, region) in zip(parts, regions) {
            if writeRows(of: part.value, into: region, addingZero: addingZero) { continue }
            let (target, v) = try out.checkedRegion(
                region.shape, part.value, op: "slice assignment", verb: "assign", squeezingLeadingOnes: true)
            let src = v.expandedUnchecked(to: target)
            guard addingZero else {
                Tensor.copy(src, into: region.base, strides: region.strides)
                continue
            }
            if region.count == 0 { continue }
            let plan = RowPlan(shape: target, region.strides, src.strides)
            let (o, pv, rn, so, sv) = (region.base, src.base, plan.rowLength, plan.inner.0, plan.inner.1)
            withExtendedLifetime(src) {
                withUnsafePointer(to: Float(0)) { zero in
                    plan.forEachRow { oo, ov, _ in
                        let (d, x) = (o + oo, pv + ov)
                        if so == 1 {
                            binaryKernel(.add, d, x, sv, zero, 0, rn)
                        } else {
                            for i in 0..<rn { d[i &* so] = x[i &* sv] + zero[0] }
                        }
                    }
                }
            }
        }
        return out
    }

    /// `fromDisjointRegions`' common case, a contiguous value of the region's own rank-2 shape
    /// with the region's rows contiguous (a learner's LSTM gates, [B, H] each in [B, 4H]): each
    /// row written in place, as `x + 0` when `addingZero`, without a RowPlan or the broadcast
    /// checks. False, having written nothing, for any other layout.
    private static func writeRows(of value: Tensor, into region: Tensor, addingZero: Bool) -> Bool {
        guard region.rank == 2, region.strides[1] == 1, value.isContiguous, value.shape == region.shape else {
            return false
        }
        let (o, x, rows, cols, rowStride) = (region.base, value.base, region.shape[0], region.shape[1], region.strides[0])
        withExtendedLifetime(value) {
            if addingZero {
                withUnsafePointer(to: Float(0)) { zero in
                    binaryRows(
                        BinaryOp.add.vectorCode!, o, ldo: rowStride, x, lda: cols, 1, zero, ldb: 0, 0, cols, rows: rows)
                }
            } else {
                for r in 0..<rows { (o + r * rowStride).update(from: x + r * cols, count: cols) }
            }
        }
        return true
    }

    /// The shape of the region `specs` selects, checked to take `value` broadcast to it, and
    /// the value to write there: with `squeezingLeadingOnes`, `value` loses leading axes of size 1
    /// beyond the region's rank first (a [1, 3] value fills a [3] region). `op` and `verb`
    /// ("assign", "add") name the operation in the message, which shows `value`'s own shape.
    private func checkedRegion(
        _ specs: [SliceSpec], _ value: Tensor, op: String, verb: String, squeezingLeadingOnes: Bool
    ) throws -> (target: Dims, value: Tensor) {
        try checkedRegion(
            sliced(specs).shape, value, op: op, verb: verb, squeezingLeadingOnes: squeezingLeadingOnes)
    }

    /// `checkedRegion` for a region whose shape, `target`, is already known.
    private func checkedRegion(
        _ target: Dims, _ value: Tensor, op: String, verb: String, squeezingLeadingOnes: Bool
    ) throws -> (target: Dims, value: Tensor) {
        var v = value
        if squeezingLeadingOnes {
            while v.rank > target.count && v.shape.first == 1 { v = try v.squeezed(axes: [0]) }
        }
        let b = try Tensor.broadcastShape(target, v.shape, op: op)
        guard b == target else {
            throw TensorError(
                op: op,
                message: "cannot \(verb) a value of shape \(shapeString(value.shape)) to a region of shape \(shapeString(target))",
                shapes: [shape, value.shape])
        }
        return (target, v)
    }

    /// True when the regions `a` and `b` select (as for `sliced`) have no element in common:
    /// on some axis their positions do not meet.
    public func regionsAreDisjoint(_ a: [SliceSpec], _ b: [SliceSpec]) throws -> Bool {
        let isAxis = { (s: SliceSpec) -> Bool in s != .newAxis }
        let (ea, eb) = (try expandedSpecs(a), try expandedSpecs(b))
        let fa = ea.contains(.newAxis) ? ea.filter(isAxis) : ea
        let fb = eb.contains(.newAxis) ? eb.filter(isAxis) : eb
        for axis in 0..<rank {
            let (pa, pb) = (try positions(fa[axis], axis), try positions(fb[axis], axis))
            if pa.count == 0 || pb.count == 0 { return true }
            if (pa.step == 1 || pa.count == 1) && (pb.step == 1 || pb.count == 1) {
                if pa.first + pa.count <= pb.first || pb.first + pb.count <= pa.first { return true }
                continue
            }
            var hit = [Bool](repeating: false, count: shape[axis])
            for k in 0..<pa.count { hit[pa.first + k * pa.step] = true }
            if !(0..<pb.count).contains(where: { hit[pb.first + $0 * pb.step] }) { return true }
        }
        return false
    }

    /// The positions one `.index` or `.range` spec selects on `axis`, lowest first: the first,
    /// how many, and the (positive) step between them.
    private func positions(_ spec: SliceSpec, _ axis: Int) throws -> (first: Int, count: Int, step: Int) {
        let n = shape[axis]
        switch spec {
        case .index(let i):
            let j = i < 0 ? i + n : i
            guard j >= 0 && j < n else {
                throw TensorError(
                    op: "index", message: "index \(i) is out of bounds for axis \(axis) with size \(n)",
                    shapes: [shape])
            }
            return (j, 1, 1)
        case .range(let start, let stop, let step):
            let (first, len, st) = try Tensor.sliceBounds(start, stop, step, size: n, shape: shape)
            return st > 0 ? (first, len, st) : (first + (len - 1) * st, len, -st)
        case .newAxis, .ellipsis:
            return (0, n, 1)
        }
    }

    /// Writes `value` into every element of the region `specs` selects.
    public mutating func assign(_ specs: [SliceSpec], scalar value: Float) throws {
        try assign(specs, Tensor(scalar: value))
    }

    // MARK: integer-tensor indexing

    /// NumPy `x[indices] = value` with an integer tensor: for each position p of `indices`,
    /// the slice `x[indices[p]]` along axis 0 becomes `value[p]`. `value` is broadcast to
    /// indices.shape + shape[1...] (a scalar, one value per index, or one row for all); a
    /// repeated index keeps the last value written, as NumPy. [8][[1, 3]] = 1 → x[1] = x[3] = 1.
    public mutating func assign(at indices: Tensor, _ value: Tensor) throws {
        guard rank >= 1 else {
            throw TensorError(op: "index assignment", message: "a 0-d tensor cannot be indexed", shapes: [shape])
        }
        let picks = try resolvedIndices(indices, axis: 0, op: "index assignment")
        let inner = shape.dropFirst().reduce(1, *)
        let target = indices.shape + shape.dropFirst()
        var v = value
        while v.rank > target.count && v.shape.first == 1 { v = try v.squeezed(axes: [0]) }
        guard (try? Tensor.broadcastShape(target, v.shape)) == target else {
            throw TensorError(
                op: "index assignment",
                message: "cannot assign a value of shape \(shapeString(value.shape)) to \(picks.count) indexed places of shape \(shapeString(target))",
                shapes: [shape, indices.shape, value.shape])
        }
        let src = v.expandedUnchecked(to: target).contiguousCopy()
        makeUnique()
        let dst = base
        withExtendedLifetime(src) {
            for (k, i) in picks.enumerated() where inner > 0 {
                (dst + i * inner).update(from: src.base + k * inner, count: inner)
            }
        }
    }


    /// PyTorch `gather` (NumPy `take_along_axis`): out[i][j][k] = self[indices[i][j][k]][j][k]
    /// for axis 0, and likewise for other axes. `indices` has this tensor's rank, holds whole
    /// numbers (negative counts from the end), and is no larger than this tensor on every
    /// other axis; the result has the shape of `indices`.
    public func gather(axis: Int, indices: Tensor) throws -> Tensor {
        let a = try checkAlongAxis(axis, indices, op: "gather")
        let out = Tensor(uninitialized: indices.shape, count: indices.count)
        var k = 0
        try forEachIndexPosition(indices, axis: a, op: "gather") { selfOffset in
            out.base[k] = base[selfOffset]
            k += 1
        }
        return out
    }

    /// The inverse of `gather` for gradients: a tensor of `shape`, zero except that
    /// `values[p]` is added at the position `gather` would have read for p.
    public static func scatterAdd(into shape: Dims, axis: Int, indices: Tensor, values: Tensor) throws -> Tensor {
        guard values.shape == indices.shape else {
            throw TensorError(
                op: "scatter_add", message: "values \(shapeString(values.shape)) and indices \(shapeString(indices.shape)) differ",
                shapes: [values.shape, indices.shape])
        }
        var out = try filled(shape, 0, op: "scatter_add")
        out.makeUnique()
        let a = try out.checkAlongAxis(axis, indices, op: "scatter_add")
        let v = values.contiguous()
        var k = 0
        try out.forEachIndexPosition(indices, axis: a, op: "scatter_add") { o in
            out.base[o] += v.base[k]
            k += 1
        }
        return withExtendedLifetime(v) { out }
    }

    private func checkAlongAxis(_ axis: Int, _ indices: Tensor, op: String) throws -> Int {
        let a = try Tensor.normalizedAxis(axis, rank: rank, op: op, shape: shape)
        let fits = indices.rank == rank && (0..<rank).allSatisfy { $0 == a || indices.shape[$0] <= shape[$0] }
        guard fits else {
            throw TensorError(
                op: op,
                message: "indices of shape \(shapeString(indices.shape)) do not fit a tensor of shape \(shapeString(shape)) along axis \(a)",
                shapes: [shape, indices.shape],
                hint: "indices need the same rank, and no larger size on the other axes")
        }
        return a
    }

    /// Calls `body` with the storage offset (from `base`) each index position selects.
    private func forEachIndexPosition(_ indices: Tensor, axis a: Int, op: String, _ body: (Int) -> Void) throws {
        if indices.count == 0 { return }
        let idx = indices.contiguous()
        var pos = [Int](repeating: 0, count: rank)
        var rest = 0  // offset from the axes other than `a`
        let n = shape[a]
        for k in 0..<idx.count {
            var i = try Tensor.integerIndex(idx.base[k], op: op, shape: shape)
            if i < 0 { i += n }
            guard i >= 0 && i < n else {
                throw TensorError(
                    op: op, message: "index \(Int(idx.base[k])) is out of bounds for axis \(a) with size \(n)",
                    shapes: [shape, indices.shape])
            }
            body(rest + i * strides[a])
            var d = rank - 1
            while d >= 0 {
                pos[d] += 1
                if d != a { rest += strides[d] }
                if pos[d] < indices.shape[d] { break }
                if d != a { rest -= strides[d] * pos[d] }
                pos[d] = 0
                d -= 1
            }
        }
    }

    /// NumPy `take`: whole slices picked along `axis` by an integer tensor (rows of a batch,
    /// embedding lookups). Shape: self[..<axis] + indices.shape + self[axis+1...].
    /// [5, 3].take([2, 0], axis: 0) → [2, 3].
    public func take(_ indices: Tensor, axis: Int) throws -> Tensor {
        let a = try Tensor.normalizedAxis(axis, rank: rank, op: "take", shape: shape)
        let picks = try resolvedIndices(indices, axis: a, op: "take")
        let outShape = Dims(shape[..<a]) + indices.shape + shape[(a + 1)...]
        let out = try Tensor.uninitialized(outShape, op: "take")
        let src = contiguous()
        let (outer, n) = (shape[..<a].reduce(1, *), shape[a])
        let inner = shape[(a + 1)...].reduce(1, *)
        withExtendedLifetime(src) {
            var o = out.base
            for b in 0..<outer {
                for i in picks {
                    o.update(from: src.base + (b * n + i) * inner, count: inner)
                    o += inner
                }
            }
        }
        return out
    }

    /// The inverse of `take` for gradients: zeros of `shape`, with each slice of `values`
    /// added back at the position it was taken from (repeated indices accumulate).
    public static func takeBackward(into shape: Dims, axis: Int, indices: Tensor, values: Tensor) throws -> Tensor {
        var out = try filled(shape, 0, op: "take_backward")
        out.makeUnique()
        let a = try normalizedAxis(axis, rank: shape.count, op: "take_backward", shape: shape)
        let expected = Dims(shape[..<a]) + indices.shape + shape[(a + 1)...]
        guard values.shape == expected else {
            throw TensorError(
                op: "take_backward", message: "values must have shape \(shapeString(expected)), got \(shapeString(values.shape))",
                shapes: [shape, indices.shape, values.shape])
        }
        let picks = try out.resolvedIndices(indices, axis: a, op: "take_backward")
        let v = values.contiguous()
        let (outer, n) = (shape[..<a].reduce(1, *), shape[a])
        let inner = shape[(a + 1)...].reduce(1, *)
        withExtendedLifetime(v) {
            var src = UnsafePointer(v.base)
            for b in 0..<outer {
                for i in picks {
                    let d = out.base + (b * n + i) * inner
                    for j in 0..<inner { d[j] += src[j] }
                    src += inner
                }
            }
        }
        return out
    }

    /// The indices as checked, non-negative Ints for axis `a`.
    private func resolvedIndices(_ indices: Tensor, axis a: Int, op: String) throws -> [Int] {
        let n = shape[a]
        return try indices.toArray().map { v in
            let i = try Tensor.integerIndex(v, op: op, shape: shape)
            let j = i < 0 ? i + n : i
            guard j >= 0 && j < n else {
                throw TensorError(
                    op: op, message: "index \(i) is out of bounds for axis \(a) with size \(n)",
                    shapes: [shape, indices.shape])
            }
            return j
        }
    }

    /// One-hot rows: labels of shape S (whole numbers in 0..<classes) → S + [classes], with 1
    /// at each label's position and 0 elsewhere.
    public static func oneHot(_ labels: Tensor, classes: Int) throws -> Tensor {
        guard classes > 0 else {
            throw TensorError(op: "one_hot", message: "needs at least one class, got \(classes)", shapes: [labels.shape])
        }
        var out = try filled(labels.shape + [classes], 0, op: "one_hot")
        out.makeUnique()
        for (k, v) in labels.toArray().enumerated() {
            let i = try integerIndex(v, op: "one_hot", shape: labels.shape)
            guard i >= 0 && i < classes else {
                throw TensorError(
                    op: "one_hot", message: "label \(i) is outside 0..<\(classes)", shapes: [labels.shape],
                    hint: "labels must be class numbers from 0 to \(classes - 1)")
            }
            out.base[k * classes + i] = 1
        }
        return out
    }
}
