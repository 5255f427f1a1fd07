// Tensor+Binary: elementwise functions of two tensors with NumPy broadcasting, where/select,
// in-place updates, and the arithmetic operators. Fast paths for same-shape contiguous
// operands and for a scalar on either side; otherwise row by row over a RowPlan.

import Foundation

/// An elementwise function of two tensors. Comparisons give 1 for true and 0 for false.
public enum BinaryOp: String, CaseIterable, Sendable {
    case add, sub, mul, div
    /// aᵇ (`powf`)
    case pow
    /// the larger; NaN if either is NaN (as NumPy)
    case maximum
    /// the smaller; NaN if either is NaN
    case minimum
    /// a − b·⌊a / b⌋: the remainder with the sign of b (as Python's %)
    case mod
    case eq, ne, lt, le, gt, ge

    /// The operator a learner writes: "+", "@"-style symbols where one exists, else the name.
    public var symbol: String {
        switch self {
        case .add: "+"
        case .sub: "-"
        case .mul: "*"
        case .div: "/"
        case .mod: "%"
        case .pow: "**"
        case .eq: "=="
        case .ne: "!="
        case .lt: "<"
        case .le: "<="
        case .gt: ">"
        case .ge: ">="
        case .maximum, .minimum: rawValue
        }
    }
}

@inline(__always)
func zipRow(
    _ o: UnsafeMutablePointer<Float>, _ a: UnsafePointer<Float>, _ sa: Int,
    _ b: UnsafePointer<Float>, _ sb: Int, _ n: Int, _ f: (Float, Float) -> Float
) {
    if sa == 1 && sb == 1 {
        for i in 0..<n { o[i] = f(a[i], b[i]) }
    } else if sb == 0 && sa == 1 {
        let y = b[0]
        for i in 0..<n { o[i] = f(a[i], y) }
    } else if sa == 0 && sb == 1 {
        let x = a[0]
        for i in 0..<n { o[i] = f(x, b[i]) }
    } else {
        for i in 0..<n { o[i] = f(a[i &* sa], b[i &* sb]) }
    }
}

@inline(__always) func floatMod(_ a: Float, _ b: Float) -> Float {
    let r = Foundation.fmod(a, b)
    return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r
}

/// `o[i] = op(a[i * sa], b[i * sb])` for i in 0..<n (o has stride 1). Two rows, or a row and
/// a scalar on either side, go to the eight-lane C kernels (`binaryRow`, Tensor+FastMath.swift:
/// the same IEEE operation per element, so the same bits); pow, mod and other strides run the
/// closures below, which the compiler vectorised to four lanes at best.
func binaryKernel(
    _ op: BinaryOp, _ o: UnsafeMutablePointer<Float>, _ a: UnsafePointer<Float>, _ sa: Int,
    _ b: UnsafePointer<Float>, _ sb: Int, _ n: Int
) {
    if let code = op.vectorCode, (sa == 1 && (sb == 1 || sb == 0)) || (sa == 0 && sb == 1) {
        return binaryRow(code, o, a, sa, b, sb, n)
    }
    switch op {
    case .add: zipRow(o, a, sa, b, sb, n) { $0 + $1 }
    case .sub: zipRow(o, a, sa, b, sb, n) { $0 - $1 }
    case .mul: zipRow(o, a, sa, b, sb, n) { $0 * $1 }
    case .div: zipRow(o, a, sa, b, sb, n) { $0 / $1 }
    case .pow: zipRow(o, a, sa, b, sb, n) { Foundation.pow($0, $1) }
    case .maximum: zipRow(o, a, sa, b, sb, n) { $0 > $1 ? $0 : ($0 != $0 ? $0 : $1) }
    case .minimum: zipRow(o, a, sa, b, sb, n) { $0 < $1 ? $0 : ($0 != $0 ? $0 : $1) }
    case .mod: zipRow(o, a, sa, b, sb, n) { floatMod($0, $1) }
    case .eq: zipRow(o, a, sa, b, sb, n) { $0 == $1 ? 1 : 0 }
    case .ne: zipRow(o, a, sa, b, sb, n) { $0 != $1 ? 1 : 0 }
    case .lt: zipRow(o, a, sa, b, sb, n) { $0 < $1 ? 1 : 0 }
    case .le: zipRow(o, a, sa, b, sb, n) { $0 <= $1 ? 1 : 0 }
    case .gt: zipRow(o, a, sa, b, sb, n) { $0 > $1 ? 1 : 0 }
    case .ge: zipRow(o, a, sa, b, sb, n) { $0 >= $1 ? 1 : 0 }
    }
}

extension Tensor {
    /// The NumPy broadcast of two shapes: align from the right; each pair of sizes must be
    /// equal or contain a 1, and the result takes the larger.
    public static func broadcastShape(_ a: Dims, _ b: Dims, op: String = "broadcast") throws -> Dims {
        if a == b { return a }
        let r = Swift.max(a.count, b.count)
        return try Dims(count: r) { out in
            for i in 0..<r {
                let x = i < r - a.count ? 1 : a[i - (r - a.count)]
                let y = i < r - b.count ? 1 : b[i - (r - b.count)]
                if x == y || y == 1 {
                    out[i] = x
                } else if x == 1 {
                    out[i] = y
                } else {
                    throw broadcastError(a, b, op: op, axis: i - r, x, y)
                }
            }
        }
    }

    private static func broadcastError(_ a: Dims, _ b: Dims, op: String, axis: Int, _ x: Int, _ y: Int)
        -> TensorError
    {
        var hint = "shapes are matched from the right; each pair of sizes must be equal or one of them 1"
        if b.count == 1, a.count == 2, a[0] == b[0] {
            hint = "to combine along axis 0, reshape the right operand to [\(b[0]), 1]"
        } else if a.count == 1, b.count == 2, b[0] == a[0] {
            hint = "to combine along axis 0, reshape the left operand to [\(a[0]), 1]"
        }
        return TensorError(
            op: op,
            message: "shapes \(shapeString(a)) and \(shapeString(b)) cannot be broadcast together "
                + "(axis \(axis): \(x) vs \(y))",
            shapes: [a, b], hint: hint)
    }

    /// This tensor's strides when viewed as `target` (which it must broadcast to): 0 on new
    /// leading axes and on axes of size 1 that grow.
    func broadcastStrides(to target: Dims) -> Dims {
        let lead = target.count - rank
        return Dims(count: target.count) { out in
            for i in 0..<rank where !(shape[i] == 1 && target[lead + i] != 1) {
                out[lead + i] = strides[i]
            }
        }
    }

    /// `op` applied elementwise after broadcasting `a` and `b` to a common shape.
    public static func binary(_ op: BinaryOp, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        let (ca, cb) = (a.isContiguous, b.isContiguous)
        if ca && cb {
            if a.shape == b.shape {
                let out = Tensor(uninitializedLike: a)
                parallelElements(a.count) { i, n in binaryKernel(op, out.base + i, a.base + i, 1, b.base + i, 1, n) }
                return out
            }
            if b.count == 1 && b.rank <= a.rank {
                let out = Tensor(uninitializedLike: a)
                parallelElements(a.count) { i, n in binaryKernel(op, out.base + i, a.base + i, 1, b.base, 0, n) }
                return out
            }
            if a.count == 1 && a.rank <= b.rank {
                let out = Tensor(uninitializedLike: b)
                parallelElements(b.count) { i, n in binaryKernel(op, out.base + i, a.base, 0, b.base + i, 1, n) }
                return out
            }
            if let out = trailingBroadcast(op, a, b) { return out }
        }
        let shape = try broadcastShape(a.shape, b.shape, op: op.rawValue)
        let out = try uninitialized(shape, op: op.rawValue)
        if out.count == 0 { return out }
        let plan = RowPlan(
            shape: shape, out.strides, a.broadcastStrides(to: shape), b.broadcastStrides(to: shape))
        let (o, pa, pb, n) = (out.base, a.base, b.base, plan.rowLength)
        let (sa, sb) = (plan.inner.1, plan.inner.2)
        plan.forEachRow { oo, oa, ob in
            binaryKernel(op, o + oo, pa + oa, sa, pb + ob, sb, n)
        }
        return out
    }

    /// The common bias-add layout: one contiguous operand's shape is the other's trailing
    /// axes ([N, D] + [D]); the smaller is reused for every row of the larger.
    private static func trailingBroadcast(_ op: BinaryOp, _ a: Tensor, _ b: Tensor) -> Tensor? {
        if a.rank > b.rank && b.count > 0 && a.shape[(a.rank - b.rank)...].elementsEqual(b.shape) {
            let out = Tensor(uninitializedLike: a)
            let n = b.count
            parallelRanges(a.count / n, work: a.count) { rows in
                if let code = op.vectorCode {
                    let r = rows.lowerBound * n
                    binaryRows(code, out.base + r, ldo: n, a.base + r, lda: n, 1, b.base, ldb: 0, 1, n, rows: rows.count)
                } else {
                    for r in rows { binaryKernel(op, out.base + r * n, a.base + r * n, 1, b.base, 1, n) }
                }
            }
            return out
        }
        if b.rank > a.rank && a.count > 0 && b.shape[(b.rank - a.rank)...].elementsEqual(a.shape) {
            let out = Tensor(uninitializedLike: b)
            let n = a.count
            parallelRanges(b.count / n, work: b.count) { rows in
                if let code = op.vectorCode {
                    let r = rows.lowerBound * n
                    binaryRows(code, out.base + r, ldo: n, a.base, lda: 0, 1, b.base + r, ldb: n, 1, n, rows: rows.count)
                } else {
                    for r in rows { binaryKernel(op, out.base + r * n, a.base, 1, b.base + r * n, 1, n) }
                }
            }
            return out
        }
        return nil
    }

    /// `op` with a scalar right operand.
    public static func binary(_ op: BinaryOp, _ a: Tensor, _ s: Float) -> Tensor {
        let src = a.contiguous()
        let out = Tensor(uninitializedLike: src)
        withExtendedLifetime(src) {
            withUnsafePointer(to: s) { p in
                parallelElements(a.count) { i, n in binaryKernel(op, out.base + i, src.base + i, 1, p, 0, n) }
            }
        }
        return out
    }

    /// `op` with a scalar left operand.
    public static func binary(_ op: BinaryOp, _ s: Float, _ b: Tensor) -> Tensor {
        let src = b.contiguous()
        let out = Tensor(uninitializedLike: src)
        withExtendedLifetime(src) {
            withUnsafePointer(to: s) { p in
                parallelElements(b.count) { i, n in binaryKernel(op, out.base + i, p, 0, src.base + i, 1, n) }
            }
        }
        return out
    }

    /// `self = op(self, other)` in place; `other` must broadcast to this tensor's shape.
    public mutating func formBinary(_ op: BinaryOp, _ other: Tensor) throws {
        let shape = try Tensor.broadcastShape(self.shape, other.shape, op: op.rawValue)
        guard shape == self.shape else {
            throw TensorError(
                op: op.rawValue,
                message: "in-place result would have shape \(shapeString(shape)), not \(shapeString(self.shape))",
                shapes: [self.shape, other.shape])
        }
        makeUnique()
        if count == 0 { return }
        let plan = RowPlan(shape: shape, strides, other.broadcastStrides(to: shape))
        let (o, pb, n, sb) = (base, other.base, plan.rowLength, plan.inner.1)
        plan.forEachRow { oo, ob, _ in
            binaryKernel(op, o + oo, o + oo, 1, pb + ob, sb, n)
        }
    }

    /// Elementwise choice: `a` where `cond` is non-zero, else `b`; all three broadcast.
    public static func `where`(_ cond: Tensor, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        let s1 = try broadcastShape(cond.shape, a.shape, op: "where")
        let shape = try broadcastShape(s1, b.shape, op: "where")
        // The output starts as a copy of b (checked against the memory limit first); a's
        // elements are then written where cond holds.
        if try checkedCount(shape, op: "where") == 0 { return try uninitialized(shape, op: "where") }
        let out = b.expandedUnchecked(to: shape).contiguousCopy()
        let plan = RowPlan(
            shape: shape, out.strides, cond.broadcastStrides(to: shape), a.broadcastStrides(to: shape))
        let (o, pc, pa, n) = (out.base, cond.base, a.base, plan.rowLength)
        let (sc, sa) = (plan.inner.1, plan.inner.2)
        plan.forEachRow { oo, oc, oa in
            let (po, c, x) = (o + oo, pc + oc, pa + oa)
            for i in 0..<n where c[i &* sc] != 0 { po[i] = x[i &* sa] }
        }
        return out
    }

    /// A broadcast view of a shape already known to be compatible.
    func expandedUnchecked(to target: Dims) -> Tensor {
        Tensor(
            storage: storage, offset: offset, shape: target, strides: broadcastStrides(to: target),
            count: target.reduce(1, *))
    }

    // MARK: operators

    public static func + (a: Tensor, b: Tensor) throws -> Tensor { try binary(.add, a, b) }
    public static func - (a: Tensor, b: Tensor) throws -> Tensor { try binary(.sub, a, b) }
    public static func * (a: Tensor, b: Tensor) throws -> Tensor { try binary(.mul, a, b) }
    public static func / (a: Tensor, b: Tensor) throws -> Tensor { try binary(.div, a, b) }
    public static func + (a: Tensor, s: Float) -> Tensor { binary(.add, a, s) }
    public static func - (a: Tensor, s: Float) -> Tensor { binary(.sub, a, s) }
    public static func * (a: Tensor, s: Float) -> Tensor { binary(.mul, a, s) }
    public static func / (a: Tensor, s: Float) -> Tensor { binary(.div, a, s) }
    public static func + (s: Float, b: Tensor) -> Tensor { binary(.add, s, b) }
    public static func - (s: Float, b: Tensor) -> Tensor { binary(.sub, s, b) }
    public static func * (s: Float, b: Tensor) -> Tensor { binary(.mul, s, b) }
    public static func / (s: Float, b: Tensor) -> Tensor { binary(.div, s, b) }
    public static prefix func - (a: Tensor) -> Tensor { a.map(.neg) }
}
