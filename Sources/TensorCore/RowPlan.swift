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
    var outerShape: [Int]
    var outer0: [Int]
    var outer1: [Int]
    var outer2: [Int]

    init(shape: [Int], _ s0: [Int], _ s1: [Int], _ s2: [Int]? = nil) {
        let t2 = s2 ?? [Int](repeating: 0, count: shape.count)
        var dims: [Int] = []
        var a: [Int] = []
        var b: [Int] = []
        var c: [Int] = []
        for i in 0..<shape.count where shape[i] != 1 {
            if let last = dims.last,
                a[a.count - 1] == s0[i] &* shape[i], b[b.count - 1] == s1[i] &* shape[i],
                c[c.count - 1] == t2[i] &* shape[i]
            {
                dims[dims.count - 1] = last &* shape[i]
                a[a.count - 1] = s0[i]
                b[b.count - 1] = s1[i]
                c[c.count - 1] = t2[i]
            } else {
                dims.append(shape[i])
                a.append(s0[i])
                b.append(s1[i])
                c.append(t2[i])
            }
        }
        if dims.isEmpty {
            rowLength = 1
            inner = (0, 0, 0)
            outerShape = []
            outer0 = []
            outer1 = []
            outer2 = []
            return
        }
        rowLength = dims.removeLast()
        inner = (a.removeLast(), b.removeLast(), c.removeLast())
        outerShape = dims
        outer0 = a
        outer1 = b
        outer2 = c
    }

    /// The number of rows.
    var rowCount: Int { outerShape.reduce(1, &*) }

    /// Calls `body(o0, o1, o2)` with each row's starting offsets, in row-major order.
    func forEachRow(_ body: (Int, Int, Int) -> Void) {
        let r = outerShape.count
        if r == 0 {
            body(0, 0, 0)
            return
        }
        var idx = [Int](repeating: 0, count: r)
        var o0 = 0
        var o1 = 0
        var o2 = 0
        let rows = rowCount
        if rows == 0 { return }
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
