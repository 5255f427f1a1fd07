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
    return report
}

/// How many elements of `x` and `y` differ in any bit (NaN payloads and the sign of zero
/// included): the checks' verdict.
func bitsDiffering(_ x: [Float], _ y: [Float]) -> Int {
    zip(x, y).reduce(0) { $0 + ($1.0.bitPattern == $1.1.bitPattern ? 0 : 1) }
}

/// Whether this process's shared pool splits GEMMs (`WorkerPool.splitsGEMMs`).
public func gemmSplitIsOn() -> Bool { WorkerPool.shared.splitsGEMMs }
