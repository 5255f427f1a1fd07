// Tensor+FastMath: exp, tanh and sigmoid over float32 rows, eight lanes at a time with SIMD
// polynomials (Cephes-style range reduction, as SLEEF and PyTorch's vectorised kernels do)
// instead of one libm call per element. The kernels are C (Sources/CVectorMath, which
// describes the method): written once on eight-lane vectors, compiled for AVX2 and for
// baseline x86-64 without FMA, so that both give the same bits, and one of the two chosen when
// the program is loaded. The error stays within a few float32 ulps of the exact value (the
// sweep in Tests/TensorCoreTests/FastMathTests.swift measures it against Float64 libm): exp
// and tanh ≤ 1 ulp, sigmoid ≤ 2 ulp, subnormal results included; ±inf and NaN as libm.
// Tests/TensorCoreTests/VectorMathTests.swift checks both versions bit for bit against a
// Swift transcription of the same operations. The same C target holds the elementwise binary
// operations (exact IEEE operations, so the same bits as one element at a time) and the fused
// derivatives of σ, tanh and relu, each reached from Swift through this file.
import CVectorMath

/// `o[i] = eˣ⁽ⁱ⁾` over a row (the exp of Tensor.map and the fused kernels); `o` may be `x`.
@inline(__always)
func expRow(_ o: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ n: Int) {
    cajal_exp_row(o, x, n)
}

/// `o[i] = tanh x[i]` over a row.
@inline(__always)
func tanhRow(_ o: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ n: Int) {
    cajal_tanh_row(o, x, n)
}

/// `o[i] = σ(x[i])` over a row.
@inline(__always)
func sigmoidRow(_ o: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ n: Int) {
    cajal_sigmoid_row(o, x, n)
}

/// One LSTM row forward in one pass (Tensor+LSTMCell's formulas): activates the
/// pre-activation `z` (4H: i, f, g, o) in place and writes c' = f ⊙ c + i ⊙ g, tanh(c') and
/// h' = o ⊙ tanh(c') (H each).
@inline(__always)
func lstmRowForwardKernel(
    _ z: UnsafeMutablePointer<Float>, _ cPrev: UnsafePointer<Float>, _ cNew: UnsafeMutablePointer<Float>,
    _ tc: UnsafeMutablePointer<Float>, _ hNew: UnsafeMutablePointer<Float>, _ hidden: Int
) {
    cajal_lstm_row_forward(z, cPrev, cNew, tc, hNew, hidden)
}

/// One LSTM row backward (Tensor+LSTMCell's formulas): dz (4H) and ∂c (H) from ∂h' (`gh`,
/// plus `gAdd` if given, the sum stored back into `gh`) and ∂c' (`gc`); `dcPrev` may be `gc`.
@inline(__always)
func lstmRowBackwardKernel(
    _ gh: UnsafeMutablePointer<Float>, _ gAdd: UnsafePointer<Float>?, _ gc: UnsafePointer<Float>,
    _ cPrev: UnsafePointer<Float>, _ gates: UnsafePointer<Float>, _ tc: UnsafePointer<Float>,
    _ dz: UnsafeMutablePointer<Float>, _ dcPrev: UnsafeMutablePointer<Float>, _ hidden: Int
) {
    cajal_lstm_row_backward(gh, gAdd, gc, cPrev, gates, tc, dz, dcPrev, hidden)
}

/// `o[j] = Float(scale · Σ_r Double(x[r · inner + j]))` over a contiguous [outer, inner] block:
/// each column summed from +0 in row order in its own Double accumulator (`cajal_column_sums`).
@inline(__always)
func columnSums(_ o: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, outer: Int, inner: Int, scale: Double) {
    cajal_column_sums(o, x, outer, inner, scale)
}

extension BinaryOp {
    /// This operation's code in CVectorMath's eight-lane `cajal_binary_row`; nil for pow and
    /// mod (libm calls), which stay in Swift.
    var vectorCode: Int32? {
        switch self {
        case .add: Int32(CAJAL_BINARY_ADD)
        case .sub: Int32(CAJAL_BINARY_SUB)
        case .mul: Int32(CAJAL_BINARY_MUL)
        case .div: Int32(CAJAL_BINARY_DIV)
        case .maximum: Int32(CAJAL_BINARY_MAXIMUM)
        case .minimum: Int32(CAJAL_BINARY_MINIMUM)
        case .eq: Int32(CAJAL_BINARY_EQ)
        case .ne: Int32(CAJAL_BINARY_NE)
        case .lt: Int32(CAJAL_BINARY_LT)
        case .le: Int32(CAJAL_BINARY_LE)
        case .gt: Int32(CAJAL_BINARY_GT)
        case .ge: Int32(CAJAL_BINARY_GE)
        case .pow, .mod: nil
        }
    }
}

/// `o[i] = a[i·sa] op b[i·sb]` for (sa, sb) one of (1, 1), (1, 0), (0, 1), eight lanes at a
/// time; `code` is a `BinaryOp.vectorCode`. `o` may be `a` or `b`.
@inline(__always)
func binaryRow(
    _ code: Int32, _ o: UnsafeMutablePointer<Float>, _ a: UnsafePointer<Float>, _ sa: Int,
    _ b: UnsafePointer<Float>, _ sb: Int, _ n: Int
) {
    cajal_binary_row(code, o, a, sa, b, sb, n)
}

/// `binaryRow` over `rows` rows, row r at `o + r·ldo`, `a + r·lda`, `b + r·ldb` (ld 0 repeats
/// one row or scalar): one call into C instead of one per row, the same call per row inside.
@inline(__always)
func binaryRows(
    _ code: Int32, _ o: UnsafeMutablePointer<Float>, ldo: Int, _ a: UnsafePointer<Float>, lda: Int, _ sa: Int,
    _ b: UnsafePointer<Float>, ldb: Int, _ sb: Int, _ n: Int, rows: Int
) {
    cajal_binary_rows(code, o, ldo, a, lda, sa, b, ldb, sb, n, rows)
}

/// The fused derivatives of σ, tanh (from the output y) and relu (from the input x) over a
/// row, eight lanes at a time: `o[i] = op(y[i], g[i])`, or `op(y[i], g[i]·m[i])` with the
/// product's own rounding (`Tensor.productBackward`).
public enum BackwardRow: Int32, Sendable {
    case sigmoid = 0, tanh = 1, relu = 2

    @inline(__always)
    func callAsFunction(_ o: UnsafeMutablePointer<Float>, _ y: UnsafePointer<Float>, _ g: UnsafePointer<Float>, _ n: Int) {
        cajal_backward_row(rawValue, o, y, g, n)
    }

    @inline(__always)
    func callAsFunction(
        _ o: UnsafeMutablePointer<Float>, _ y: UnsafePointer<Float>, _ g: UnsafePointer<Float>,
        times m: UnsafePointer<Float>, _ n: Int
    ) {
        cajal_backward_product_row(rawValue, o, y, g, m, n)
    }
}

/// The compiled levels of the eˣ, tanh and σ rows (0 baseline x86-64, 1 AVX2, 2 AVX-512), for
/// `cajal __check-vector-math`, which compares two of them on every float32.
public enum VectorMathLevels {
    /// The best level this CPU runs.
    public static var cpu: Int32 { cajal_vector_math_cpu_level() }
    /// The level the kernels use (the CPU's best unless `CAJAL_VECTOR_MATH` caps it).
    public static var inUse: Int32 { cajal_vector_math_level() }
    /// `o[i] = f(x[i])` for i in 0..<n with `level`'s exp (op 0), tanh (1) or sigmoid (2).
    public static func row(_ level: Int32, _ op: Int32, _ o: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ n: Int) {
        cajal_vector_math_row(level, op, o, x, n)
    }
}

/// The two compiled versions of the kernels, by name, for the tests that compare them.
enum VectorMathLevel: Int32, CaseIterable, Sendable {
    case baseline = 0, avx2 = 1

    /// The levels this CPU can run.
    static var available: [VectorMathLevel] { cajal_vector_math_uses_avx2() != 0 ? [.baseline, .avx2] : [.baseline] }
    /// The level the dispatching kernels use on this CPU.
    static var inUse: VectorMathLevel { cajal_vector_math_uses_avx2() != 0 ? .avx2 : .baseline }

    /// `o[i] = f(x[i])` with this level's exp (0), tanh (1) or sigmoid (2).
    func row(_ op: Int32, _ o: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ n: Int) {
        cajal_vector_math_row(rawValue, op, o, x, n)
    }

    /// This level's LSTM row forward.
    func lstmRow(
        _ z: UnsafeMutablePointer<Float>, _ cPrev: UnsafePointer<Float>, _ cNew: UnsafeMutablePointer<Float>,
        _ tc: UnsafeMutablePointer<Float>, _ hNew: UnsafeMutablePointer<Float>, _ hidden: Int
    ) {
        cajal_vector_math_lstm_row_forward(rawValue, z, cPrev, cNew, tc, hNew, hidden)
    }

    /// This level's `binaryRow`.
    func binaryRow(
        _ op: BinaryOp, _ o: UnsafeMutablePointer<Float>, _ a: UnsafePointer<Float>, _ sa: Int,
        _ b: UnsafePointer<Float>, _ sb: Int, _ n: Int
    ) {
        cajal_vector_math_binary_row(rawValue, op.vectorCode!, o, a, sa, b, sb, n)
    }

    /// This level's `BackwardRow`.
    func backwardRow(
        _ op: BackwardRow, _ o: UnsafeMutablePointer<Float>, _ y: UnsafePointer<Float>, _ g: UnsafePointer<Float>,
        _ n: Int
    ) {
        cajal_vector_math_backward_row(rawValue, op.rawValue, o, y, g, n)
    }

    /// This level's LSTM row backward.
    func lstmRowBackward(
        _ gh: UnsafeMutablePointer<Float>, _ gAdd: UnsafePointer<Float>?, _ gc: UnsafePointer<Float>,
        _ cPrev: UnsafePointer<Float>, _ gates: UnsafePointer<Float>, _ tc: UnsafePointer<Float>,
        _ dz: UnsafeMutablePointer<Float>, _ dcPrev: UnsafeMutablePointer<Float>, _ hidden: Int
    ) {
        cajal_vector_math_lstm_row_backward(rawValue, gh, gAdd, gc, cPrev, gates, tc, dz, dcPrev, hidden)
    }

    /// This level's column sums (`columnSums`).
    func columnSums(_ o: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, outer: Int, inner: Int, scale: Double) {
        cajal_vector_math_column_sums(rawValue, o, x, outer, inner, scale)
    }
}

extension Tensor {
    /// The vectorised scalar functions for callers outside TensorCore that hold one float
    /// (tests, fused kernels): eˣ, tanh x and σ(x) exactly as Tensor.map computes them.
    public static func fastExp(_ x: Float) -> Float { one(x, expRow) }
    public static func fastTanh(_ x: Float) -> Float { one(x, tanhRow) }
    public static func fastSigmoid(_ x: Float) -> Float { one(x, sigmoidRow) }

    private static func one(
        _ x: Float, _ row: (UnsafeMutablePointer<Float>, UnsafePointer<Float>, Int) -> Void
    ) -> Float {
        var (input, output) = (x, Float(0))
        row(&output, &input, 1)
        return output
    }
}
