// BLAS: the one file that imports COpenBLAS. Everything else calls `sgemm` below, so the
// rest of the tensor core never sees C types or Int32 dimensions.

import COpenBLAS

/// C = alpha · op(A) · op(B) + beta · C, row-major, where op(X) is X or Xᵀ. op(A) is m × k,
/// op(B) is k × n, C is m × n; lda/ldb/ldc are the row strides of the stored matrices.
/// Callers check that every dimension fits in Int32 (see `blasDimensionLimit`).
///
/// When the pool splits GEMMs (`WorkerPool.splitsGEMMs`: it has workers and OpenBLAS runs
/// the SkylakeX kernel), a product whose pieces each stay above OpenBLAS's small-matrix
/// limit is cut into blocks of C's columns (or rows), one per thread of the pool, each a
/// one-thread OpenBLAS call: one team of threads, both cores on the GEMMs, and the same bits
/// as one call (`gemmSplit` says why).
func sgemm(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int, pool: WorkerPool = .shared
) {
    if pool.splitsGEMMs, let cut = gemmSplit(m: m, n: n, k: k, parts: pool.activeParts.load(ordering: .relaxed)) {
        pool.forEachRange(cut.parts, work: WorkerPool.threshold) { pieces in
            for piece in pieces {
                let (lo, hi) = cut.bounds(piece)
                if cut.byColumns {
                    sgemmCall(
                        transA: transA, transB: transB, m: m, n: hi - lo, k: k, alpha: alpha, a: a, lda: lda,
                        b: transB ? b + lo * ldb : b + lo, ldb: ldb, beta: beta, c: c + lo, ldc: ldc)
                } else {
                    sgemmCall(
                        transA: transA, transB: transB, m: hi - lo, n: n, k: k, alpha: alpha,
                        a: transA ? a + lo : a + lo * lda, lda: lda, b: b, ldb: ldb, beta: beta, c: c + lo * ldc, ldc: ldc)
                }
            }
        }
        return
    }
    sgemmCall(
        transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
        beta: beta, c: c, ldc: ldc)
}

/// How `sgemm` cuts an m × n × k product over `parts` threads: `parts` blocks of C's columns
/// (`byColumns`) or rows, whose edges are multiples of 16 columns or 4 rows (the SkylakeX
/// kernel's tile, OpenBLAS's GEMM_UNROLL_M and _N, after the row-major → column-major swap)
/// where the pieces stay large enough that way, any edge otherwise (the bits do not depend on
/// it, see below; whole tiles are only faster). Nil when no cut keeps every piece above
/// `gemmSplitLimit` multiply-adds.
///
/// Why a piece computes its block of C bit for bit as the whole call does, in OpenBLAS 0.3.21
/// (Debian 12's libopenblas0-pthread, the DYNAMIC_ARCH build):
/// - The path. interface/gemm.c takes the small-matrix kernels when
///   `gotoblas->sgemm_small_matrix_permit` says so (lines 469–477); SkylakeX's permit
///   (kernel/x86_64/sgemm_small_kernel_permit_skylakex.c) refuses every product over
///   100³ multiply-adds, and every piece is larger than that, so each piece, like the whole,
///   goes to the level-3 driver. With OpenBLAS on one thread (lines 502–512) that is the
///   one-thread driver, driver/level3/level3.c. The "direct" SkylakeX sgemm (gemm.c lines
///   329–336) is not compiled into this build's interface (its cblas_sgemm never calls it).
/// - The order over k. level3.c blocks k (lines 291–305) by GEMM_Q and GEMM_UNROLL_M alone,
///   never by m or n, and adds each k block into C in order: every element of C sees the same
///   k blocks in the same order in a piece as in the whole call. Before the first block C is
///   scaled by beta elementwise (BETA_OPERATION, lines 229–249).
/// - The order within a k block. The SkylakeX micro-kernel
///   (kernel/x86_64/sgemm_kernel_16x4_skylakex_3.c) gives every element of C its own
///   accumulator in every tile shape (m 16, 8, 4, 2, 1 by n 24 … 1): set to zero, one fused
///   multiply-add per k in order (vfmadd231), then C = alpha · acc + C in one fused
///   multiply-add (vfmadd213). So an element's value does not depend on the tile, the panel
///   or the block it falls in, only on k's blocking — the same in every piece.
/// Other kernels are not cut: Haswell's (sgemm_kernel_8x4_haswell_2.c) splits k over two
/// accumulators in some tiles (its SAVE_m8n4 and SAVE_L_m8n6 add them), so there the tile an
/// element falls in would change its rounding.
struct GEMMSplit {
    let byColumns: Bool
    let extent: Int
    let unit: Int
    let parts: Int

    /// Piece `i`'s columns (or rows) lo..<hi.
    func bounds(_ i: Int) -> (lo: Int, hi: Int) {
        let units = (extent + unit - 1) / unit
        let lo = Swift.min(extent, units * i / parts * unit)
        let hi = i == parts - 1 ? extent : Swift.min(extent, units * (i + 1) / parts * unit)
        return (lo, hi)
    }
}

/// OpenBLAS's small-matrix limit for SkylakeX (m·n·k ≤ 100³ may take the small kernels): a
/// piece of a split GEMM must be larger.
let gemmSplitLimit = 1_000_000.0

/// The cut `sgemm` makes for `parts` threads (see `GEMMSplit`), or nil to make one call.
func gemmSplit(m: Int, n: Int, k: Int, parts: Int) -> GEMMSplit? {
    guard parts > 1, Double(m) * Double(n) * Double(k) > gemmSplitLimit * Double(parts) else { return nil }
    func cut(byColumns: Bool, unit: Int) -> GEMMSplit? {
        let (extent, other) = byColumns ? (n, m) : (m, n)
        let split = GEMMSplit(byColumns: byColumns, extent: extent, unit: unit, parts: parts)
        var smallest = Int.max
        for i in 0..<parts { let (lo, hi) = split.bounds(i); smallest = Swift.min(smallest, hi - lo) }
        return smallest > 0 && Double(smallest) * Double(other) * Double(k) > gemmSplitLimit ? split : nil
    }
    // The longer side first, whole tiles first.
    let first = n >= m
    return cut(byColumns: first, unit: first ? 16 : 4) ?? cut(byColumns: first, unit: 1)
        ?? cut(byColumns: !first, unit: first ? 4 : 16) ?? cut(byColumns: !first, unit: 1)
}

/// Which directions of an LSTM sequence's recurrence (`Tensor.lstmSequence` and its backward)
/// run on the pool, cut over the batch's rows: B × H hidden units, T steps, `parts` threads.
/// Meant for a pool that splits GEMMs (`WorkerPool.splitsGEMMs`: OpenBLAS's SkylakeX kernel,
/// on one thread); elsewhere the recurrence runs on the calling thread.
///
/// The batch's rows of an LSTM never meet: row r of z_t, c_t and h_t depends only on row r of
/// x, h0 and c0 (and the weights). So a thread can run all T steps for its block of rows, and
/// the recurrence is one pool job per direction, with no hand-over between steps: cutting each
/// step's product instead would wake or spin the worker 32 times per direction for pieces of
/// 10–20 µs. Per step a piece makes one one-thread OpenBLAS call on its rows; the bits are the
/// whole call's, in OpenBLAS 0.3.21, under these conditions:
/// - Forward, z_t += h_(t−1) · W_hh (beta 1). Row-major m = rows, n = 4H, k = H is, after
///   cblas's swap to column-major, NN with M = 4H, N = rows, K = H: the cut is over N. The
///   SkylakeX small NN kernel (kernel/x86_64/sgemm_small_kernel_nn_skylakex.c; the permit takes
///   every NN product of ≤ 100³ multiply-adds) gives every element of C its own accumulator
///   when M is a multiple of 16 (its 64-, 32- and 16-row loops): zeroed, one fused multiply-add
///   per k in order, then multiplied by alpha (exact at 1) and added to beta · C in one fused
///   multiply-add — C + acc, rounded once, whatever tile the element falls in. Only a tail of
///   1–8 rows (M not a multiple of 16) is summed dot-wise, in lanes over k. Above the permit
///   the level-3 driver runs, and with K ≤ GEMM_Q (448 on SkylakeX) k is one block: the same
///   chain, then alpha · acc + C in one fused multiply-add (beta 1 skips the beta pass). So the
///   whole call and every piece write C + acc from the same acc: needs H a multiple of 4
///   (4H of 16) and H ≤ 448.
/// - Backward, ∂h = dz_t · W_hhᵀ (beta 0). The whole call is TN in column-major (M = H,
///   N = B, K = 4H). If the small TN kernel takes it (≤ 100³ multiply-adds, M · N ≤ 1200 and
///   K ≥ 32: sgemm_small_kernel_permit_skylakex.c) it sums k dot-wise and no cut reproduces
///   it: no split. Otherwise the level-3 driver, with 4H ≤ 448 one k block: C zeroed by the
///   beta pass, then 1 · acc + 0 = acc + 0. A piece multiplies by W_hhᵀ stored (transposed once
///   per backward) as NN — M = H, N = rows, K = 4H — into its rows of ∂h zeroed, with beta 1:
///   the small NN kernel with H a multiple of 16 gives 1 · (C = 0) + acc, the level-3 driver
///   1 · acc + (C = 0): acc + 0 both, the same chain as the whole call (a product commutes
///   inside a fused multiply-add). (With beta 0 the small kernel's B0 variant would store acc
///   alone, and keep a −0 that acc + 0 turns into +0.)
/// `cajal __check-gemm-split` runs whole sequences both ways on the bench's and the lessons'
/// shapes and at each of these limits, and compares every output and gradient bit for bit.
func recurrenceSplit(batch: Int, hidden: Int, steps: Int, parts: Int) -> (forward: Bool, backward: Bool) {
    let width = 4 * hidden
    // Each piece must be worth a wake-up: as for `gemmSplit`, more than 10⁶ multiply-adds.
    let perPiece = Double(batch / Swift.max(parts, 1)) * Double(steps) * Double(width) * Double(hidden)
    guard parts > 1, batch >= 2, hidden > 0, perPiece > gemmSplitLimit else { return (false, false) }
    let forward = hidden % 4 == 0 && hidden <= sgemmBlockQ
    let wholeIsSmallTN = Double(hidden) * Double(batch) * Double(width) <= gemmSplitLimit
        && hidden * batch <= 1200 && width >= 32
    let backward = hidden % 16 == 0 && width <= sgemmBlockQ && !wholeIsSmallTN
    return (forward, backward)
}

/// OpenBLAS's SGEMM_DEFAULT_Q for SkylakeX (param.h): the level-3 driver sums k in blocks of
/// at most this many.
let sgemmBlockQ = 448

/// One `cblas_sgemm` call, as `sgemm` describes.
@inline(__always) func sgemmCall(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
) {
    cblas_sgemm(
        CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
        Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}

/// The largest dimension or leading stride BLAS accepts (its `blasint` is 32-bit).
let blasDimensionLimit = Int(Int32.max)

/// The name of the kernel family OpenBLAS picked at load time ("Haswell", "SkylakeX",
/// "Prescott", ...). OpenBLAS chooses it once, from the CPU and `OPENBLAS_CORETYPE`.
public func blasCoreName() -> String {
    guard let name = openblas_get_corename() else { return "unknown" }
    return String(cString: name)
}

/// Eigenvalues and eigenvectors of the symmetric n × n matrix `a` (row-major, n·n values, only
/// read as symmetric) by LAPACK's dsyevd (divide and conquer, double precision). Returns the
/// eigenvalues in ascending order and the eigenvectors as the rows of an n × n row-major array
/// (row i belongs to eigenvalue i), or nil when LAPACK reports a failure to converge.
/// The caller checks n ≤ `blasDimensionLimit`.
func symmetricEigen(_ a: [Double], n: Int) -> (values: [Double], vectors: [Double])? {
    // Row-major symmetric = column-major symmetric; the column-major eigenvector matrix
    // (vectors in columns) read row-major has the vectors in rows.
    var matrix = a
    var w = [Double](repeating: 0, count: n)
    var n32 = Int32(n), lda = Int32(Swift.max(n, 1)), info: Int32 = 0
    var jobz = CChar(UInt8(ascii: "V")), uplo = CChar(UInt8(ascii: "U"))
    // Workspace query first (lwork = liwork = -1), then the real call.
    var workSize = 0.0, iworkSize: Int32 = 0, query: Int32 = -1
    dsyevd_(&jobz, &uplo, &n32, &matrix, &lda, &w, &workSize, &query, &iworkSize, &query, &info)
    guard info == 0 else { return nil }
    var lwork = Int32(workSize), liwork = iworkSize
    var work = [Double](repeating: 0, count: Int(lwork))
    var iwork = [Int32](repeating: 0, count: Int(liwork))
    dsyevd_(&jobz, &uplo, &n32, &matrix, &lda, &w, &work, &lwork, &iwork, &liwork, &info)
    guard info == 0 else { return nil }
    return (w, matrix)
}

/// OpenBLAS's thread count now (its default: the cores, or OPENBLAS_NUM_THREADS).
func blasThreadCount() -> Int { Int(openblas_get_num_threads()) }

/// Sets OpenBLAS's thread count at run time (`openblas_set_num_threads`).
func setBLASThreadCount(_ n: Int) { openblas_set_num_threads(Int32(Swift.max(1, n))) }
