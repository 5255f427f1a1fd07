// A fused kernel defined outside the derivative table through CustomOp (how NN adds its own
// fused kernels): checked by finite differences and against the same function composed.
import Autograd
import TensorCore
import Testing

/// swish(x) = x·σ(x), with its derivative σ + x·σ·(1 − σ) written by hand.
struct Swish: CustomOp {
    var name: String { "swish" }

    static func forward(_ ag: GradContext, _ x: Variable) throws -> Variable {
        let y = try x.value * x.value.map(.sigmoid)
        return ag.custom(Swish(), [x], output: y, saved: [x.value])
    }

    func vjp(_ g: Tensor, saved: [Tensor], needs: [Bool]) throws -> [Tensor?] {
        let s = saved[0].map(.sigmoid)
        return [try g * (s + saved[0] * s * (1 - s))]
    }
}

@Suite struct CustomOpTests {
    @Test func customOpMatchesFiniteDifferences() throws {
        let c = GradCase("swish", [InputSpec([3, 4])]) { ag, x in try Swish.forward(ag, x[0]) }
        let report = try c.run()
        #expect(report.passed, "\(report)")
    }

    @Test func customOpAgreesWithTheComposedFunction() throws {
        let ag = GradContext()
        let x = Variable(tensor([4], [-2, -0.5, 0.5, 3]), requiresGrad: true)
        let fused = try Swish.forward(ag, x)
        let composed = try ag.mul(x, ag.sigmoid(x))
        #expect(isClose(fused.value, composed.value))
        let g1 = try ag.sum(fused).gradients(withRespectTo: [x])[0]
        let g2 = try ag.sum(composed).gradients(withRespectTo: [x])[0]
        #expect(isClose(g1, g2))
        #expect(fused.graphDescription().hasSuffix("swish(%0)  [4]"))
    }

    @Test func customOpRecordsNothingUnderNoGrad() throws {
        let ag = GradContext()
        let x = Variable(tensor([2], [1, 2]), requiresGrad: true)
        let y = try ag.withNoGrad { try Swish.forward(ag, x) }
        #expect(y.node == nil)
    }
}
