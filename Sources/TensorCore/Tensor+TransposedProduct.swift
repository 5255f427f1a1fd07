// Tensor+TransposedProduct: g @ bᵀ, the input gradient of a matrix product, through a
// contiguous copy of bᵀ where OpenBLAS would otherwise pack both operands for every call; the
// backward sweep keeps the copies (`TransposeCopies`), so a weight a learner's LSTM multiplies
// a gradient by at each of its time steps is copied once per backward.

/// Contiguous copies of transposed matrices, made by `Tensor.matmulTransposed` and kept for one
/// backward sweep (nothing writes a tensor while a sweep runs, so a copy stays true to its
/// source). Each entry holds its source, so the source's storage cannot be freed and reused
/// while the entry could still match it.
public struct TransposeCopies {
    private var entries: [(source: Tensor, copy: Tensor)] = []
    /// A sweep multiplies by a few weights (an LSTM's W_h, a layer's W); more than this many
    /// distinct ones replace the oldest.
    static let capacity = 4

    public init() {}

    mutating func copy(of b: Tensor) -> Tensor {
        for e in entries where e.source.storage === b.storage && e.source.offset == b.offset && e.source.shape == b.shape
            && e.source.strides == b.strides
        {
            return e.copy
        }
        let copy = b.transposed().contiguous()
        if entries.count == TransposeCopies.capacity { entries.removeFirst() }
        entries.append((b, copy))
        return copy
    }
}

extension Tensor {
    /// Whether OpenBLAS runs its SkylakeX kernels (read once: the kernel is chosen at load).
    static let blasRunsSkylakeX = blasCoreName() == "SkylakeX"

    /// `g @ bᵀ` for matrices g [m, n] and b [k, n] (the sweep's ∂a of a product a @ b): the same
    /// bits as `matmul(g, b.transposed())`, faster where that product would take OpenBLAS's
    /// large-matrix path.
    ///
    /// The transposed view makes that a row-major NT product, column-major TN with M = k,
    /// N = m, K = n. On SkylakeX, OpenBLAS 0.3.21's small-matrix permit
    /// (kernel/x86_64/sgemm_small_kernel_permit_skylakex.c) refuses TN when M·N > 1200 or
    /// K < 32, so a learner's LSTM step's g @ W_hᵀ ([32, 256] @ [256, 64]) went to the level-3
    /// driver, which packs both operands and zeroes C for every call: 19 µs against 8.5 µs for
    /// the same product with bᵀ contiguous (NN), which the small NN kernel takes.
    ///
    /// Why the bits agree, where this path is taken (SkylakeX, m·n·k ≤ 100³, k a multiple of
    /// 16, n ≤ 448):
    /// - The large path: driver/level3/level3.c zeroes C (beta = 0), blocks k by GEMM_Q
    ///   (448 for SkylakeX, param.h) — one block here — and the micro-kernel
    ///   (sgemm_kernel_16x4_skylakex_3.c) gives each element of C its own accumulator, set to
    ///   +0, one fused multiply-add per k in order, then C = fma(acc, alpha, C) = acc + (+0).
    /// - The small NN kernel with B0 (sgemm_small_kernel_nn_skylakex.c): for rows of C in
    ///   blocks of 64, 32 and 16 (column-major M; k here) every element has its own accumulator,
    ///   set to +0, one fused multiply-add per k in order, stored as acc · alpha (alpha = 1:
    ///   exact). Rows past the last multiple of 16 would take its dot-product tails, which sum
    ///   in another order: hence k a multiple of 16.
    /// - So every element is the same acc, except that acc = −0 (every product underflowing to
    ///   a negative zero) is stored as −0 by the small kernel and as +0 by the large path's
    ///   acc + (+0): the result's −0s are made +0.
    /// Elsewhere (another kernel, another size) this is `matmul(g, b.transposed())`.
    public static func matmulTransposed(_ g: Tensor, _ b: Tensor, copies: inout TransposeCopies) throws -> Tensor {
        guard blasRunsSkylakeX, g.rank == 2, b.rank == 2, g.shape[1] == b.shape[1], b.isContiguous,
            let lg = blasLayout(g), !lg.trans
        else { return try matmul(g, b.transposed()) }
        guard transposedCopyPays(m: g.shape[0], n: g.shape[1], k: b.shape[0]) else { return try matmul(g, b.transposed()) }
        var out = try matmul(g, copies.copy(of: b))
        out.replaceNegativeZeros()
        return out
    }

    /// Whether `matmulTransposed` takes g [m, n] @ bᵀ (b [k, n]) through a contiguous bᵀ: on
    /// SkylakeX, where the transposed view's column-major TN product (M = k, N = m, K = n) goes
    /// to the large-matrix path (the small-matrix permit refuses TN when M·N > 1200 or
    /// K < 32) and the NN product to the small NN kernel's blocks of 16 rows (m·n·k ≤ 100³,
    /// k a multiple of 16), with n in one k block of the large path (≤ 448).
    static func transposedCopyPays(m: Int, n: Int, k: Int) -> Bool {
        let work = Double(m) * Double(n) * Double(k)
        return blasRunsSkylakeX && work > Double(smallMatmulLimit) && work <= 1_000_000 && (k * m > 1200 || n < 32)
            && k % 16 == 0 && n <= 448 && m <= blasDimensionLimit
    }

    /// Makes every −0 of this contiguous, uniquely held tensor +0, and leaves every other
    /// element as it is, by adding +0: −0 + (+0) is +0, x + 0 is x for every other x (a NaN
    /// stays the same quiet NaN). Sixteen lanes at a time (an element-by-element test cost
    /// the MLP step 1.4 %).
    mutating func replaceNegativeZeros() {
        let p = base
        var i = 0
        while i + 16 <= count {
            let v = UnsafeMutableRawPointer(p + i)
            v.storeBytes(of: v.loadUnaligned(as: SIMD16<Float>.self) + SIMD16<Float>(repeating: 0), as: SIMD16<Float>.self)
            i += 16
        }
        while i < count {
            p[i] += 0
            i += 1
        }
    }
}

// MARK: the proof by example

/// The products `checkTransposedProduct` takes as g [m, n] @ bᵀ (b [k, n]): the learner's LSTM
/// step's ∂h (the one that pays), its ∂x, the MLP's, and each side of the conditions.
public let transposedProductShapes: [GEMMShape] = [
    GEMMShape(32, 256, 64, "lstm_b32 dh: dz · W_hᵀ"),
    GEMMShape(32, 256, 16, "lstm_b32 dx: dz · W_xᵀ (OpenBLAS's small TN kernel: left alone)"),
    GEMMShape(64, 128, 784, "MLP b64 dx of 784→128 (above 100³: left alone)"),
    GEMMShape(64, 10, 128, "MLP b64 dx of 128→10"),
    GEMMShape(32, 256, 72, "k not a multiple of 16: left alone"),
    GEMMShape(16, 449, 64, "n above 448: left alone"),
    GEMMShape(64, 448, 32, "n = 448"),
    GEMMShape(3, 31, 256, "n below 32"),
]

/// What `checkTransposedProduct` found: the products taken through a contiguous copy, the ones
/// left to the transposed view, and every product whose result differs in any bit.
public struct TransposedProductReport: Sendable {
    public let kernel: String
    public var copied: [String] = []
    public var direct: [String] = []
    public var mismatches: [String] = []
    /// The −0s the small NN kernel made in the underflow cases, which `matmulTransposed` turns
    /// into the large path's +0: that case is live, not hypothetical, when this is above 0.
    public var negativeZerosFixed = 0
}

/// Computes each product of `shapes` by `matmulTransposed` and by `matmul(g, b.transposed())`
/// on seeded random numbers, again with a NaN and an infinity planted, and once on numbers whose
/// products all underflow (−0 sums), and compares the results bit for bit; the copies are kept
/// across a shape's runs, as a sweep keeps them.
public func checkTransposedProduct(_ shapes: [GEMMShape] = transposedProductShapes) throws -> TransposedProductReport {
    var report = TransposedProductReport(kernel: blasCoreName())
    var rng = RandomGenerator(seed: 11)
    for s in shapes {
        let (m, n, k) = (s.m, s.n, s.k)
        var copies = TransposeCopies()
        let b = try Tensor.uniform([k, n], low: -1, high: 1, rng: &rng)
        var planted = try Tensor.uniform([m, n], low: -1, high: 1, rng: &rng).contiguousCopy()
        planted.base[0] = .nan
        planted.base[planted.count - 1] = .infinity
        let underflowing = try Tensor.filled([m, n], 1e-30, op: "check")
        let tinyNegative = try Tensor.filled([k, n], -1e-30, op: "check")
        let cases: [(String, Tensor, Tensor)] = [
            ("random", try Tensor.uniform([m, n], low: -1, high: 1, rng: &rng), b),
            ("random again", try Tensor.uniform([m, n], low: -1, high: 1, rng: &rng), b),
            ("NaN and infinity", planted, b),
            ("underflow to −0", underflowing, tinyNegative),
        ]
        if Tensor.transposedCopyPays(m: m, n: n, k: k) {
            let raw = try Tensor.matmul(underflowing, copies.copy(of: tinyNegative)).toArray()
            report.negativeZerosFixed += raw.filter { $0 == 0 && $0.sign == .minus }.count
        }
        for (what, g, w) in cases {
            let fast = try Tensor.matmulTransposed(g, w, copies: &copies)
            let reference = try Tensor.matmul(g, w.transposed())
            let differing = bitsDiffering(fast.toArray(), reference.toArray())
            if differing > 0 { report.mismatches.append("\(s) \(what): \(differing) elements differ") }
        }
        if Tensor.transposedCopyPays(m: m, n: n, k: k) { report.copied.append("\(s)") } else { report.direct.append("\(s)") }
    }
    return report
}
