// LSTMCellTests: the fused LSTM step (TensorCore's Tensor.lstmCell and its hand-written
// backward, recorded by NN's GradContext.lstmCell as one node) against frozen PyTorch values,
// against finite differences, and against the same step composed of autograd primitives.
import Autograd
import Foundation
import NN
import TensorCore
import Testing

/// Frozen from PyTorch: `python3 Sources/cajal-bench/reference/lstm_cell_reference.py`
/// (torch 2.13.0+cpu, nn.LSTMCell in float64, weight_ih = W_ihᵀ, bias_hh = 0; inputs are
/// sin of the flat index, see `fixed` below; loss Σ h'·rh + Σ c'·rc).
private enum TorchLSTMCell {
    static let h1: [Float] = [0.152715784, 0.148269595, 0.161270241, 0.021079675]
    static let c1: [Float] = [0.61755109, 0.9678153, 1.02069783, 0.079985598]
    static let gradX: [Float] = [-0.246246033, 0.0654232484, 0.347726112, -0.005279317, 0.301179742, 0.47244878]
    static let gradH: [Float] = [-0.285565436, 0.018128717, -0.0535313792, 0.261899279]
    static let gradC: [Float] = [0.6542233, 0.86504221, 0.68656428, 0.217311788]
    static let gradWih: [Float] = [
        -0.0198250845, -0.0368132425, 0.189453847, 0.0817590931, 0.463465849, 0.153010683, 0.0960743133, 0.01589579,
        0.0902248725, -0.0218702754, 0.100614811, 0.175692155, 0.25484686, 0.512732966, 0.0772897906, 0.0852741283,
        0.157840662, 0.00335862394, -0.0355449431, 0.186994451, -0.0736305898, 0.631308923, 0.0221546717, 0.114546712,
    ]
    static let gradWhh: [Float] = [
        -0.0069993938, -0.0233571532, 0.11955117, 0.0588272525, 0.29293754, 0.120154337, 0.0620625257, 0.0142331637,
        0.0391428891, -0.0224927547, 0.109757158, 0.113831849, 0.272878639, 0.305457463, 0.0688581365, 0.0478168584,
    ]
    static let gradB: [Float] = [0.0979338889, -0.0595209995, 0.291103557, 0.294187466, 0.723234124, 0.784956744, 0.181095387, 0.122336174]
}

/// Seeded normal inputs for the six arguments: x [b, i], h, c [b, hidden], W_ih, W_hh, b.
private func randomInputs(_ b: Int, _ i: Int, _ hidden: Int, seed: UInt64) -> [Variable] {
    var rng = RandomGenerator(seed: seed)
    let shapes = [[b, i], [b, hidden], [b, hidden], [i, 4 * hidden], [hidden, 4 * hidden], [4 * hidden]]
    return shapes.map { Variable(try! Tensor.normal($0, rng: &rng), requiresGrad: true) }
}

/// The same step from autograd primitives (what Cajal code without lstm_cell records).
private func composedStep(_ ag: GradContext, _ v: [Variable]) throws -> (Variable, Variable) {
    let hidden = v[1].shape[1]
    let z = try ag.add(ag.add(ag.matmul(v[0], v[3]), ag.matmul(v[1], v[4])), v[5])
    func quarter(_ k: Int) throws -> Variable {
        try ag.slice(z, [.range(start: nil, stop: nil, step: nil), .range(start: k * hidden, stop: (k + 1) * hidden, step: nil)])
    }
    let (i, f, g, o) = (try ag.sigmoid(quarter(0)), try ag.sigmoid(quarter(1)), try ag.tanh(quarter(2)), try ag.sigmoid(quarter(3)))
    let c = try ag.add(ag.mul(f, v[2]), ag.mul(i, g))
    return (try ag.mul(o, ag.tanh(c)), c)
}

@Suite struct LSTMCellTests {
    @Test func forwardAndEveryGradientMatchPyTorch() throws {
        let ag = GradContext()
        let x = fixed([2, 3], 0.1, 1), h = fixed([2, 2], 0.2, 0.5), c = fixed([2, 2], 0.3, 1.5)
        let wIh = fixed([3, 8], 0.4, 0.6), wHh = fixed([2, 8], 0.5, 0.6), b = fixed([8], 0.6, 0.3)
        let rh = fixed([2, 2], 0.7, 1, grad: false), rc = fixed([2, 2], 0.8, 1, grad: false)
        let step = try ag.lstmCell(x: x, h: h, c: c, wIh: wIh, wHh: wHh, bias: b)
        expectClose(step.h.value, TorchLSTMCell.h1, "h'")
        expectClose(step.c.value, TorchLSTMCell.c1, "c'")
        let loss = try ag.add(ag.sum(ag.mul(step.h, rh)), ag.sum(ag.mul(step.c, rc)))
        let g = try loss.gradients(withRespectTo: [x, h, c, wIh, wHh, b])
        expectClose(g[0], TorchLSTMCell.gradX, "∂x")
        expectClose(g[1], TorchLSTMCell.gradH, "∂h")
        expectClose(g[2], TorchLSTMCell.gradC, "∂c")
        expectClose(g[3], TorchLSTMCell.gradWih, "∂W_ih")
        expectClose(g[4], TorchLSTMCell.gradWhh, "∂W_hh")
        expectClose(g[5], TorchLSTMCell.gradB, "∂b")
    }

    @Test(arguments: ["h", "c", "both"])
    func gradcheckOfEveryInput(_ output: String) throws {
        let ag = GradContext()
        let inputs = randomInputs(3, 4, 5, seed: 7)
        let report = try ag.gradCheck(inputs) { v in
            let s = try ag.lstmCell(x: v[0], h: v[1], c: v[2], wIh: v[3], wHh: v[4], bias: v[5])
            switch output {
            case "h": return s.h
            case "c": return s.c
            default: return try ag.add(ag.mul(s.h, s.h), s.c)
            }
        }
        #expect(report.passed, "\(report)")
        #expect(report.checked == 3 * 4 + 2 * 3 * 5 + 4 * 20 + 5 * 20 + 20)
    }

    @Test func agreesWithTheStepComposedOfPrimitives() throws {
        let ag = GradContext()
        let v = randomInputs(4, 6, 8, seed: 3)
        let fused = try ag.lstmCell(x: v[0], h: v[1], c: v[2], wIh: v[3], wHh: v[4], bias: v[5])
        let composed = try composedStep(ag, v)
        expectClose(fused.h.value, composed.0.value.toArray(), "h'", tol: 1e-6)
        expectClose(fused.c.value, composed.1.value.toArray(), "c'", tol: 1e-6)
        let r = fixed([4, 8], 0.9, 1, grad: false)
        let lf = try ag.add(ag.sum(ag.mul(fused.h, r)), ag.sum(ag.mul(fused.c, fused.c)))
        let lc = try ag.add(ag.sum(ag.mul(composed.0, r)), ag.sum(ag.mul(composed.1, composed.1)))
        let gf = try lf.gradients(withRespectTo: v), gc = try lc.gradients(withRespectTo: v)
        for k in 0..<6 { expectClose(gf[k], gc[k].toArray(), "input \(k)", tol: 1e-5) }
    }

    @Test func recordsOneNodeAndNothingUnderNoGrad() throws {
        let ag = GradContext()
        let v = randomInputs(2, 3, 4, seed: 1)
        let s = try ag.lstmCell(x: v[0], h: v[1], c: v[2], wIh: v[3], wHh: v[4], bias: v[5])
        #expect(s.h.graphDescription().contains("lstm_cell("))
        let plain = try ag.withNoGrad { try ag.lstmCell(x: v[0], h: v[1], c: v[2], wIh: v[3], wHh: v[4], bias: v[5]) }
        #expect(plain.h.node == nil && plain.c.node == nil)
        #expect(plain.h.value.toArray() == s.h.value.toArray())
    }

    @Test func badShapesNameAllSix() throws {
        let ag = GradContext()
        var v = randomInputs(2, 3, 4, seed: 1)
        v[4] = Variable(try Tensor.zeros([4, 15]))
        #expect {
            _ = try ag.lstmCell(x: v[0], h: v[1], c: v[2], wIh: v[3], wHh: v[4], bias: v[5])
        } throws: { error in
            let text = "\(error)"
            return text.contains("lstm_cell") && text.contains("W_hh [4, 16]") && text.contains("[4, 15]")
        }
    }
}
