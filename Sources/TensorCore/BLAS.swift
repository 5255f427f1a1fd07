// BLAS: the one file that imports COpenBLAS. Everything else calls `sgemm` below, so the
// rest of the tensor core never sees C types or Int32 dimensions.

import COpenBLAS

/// C = alpha · op(A) · op(B) + beta · C, row-major, where op(X) is X or Xᵀ. op(A) is m × k,
/// op(B) is k × n, C is m × n; lda/ldb/ldc are the row strides of the stored matrices.
/// Callers check that every dimension fits in Int32 (see `blasDimensionLimit`).
///
/// When the pool splits GEMMs (`WorkerPool.splitsGEMMs`, an experiment behind
/// `CAJAL_SPLIT_GEMM=1`), a product of at least `WorkerPool.gemmThreshold` multiply-adds is
/// cut into column blocks of C, one per thread of the pool, each a one-thread OpenBLAS call:
/// the process has one team of threads (the pool's) instead of the pool's and OpenBLAS's
/// spinning against each other on the same cores. Each element of C is still one dot product
/// over k, but OpenBLAS may take another kernel path for a smaller call (see `splitsGEMMs`).
func sgemm(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int, pool: WorkerPool = .shared
) {
    if pool.splitsGEMMs, n >= 32, Double(m) * Double(n) * Double(k) >= WorkerPool.gemmThreshold {
        // Blocks of whole 16-column panels (the kernels' widest tile), at most one per thread.
        let panels = (n + 15) / 16
        pool.forEachRange(panels, work: WorkerPool.threshold) { r in
            let lo = r.lowerBound * 16, hi = Swift.min(n, r.upperBound * 16)
            guard hi > lo else { return }
            sgemmCall(
                transA: transA, transB: transB, m: m, n: hi - lo, k: k, alpha: alpha, a: a, lda: lda,
                b: transB ? b + lo * ldb : b + lo, ldb: ldb, beta: beta, c: c + lo, ldc: ldc)
        }
        return
    }
    sgemmCall(
        transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
        beta: beta, c: c, ldc: ldc)
}

/// One `cblas_sgemm` call, as `sgemm` describes.
@inline(__always) private func sgemmCall(
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
