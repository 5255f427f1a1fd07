// The sweep adds a weight's gradient from each product it takes part in straight into the
// pending sum by one GEMM (Backward.swift's propagateMatmul, TensorCore's addProduct): the
// gradient is bit for bit the products summed one by one in the sweep's order, as a
// learner's per-step LSTM uses its weights once per time step.
import Autograd
import TensorCore
import Testing

@Suite struct MatmulAccumulateTests {
    func random(_ shape: [Int], _ seed: UInt64) throws -> Tensor {
        var rng = RandomGenerator(seed: seed)
        let n = shape.reduce(1, *)
        return try Tensor(shape: shape, values: (0..<n).map { _ in Float(rng.uniform() * 2 - 1) })
    }

    @Test func aWeightUsedAtThreeStepsGetsTheProductsSummedInSweepOrder() throws {
        let ag = GradContext()
        let w = Variable(try random([16, 256], 1), requiresGrad: true)
        let xs = try (0..<3).map { Variable(try random([32, 16], 10 + UInt64($0))) }
        let cs = try (0..<3).map { try random([32, 256], 20 + UInt64($0)) }
        // L = (s₀ + s₁) + s₂, sₜ = Σ (xₜ @ w) ⊙ cₜ: ∂L/∂w = Σₜ xₜᵀ cₜ, reached s₂ first.
        let s = try (0..<3).map { t in try ag.sum(ag.mul(ag.matmul(xs[t], w), Variable(cs[t]))) }
        try ag.add(ag.add(s[0], s[1]), s[2]).backward()
        var expected = try Tensor.matmul(xs[2].value.transposed(), cs[2])
        for t in [1, 0] { try expected.formBinary(.add, Tensor.matmul(xs[t].value.transposed(), cs[t])) }
        #expect(w.grad?.toArray().map(\.bitPattern) == expected.toArray().map(\.bitPattern))
    }

    @Test func theInputsGradientOfAReusedMatrixIsUnchanged() throws {
        // x @ x with x needing a gradient: both rows land in x's one sum.
        let ag = GradContext()
        let x = Variable(try random([24, 24], 3), requiresGrad: true)
        let c = try random([24, 24], 4)
        try ag.sum(ag.mul(ag.matmul(x, x), Variable(c))).backward()
        var expected = try Tensor.matmul(c, x.value.transposed())
        try expected.formBinary(.add, Tensor.matmul(x.value.transposed(), c))
        #expect(x.grad?.toArray().map(\.bitPattern) == expected.toArray().map(\.bitPattern))
    }
}
