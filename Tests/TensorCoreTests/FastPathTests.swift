// FastPathTests: the per-op fast paths of session 12 against the plain rule they shortcut —
// `isContiguous` for ranks 0–4 read from Dims' slots, `permuted` writing shape and strides in
// place, a broadcast row operand added by one C call for all rows, and the one-column small
// product — on views, transposes, broadcasts, steps, empty tensors and rank 5.
import Testing
@testable import TensorCore

@Suite struct FastPathTests {
    /// The rule `isContiguous` implements, written the plain way.
    func contiguousByTheRule(_ t: Tensor) -> Bool {
        var expected = 1
        for i in stride(from: t.rank - 1, through: 0, by: -1) where t.shape[i] != 1 {
            if t.strides[i] != expected { return false }
            expected *= t.shape[i]
        }
        return true
    }

    /// Views of a tensor of `shape`: itself, every axis swap, slices with steps, an expand.
    func views(of shape: [Int]) throws -> [Tensor] {
        let n = shape.reduce(1, *)
        let t = try Tensor(shape: shape, values: (0..<n).map(Float.init))
        var out = [t]
        let r = shape.count
        for i in 0..<r {
            for j in 0..<r where j != i {
                var perm = Array(0..<r)
                perm.swapAt(i, j)
                out.append(try t.permuted(perm))
            }
            var specs = [SliceSpec](repeating: .range(start: nil, stop: nil, step: nil), count: r)
            specs[i] = .range(start: 0, stop: nil, step: 2)
            out.append(try t.sliced(specs))
            specs[i] = .range(start: 1, stop: 2, step: nil)
            out.append(try t.sliced(specs))
            specs[i] = .range(start: 0, stop: 0, step: nil)
            out.append(try t.sliced(specs))
        }
        if r >= 1 && shape[0] == 1 {
            var target = shape
            target[0] = 3
            out.append(try t.expanded(to: target))
        }
        return out
    }

    @Test func isContiguousFollowsTheRuleAtEveryRank() throws {
        let shapes: [[Int]] = [[], [5], [1], [0], [3, 4], [1, 4], [4, 1], [2, 3, 4], [1, 3, 1], [2, 1, 3, 2], [1, 2, 3, 4],
                               [2, 0, 3], [2, 2, 1, 2, 3], [1, 2, 1, 2, 1, 2]]
        var (contiguous, strided) = (0, 0)
        for shape in shapes {
            for v in try views(of: shape) {
                #expect(v.isContiguous == contiguousByTheRule(v), "shape \(v.shape) strides \(v.strides)")
                if contiguousByTheRule(v) { contiguous += 1 } else { strided += 1 }
            }
        }
        // both answers are exercised, many times
        #expect(contiguous > 20 && strided > 20)
    }

    @Test func permutedTakesEachAxisSizeAndStride() throws {
        for shape in [[2, 3], [2, 3, 4], [2, 1, 3, 2], [2, 2, 1, 2, 3]] {
            let n = shape.reduce(1, *)
            let t = try Tensor(shape: shape, values: (0..<n).map(Float.init)).sliced(
                [.range(start: nil, stop: nil, step: nil)] + Array(repeating: .range(start: nil, stop: nil, step: nil), count: shape.count - 1))
            let perm = Array((0..<shape.count).reversed())
            let p = try t.permuted(perm)
            #expect(Array(p.shape) == perm.map { t.shape[$0] })
            #expect(Array(p.strides) == perm.map { t.strides[$0] })
            #expect(p.offset == t.offset)
            #expect(p.count == t.count)
            // every element read through the view is the element at the permuted position
            let back = try p.permuted(perm)
            #expect(back.contiguous().toArray() == t.contiguous().toArray())
        }
    }

    /// Values whose sums and products cover the signs of zero, infinities and subnormals.
    let specials: [Float] = [0, -0.0, 1, -1, .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
                             .greatestFiniteMagnitude, 3.5, -2.25, 1e-30, .ulpOfOne]

    @Test func aBroadcastRowGivesEachElementsOwnRoundingOnEitherSide() throws {
        let n = 13, rows = 7
        let a = (0..<(rows * n)).map { specials[($0 * 5 + 3) % specials.count] * Float(1 + $0 % 3) }
        let b = (0..<n).map { specials[($0 * 7 + 1) % specials.count] }
        let ta = try Tensor(shape: [rows, n], values: a), tb = try Tensor(shape: [n], values: b)
        let ops: [(BinaryOp, (Float, Float) -> Float)] = [(.add, +), (.sub, -), (.mul, *), (.div, /)]
        for (op, f) in ops {
            let left = try Tensor.binary(op, ta, tb).toArray()
            let right = try Tensor.binary(op, tb, ta).toArray()
            for i in 0..<(rows * n) {
                let want = f(a[i], b[i % n]), wantRight = f(b[i % n], a[i])
                #expect(left[i].bitPattern == want.bitPattern || (left[i].isNaN && want.isNaN), "\(op) \(i)")
                #expect(right[i].bitPattern == wantRight.bitPattern || (right[i].isNaN && wantRight.isNaN), "\(op) \(i)")
            }
        }
    }

    @Test func aOneColumnProductSumsInOrderFromZero() throws {
        let (m, k) = (5, 9)
        let a = (0..<(m * k)).map { Float($0 % 7) * 0.1 - 0.3 }
        let b = (0..<k).map { Float($0 % 4) * -0.7 + 0.2 }
        for transposedA in [false, true] {
            let ta = transposedA
                ? try Tensor(shape: [k, m], values: (0..<(m * k)).map { a[($0 % m) * k + $0 / m] }).transposed()
                : try Tensor(shape: [m, k], values: a)
            let y = try Tensor.matmul(ta, try Tensor(shape: [k, 1], values: b)).toArray()
            for i in 0..<m {
                var acc: Float = 0
                for p in 0..<k { acc += a[i * k + p] * b[p] }
                #expect(y[i].bitPattern == acc.bitPattern, "row \(i), transposed \(transposedA)")
            }
        }
    }
}
