// LSTMCell: one LSTM time step as one autograd node — TensorCore's fused forward
// (Tensor.lstmCell) recorded as a CustomOp whose derivative is the hand-written backward
// (Tensor.lstmCellBackward) — instead of the ~20 recorded primitives the step takes when
// written with matmul, slices, sigmoid, tanh and products. The builtin `lstm_cell` and the
// prelude's LSTMCell call it.
import Autograd
import TensorCore

/// The recorded LSTM step. Its output is h' and c' stacked, [2, B, H]; `GradContext.lstmCell`
/// hands out the two halves as slices, so gradients of either (or both) arrive here as one
/// [2, B, H] tensor. Saved: x, h, c, W_ih, W_hh, then the forward's stacked state, gates
/// and tanh(c').
struct LSTMCellOp: CustomOp {
    var name: String { "lstm_cell" }

    func vjp(_ g: Tensor, saved: [Tensor], needs: [Bool]) throws -> [Tensor?] {
        let gradH = try g.sliced([.index(0)]), gradC = try g.sliced([.index(1)])
        let step = LSTMCellResult(hc: saved[5], gates: saved[6], tanhC: saved[7])
        let d = try Tensor.lstmCellBackward(
            gradH: gradH, gradC: gradC, x: saved[0], h: saved[1], c: saved[2], wIh: saved[3], wHh: saved[4],
            step: step, needs: needs)
        return [d.x, d.h, d.c, d.wIh, d.wHh, d.bias]
    }
}

extension GradContext {
    /// One LSTM step, recorded as one node when any input requires a gradient:
    /// z = x·W_ih + h·W_hh + b; i, f, o = σ(z's 1st, 2nd, 4th quarter), g = tanh(3rd quarter);
    /// c' = f ⊙ c + i ⊙ g; h' = o ⊙ tanh c'. Shapes: x [B, I], h and c [B, H], W_ih [I, 4H],
    /// W_hh [H, 4H], b [4H] → (h' [B, H], c' [B, H]). Mismatched shapes throw a TensorError
    /// naming all six.
    public func lstmCell(
        x: Variable, h: Variable, c: Variable, wIh: Variable, wHh: Variable, bias: Variable
    ) throws -> (h: Variable, c: Variable) {
        let step = try Tensor.lstmCell(x: x.value, h: h.value, c: c.value, wIh: wIh.value, wHh: wHh.value,
                                       bias: bias.value)
        let inputs = [x, h, c, wIh, wHh, bias]
        guard isRecording, inputs.contains(where: \.requiresGrad) else {
            return (Variable(step.h), Variable(step.c))
        }
        let saved = [x.value, h.value, c.value, wIh.value, wHh.value, step.hc, step.gates, step.tanhC]
        let both = custom(LSTMCellOp(), inputs, output: step.hc, saved: saved)
        return (try slice(both, [.index(0)]), try slice(both, [.index(1)]))
    }
}
