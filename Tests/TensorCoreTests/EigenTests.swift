// EigenTests: Tensor.eigh (LAPACK dsyevd) against values computed by NumPy 2.4 and frozen
// here, its defining identities on a larger matrix, and its errors.
//
// How the values were made (python3, numpy 2.4.6):
//   A = np.array([[4, 1, -2, 0.5], [1, 3, 0, -1], [-2, 0, 5, 1.5], [0.5, -1, 1.5, 2]], np.float32)
//   w, V = np.linalg.eigh(A.astype(np.float64))
//   then each column of V multiplied by the sign of its largest-|value| component (the
//   convention eigh documents), rounded to float32 and printed with `[float(v) for v in ...]`.
import Testing
@testable import TensorCore

@Suite struct EigenTests {
    @Test func eigenvaluesAndVectorsMatchNumPy() throws {
        let a = T([4, 4], [4, 1, -2, 0.5, 1, 3, 0, -1, -2, 0, 5, 1.5, 0.5, -1, 1.5, 2])
        let (w, v) = try Tensor.eigh(a)
        expectTensor(w, [4], [0.26693034172058105, 3.3103320598602295, 3.5300419330596924, 6.892695903778076])
        expectTensor(v, [4, 4], [
            -0.41871392726898193, -0.35644158720970154, 0.6159847378730774, -0.5640840530395508,
            0.41084110736846924, 0.7252019047737122, 0.5145497918128967, -0.20132139325141907,
            -0.40008771419525146, 0.09431402385234833, 0.48783138394355774, 0.7701007723808289,
            0.7041434645652771, -0.5814950466156006, 0.3432518243789673, 0.2195988893508911,
        ])
    }

    @Test func aCovarianceIsRebuiltFromItsEigenvectors() throws {
        // C = XᵀX/m of 40 points in 12 dimensions: V diag(w) Vᵀ = C, VᵀV = I, w ascending, ≥ 0.
        var rng = RandomGenerator(seed: 3)
        let x = try Tensor.normal([40, 12], rng: &rng)
        let c = try Tensor.matmul(x.transposed(), x) / 40
        let (w, v) = try Tensor.eigh(c)
        let scaled = try v * w.reshaped([1, 12])
        let rebuilt = try Tensor.matmul(scaled, v.transposed())
        #expect(close(rebuilt.toArray(), c.toArray(), atol: 1e-5, rtol: 1e-4))
        let identity = try Tensor.matmul(v.transposed(), v)
        #expect(close(identity.toArray(), try Tensor.eye(12).toArray(), atol: 1e-5))
        let values = w.toArray()
        #expect(values == values.sorted() && values[0] >= 0)
    }

    @Test func aOneByOneMatrixAndAnEmptyOne() throws {
        let (w, v) = try Tensor.eigh(T([1, 1], [-2.5]))
        #expect(w.toArray() == [-2.5] && v.toArray() == [1])
        let (w0, v0) = try Tensor.eigh(T([0, 0], []))
        #expect(w0.shape == [0] && v0.shape == [0, 0])
    }

    @Test func badMatricesAreErrorsThatSayWhy() {
        func message(_ a: Tensor) -> String {
            do { _ = try Tensor.eigh(a); return "no error" } catch { return "\(error)" }
        }
        #expect(message(T([2, 3], [1, 2, 3, 4, 5, 6])) == "eigh: needs a square matrix [n, n], got shape [2, 3]")
        #expect(message(T([4], [1, 2, 3, 4])) == "eigh: needs a square matrix [n, n], got shape [4]")
        #expect(message(T([2, 2], [1, 2, 0, 1])) == "eigh: the matrix is not symmetric: A[0, 1] = 2 but A[1, 0] = 0")
        #expect(message(T([2, 2], [1, .nan, .nan, 1])) == "eigh: the matrix holds nan at [0, 1]; eigenvalues need finite entries")
        // Rounding-level asymmetry (a float32 covariance) is accepted.
        #expect(message(T([2, 2], [1, 0.5, 0.50000006, 1])) == "no error")
    }
}
