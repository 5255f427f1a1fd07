import CVectorMath

// GEMMSplitCheck: the proof by example that a GEMM cut over the pool (`sgemm`, `GEMMSplit` in
// BLAS.swift) computes C bit for bit as one OpenBLAS call does, under whatever kernel this
// process runs. The tests run it in the test process (OpenBLAS's generic kernel) and through
// the built `cajal` (`cajal check-gemm-split`, hidden), which runs the SkylakeX kernel on an
// AVX-512 CPU: the one the lessons and the bench use.

/// One product of the check: C (m × n) = op(A) (m × k) · op(B) (k × n).
public struct GEMMShape: Sendable, CustomStringConvertible {
    public let m: Int, n: Int, k: Int
    public let why: String
    public init(_ m: Int, _ n: Int, _ k: Int, _ why: String) { (self.m, self.n, self.k, self.why) = (m, n, k, why) }
    public var description: String { "\(m)×\(n)×\(k) (\(why))" }
}

/// What `checkGEMMSplit` found: the products it cut (each under every transposition and
/// alpha/beta pair), the ones it could not cut, and every product whose cut result differs
/// from the one call in any bit.
public struct GEMMSplitReport: Sendable {
    public let kernel: String
    public var cut: [String] = []
    public var notCut: [String] = []
    public var mismatches: [String] = []
}

/// The GEMMs of the lessons' conv nets and of the bench workloads at their batch sizes, and
/// products on each side of the limits that decide the cut: the small-matrix limit (pieces of
/// 10⁶ multiply-adds), OpenBLAS's k blocking (GEMM_Q = 448 on SkylakeX: k = 448, 449, 896,
/// 897), the 16-column and 4-row tiles (extents of 31, 32, 33 columns, 7 and 9 rows), and
/// one-row and one-column edges.
public let gemmSplitShapes: [GEMMShape] = [
    GEMMShape(6, 36864, 25, "LeNet b64 conv1 forward"),
    GEMMShape(6, 25, 36864, "LeNet b64 conv1 dW"),
    GEMMShape(16, 4096, 150, "LeNet b64 conv2 forward"),
    GEMMShape(16, 150, 4096, "LeNet b64 conv2 dW"),
    GEMMShape(150, 4096, 16, "LeNet b64 conv2 dX columns"),
    GEMMShape(64, 256, 120, "LeNet b64 dense 256→120: one call"),
    GEMMShape(64, 128, 784, "MLP b64 forward 784→128"),
    GEMMShape(784, 128, 64, "MLP b64 dW 784→128"),
    GEMMShape(64, 784, 128, "MLP b64 dX 784→128"),
    GEMMShape(16, 2048, 9, "Conv2D(1, 16, 3) on 32 8×8 digits: one call"),
    GEMMShape(32, 2048, 144, "conv 16→32 3×3 on 32 8×8 maps"),
    GEMMShape(144, 2048, 32, "its dX columns"),
    GEMMShape(32, 144, 2048, "its dW"),
    // The lessons' GEMMs of more than 2·10⁶ multiply-adds (logged from one run of lessons
    // 01–18 and 99, any transposition), the most frequent of each lesson.
    GEMMShape(898, 100, 100, "lesson 06"),
    GEMMShape(300, 1000, 1000, "lesson 06"),
    GEMMShape(899, 100, 64, "lesson 07"),
    GEMMShape(899, 64, 256, "lessons 08, 09"),
    GEMMShape(16, 57536, 9, "lessons 08, 09: Conv2D(1, 16, 3)"),
    GEMMShape(9, 57536, 16, "lessons 08, 09: its dX columns"),
    GEMMShape(16, 9, 57536, "lessons 08, 09: its dW"),
    GEMMShape(9216, 7, 32, "lesson 10"),
    GEMMShape(64, 64, 898, "lesson 11"),
    GEMMShape(1568, 64, 64, "lesson 12"),
    GEMMShape(64, 400, 100, "lesson 13"),
    GEMMShape(100, 400, 64, "lesson 13"),
    GEMMShape(60000, 64, 128, "lesson 13"),
    GEMMShape(1000, 256, 64, "lesson 14"),
    GEMMShape(256, 64, 128, "lesson 15"),
    GEMMShape(808, 64, 256, "lesson 15"),
    GEMMShape(10, 1024, 256, "lesson 17"),
    GEMMShape(64, 256, 1600, "lesson 17"),
    GEMMShape(1600, 222, 64, "lesson 17"),
    GEMMShape(6000, 1024, 32, "lesson 17"),
    GEMMShape(899, 64, 64, "lesson 18"),
    GEMMShape(256, 256, 256, "square"),
    GEMMShape(10, 200, 1001, "pieces just above 10⁶: 100 | 100 columns"),
    GEMMShape(10, 200, 1000, "pieces exactly 10⁶: one call"),
    GEMMShape(5, 33, 12600, "33 columns: 16 | 17"),
    GEMMShape(5, 32, 12600, "32 columns: 16 | 16"),
    GEMMShape(5, 31, 13400, "31 columns: 15 | 16"),
    GEMMShape(9, 3, 90000, "9 rows, 3 columns: rows 4 | 5"),
    GEMMShape(7, 2, 150000, "7 rows, 2 columns"),
    GEMMShape(1, 4000, 600, "one row"),
    GEMMShape(4000, 1, 600, "one column"),
    GEMMShape(40, 120, 448, "k = GEMM_Q"),
    GEMMShape(40, 120, 449, "k = GEMM_Q + 1"),
    GEMMShape(20, 120, 896, "k = 2 GEMM_Q"),
    GEMMShape(20, 120, 897, "k = 2 GEMM_Q + 1"),
    GEMMShape(97, 1000, 31, "odd everything"),
]

/// Runs every shape in `shapes` under the four transpositions and alpha/beta (1, 0),
/// (0.5, 1.25) and (1, 1), once as one OpenBLAS call and once through `sgemm` on a pool of two
/// threads that always splits (the kernel check that turns the split on for the shared pool
/// is skipped), on seeded random data with C's row stride wider than n, and compares the
/// results bit for bit (and the padding past n, which neither may touch).
public func checkGEMMSplit(_ shapes: [GEMMShape] = gemmSplitShapes) -> GEMMSplitReport {
    var report = GEMMSplitReport(kernel: blasCoreName())
    let pool = WorkerPool(workers: 1, splitGEMMs: true)
    var rng = RandomGenerator(seed: 18)
    func random(_ count: Int) -> [Float] { (0..<count).map { _ in Float(rng.uniform() * 2 - 1) } }
    for s in shapes {
        let (m, n, k) = (s.m, s.n, s.k)
        guard gemmSplit(m: m, n: n, k: k, parts: pool.parts) != nil else {
            report.notCut.append(s.description)
            continue
        }
        report.cut.append(s.description)
        let (a, b, c0) = (random(m * k), random(k * n), random(m * (n + 3)))
        for (transA, transB) in [(false, false), (true, false), (false, true), (true, true)] {
            for (alpha, beta) in [(Float(1), Float(0)), (0.5, 1.25), (1, 1)] {
                let (lda, ldb, ldc) = (transA ? m : k, transB ? k : n, n + 3)
                var whole = c0, cut = c0
                a.withUnsafeBufferPointer { pa in
                    b.withUnsafeBufferPointer { pb in
                        whole.withUnsafeMutableBufferPointer { pc in
                            sgemmCall(
                                transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: pa.baseAddress!,
                                lda: lda, b: pb.baseAddress!, ldb: ldb, beta: beta, c: pc.baseAddress!, ldc: ldc)
                        }
                        let before = pool.splitJobs.load(ordering: .relaxed)
                        cut.withUnsafeMutableBufferPointer { pc in
                            sgemm(
                                transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: pa.baseAddress!,
                                lda: lda, b: pb.baseAddress!, ldb: ldb, beta: beta, c: pc.baseAddress!, ldc: ldc,
                                pool: pool)
                        }
                        if pool.splitJobs.load(ordering: .relaxed) == before {
                            report.mismatches.append("\(s) was not run on two threads")
                        }
                    }
                }
                let differing = bitsDiffering(whole, cut)
                if differing > 0 {
                    report.mismatches.append(
                        "\(s) transA \(transA) transB \(transB) alpha \(alpha) beta \(beta): \(differing) elements differ")
                }
            }
        }
    }
    checkConvBlocks(into: &report)
    checkFMAChains(into: &report)
    return report
}

/// Products of the chain check (`cajal_fma_chains` against one OpenBLAS call, alpha 1, beta 0):
/// the blocked convolutions' (LeNet's forward blocks, its dX block with A transposed), and each
/// limit: k = 1 and k = GEMM_Q = 448, every group of rows (m = 1 … 9, 150), columns not a
/// multiple of eight. Each product above the small-matrix limit, as the convolutions' are.
public let fmaChainShapes: [GEMMShape] = [
    GEMMShape(6, 9216, 25, "LeNet b64 conv1 forward, a block of 16 images"),
    GEMMShape(16, 1024, 150, "LeNet b64 conv2 forward, a block of 16 images"),
    GEMMShape(150, 1024, 16, "LeNet b64 conv2 dX columns, a block of 16 images"),
    GEMMShape(9, 150_001, 1, "k = 1"),
    GEMMShape(7, 401, 448, "k = GEMM_Q, odd columns"),
    GEMMShape(1, 2500, 401, "one row"),
    GEMMShape(3, 1003, 333, "rows 2 + 1"),
    GEMMShape(5, 1001, 201, "rows 4 + 1"),
    GEMMShape(13, 777, 101, "rows 8 + 4 + 1"),
]

/// Runs each product of `shapes`, with A as stored and transposed, once as one OpenBLAS call
/// (alpha 1, beta 0, into a C of stale values) and once by `cajal_fma_chains` in each compiled
/// version this CPU runs (baseline, AVX2 + FMA, AVX-512), on seeded data where a fifth of A and of B are ±0 (so that products
/// of −0 reach the chains' first and last steps), and compares the results bit for bit.
func checkFMAChains(into report: inout GEMMSplitReport, _ shapes: [GEMMShape] = fmaChainShapes) {
    var rng = RandomGenerator(seed: 21)
    func random(_ count: Int) -> [Float] {
        (0..<count).map { _ in
            let u = rng.uniform()
            return u < 0.1 ? 0 : u < 0.2 ? -0.0 : Float(rng.uniform() * 2 - 1)
        }
    }
    let levels = Array(0...cajal_vector_math_fma_chains_level())
    for s in shapes {
        let (m, n, k) = (s.m, s.n, s.k)
        let (a, b) = (random(m * k), random(k * n))
        for transA in [false, true] {
            let lda = transA ? m : k
            var whole = [Float](repeating: 3, count: m * n)
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    whole.withUnsafeMutableBufferPointer { pc in
                        sgemmCall(
                            transA: transA, transB: false, m: m, n: n, k: k, alpha: 1, a: pa.baseAddress!, lda: lda,
                            b: pb.baseAddress!, ldb: n, beta: 0, c: pc.baseAddress!, ldc: n)
                    }
                }
            }
            for level in levels {
                var chains = [Float](repeating: 5, count: m * n)
                chains.withUnsafeMutableBufferPointer { pc in
                    cajal_vector_math_fma_chains(level, pc.baseAddress!, n, a, lda, transA ? 1 : 0, b, n, m, n, k)
                }
                let differing = bitsDiffering(whole, chains)
                if differing > 0 {
                    report.mismatches.append(
                        "chains \(s) transA \(transA) level \(level): \(differing) elements differ")
                }
            }
        }
        report.cut.append("chains \(s): levels \(levels.map(String.init).joined(separator: ", "))")
    }
}

/// One convolution of the block check: x [N, C, H, W], F filters of kh × kw, stride, padding.
public struct ConvBlockShape: Sendable, CustomStringConvertible {
    public let n: Int, c: Int, h: Int, w: Int, f: Int, k: Int, stride: Int, padding: Int, bias: Bool
    public let why: String
    public init(
        _ n: Int, _ c: Int, _ h: Int, _ w: Int, f: Int, k: Int, stride: Int = 1, padding: Int = 0, bias: Bool = true,
        _ why: String
    ) {
        (self.n, self.c, self.h, self.w, self.f, self.k) = (n, c, h, w, f, k)
        (self.stride, self.padding, self.bias, self.why) = (stride, padding, bias, why)
    }
    public var description: String {
        "conv [\(n), \(c), \(h), \(w)] → \(f) \(k)×\(k) stride \(stride) padding \(padding)\(bias ? "" : " no bias") (\(why))"
    }
}

/// Convolutions whose forward GEMM and dX GEMM `Tensor.conv2dKeepingColumns` and
/// `conv2dBackward` run by blocks of images (`Tensor.imageBlocks`: column blocks of C at image
/// edges, k not cut, each block one OpenBLAS call with the whole product's ldb and ldc or, with
/// k ≤ 448, `cajal_fma_chains`): the
/// bench's LeNet, the lessons' conv nets, and blocks at the small-matrix limit (conv2's
/// 153 600 multiply-adds per image: 14 images give two blocks of 7, just above 10⁶; 13 give
/// none), an odd number of blocks of unequal sizes, stride 2 with padding, and a forward whose
/// k (C·kh·kw) is above GEMM_Q, so its blocks are OpenBLAS calls rather than chains.
public let convBlockShapes: [ConvBlockShape] = [
    ConvBlockShape(64, 1, 28, 28, f: 6, k: 5, "LeNet b64 conv1"),
    ConvBlockShape(64, 6, 12, 12, f: 16, k: 5, "LeNet b64 conv2"),
    ConvBlockShape(14, 6, 12, 12, f: 16, k: 5, "conv2 on 14 images: two blocks of 7"),
    ConvBlockShape(15, 6, 12, 12, f: 16, k: 5, bias: false, "conv2 on 15 images: 7 | 8"),
    ConvBlockShape(37, 1, 28, 28, f: 6, k: 5, "conv1 on 37 images: 12 | 12 | 13"),
    ConvBlockShape(32, 16, 8, 8, f: 32, k: 3, padding: 1, "conv 16→32 3×3 on 32 8×8 maps"),
    ConvBlockShape(899, 1, 8, 8, f: 16, k: 3, padding: 1, "lessons 08, 09: Conv2D(1, 16, 3)"),
    ConvBlockShape(32, 16, 16, 16, f: 32, k: 3, stride: 2, padding: 1, "stride 2, padding 1"),
    ConvBlockShape(16, 64, 8, 8, f: 32, k: 3, padding: 1, "C·kh·kw = 576 > 448: forward blocks by OpenBLAS"),
]

/// Runs each convolution of `shapes` forward and backward (dX, dW, dB) on a pool of two
/// threads that splits GEMMs, so by blocks of images, and on a pool of one thread (one call
/// per GEMM), on seeded random data with a third of the output gradient ±0, and compares the
/// output, the kept columns and the three gradients bit for bit. A shape whose forward and
/// dX are not both run by blocks is a mismatch too: the check would check nothing.
func checkConvBlocks(into report: inout GEMMSplitReport, _ shapes: [ConvBlockShape] = convBlockShapes) {
    let (blocked, alone) = (WorkerPool(workers: 1, splitGEMMs: true), WorkerPool(workers: 0))
    var rng = RandomGenerator(seed: 13)
    for s in shapes {
        do {
            let x = try Tensor.uniform([s.n, s.c, s.h, s.w], low: -1, high: 1, rng: &rng)
            let w = try Tensor.uniform([s.f, s.c, s.k, s.k], low: -1, high: 1, rng: &rng)
            let bias = s.bias ? try Tensor.uniform([s.f], low: -1, high: 1, rng: &rng) : nil
            let g = try ConvGeometry(input: x.shape, kh: s.k, kw: s.k, stride: s.stride, padding: s.padding, op: "check")
            let dy = try Tensor.uniform([s.n, s.f, g.oh, g.ow], low: -1, high: 1, rng: &rng)
            for i in stride(from: 0, to: dy.count, by: 3) { dy.base[i] = i % 2 == 0 ? 0 : -0.0 }
            func run(_ pool: WorkerPool) throws -> [(String, Tensor)] {
                let (y, cols) = try Tensor.conv2dKeepingColumns(
                    x, w, bias: bias, stride: s.stride, padding: s.padding, pool: pool)
                let d = try Tensor.conv2dBackward(
                    x, w, gradOutput: dy, stride: s.stride, padding: s.padding, needInputGradient: true,
                    needWeightGradient: true, columns: cols, pool: pool)
                return [("output", y), ("columns", cols), ("dX", d.dX), ("dW", d.dW), ("dB", d.dB)]
            }
            let forward = Tensor.imageBlocks(g, m: s.f, pool: blocked)
            let backward = Tensor.imageBlocks(g, m: g.rows, pool: blocked)
            report.cut.append("\(s): forward in \(forward ?? 1) blocks, dX in \(backward ?? 1)")
            if forward == nil || backward == nil { report.mismatches.append("\(s) is not run by blocks") }
            let before = blocked.splitJobs.load(ordering: .relaxed)
            let cut = try run(blocked)
            if blocked.splitJobs.load(ordering: .relaxed) - before < 2 {
                report.mismatches.append("\(s) was not run on two threads")
            }
            let whole = try run(alone)
            for ((name, a), (_, b)) in zip(cut, whole) {
                let differing = a.shape == b.shape ? bitsDiffering(a.toArray(), b.toArray()) : a.count + b.count
                if differing > 0 { report.mismatches.append("\(s) \(name): \(differing) elements differ") }
            }
        } catch {
            report.mismatches.append("\(s) threw: \(error)")
        }
    }
}

/// How many elements of `x` and `y` differ in any bit (NaN payloads and the sign of zero
/// included): the checks' verdict.
func bitsDiffering(_ x: [Float], _ y: [Float]) -> Int {
    zip(x, y).reduce(0) { $0 + ($1.0.bitPattern == $1.1.bitPattern ? 0 : 1) }
}

/// Whether this process's shared pool splits GEMMs (`WorkerPool.splitsGEMMs`).
public func gemmSplitIsOn() -> Bool { WorkerPool.shared.splitsGEMMs }

/// One LSTM sequence of the recurrence check: batch B, T steps, I inputs, H hidden units.
public struct LSTMSequenceShape: Sendable, CustomStringConvertible {
    public let batch: Int, steps: Int, inputs: Int, hidden: Int
    public let why: String
    public init(_ batch: Int, _ steps: Int, _ inputs: Int, _ hidden: Int, _ why: String) {
        (self.batch, self.steps, self.inputs, self.hidden, self.why) = (batch, steps, inputs, hidden, why)
    }
    public var description: String { "B \(batch) T \(steps) I \(inputs) H \(hidden) (\(why))" }
}

/// The sequences of the bench and the lessons, and sequences at each limit of
/// `recurrenceSplit`: H not a multiple of 16 (forward only), 4H = GEMM_Q (448), 4H above it
/// (forward only), a backward whose one call takes the small TN kernel (forward only), a
/// forward whose one call is above the small-matrix limit while its pieces are below, an odd
/// batch.
public let recurrenceSplitShapes: [LSTMSequenceShape] = [
    LSTMSequenceShape(32, 32, 16, 64, "bench lstm_b32_seq"),
    LSTMSequenceShape(64, 25, 32, 64, "lesson 17's char model"),
    LSTMSequenceShape(64, 25, 32, 256, "lesson 17's long char model: forward only"),
    LSTMSequenceShape(64, 20, 8, 112, "4H = GEMM_Q"),
    LSTMSequenceShape(8, 40, 6, 128, "4H above GEMM_Q: forward only"),
    LSTMSequenceShape(40, 24, 3, 36, "H a multiple of 4, not 16: forward only"),
    LSTMSequenceShape(16, 64, 4, 64, "the whole ∂h product a small TN one: forward only"),
    LSTMSequenceShape(40, 12, 5, 96, "whole forward product above 100³, its pieces below"),
    LSTMSequenceShape(33, 16, 5, 48, "odd batch"),
]

/// What `checkRecurrenceSplit` found: per sequence, which directions ran split over the pool,
/// and every output or gradient that differs in any bit from the recurrence on one thread.
public struct RecurrenceSplitReport: Sendable {
    public var runs: [String] = []
    public var mismatches: [String] = []
}

/// Runs each sequence of `shapes` forward and backward twice — on a pool of one thread, and on
/// a pool of two threads that splits GEMMs (the kernel check that turns the split on for the
/// shared pool is skipped), its recurrence cut over the batch's rows where `recurrenceSplit`
/// allows — on seeded normal data (a third of the batch's rows with a gradient of ±0, so that
/// the products' zero signs are checked too), and compares every saved tensor and every
/// gradient bit for bit.
public func checkRecurrenceSplit(_ shapes: [LSTMSequenceShape] = recurrenceSplitShapes) throws -> RecurrenceSplitReport {
    var report = RecurrenceSplitReport()
    let (split, alone) = (WorkerPool(workers: 1, splitGEMMs: true), WorkerPool(workers: 0))
    var rng = RandomGenerator(seed: 11)
    for s in shapes {
        let (b, t, i, h) = (s.batch, s.steps, s.inputs, s.hidden)
        let scale = Float(1 / Double(h).squareRoot())
        let x = try Tensor.normal([b, t, i], rng: &rng)
        let (h0, c0) = (try Tensor.normal([b, h], rng: &rng), try Tensor.normal([b, h], rng: &rng))
        let wIh = try Tensor.normal([i, 4 * h], std: scale, rng: &rng)
        let wHh = try Tensor.normal([h, 4 * h], std: scale, rng: &rng)
        let bias = try Tensor.normal([4 * h], std: scale, rng: &rng)
        let grad = try Tensor.normal([b, t + 1, h], rng: &rng)
        for r in stride(from: 0, to: b, by: 3) {
            for j in 0..<((t + 1) * h) { grad.base[r * (t + 1) * h + j] *= j % 2 == 0 ? 0 : -0.0 }
        }
        func run(_ pool: WorkerPool) throws -> [(String, Tensor?)] {
            let f = try Tensor.lstmSequence(x: x, h0: h0, c0: c0, wIh: wIh, wHh: wHh, bias: bias, pool: pool)
            let g = try Tensor.lstmSequenceBackward(
                grad: grad, wIh: wIh, wHh: wHh, sequence: f, needs: Array(repeating: true, count: 6), pool: pool)
            return [("output", f.output), ("hs", f.hs), ("cs", f.cs), ("gates", f.gates), ("tanhC", f.tanhC),
                    ("∂x", g.x), ("∂h0", g.h), ("∂c0", g.c), ("∂W_ih", g.wIh), ("∂W_hh", g.wHh), ("∂b", g.bias)]
        }
        let before = split.splitJobs.load(ordering: .relaxed)
        let cut = try run(split)
        let jobs = split.splitJobs.load(ordering: .relaxed) - before
        let whole = try run(alone)
        let plan = recurrenceSplit(batch: b, hidden: h, steps: t, parts: split.parts)
        let expected = (plan.forward ? 1 : 0) + (plan.backward ? 1 : 0)
        report.runs.append("\(s): forward \(plan.forward ? "split" : "one thread"), "
            + "backward \(plan.backward ? "split" : "one thread")")
        if jobs < expected { report.mismatches.append("\(s) ran \(jobs) jobs on two threads, meant \(expected)") }
        for ((name, a), (_, w)) in zip(cut, whole) {
            guard let a, let w else { continue }
            let differing = bitsDiffering(a.toArray(), w.toArray())
            if differing > 0 { report.mismatches.append("\(s) \(name): \(differing) elements differ") }
        }
    }
    return report
}
