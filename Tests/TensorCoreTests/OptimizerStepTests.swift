// OptimizerStepTests: the one-pass optimiser updates (Tensor.sgdStep, adamStep, rmspropStep)
// give exactly — bit for bit — the numbers of the same update written as separate tensor ops,
// the way the prelude's optim.cajal wrote it before (`p - lr * g`, `beta1 * m + (1 - beta1) * g`,
// ...), over several steps with every option; and wrong shapes are errors naming both shapes.
// (The prelude's 10-step curves against torch.optim are in ScriptTests' optim_curves_match_pytorch.)
import Foundation
import Testing
@testable import TensorCore

private func mul(_ s: Float, _ t: Tensor) -> Tensor { Tensor.binary(.mul, s, t) }
private func add(_ a: Tensor, _ b: Tensor) -> Tensor { try! Tensor.binary(.add, a, b) }
private func sub(_ a: Tensor, _ b: Tensor) -> Tensor { try! Tensor.binary(.sub, a, b) }
private func times(_ a: Tensor, _ b: Tensor) -> Tensor { try! Tensor.binary(.mul, a, b) }
private func div(_ a: Tensor, _ b: Tensor) -> Tensor { try! Tensor.binary(.div, a, b) }

/// Seeded normal tensors: a parameter and one gradient per step.
private func problem(_ shape: [Int], steps: Int, seed: UInt64) -> (Tensor, [Tensor]) {
    var rng = RandomGenerator(seed: seed)
    let p = try! Tensor.normal(shape, rng: &rng)
    return (p, (0..<steps).map { _ in try! Tensor.normal(shape, rng: &rng) })
}

@Suite struct OptimizerStepTests {
    @Test(arguments: [(0.0, false, 0.0), (0.9, false, 0.0), (0.9, true, 0.0), (0.0, false, 0.01), (0.8, true, 0.05)])
    func sgdEqualsTheWrittenOutUpdate(_ options: (Double, Bool, Double)) throws {
        let (momentum, nesterov, wd) = (Float(options.0), options.1, Float(options.2))
        let lr: Float = 0.1
        let (p0, grads) = problem([7, 13], steps: 4, seed: 21)
        var (fused, written) = (p0, p0)
        var (vFused, vWritten): (Tensor?, Tensor?) = (nil, nil)
        for g0 in grads {
            let r = try Tensor.sgdStep(param: fused, grad: g0, lr: lr, momentum: momentum, velocity: vFused,
                                       nesterov: nesterov, weightDecay: wd)
            (fused, vFused) = (r.param, r.velocity)
            var g = g0
            if wd != 0 { g = add(g, mul(wd, written)) }
            if momentum != 0 {
                vWritten = vWritten.map { add(mul(momentum, $0), g) } ?? g
                g = nesterov ? add(g, mul(momentum, vWritten!)) : vWritten!
            }
            written = sub(written, mul(lr, g))
        }
        #expect(fused.toArray() == written.toArray())
        #expect(vFused?.toArray() == vWritten?.toArray())
        #expect(fused.toArray() != p0.toArray())
    }

    @Test(arguments: [0.0, 0.01])
    func adamEqualsTheWrittenOutUpdate(_ weightDecay: Double) throws {
        let (lr, beta1, beta2, eps) = (0.01, 0.9, 0.999, 1e-8)
        let wd = Float(weightDecay)
        let (p0, grads) = problem([5, 11], steps: 5, seed: 4)
        var (fused, written) = (p0, p0)
        var (m, v) = (try Tensor.zeros(p0.shape), try Tensor.zeros(p0.shape))
        var (mw, vw) = (m, v)
        for (k, g0) in grads.enumerated() {
            let t = Double(k + 1)
            let (c1, c2) = (1 - Foundation.pow(beta1, t), (1 - Foundation.pow(beta2, t)).squareRoot())
            let r = try Tensor.adamStep(
                param: fused, grad: g0, m: m, v: v, stepSize: Float(lr / c1), beta1: Float(beta1), beta2: Float(beta2),
                oneMinusBeta1: Float(1 - beta1), oneMinusBeta2: Float(1 - beta2), rootCorrection: Float(c2),
                eps: Float(eps), weightDecay: wd)
            (fused, m, v) = (r.param, r.m, r.v)
            var g = g0
            if wd != 0 { g = add(g, mul(wd, written)) }
            mw = add(mul(Float(beta1), mw), mul(Float(1 - beta1), g))
            vw = add(mul(Float(beta2), vw), times(mul(Float(1 - beta2), g), g))
            let denominator = Tensor.binary(.add, Tensor.binary(.div, vw.map(.sqrt), Float(c2)), Float(eps))
            written = sub(written, div(mul(Float(lr / c1), mw), denominator))
        }
        #expect(fused.toArray() == written.toArray())
        #expect(m.toArray() == mw.toArray() && v.toArray() == vw.toArray())
    }

    @Test func rmspropEqualsTheWrittenOutUpdate() throws {
        let (lr, alpha, eps): (Float, Double, Float) = (0.01, 0.99, 1e-8)
        let (p0, grads) = problem([3, 17], steps: 5, seed: 8)
        var (fused, written) = (p0, p0)
        var v = try Tensor.zeros(p0.shape)
        var vw = v
        for g in grads {
            let r = try Tensor.rmspropStep(param: fused, grad: g, v: v, lr: lr, alpha: Float(alpha),
                                           oneMinusAlpha: Float(1 - alpha), eps: eps)
            (fused, v) = (r.param, r.v)
            vw = add(mul(Float(alpha), vw), times(mul(Float(1 - alpha), g), g))
            written = sub(written, div(mul(lr, g), Tensor.binary(.add, vw.map(.sqrt), eps)))
        }
        #expect(fused.toArray() == written.toArray())
        #expect(v.toArray() == vw.toArray())
    }

    @Test func stridedInputsAreRead() throws {
        let p = iota([3, 4]).transposed(), g = iota([4, 3], scale: 0.5)
        let r = try Tensor.sgdStep(param: p, grad: g, lr: 1, momentum: 0, velocity: nil, nesterov: false, weightDecay: 0)
        #expect(r.param.toArray() == sub(p.contiguous(), g).toArray())
    }

    @Test func mismatchedShapesNameBoth() throws {
        let p = try Tensor.zeros([2, 3])
        #expect {
            _ = try Tensor.adamStep(param: p, grad: p, m: Tensor.zeros([3, 2]), v: p, stepSize: 1, beta1: 0.9, beta2: 0.9,
                                    oneMinusBeta1: 0.1, oneMinusBeta2: 0.1, rootCorrection: 1, eps: 1e-8, weightDecay: 0)
        } throws: { "\($0)".contains("m [3, 2]") && "\($0)".contains("[2, 3]") }
        #expect {
            _ = try Tensor.sgdStep(param: p, grad: Tensor.zeros([6]), lr: 1, momentum: 0, velocity: nil, nesterov: false,
                                   weightDecay: 0)
        } throws: { "\($0)".contains("gradient [6]") }
    }
}
