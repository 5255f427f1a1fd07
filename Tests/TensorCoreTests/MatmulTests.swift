// MatmulTests: matmul against a naive triple loop for odd shapes, on both the direct-loop
// and the BLAS path, through transposed and sliced views, with broadcast batch axes and
// 1-D operands; dot and outer.
import Testing
@testable import TensorCore

/// out[b, i, j] = Σ_p a[b, i, p] · b[b, p, j] on plain arrays (batch already matched).
private func naiveMatmul(_ a: [Float], _ b: [Float], batch: Int, m: Int, k: Int, n: Int, bBatched: Bool = true) -> [Float] {
    var out = [Float](repeating: 0, count: batch * m * n)
    for t in 0..<batch {
        for i in 0..<m {
            for j in 0..<n {
                var acc: Double = 0
                for p in 0..<k {
                    acc += Double(a[(t * m + i) * k + p]) * Double(b[((bBatched ? t : 0) * k + p) * n + j])
                }
                out[(t * m + i) * n + j] = Float(acc)
            }
        }
    }
    return out
}

private func random(_ shape: [Int], _ r: inout RandomGenerator) -> Tensor {
    try! Tensor.uniform(shape, low: -1, high: 1, rng: &r)
}

@Suite struct MatmulTests {
    @Test(arguments: [(1, 1, 1), (3, 5, 7), (17, 33, 9), (2, 1, 4), (64, 70, 65), (1, 200, 3), (5, 2, 300)])
    func matchesTheNaiveLoop(shape: (Int, Int, Int)) throws {
        let (m, k, n) = shape
        var r = RandomGenerator(seed: UInt64(m * 10000 + k * 100 + n))
        let a = random([m, k], &r)
        let b = random([k, n], &r)
        let c = try Tensor.matmul(a, b)
        #expect(c.shape == [m, n])
        let want = naiveMatmul(a.toArray(), b.toArray(), batch: 1, m: m, k: k, n: n)
        #expect(close(c.toArray(), want, atol: 1e-4, rtol: 1e-4))
    }

    @Test(arguments: [(4, 3, 5), (40, 50, 30)])
    func transposedViewsGoThroughTheFlags(shape: (Int, Int, Int)) throws {
        let (m, k, n) = shape
        var r = RandomGenerator(seed: 9)
        let at = random([k, m], &r)
        let bt = random([n, k], &r)
        let a = at.transposed()
        let b = bt.transposed()
        let want = naiveMatmul(a.toArray(), b.toArray(), batch: 1, m: m, k: k, n: n)
        #expect(close(try Tensor.matmul(a, b).toArray(), want, atol: 1e-4, rtol: 1e-4))
        #expect(close(try Tensor.matmul(a, b.contiguous()).toArray(), want, atol: 1e-4, rtol: 1e-4))
        #expect(close(try Tensor.matmul(a.contiguous(), b).toArray(), want, atol: 1e-4, rtol: 1e-4))
        // A strided slice that BLAS cannot take directly (every other column).
        let wide = random([m, 2 * k], &r)
        let s = try wide.sliced([.all, .range(start: nil, stop: nil, step: 2)])
        let want2 = naiveMatmul(s.toArray(), b.toArray(), batch: 1, m: m, k: k, n: n)
        #expect(close(try Tensor.matmul(s, b).toArray(), want2, atol: 1e-4, rtol: 1e-4))
    }

    @Test(arguments: [(2, 3, 4, 5), (3, 20, 30, 25)])
    func batchAxesBroadcast(shape: (Int, Int, Int, Int)) throws {
        let (bt, m, k, n) = shape
        var r = RandomGenerator(seed: 11)
        let a = random([bt, m, k], &r)
        let b = random([k, n], &r)
        let c = try Tensor.matmul(a, b)
        #expect(c.shape == [bt, m, n])
        #expect(close(c.toArray(), naiveMatmul(a.toArray(), b.toArray(), batch: bt, m: m, k: k, n: n, bBatched: false), atol: 1e-4, rtol: 1e-4))
        // [bt, 1, m, k] @ [1, 2, k, n] → [bt, 2, m, n]
        let b2 = random([1, 2, k, n], &r)
        let c2 = try Tensor.matmul(try a.unsqueezed(1), b2)
        #expect(c2.shape == [bt, 2, m, n])
        for i in 0..<bt {
            for j in 0..<2 {
                let ai = try a.sliced([.index(i)])
                let bj = try b2.sliced([.index(0), .index(j)])
                let got = try c2.sliced([.index(i), .index(j)])
                let want = naiveMatmul(ai.toArray(), bj.toArray(), batch: 1, m: m, k: k, n: n)
                #expect(close(got.toArray(), want, atol: 1e-4, rtol: 1e-4))
            }
        }
        // A batched right operand viewed transposed: [bt, n, k].T(last two) → [bt, k, n].
        let bT = try random([bt, n, k], &r).swappingAxes(-1, -2)
        let c3 = try Tensor.matmul(a, bT)
        #expect(close(c3.toArray(), naiveMatmul(a.toArray(), bT.toArray(), batch: bt, m: m, k: k, n: n), atol: 1e-4, rtol: 1e-4))
    }

    @Test func transposedContiguousViewsNeedNoCopyForBLAS() throws {
        let a = iota([30, 40])
        #expect(Tensor.blasLayout(a)! == (false, 40))
        #expect(Tensor.blasLayout(a.transposed())! == (true, 40))
        // A column block of a wider matrix is still a plain BLAS matrix (ld = 40).
        #expect(Tensor.blasLayout(try a.sliced([.all, .range(start: 5, stop: 25, step: nil)]))! == (false, 40))
        // Every other column, a broadcast or a flip cannot be described: matmul copies those.
        #expect(Tensor.blasLayout(try a.sliced([.all, .range(start: nil, stop: nil, step: 2)])) == nil)
        #expect(Tensor.blasLayout(try T([1, 40], Array(repeating: 1, count: 40)).expanded(to: [30, 40])) == nil)
        #expect(Tensor.blasLayout(try a.flipped(axes: [0])) == nil)
    }

    @Test func oneDimensionalOperandsDropTheirAxis() throws {
        let a = iota([2, 3])
        let v = T([3], [1, 0, -1])
        expectTensor(try Tensor.matmul(a, v), [2], [-2, -2])
        expectTensor(try Tensor.matmul(T([2], [1, 1]), a), [3], [3, 5, 7])
        expectTensor(try Tensor.matmul(v, v), [], [2])
        expectTensor(try Tensor.dot(v, T([3], [2, 2, 2])), [], [0])
        expectTensor(try Tensor.outer(T([2], [1, 2]), v), [2, 3], [1, 0, -1, 2, 0, -2])
        expectTensor(try Tensor.matmul(try Tensor.zeros([2, 0]), try Tensor.zeros([0, 3])), [2, 3], [0, 0, 0, 0, 0, 0])
    }
}
