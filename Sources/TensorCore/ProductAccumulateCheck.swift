// ProductAccumulateCheck: the proof by example that `Tensor.addProduct` (C += A·B as one GEMM
// with beta = 1) writes the bits of the product into a fresh tensor and then the add, under
// whatever kernel this process runs. The tests run it in the test process and through the
// built `cajal` (`cajal __check-gemm-split`, hidden), which runs the SkylakeX kernel on an
// AVX-512 CPU: the one the lessons and the bench use.

/// The products `checkProductAccumulate` adds into a sum: the learner's LSTM step's weight
/// gradients (the ones the sweep sums over time steps), the MLP's, products the pool splits
/// over two threads, and each side of the limits `addProduct` checks (k at
/// `productAccumulateMaxK` and one above, the small-product limit).
public let productAccumulateShapes: [GEMMShape] = [
    GEMMShape(16, 256, 32, "lstm_b32 dWx: x_tᵀ · dz"),
    GEMMShape(64, 256, 32, "lstm_b32 dWh: hᵀ · dz"),
    GEMMShape(64, 1, 32, "lstm_b32 head dWy: m·n·k = smallMatmulLimit, refused"),
    GEMMShape(784, 128, 64, "MLP b64 dW 784→128 (split over the pool)"),
    GEMMShape(128, 10, 64, "MLP b64 dW 128→10"),
    GEMMShape(9216, 7, 32, "lesson 10 (split over the pool)"),
    GEMMShape(97, 1000, 31, "odd everything"),
    GEMMShape(1, 4000, 64, "one row"),
    GEMMShape(40, 120, 112, "k = productAccumulateMaxK"),
    GEMMShape(40, 120, 113, "k above it: refused"),
    GEMMShape(8, 16, 17, "m·n·k just above it"),
]

/// What `checkProductAccumulate` found: the products added by one GEMM, the ones refused
/// (taken as product and add), and every product whose sum differs in any bit.
public struct ProductAccumulateReport: Sendable {
    public let kernel: String
    public var fused: [String] = []
    public var refused: [String] = []
    public var mismatches: [String] = []
}

/// Adds each product of `shapes`, under the three transpositions `addProduct` takes (A, B or
/// both transposed views), into a seeded random sum twice: by `addProduct` and by the
/// product then `formBinary(.add)`; compares the results bit for bit. A refused product
/// must leave the sum untouched.
public func checkProductAccumulate(_ shapes: [GEMMShape] = productAccumulateShapes) throws -> ProductAccumulateReport {
    var report = ProductAccumulateReport(kernel: blasCoreName())
    var rng = RandomGenerator(seed: 10)
    func random(_ shape: Dims) throws -> Tensor {
        try Tensor.uniform(shape, low: -1, high: 1, rng: &rng)
    }
    for s in shapes {
        let (m, n, k) = (s.m, s.n, s.k)
        for (transA, transB) in [(true, false), (false, true), (true, true)] {
            let a = transA ? try random([k, m]).transposed() : try random([m, k])
            let b = transB ? try random([n, k]).transposed() : try random([k, n])
            let c0 = try random([m, n])
            let what = "\(s) transA \(transA) transB \(transB)"
            var fused = c0.contiguousCopy()
            let took = fused.addProduct(a, b)
            var reference = c0.contiguousCopy()
            if took {
                try reference.formBinary(.add, Tensor.matmul(a, b))
                report.fused.append(what)
            } else {
                report.refused.append(what)
            }
            let differing = bitsDiffering(fused.toArray(), reference.toArray())
            if differing > 0 { report.mismatches.append("\(what): \(differing) elements differ") }
        }
    }
    return report
}
