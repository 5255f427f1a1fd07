// BLAS: the one file that imports COpenBLAS. Everything else calls `sgemm` below, so the
// rest of the tensor core never sees C types or Int32 dimensions.

import COpenBLAS

/// C = alpha · op(A) · op(B) + beta · C, row-major, where op(X) is X or Xᵀ. op(A) is m × k,
/// op(B) is k × n, C is m × n; lda/ldb/ldc are the row strides of the stored matrices.
/// Callers check that every dimension fits in Int32 (see `blasDimensionLimit`).
func sgemm(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
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
