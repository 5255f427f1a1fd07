// ConvBlockTests: the convolution by blocks of images (Tensor+Conv.swift's `imageBlocks`, used
// where the pool splits GEMMs): how many blocks each shape gets (every block above OpenBLAS's
// small-matrix limit, none when two such blocks do not fit), and the blocked forward and
// backward against the one-GEMM path on a pool of one thread, on batches that do not divide
// into the blocks, padding, stride 2, no bias, ±0 gradients. This test process runs OpenBLAS's
// generic kernel, for which a column block of C may round differently (`GEMMSplit`), so the
// GEMM results are compared within rounding here and bit for bit under SkylakeX by `cajal
// __check-gemm-split` (GEMMSplitTests); the columns, which no GEMM touches, bit for bit here.
import CVectorMath
import Testing
@testable import TensorCore

@Suite struct ConvBlockTests {
    @Test func blocksStayAboveTheSmallMatrixLimit() throws {
        let pool = WorkerPool(workers: 1, splitGEMMs: true)
        func blocks(_ x: [Int], f: Int, k: Int, stride: Int = 1, padding: Int = 0, dX: Bool = false) throws -> Int? {
            let g = try ConvGeometry(input: Dims(x), kh: k, kw: k, stride: stride, padding: padding, op: "test")
            return Tensor.imageBlocks(g, m: dX ? g.rows : f, pool: pool)
        }
        // LeNet at batch 64: conv1 6 × 25 × 576 per image (12 images above 10⁶), 3.7 MB of columns.
        #expect(try blocks([64, 1, 28, 28], f: 6, k: 5) == 4)
        #expect(try blocks([64, 6, 12, 12], f: 16, k: 5) == 4)
        #expect(try blocks([64, 6, 12, 12], f: 16, k: 5, dX: true) == 4)
        // conv2: 153 600 multiply-adds per image, so blocks of at least 7.
        #expect(try blocks([14, 6, 12, 12], f: 16, k: 5) == 2)
        #expect(try blocks([13, 6, 12, 12], f: 16, k: 5) == nil)
        #expect(try blocks([1, 6, 12, 12], f: 16, k: 5) == nil)
        #expect(try blocks([24, 1, 28, 28], f: 6, k: 5) == 2)
        #expect(try blocks([23, 1, 28, 28], f: 6, k: 5) == nil)
        // Not where the pool does not split GEMMs (another kernel, or one thread).
        let g = try ConvGeometry(input: [64, 1, 28, 28], kh: 5, kw: 5, stride: 1, padding: 0, op: "test")
        #expect(Tensor.imageBlocks(g, m: 6, pool: WorkerPool(workers: 1)) == nil)
        #expect(Tensor.imageBlocks(g, m: 6, pool: WorkerPool(workers: 0, splitGEMMs: true)) == nil)
        // The arithmetic: every block of a cut above the limit, at least two blocks, a
        // multiple of the threads unless fewer fit.
        var cuts = 0
        for n in [1, 2, 7, 12, 13, 25, 64, 100, 899] {
            for macs in [1_000.0, 86_400, 153_600, 333_334, 500_000, 999_999, 1_000_000, 1_000_001, 4e6] {
                for parts in [1, 2, 3, 4] {
                    guard let b = Tensor.imageBlocks(
                        images: n, multiplyAddsPerImage: macs, columnBytesPerImage: 100_000, parts: parts)
                    else {
                        #expect(n < 2 || Double(n / 2) * macs <= 1_000_000, "n \(n) macs \(macs): two blocks fit")
                        continue
                    }
                    cuts += 1
                    #expect(b >= 2 && b <= n)
                    #expect(Double(n / b) * macs > 1_000_000, "n \(n) macs \(macs) parts \(parts): \(b) blocks")
                    #expect(b % parts == 0 || Double(n / (b + 1)) * macs <= 1_000_000)
                }
            }
        }
        #expect(cuts > 50)
    }

    @Test(arguments: [
        ([64, 1, 28, 28], [6, 1, 5, 5], 1, 0, true),    // LeNet conv1: 4 blocks of 16
        ([37, 1, 28, 28], [6, 1, 5, 5], 1, 0, true),    // 3 blocks: 12 | 12 | 13
        ([15, 6, 12, 12], [16, 6, 5, 5], 1, 0, false),  // LeNet conv2 on 15 images: 7 | 8, no bias
        ([13, 6, 12, 12], [16, 6, 5, 5], 1, 0, true),   // too few images for two blocks: one GEMM
        ([1, 6, 12, 12], [16, 6, 5, 5], 1, 0, true),    // one image
        ([32, 16, 8, 8], [32, 16, 3, 3], 1, 1, true),   // padding
        ([32, 16, 16, 16], [32, 16, 3, 3], 2, 1, true), // stride 2 and padding
    ])
    func blockedConvolutionMatchesOneGEMM(xs: [Int], ws: [Int], stride: Int, padding: Int, bias: Bool) throws {
        var r = RandomGenerator(seed: UInt64(xs.reduce(0, +) * 7 + stride))
        let x = try Tensor.uniform(xs, low: -1, high: 1, rng: &r)
        let w = try Tensor.uniform(ws, low: -1, high: 1, rng: &r)
        let b = bias ? try Tensor.uniform([ws[0]], low: -1, high: 1, rng: &r) : nil
        let (blocked, alone) = (WorkerPool(workers: 1, splitGEMMs: true), WorkerPool(workers: 0))
        let g = try ConvGeometry(input: x.shape, kh: ws[2], kw: ws[3], stride: stride, padding: padding, op: "test")
        let dy = try Tensor.uniform([xs[0], ws[0], g.oh, g.ow], low: -1, high: 1, rng: &r)
        for i in Swift.stride(from: 0, to: dy.count, by: 5) { dy.base[i] = i % 2 == 0 ? 0 : -0.0 }
        let jobs = blocked.splitJobs.load(ordering: .relaxed)
        let fb = try Tensor.conv2dKeepingColumns(x, w, bias: b, stride: stride, padding: padding, pool: blocked)
        let db = try Tensor.conv2dBackward(
            x, w, gradOutput: dy, stride: stride, padding: padding, needInputGradient: true, needWeightGradient: true,
            columns: fb.columns, pool: blocked)
        let ran = blocked.splitJobs.load(ordering: .relaxed) - jobs
        let fa = try Tensor.conv2dKeepingColumns(x, w, bias: b, stride: stride, padding: padding, pool: alone)
        let da = try Tensor.conv2dBackward(
            x, w, gradOutput: dy, stride: stride, padding: padding, needInputGradient: true, needWeightGradient: true,
            columns: fa.columns, pool: alone)
        let expectBlocks = Tensor.imageBlocks(g, m: ws[0], pool: blocked) != nil
        #expect(expectBlocks == (xs[0] >= 15), "\(xs)")
        if expectBlocks { #expect(ran >= 2, "the forward and dX jobs ran on the pool") }
        // The columns: the same copies, every bit.
        #expect(bitsDiffering(fb.columns.toArray(), fa.columns.toArray()) == 0)
        #expect(fb.columns.shape == fa.columns.shape && fb.output.shape == fa.output.shape)
        for (name, u, v) in [("output", fb.output, fa.output), ("dX", db.dX, da.dX), ("dW", db.dW, da.dW),
                             ("dB", db.dB, da.dB)] {
            #expect(u.shape == v.shape, "\(name)")
            let worst = zip(u.toArray(), v.toArray()).map { abs($0 - $1) / Swift.max(1, abs($1)) }.max() ?? 0
            #expect(worst < 1e-5, "\(name) \(xs): \(worst)")
        }
        // And against the direct loop (ConvPoolTests' reference, within float rounding).
        let loop = try Tensor.conv2d(x, w, bias: b, stride: stride, padding: padding)
        let worst = zip(fb.output.toArray(), loop.toArray()).map { abs($0 - $1) }.max() ?? 0
        #expect(worst < 1e-4)
    }

    /// `cajal_fma_chains` in every compiled version this CPU runs against its definition, one element at a
    /// time: acc = +0, acc = a·b + acc rounded once per k in order (`addingProduct`), then
    /// acc + 0; A as stored and transposed, every group of rows (8, 4, 2, 1), columns not a
    /// multiple of eight, ±0 (a −0 sum becomes +0) and a NaN.
    @Test(arguments: [(1, 9, 1), (2, 17, 3), (3, 8, 25), (7, 23, 16), (13, 40, 150), (16, 64, 448), (9, 53, 5)])
    func fmaChainsMatchTheirDefinition(m: Int, n: Int, k: Int) {
        var r = RandomGenerator(seed: UInt64(m * 1000 + n * 10 + k))
        func random(_ count: Int) -> [Float] {
            (0..<count).map { _ in
                let u = r.uniform()
                return u < 0.15 ? 0 : u < 0.3 ? -0.0 : Float(r.uniform() * 2 - 1)
            }
        }
        var (a, b) = (random(m * k), random(k * n))
        if m * k > 5 { a[5] = .nan }
        b[0] = -0.0
        for transA in [false, true] {
            let lda = transA ? m : k
            var want = [Float](repeating: 0, count: m * n)
            for i in 0..<m {
                for j in 0..<n {
                    var acc: Float = 0
                    for kk in 0..<k { acc = acc.addingProduct(transA ? a[kk * lda + i] : a[i * lda + kk], b[kk * n + j]) }
                    want[i * n + j] = acc + 0
                }
            }
            let levels = Array(0...cajal_vector_math_fma_chains_level())
            for level in levels {
                var got = [Float](repeating: 9, count: m * n)
                got.withUnsafeMutableBufferPointer { c in
                    cajal_vector_math_fma_chains(level, c.baseAddress!, n, a, lda, transA ? 1 : 0, b, n, m, n, k)
                }
                #expect(bitsDiffering(got, want) == 0, "\(m)×\(n)×\(k) transA \(transA) level \(level)")
            }
        }
    }

    /// Empty outputs and an input gradient not asked for take the same early ways out.
    @Test func emptyAndSkippedGradientsOnABlockingPool() throws {
        let pool = WorkerPool(workers: 1, splitGEMMs: true)
        var r = RandomGenerator(seed: 3)
        let x = try Tensor.uniform([64, 1, 28, 28], low: -1, high: 1, rng: &r)
        let w = try Tensor.uniform([6, 1, 5, 5], low: -1, high: 1, rng: &r)
        let none = try Tensor.conv2dKeepingColumns(
            try Tensor.zeros([0, 1, 28, 28]), w, bias: nil, stride: 1, padding: 0, pool: pool)
        #expect(none.output.shape == [0, 6, 24, 24] && none.columns.shape == [0])
        let f = try Tensor.conv2dKeepingColumns(x, w, bias: nil, stride: 1, padding: 0, pool: pool)
        let dy = try Tensor.uniform(f.output.shape, low: -1, high: 1, rng: &r)
        let d = try Tensor.conv2dBackward(
            x, w, gradOutput: dy, stride: 1, padding: 0, needInputGradient: false, needWeightGradient: true,
            columns: f.columns, pool: pool)
        #expect(d.dX.shape == [0] && d.dW.shape == [6, 1, 5, 5])
        // The errors are the general path's.
        #expect(throws: TensorError.self) {
            try Tensor.conv2dKeepingColumns(x, try Tensor.zeros([6, 2, 5, 5]), bias: nil, stride: 1, padding: 0, pool: pool)
        }
    }
}
