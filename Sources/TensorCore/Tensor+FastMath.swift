// Tensor+FastMath: exp, tanh and sigmoid over float32 rows, eight lanes at a time with SIMD
// polynomials (Cephes-style range reduction, as SLEEF and PyTorch's vectorised kernels do)
// instead of one libm call per element. The build targets baseline x86-64, so these are SSE2
// vectors without FMA; the error stays within a few float32 ulps of the exact value (the
// sweep in Tests/TensorCoreTests/FastMathTests.swift measures it against Float64 libm):
// exp and tanh ≤ 1 ulp, sigmoid ≤ 2 ulp, subnormal results included; ±inf and NaN as libm.

typealias FloatLanes = SIMD8<Float>
typealias IntLanes = SIMD8<Int32>

private let log2e: Float = 1.44269504088896341
/// ln 2 split so that k · ln2Hi is exact for |k| ≤ 2⁹ (Cody–Waite).
private let ln2Hi: Float = 0.693359375
private let ln2Lo: Float = -2.12194440e-4
/// 1.5 · 2²³: adding it rounds a float of magnitude < 2²² to an integer held in the low bits.
private let roundMagic: Float = 12582912

/// eˣ per lane. Inputs are clamped to [−104, 89] (beyond which the result is 0 or +inf
/// anyway); NaN passes through. e^x = 2^k · e^r with k = round(x / ln 2), |r| ≤ ln 2 / 2,
/// e^r = 1 + r + r² · P(r) (degree-5 P, Cephes expf); 2^k is applied as two factors 2^(k/2)
/// so that results down to the smallest subnormal are rounded once.
@inline(__always)
func fastExp(_ v: FloatLanes) -> FloatLanes {
    var x = v.replacing(with: 89, where: v .> 89)
    x.replace(with: -104, where: x .< -104)
    let z = x * log2e + roundMagic
    let k = z - roundMagic
    var r = x - k * ln2Hi
    r = r - k * ln2Lo
    var p = r * 1.9875691500e-4 + 1.3981999507e-3
    p = p * r + 8.3334519073e-3
    p = p * r + 4.1665795894e-2
    p = p * r + 1.6666665459e-1
    p = p * r + 5.0000001201e-1
    let er = p * (r * r) + r + 1
    let n = unsafeBitCast(z, to: IntLanes.self) &- 0x4B40_0000   // k as an integer
    let n1 = n &>> 1
    let n2 = n &- n1
    let s1 = unsafeBitCast((n1 &+ 127) &<< 23, to: FloatLanes.self)
    let s2 = unsafeBitCast((n2 &+ 127) &<< 23, to: FloatLanes.self)
    return er * s1 * s2
}

/// |x| per lane (sign bit cleared).
@inline(__always)
func lanesMagnitude(_ v: FloatLanes) -> FloatLanes {
    unsafeBitCast(unsafeBitCast(v, to: IntLanes.self) & 0x7FFF_FFFF, to: FloatLanes.self)
}

/// tanh x per lane: for |x| < 0.625 the odd polynomial x + x³ · Q(x²) (Cephes tanhf), above
/// it 1 − 2 / (e^{2|x|} + 1) with x's sign; ±inf → ±1, NaN → NaN, −0 → −0.
@inline(__always)
func fastTanh(_ v: FloatLanes) -> FloatLanes {
    let z = v * v
    var q = z * -5.70498872745e-3 + 2.06390887954e-2
    q = q * z - 5.37397155531e-2
    q = q * z + 1.33314422036e-1
    q = q * z - 3.33332819422e-1
    let small = q * z * v + v
    let ax = lanesMagnitude(v)
    let big = 1 - 2 / (fastExp(ax + ax) + 1)
    let sign = unsafeBitCast(v, to: IntLanes.self) & IntLanes(repeating: Int32(bitPattern: 0x8000_0000))
    let signedBig = unsafeBitCast(unsafeBitCast(big, to: IntLanes.self) | sign, to: FloatLanes.self)
    let poly = small.replacing(with: v, where: ax .< 0x1p-12)   // tanh x = x there; keeps −0
    return poly.replacing(with: signedBig, where: .!(ax .< 0.625))
}

/// 1 / (1 + e^−x) per lane, as e / (1 + e) with e = e^−|x| below 0 so that tiny results keep
/// their precision (one division either way); ±inf → 1 / 0, NaN → NaN.
@inline(__always)
func fastSigmoid(_ v: FloatLanes) -> FloatLanes {
    let e = fastExp(-lanesMagnitude(v))
    let numerator = FloatLanes(repeating: 1).replacing(with: e, where: v .< 0)
    return numerator / (1 + e)
}

/// `o[i] = f(x[i])` for i in 0..<n, eight at a time; the tail goes through a padded vector.
@inline(__always)
func mapLanes(
    _ o: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ n: Int,
    _ f: (FloatLanes) -> FloatLanes
) {
    let width = FloatLanes.scalarCount
    var i = 0
    while i + width <= n {
        let v = UnsafeRawPointer(x + i).loadUnaligned(as: FloatLanes.self)
        UnsafeMutableRawPointer(o + i).storeBytes(of: f(v), as: FloatLanes.self)
        i += width
    }
    guard i < n else { return }
    var tail = FloatLanes(repeating: 0)
    for j in 0..<(n - i) { tail[j] = x[i + j] }
    let y = f(tail)
    for j in 0..<(n - i) { o[i + j] = y[j] }
}

/// `o[i] = eˣ⁽ⁱ⁾` over a row (the exp of Tensor.map and the fused kernels).
func expRow(_ o: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ n: Int) {
    mapLanes(o, x, n, fastExp)
}

/// `o[i] = tanh x[i]` over a row.
func tanhRow(_ o: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ n: Int) {
    mapLanes(o, x, n, fastTanh)
}

/// `o[i] = σ(x[i])` over a row.
func sigmoidRow(_ o: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ n: Int) {
    mapLanes(o, x, n, fastSigmoid)
}

extension Tensor {
    /// The vectorised scalar functions for callers outside TensorCore that hold one float
    /// (tests, fused kernels): eˣ, tanh x and σ(x) exactly as Tensor.map computes them.
    public static func fastExp(_ x: Float) -> Float { TensorCore.fastExp(FloatLanes(repeating: x))[0] }
    public static func fastTanh(_ x: Float) -> Float { TensorCore.fastTanh(FloatLanes(repeating: x))[0] }
    public static func fastSigmoid(_ x: Float) -> Float { TensorCore.fastSigmoid(FloatLanes(repeating: x))[0] }
}
