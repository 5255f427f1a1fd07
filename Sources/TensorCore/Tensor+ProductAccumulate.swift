// Tensor+ProductAccumulate: `c += a @ b` as one GEMM into c (BLAS beta = 1), for the sweep's
// weight gradients, taken only where its bits are provably those of the product then the add.

extension Tensor {
    /// The largest k for which `addProduct` uses beta = 1: the smallest SGEMM_DEFAULT_Q in
    /// OpenBLAS 0.3.21's param.h (112). Above its Q a kernel's large-matrix path adds k in
    /// blocks, each block straight into C: beta = 1 would round (c + p₁) + p₂, the product
    /// then the add c + (p₁ + p₂).
    static let productAccumulateMaxK = 112

    /// Adds `a @ b` (both [m, k] @ [k, n] matrices, this one [m, n]) into this tensor with one
    /// GEMM, C = A·B + C, when that gives exactly the bits of `self + a @ b` (the product into
    /// a fresh tensor, then the elementwise add), and returns true; returns false, writing
    /// nothing, otherwise. The caller then takes the product and the add.
    ///
    /// Why the bits agree, for the OpenBLAS 0.3.21 paths such a product reaches (the same
    /// sgemm arguments but beta, so the same path: the small-matrix permit and the threading
    /// decision read m, n, k and the transposes, not beta):
    /// - The SkylakeX small-matrix kernels (sgemm_small_kernel_{nn,nt,tn,tt}_skylakex.c) are
    ///   one source compiled twice: with B0 (beta = 0) a result is stored as alpha·acc, without
    ///   it as fma(C, beta, alpha·acc), or alpha·acc + beta·C in the dot-style tails. acc, the
    ///   sum over k, is computed by the same code either way; with alpha = beta = 1 both
    ///   products are exact, so the store is acc, resp. C + acc rounded once: the add's value.
    /// - The large-matrix path (driver/level3) scales C by beta first (zeroed for 0, untouched
    ///   for 1) and then runs the same kernel, which stores fma(acc, alpha, C) once per block of
    ///   k (SkylakeX sgemm_kernel_16x4_skylakex_3.c, Haswell sgemm_kernel_8x4_haswell_2.c:
    ///   `vfmadd213ps (C), alpha, acc`). With one block (k ≤ Q, see productAccumulateMaxK)
    ///   that is 0 + acc = acc (acc starts at +0 and round-to-nearest sums never reach −0, so
    ///   no −0 is lost), resp. C + acc rounded once. Threads split m and n, never k.
    /// - sgemm_direct (SkylakeX) takes only beta = 0 with both operands untransposed, so
    ///   that case is refused here: beta = 1 would leave it for another kernel.
    /// - Cajal's own `sgemm` split over the worker pool cuts by m·n·k alone, the same cut for
    ///   either beta, and each piece is one of the calls above.
    /// The direct loop for tiny products (`smallMatmulLimit`) sums into the row from zero, so
    /// those are refused too. Pinned bit for bit by ProductAccumulateTests on the workloads'
    /// shapes.
    public mutating func addProduct(_ a: Tensor, _ b: Tensor) -> Bool {
        guard rank == 2, a.rank == 2, b.rank == 2 else { return false }
        let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
        guard b.shape[0] == k, shape[0] == m, shape[1] == n, k >= 1, k <= Tensor.productAccumulateMaxK,
            m <= blasDimensionLimit, n <= blasDimensionLimit, m * n * k > Tensor.smallMatmulLimit,
            let la = Tensor.blasLayout(a), let lb = Tensor.blasLayout(b), la.trans || lb.trans,
            isContiguous, isKnownUniquelyReferenced(&storage)
        else { return false }
        sgemm(
            transA: la.trans, transB: lb.trans, m: m, n: n, k: k, a: a.base, lda: la.ld, b: b.base, ldb: lb.ld,
            beta: 1, c: base, ldc: n)
        withExtendedLifetime((a, b)) {}
        return true
    }
}
