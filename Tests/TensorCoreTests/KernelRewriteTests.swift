// KernelRewriteTests: kernels rewritten for speed keep their old results bit for bit. relu's
// backward by an eight-lane mask against the scalar formula `x > 0 ? g : 0` (NaN, ±0, ±inf,
// ragged tails); col2im and max pooling's backward, which now zero their output part by part
// inside the pool's split, start from zeros even when the storage cache hands them a buffer
// full of NaNs, at batch 1, 3 and 65 (split and serial). Column sums (the sum or mean over
// leading axes, every bias gradient), now 16 and 8 columns at a time in vector lanes, against
// the old loop: one Double accumulator per column adding the rows in order.
import Testing
@testable import TensorCore

private func bits(_ t: Tensor) -> [UInt32] { t.toArray().map(\.bitPattern) }

/// Frees a few buffers of `count` floats filled with NaN, so the next tensors of that size
/// come from the storage cache with NaN in every element.
private func poisonCache(_ count: Int) {
    let held = (0..<4).map { _ in Tensor(uninitialized: [count], count: count) }
    for t in held { t.base.update(repeating: .nan, count: count) }
}

@Test func reluBackwardMatchesTheScalarFormula() throws {
    var r = RandomGenerator(seed: 21)
    let specials: [Float] = [.nan, -0.0, 0.0, .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude]
    for n in [1, 3, 7, 8, 9, 65, 1031, WorkerPool.threshold + 77] {
        var x = try Tensor.uniform([n], low: -1, high: 1, rng: &r).toArray()
        var g = try Tensor.uniform([n], low: -3, high: 3, rng: &r).toArray()
        for k in stride(from: 0, to: n, by: 5) { x[k] = specials[(k / 5) % specials.count] }
        for k in stride(from: 2, to: n, by: 7) { g[k] = specials[(k / 7) % specials.count] }
        let got = try Tensor.reluBackward(x: Tensor(shape: [n], values: x), grad: Tensor(shape: [n], values: g))
        let want = zip(x, g).map { $0 > 0 ? $1 : Float(0) }
        #expect(bits(got) == want.map(\.bitPattern), "n = \(n)")
    }
}

/// col2im by a direct loop: every column element added into its input position.
private func col2imReference(_ cols: [Float], n: Int, c: Int, h: Int, w: Int, k: Int, stride s: Int, padding p: Int) -> [Float] {
    let (oh, ow) = ((h + 2 * p - k) / s + 1, (w + 2 * p - k) / s + 1)
    var x = [Float](repeating: 0, count: n * c * h * w)
    let np = n * oh * ow
    for ch in 0..<c {
        for i in 0..<k {
            for j in 0..<k {
                let row = (ch * k + i) * k + j
                for b in 0..<n {
                    for oy in 0..<oh {
                        for ox in 0..<ow {
                            let (iy, ix) = (oy * s - p + i, ox * s - p + j)
                            guard iy >= 0, iy < h, ix >= 0, ix < w else { continue }
                            x[((b * c + ch) * h + iy) * w + ix] += cols[row * np + (b * oh + oy) * ow + ox]
                        }
                    }
                }
            }
        }
    }
    return x
}

@Test(arguments: [1, 3, 65])
func foldsStartFromZeroInAReusedBuffer(batch n: Int) throws {
    var r = RandomGenerator(seed: UInt64(30 + n))
    let (c, h, w, k) = (3, 13, 11, 3)
    for (s, p) in [(1, 0), (1, 1), (2, 1)] {
        let (oh, ow) = ((h + 2 * p - k) / s + 1, (w + 2 * p - k) / s + 1)
        let cols = try Tensor.uniform([c * k * k, n * oh * ow], low: -1, high: 1, rng: &r)
        let want = col2imReference(cols.toArray(), n: n, c: c, h: h, w: w, k: k, stride: s, padding: p)
        for serial in [false, true] {
            poisonCache(n * c * h * w)
            let x = try WorkerPool.$serial.withValue(serial) {
                try Tensor.col2im(cols, inputShape: [n, c, h, w], kernel: (k, k), stride: s, padding: p)
            }
            #expect(bits(x) == want.map(\.bitPattern), "batch \(n), stride \(s), padding \(p), serial \(serial)")
        }
    }
    // Max pooling's backward (2×2, and 3×3 windows that overlap), the same way; big enough
    // at batch 65 for the pool to split it.
    let x = try Tensor.uniform([n, 6, 24, 22], low: -1, high: 1, rng: &r)
    for (kernel, stride) in [(2, 2), (3, 2)] {
        let (v, ix) = try Tensor.maxPool2d(x, kernel: kernel, stride: stride)
        let dy = v.map(.cos)
        var want = [Float](repeating: 0, count: x.count)
        let (hw, per) = (24 * 22, v.shape[2] * v.shape[3])
        for (q, (g, i)) in zip(dy.toArray(), ix.toArray()).enumerated() { want[(q / per) * hw + Int(i)] += g }
        for serial in [false, true] {
            poisonCache(x.count)
            let dx = try WorkerPool.$serial.withValue(serial) {
                try Tensor.maxPool2dBackward(gradOutput: dy, indices: ix, inputShape: x.shape)
            }
            #expect(bits(dx) == want.map(\.bitPattern), "batch \(n), kernel \(kernel), serial \(serial)")
        }
    }
}

/// `sgemm` cut into column or row blocks over a pool that splits GEMMs covers C as one call
/// does, under any kernel: every transposition, odd sizes (n not a multiple of the 16-column
/// panels, 1 and 3 rows, a cut by rows), alpha and beta other than 1 and 0, C with a row
/// stride wider than n, the padding columns untouched. Equal up to rounding here (this test
/// process runs OpenBLAS's generic kernel, for which the shared pool does not split); bit for
/// bit under the SkylakeX kernel, where it does (GEMMSplitTests).
@Test func splitGEMMsMatchOneCall() throws {
    var r = RandomGenerator(seed: 40)
    let pool = WorkerPool(workers: 1, splitGEMMs: true)
    #expect(pool.splitsGEMMs)
    for (m, n, k) in [(1, 4200, 600), (3, 1000, 700), (65, 40, 1000), (6, 2000, 200), (150, 97, 150)] {
        for (transA, transB) in [(false, false), (true, false), (false, true), (true, true)] {
            for (alpha, beta) in [(Float(1), Float(0)), (0.5, 1.25)] {
                let a = try Tensor.uniform([m * k], low: -1, high: 1, rng: &r)
                let b = try Tensor.uniform([k * n], low: -1, high: 1, rng: &r)
                let c0 = try Tensor.uniform([m * (n + 3)], low: -1, high: 1, rng: &r).toArray()
                let (lda, ldb, ldc) = (transA ? m : k, transB ? k : n, n + 3)
                func run(_ split: Bool) -> [UInt32] {
                    var c = c0
                    c.withUnsafeMutableBufferPointer { cp in
                        WorkerPool.$serial.withValue(!split) {
                            sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a.base, lda: lda,
                                  b: b.base, ldb: ldb, beta: beta, c: cp.baseAddress!, ldc: ldc, pool: pool)
                        }
                    }
                    return c.map(\.bitPattern)
                }
                let before = pool.splitJobs.load(ordering: .relaxed)
                let split = run(true)
                #expect(pool.splitJobs.load(ordering: .relaxed) > before, "\(m)×\(n)×\(k) was not split")
                let one = run(false)
                let (sf, of) = (split.map(Float.init(bitPattern:)), one.map(Float.init(bitPattern:)))
                #expect(close(sf, of, atol: 1e-4, rtol: 1e-4), "\(m)×\(n)×\(k) transA \(transA) transB \(transB) alpha \(alpha)")
                let padding = (0..<m).flatMap { i in (n..<(n + 3)).map { i * (n + 3) + $0 } }
                #expect(padding.allSatisfy { split[$0] == c0[$0].bitPattern }, "\(m)×\(n)×\(k): a column past n was written")
            }
        }
    }
}

@Test func columnSumsKeepEachColumnsInOrderSum() throws {
    var r = RandomGenerator(seed: 22)
    let specials: [Float] = [.nan, .infinity, -.infinity, -0.0, .greatestFiniteMagnitude, .leastNonzeroMagnitude]
    for inner in [1, 3, 7, 8, 9, 15, 16, 17, 24, 31, 33, 256, 259] {
        for outer in [1, 2, 5, 1024] {
            // Magnitudes from 1e-3 to 1e6 so that the order of the additions shows in the bits.
            var x = try Tensor.uniform([outer * inner], low: -1, high: 1, rng: &r).toArray()
            for k in x.indices { x[k] *= Float([1e-3, 1, 1e3, 1e6][k % 4]) }
            if outer == 5 { for k in stride(from: 3, to: x.count, by: 11) { x[k] = specials[(k / 11) % specials.count] } }
            let t = try Tensor(shape: [outer, inner], values: x)
            for mean in [false, true] {
                var want = [Float](repeating: 0, count: inner)
                for c in 0..<inner {
                    var a = 0.0
                    for row in 0..<outer { a += Double(x[row * inner + c]) }
                    want[c] = Float(a * (mean ? 1 / Double(outer) : 1))
                }
                let got = try t.reduce(mean ? .mean : .sum, axes: [0])
                #expect(bits(got) == want.map(\.bitPattern), "[\(outer), \(inner)] mean \(mean)")
                // The same sum over two leading axes, and as the gradient of a broadcast.
                if outer % 2 == 0 {
                    let three = try t.reshaped([2, outer / 2, inner])
                    #expect(bits(try three.reduce(mean ? .mean : .sum, axes: [0, 1])) == want.map(\.bitPattern))
                    if !mean { #expect(bits(try three.sum(toShape: [inner])) == want.map(\.bitPattern)) }
                }
            }
        }
    }
}
