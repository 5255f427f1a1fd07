// RowPlan: walking up to three strided operands over one shape, row by row. The innermost
// row is left to the caller's tight loop; axes that can be merged are merged first, so a
// contiguous tensor is one long row whatever its shape.

/// The row structure of up to three operands laid over a common shape.
///
/// Axes of size 1 are dropped, and neighbouring axes are merged when every operand steps
/// through them as one (stride[i] == stride[i+1] * shape[i+1]). What remains is an outer
/// odometer over all axes but the last, and a last axis of `rowLength` elements with the
/// operands' `inner` strides.
struct RowPlan {
    var rowLength: Int
    var inner: (Int, Int, Int)
    /// The outer axes, `outerRank` numbers each, in one array (one allocation): their sizes,
    /// then the three operands' strides on them.
    var outer: [Int]
    var outerRank: Int

    init(shape: Dims, _ s0: Dims, _ s1: Dims, _ s2: Dims? = nil) {
        // The merged axes are worked out in scratch memory on the stack; only the outer axes
        // become arrays (none when the operands merge into one row, the common case).
        let r = shape.count
        (rowLength, inner, outer, outerRank) = withUnsafeTemporaryAllocation(
            of: Int.self, capacity: Swift.max(4 * r, 1)
        ) { scratch in
            let dims = scratch.baseAddress!
            let (a, b, c) = (dims + r, dims + 2 * r, dims + 3 * r)
            var m = 0
            for i in 0..<r where shape[i] != 1 {
                let t2 = s2?[i] ?? 0
                if m > 0, a[m - 1] == s0[i] &* shape[i], b[m - 1] == s1[i] &* shape[i], c[m - 1] == t2 &* shape[i] {
                    dims[m - 1] = dims[m - 1] &* shape[i]
                    a[m - 1] = s0[i]
                    b[m - 1] = s1[i]
                    c[m - 1] = t2
                } else {
                    (dims[m], a[m], b[m], c[m]) = (shape[i], s0[i], s1[i], t2)
                    m += 1
                }
            }
            if m == 0 { return (1, (0, 0, 0), [], 0) }
            let o = m - 1
            if o == 0 { return (dims[0], (a[0], b[0], c[0]), [], 0) }
            let outer = [Int](unsafeUninitializedCapacity: 4 * o) { buf, initialized in
                let d = buf.baseAddress!
                d.initialize(from: dims, count: o)
                (d + o).initialize(from: a, count: o)
                (d + 2 * o).initialize(from: b, count: o)
                (d + 3 * o).initialize(from: c, count: o)
                initialized = 4 * o
            }
            return (dims[o], (a[o], b[o], c[o]), outer, o)
        }
    }

    /// The number of rows.
    var rowCount: Int { outer.prefix(outerRank).reduce(1, &*) }

    /// Calls `body(o0, o1, o2)` with each row's starting offsets, in row-major order.
    func forEachRow(_ body: (Int, Int, Int) -> Void) {
        let r = outerRank
        if r == 0 {
            body(0, 0, 0)
            return
        }
        let rows = rowCount
        if rows == 0 { return }
        outer.withUnsafeBufferPointer { packed in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: r) { counters in
                let outerShape = packed.baseAddress!
                let (outer0, outer1, outer2) = (outerShape + r, outerShape + 2 * r, outerShape + 3 * r)
                let idx = counters.baseAddress!
                idx.initialize(repeating: 0, count: r)
                var o0 = 0
                var o1 = 0
                var o2 = 0
                for _ in 0..<rows {
                    body(o0, o1, o2)
                    var d = r - 1
                    while d >= 0 {
                        idx[d] += 1
                        o0 &+= outer0[d]
                        o1 &+= outer1[d]
                        o2 &+= outer2[d]
                        if idx[d] < outerShape[d] { break }
                        o0 &-= outer0[d] &* outerShape[d]
                        o1 &-= outer1[d] &* outerShape[d]
                        o2 &-= outer2[d] &* outerShape[d]
                        idx[d] = 0
                        d -= 1
                    }
                }
            }
        }
    }
}
