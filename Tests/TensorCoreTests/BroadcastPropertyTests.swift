// BroadcastPropertyTests: random shape pairs from the seeded generator, each binary op and a
// reduction compared with naive references written here (index arithmetic, no strides).
import Testing
@testable import TensorCore

/// A random broadcast-compatible pair of shapes, and sometimes a transposed or sliced view.
private func randomPair(_ r: inout RandomGenerator) -> ([Int], [Int]) {
    let rank = 1 + r.int(below: 4)
    let full = (0..<rank).map { _ in 1 + r.int(below: 4) }
    func derive(_ r: inout RandomGenerator) -> [Int] {
        let drop = r.int(below: rank)
        return full.dropFirst(drop).map { r.int(below: 3) == 0 ? 1 : $0 }
    }
    return (derive(&r), derive(&r))
}

/// A tensor with the given shape and random small-integer values, sometimes built as a
/// non-contiguous view (a transpose of the transposed data) to exercise the strided paths.
private func randomTensor(_ shape: [Int], _ r: inout RandomGenerator) -> Tensor {
    let n = shape.reduce(1, *)
    let values = (0..<n).map { _ in Float(r.int(below: 9)) - 4 }
    if shape.count >= 2 && r.int(below: 2) == 0 {
        // Store the transpose, then view it transposed back: same logical values, strided.
        let rev = Array(shape.reversed())
        var stored = [Float](repeating: 0, count: n)
        for i in 0..<n {
            let idx = unravel(i, shape)
            let j = flatIndex(Array(idx.reversed()), rev)
            stored[j] = values[i]
        }
        let t = T(rev, stored).transposed()
        return t
    }
    return T(shape, values)
}

private func flatIndex(_ idx: [Int], _ shape: [Int]) -> Int {
    var f = 0
    for (i, d) in zip(idx, shape) { f = f * d + i }
    return f
}

/// The naive broadcast: for each output index, read each operand at the index with its
/// size-1 axes pinned to 0 (after left-padding its shape with 1s).
private func naiveBinary(_ a: [Float], _ sa: [Int], _ b: [Float], _ sb: [Int], _ f: (Float, Float) -> Float) -> ([Int], [Float]) {
    let r = max(sa.count, sb.count)
    let pa = [Int](repeating: 1, count: r - sa.count) + sa
    let pb = [Int](repeating: 1, count: r - sb.count) + sb
    let out = zip(pa, pb).map { max($0, $1) }
    let n = out.reduce(1, *)
    var values: [Float] = []
    for i in 0..<n {
        let idx = unravel(i, out)
        let ia = zip(idx, pa).map { $1 == 1 ? 0 : $0 }
        let ib = zip(idx, pb).map { $1 == 1 ? 0 : $0 }
        values.append(f(a[flatIndex(ia, pa)], b[flatIndex(ib, pb)]))
    }
    return (out, values)
}

@Suite struct BroadcastPropertyTests {
    static let ops: [(BinaryOp, @Sendable (Float, Float) -> Float)] = [
        (.add, { $0 + $1 }), (.sub, { $0 - $1 }), (.mul, { $0 * $1 }), (.div, { $0 / $1 }),
        (.maximum, { max($0, $1) }), (.minimum, { min($0, $1) }),
        (.lt, { $0 < $1 ? 1 : 0 }), (.ge, { $0 >= $1 ? 1 : 0 }), (.eq, { $0 == $1 ? 1 : 0 }),
    ]

    @Test func binaryOpsAgreeWithTheNaiveBroadcast() throws {
        var r = RandomGenerator(seed: 2026)
        for trial in 0..<300 {
            let (sa, sb) = randomPair(&r)
            let a = randomTensor(sa, &r)
            let b = randomTensor(sb, &r)
            let (op, f) = BroadcastPropertyTests.ops[trial % BroadcastPropertyTests.ops.count]
            let got = try Tensor.binary(op, a, b)
            let (shape, want) = naiveBinary(a.toArray(), sa, b.toArray(), sb, f)
            #expect(got.shape == shape, "\(op) \(sa) \(sb)")
            #expect(close(got.toArray(), want), "\(op) \(sa) \(sb): \(got.toArray()) vs \(want)")
        }
    }

    @Test func sumOverRandomAxesAgreesWithNaiveSums() throws {
        var r = RandomGenerator(seed: 77)
        for _ in 0..<150 {
            let (shape, _) = randomPair(&r)
            let a = randomTensor(shape, &r)
            let axes = (0..<shape.count).filter { _ in r.int(below: 2) == 0 }
            let keep = r.int(below: 2) == 0
            let got = try a.reduce(.sum, axes: axes, keepDims: keep)
            let outShape = shape.indices.map { axes.contains($0) ? 1 : shape[$0] }
            var want = [Float](repeating: 0, count: outShape.reduce(1, *))
            let values = a.toArray()
            for i in 0..<values.count {
                let idx = unravel(i, shape).enumerated().map { axes.contains($0.offset) ? 0 : $0.element }
                want[flatIndex(idx, outShape)] += values[i]
            }
            let expectedShape = keep ? outShape : shape.indices.filter { !axes.contains($0) }.map { shape[$0] }
            #expect(got.shape == expectedShape)
            #expect(close(got.toArray(), want), "sum \(shape) over \(axes)")
        }
    }

    @Test func scalarAndSameShapeFastPathsMatchTheGeneralPath() throws {
        let a = iota([3, 5], scale: 0.5)
        let s = Tensor(scalar: 2)
        let viaGeneral = try Tensor.binary(.mul, a.transposed().contiguous().transposed(), try Tensor.full([1, 1], 2))
        #expect(try Tensor.binary(.mul, a, s).toArray() == viaGeneral.toArray())
        #expect((a * 2).toArray() == viaGeneral.toArray())
        #expect((2 - a).toArray() == a.toArray().map { 2 - $0 })
        #expect(try (a + a).toArray() == a.toArray().map { $0 * 2 })
    }
}
