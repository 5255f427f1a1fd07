// LSTMSequenceTests: the whole-sequence LSTM node (TensorCore's Tensor.lstmSequence and its
// backward, recorded by NN's GradContext.lstmSequence as one node) against frozen PyTorch
// nn.LSTM values, against finite differences for every input and every output, and against
// the same sequence run as one lstm_cell node per step (forward and all six gradients).
import Autograd
import Foundation
import NN
import TensorCore
import Testing

/// Frozen from PyTorch: `python3 Sources/cajal-bench/reference/lstm_sequence_reference.py`
/// (torch 2.13.0+cpu, nn.LSTM batch_first in float64, weight_ih_l0 = W_ihᵀ, bias_hh_l0 = 0;
/// inputs are sin of the flat index, see `fixed` below; loss Σ hs·ry + Σ h_T·rh + Σ c_T·rc).
private enum TorchLSTM {
    static let hs: [Float] = [
        0.152715784, 0.148269595, 0.0746225257, 0.0315771085, -0.175043495, 0.00328856406,
        0.209168767, 0.0983849757, 0.189654458, -0.0342463543, -0.0657400769, -0.0479820738,
    ]
    static let h: [Float] = [-0.175043495, 0.00328856406, -0.0657400769, -0.0479820738]
    static let c: [Float] = [-0.275896181, 0.00449814731, -0.102778944, -0.0660736234]
    static let gradX: [Float] = [
        -0.138768615, -0.0351370852, 0.0842663659, -0.0744241039, 0.146233854, 0.301252079, -0.190055615, 0.188931067,
        0.483112593, 0.0975746544, 0.166049182, 0.159989505, -0.00383061883, 0.260946793, 0.408593477, -0.0334765077,
        0.480449099, 0.778716362,
    ]
    static let gradH0: [Float] = [-0.149539026, -0.0525977895, 0.082794802, 0.160284243]
    static let gradC0: [Float] = [0.332413268, 0.291818698, 0.29141836, 0.258189447]
    static let gradWih: [Float] = [
        0.35415733, -0.0849493212, -0.189367218, 0.169472118, -0.504133425, -0.429143472, 0.0630135552, 0.0108260854,
        0.483593788, -0.0164801626, -0.264163798, 0.13172625, -0.785128296, -0.426657402, -0.0109402864, 0.0803113121,
        0.385588531, 0.059739874, -0.214720015, 0.0320274682, -0.696865062, -0.223507689, -0.0797487404, 0.112024874,
    ]
    static let gradWhh: [Float] = [
        -0.0381806504, -0.0399208626, 0.159984472, 0.0645268401, 0.324604772, 0.30952803, -0.0840314033, -0.00980958069,
        0.047418061, -0.0249550729, 0.0577970483, 0.0725783029, 0.125501912, 0.214233418, -0.0339366275, 0.0385229327,
    ]
    static let gradB: [Float] = [
        -0.353156985, -0.196875527, 0.757866888, 0.320299538, 1.86938522, 1.70245256, -0.150123691, 0.0691517107,
    ]
}

/// Seeded normal inputs x [b, t, i], h0, c0 [b, hidden], W_ih, W_hh, b (the weights scaled
/// by `weightScale` so that long sequences stay away from saturated gates).
private func randomInputs(_ b: Int, _ t: Int, _ i: Int, _ hidden: Int, seed: UInt64, weightScale: Float = 1)
    -> [Variable]
{
    var rng = RandomGenerator(seed: seed)
    let shapes = [[b, t, i], [b, hidden], [b, hidden], [i, 4 * hidden], [hidden, 4 * hidden], [4 * hidden]]
    return shapes.enumerated().map { k, shape in
        let v = try! Tensor.normal(shape, rng: &rng)
        return Variable(k >= 3 ? Tensor.binary(.mul, v, weightScale) : v, requiresGrad: true)
    }
}

/// The sequence as one lstm_cell node per step, the hidden states stacked on axis 1.
private func stepByStep(_ ag: GradContext, _ v: [Variable]) throws -> (hs: Variable, h: Variable, c: Variable) {
    var (h, c) = (v[1], v[2])
    var hs: [Variable] = []
    for t in 0..<v[0].shape[1] {
        let x = try ag.slice(v[0], [.all, .index(t)])
        (h, c) = try ag.lstmCell(x: x, h: h, c: c, wIh: v[3], wHh: v[4], bias: v[5])
        hs.append(h)
    }
    return (try ag.stack(hs, axis: 1), h, c)
}

/// Σ hs·ry + Σ h·rh + Σ c·rc with fixed weights of the right shapes.
private func weightedLoss(_ ag: GradContext, _ r: (hs: Variable, h: Variable, c: Variable)) throws -> Variable {
    let ry = fixed(r.hs.shape, 0.7, 1, grad: false), rh = fixed(r.h.shape, 0.8, 1, grad: false)
    let rc = fixed(r.c.shape, 0.9, 1, grad: false)
    return try ag.add(ag.add(ag.sum(ag.mul(r.hs, ry)), ag.sum(ag.mul(r.h, rh))), ag.sum(ag.mul(r.c, rc)))
}

@Suite struct LSTMSequenceTests {
    @Test func forwardAndEveryGradientMatchPyTorch() throws {
        let ag = GradContext()
        let x = fixed([2, 3, 3], 0.1, 1), h0 = fixed([2, 2], 0.2, 0.5), c0 = fixed([2, 2], 0.3, 1.5)
        let wIh = fixed([3, 8], 0.4, 0.6), wHh = fixed([2, 8], 0.5, 0.6), b = fixed([8], 0.6, 0.3)
        let r = try ag.lstmSequence(x: x, h0: h0, c0: c0, wIh: wIh, wHh: wHh, bias: b)
        #expect(r.hs.shape == [2, 3, 2] && r.h.shape == [2, 2] && r.c.shape == [2, 2])
        expectClose(r.hs.value, TorchLSTM.hs, "hs")
        expectClose(r.h.value, TorchLSTM.h, "h_T")
        expectClose(r.c.value, TorchLSTM.c, "c_T")
        let g = try weightedLoss(ag, r).gradients(withRespectTo: [x, h0, c0, wIh, wHh, b])
        expectClose(g[0], TorchLSTM.gradX, "∂x")
        expectClose(g[1], TorchLSTM.gradH0, "∂h0")
        expectClose(g[2], TorchLSTM.gradC0, "∂c0")
        expectClose(g[3], TorchLSTM.gradWih, "∂W_ih")
        expectClose(g[4], TorchLSTM.gradWhh, "∂W_hh")
        expectClose(g[5], TorchLSTM.gradB, "∂b")
    }

    @Test(arguments: ["hs", "h", "c", "all"])
    func gradcheckOfEveryInput(_ output: String) throws {
        let ag = GradContext()
        let inputs = randomInputs(3, 4, 2, 3, seed: 11, weightScale: 0.5)
        let report = try ag.gradCheck(inputs) { v in
            let r = try ag.lstmSequence(x: v[0], h0: v[1], c0: v[2], wIh: v[3], wHh: v[4], bias: v[5])
            switch output {
            case "hs": return r.hs
            case "h": return r.h
            case "c": return r.c
            default: return try weightedLoss(ag, r)
            }
        }
        #expect(report.passed, "\(report)")
        #expect(report.checked == 3 * 4 * 2 + 2 * 3 * 3 + 2 * 12 + 3 * 12 + 12)
    }

    @Test(arguments: [(4, 5, 6, 8), (3, 1, 2, 5), (2, 9, 3, 3)])
    func agreesWithOneLSTMCellPerStep(_ shape: (Int, Int, Int, Int)) throws {
        let ag = GradContext()
        let v = randomInputs(shape.0, shape.1, shape.2, shape.3, seed: 5, weightScale: 0.5)
        let whole = try ag.lstmSequence(x: v[0], h0: v[1], c0: v[2], wIh: v[3], wHh: v[4], bias: v[5])
        let steps = try stepByStep(ag, v)
        expectClose(whole.hs.value, steps.hs.value.toArray(), "hs", tol: 1e-6)
        expectClose(whole.h.value, steps.h.value.toArray(), "h_T", tol: 1e-6)
        expectClose(whole.c.value, steps.c.value.toArray(), "c_T", tol: 1e-6)
        let gw = try weightedLoss(ag, whole).gradients(withRespectTo: v)
        let gs = try weightedLoss(ag, steps).gradients(withRespectTo: v)
        for k in 0..<6 { expectClose(gw[k], gs[k].toArray(), "input \(k)", tol: 1e-5) }
    }

    @Test func onlyTheWeightsNeedGradients() throws {
        let ag = GradContext()
        var v = randomInputs(3, 4, 5, 6, seed: 9, weightScale: 0.5)
        for k in 0..<3 { v[k] = Variable(v[k].value) }   // x, h0, c0 as constants
        let whole = try ag.lstmSequence(x: v[0], h0: v[1], c0: v[2], wIh: v[3], wHh: v[4], bias: v[5])
        let steps = try stepByStep(ag, v)
        let w = Array(v[3...])
        let gw = try weightedLoss(ag, whole).gradients(withRespectTo: w)
        let gs = try weightedLoss(ag, steps).gradients(withRespectTo: w)
        for k in 0..<3 { expectClose(gw[k], gs[k].toArray(), "weight \(k)", tol: 1e-5) }
    }

    @Test func recordsOneNodeAndNothingUnderNoGrad() throws {
        let ag = GradContext()
        let v = randomInputs(2, 3, 4, 5, seed: 1)
        let r = try ag.lstmSequence(x: v[0], h0: v[1], c0: v[2], wIh: v[3], wHh: v[4], bias: v[5])
        let graph = r.h.graphDescription()
        #expect(graph.contains("lstm_sequence(") && !graph.contains("lstm_cell("))
        let plain = try ag.withNoGrad {
            try ag.lstmSequence(x: v[0], h0: v[1], c0: v[2], wIh: v[3], wHh: v[4], bias: v[5])
        }
        #expect(plain.hs.node == nil && plain.h.node == nil && plain.c.node == nil)
        #expect(plain.hs.value.toArray() == r.hs.value.toArray())
    }

    @Test func emptyBatchGivesEmptyStatesAndZeroGradients() throws {
        let s = try Tensor.lstmSequence(x: Tensor.zeros([0, 3, 2]), h0: Tensor.zeros([0, 4]), c0: Tensor.zeros([0, 4]),
                                        wIh: Tensor.ones([2, 16]), wHh: Tensor.ones([4, 16]), bias: Tensor.ones([16]))
        #expect(s.output.shape == [0, 4, 4])
        let d = try Tensor.lstmSequenceBackward(grad: Tensor.zeros([0, 4, 4]), wIh: Tensor.ones([2, 16]),
                                                wHh: Tensor.ones([4, 16]), sequence: s)
        #expect(d.x?.shape == [0, 3, 2] && d.h?.shape == [0, 4] && d.c?.shape == [0, 4])
        #expect(d.wIh?.toArray() == Array(repeating: 0, count: 32) && d.wHh?.toArray() == Array(repeating: 0, count: 64))
        #expect(d.bias?.toArray() == Array(repeating: 0, count: 16))
    }

    @Test func badShapesAndEmptySequencesAreErrors() throws {
        let ag = GradContext()
        var v = randomInputs(2, 3, 4, 5, seed: 1)
        v[4] = Variable(try Tensor.zeros([5, 19]))
        #expect {
            _ = try ag.lstmSequence(x: v[0], h0: v[1], c0: v[2], wIh: v[3], wHh: v[4], bias: v[5])
        } throws: { error in
            let text = "\(error)"
            return text.contains("lstm_sequence") && text.contains("W_hh [5, 20]") && text.contains("[5, 19]")
        }
        let w = randomInputs(2, 3, 4, 5, seed: 1)
        #expect {
            _ = try ag.lstmSequence(x: Variable(try Tensor.zeros([2, 0, 4])), h0: w[1], c0: w[2], wIh: w[3],
                                    wHh: w[4], bias: w[5])
        } throws: { "\($0)".contains("no time steps") }
        #expect {
            _ = try ag.lstmSequence(x: w[1], h0: w[1], c0: w[2], wIh: w[3], wHh: w[4], bias: w[5])
        } throws: { "\($0)".contains("x of rank 3") }
    }
}
