// Tensor+Eigen: the eigendecomposition of a symmetric matrix (NumPy's `eigh`) on LAPACK's
// dsyevd (BLAS.swift), with the checks that keep LAPACK from seeing a matrix it would misread:
// square, finite, symmetric. PCA is its first use: the eigenvectors of a covariance matrix are
// the principal axes and the eigenvalues the variance along each.

extension Tensor {
    /// Entries of A and Aᵀ may differ by this much, relative to the largest |entry| (a
    /// covariance XᵀX/n computed in float32 is symmetric only to rounding).
    public static let symmetryTolerance: Float = 1e-4

    /// A = V · diag(w) · Vᵀ for a symmetric [n, n] matrix A: the eigenvalues w [n] in ascending
    /// order and the orthonormal eigenvectors as the **columns** of V [n, n] (V[:, i] belongs to
    /// w[i]), as NumPy's `numpy.linalg.eigh`. Computed in double precision and rounded to
    /// float32. An eigenvector's sign is arbitrary, so each is made to have its largest
    /// |component| positive (the first such one on a tie): the same result on every machine.
    /// A is symmetrised as (A + Aᵀ)/2 after checking that it is symmetric within
    /// `symmetryTolerance`. Not differentiable: the results are constants.
    public static func eigh(_ a: Tensor) throws -> (values: Tensor, vectors: Tensor) {
        guard a.rank == 2, a.shape[0] == a.shape[1] else {
            throw TensorError(
                op: "eigh", message: "needs a square matrix [n, n], got shape \(shapeString(a.shape))",
                shapes: [a.shape],
                hint: a.rank == 2 ? "for the principal axes of data X [m, n], use the covariance X.T @ X / m" : nil)
        }
        let n = a.shape[0]
        guard n <= 4096 else {
            throw TensorError(op: "eigh", message: "matrix [\(n), \(n)] is too large (at most 4096 × 4096)", shapes: [a.shape])
        }
        let x = a.toArray()
        if let bad = x.firstIndex(where: { !$0.isFinite }) {
            throw TensorError(
                op: "eigh", message: "the matrix holds \(formatStatistic(Double(x[bad]))) at [\(bad / n), \(bad % n)]; eigenvalues need finite entries",
                shapes: [a.shape])
        }
        let scale = x.reduce(Float(0)) { Swift.max($0, abs($1)) }
        var sym = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n {
                let (u, v) = (x[i * n + j], x[j * n + i])
                if abs(u - v) > symmetryTolerance * scale {
                    throw TensorError(
                        op: "eigh",
                        message: "the matrix is not symmetric: A[\(i), \(j)] = \(formatStatistic(Double(u), digits: 7)) but A[\(j), \(i)] = \(formatStatistic(Double(v), digits: 7))",
                        shapes: [a.shape], hint: "eigh is for symmetric matrices such as a covariance; (A + A.T) / 2 is the symmetric part")
                }
                sym[i * n + j] = (Double(u) + Double(v)) / 2
            }
        }
        if n == 0 { return (try Tensor(shape: [0], values: []), try Tensor(shape: [0, 0], values: [])) }
        guard let (w, rows) = symmetricEigen(sym, n: n) else {
            throw TensorError(op: "eigh", message: "LAPACK's dsyevd did not converge", shapes: [a.shape])
        }
        // rows[k * n + i] is component i of eigenvector k; V has it at [i, k].
        var v = [Float](repeating: 0, count: n * n)
        for k in 0..<n {
            let vector = rows[(k * n)..<(k * n + n)]
            let big = vector.indices.max { abs(vector[$0]) < abs(vector[$1]) || (abs(vector[$0]) == abs(vector[$1]) && $0 > $1) }!
            let sign: Double = vector[big] < 0 ? -1 : 1
            for i in 0..<n { v[i * n + k] = Float(sign * rows[k * n + i]) }
        }
        return (try Tensor(shape: [n], values: w.map { Float($0) }), try Tensor(shape: [n, n], values: v))
    }
}
