// LSTMSequence: an LSTM over a whole sequence as ONE autograd node — TensorCore's
// Tensor.lstmSequence (the input projection of all steps as one GEMM, the recurrence step by
// step) recorded as a CustomOp whose derivative is Tensor.lstmSequenceBackward (the weight
// gradients as one GEMM each over all steps). The builtin `lstm_sequence` and the prelude's
// LSTM layer call it; LSTMCell keeps the one-step node of LSTMCell.swift.
import Autograd
import TensorCore

/// The recorded sequence. Its output is [B, T+1, H]: every h, then the last c (see
/// LSTMSequenceResult); `GradContext.lstmSequence` hands out slices of it, so the gradients
/// of all three results arrive here as one tensor. Saved: W_ih, W_hh, then the forward's
/// output, x time-major, hs, cs, gates and tanh(c).
struct LSTMSequenceOp: CustomOp {
    var name: String { "lstm_sequence" }

    func vjp(_ g: Tensor, saved: [Tensor], needs: [Bool]) throws -> [Tensor?] {
        let sequence = LSTMSequenceResult(output: saved[2], xT: saved[3], hs: saved[4], cs: saved[5],
                                          gates: saved[6], tanhC: saved[7])
        let d = try Tensor.lstmSequenceBackward(grad: g, wIh: saved[0], wHh: saved[1], sequence: sequence, needs: needs)
        return [d.x, d.h, d.c, d.wIh, d.wHh, d.bias]
    }
}

extension GradContext {
    /// An LSTM over a sequence, recorded as one node when any input requires a gradient:
    /// for t = 1 … T, (h_t, c_t) = one LSTM step (see `lstmCell`) of x[:, t−1] from
    /// (h_(t−1), c_(t−1)). Shapes: x [B, T, I] with T ≥ 1, h0 and c0 [B, H], W_ih [I, 4H],
    /// W_hh [H, 4H], b [4H] → (hs [B, T, H] = h_1 … h_T, h [B, H] = h_T, c [B, H] = c_T).
    /// Mismatched shapes throw a TensorError naming all six.
    public func lstmSequence(
        x: Variable, h0: Variable, c0: Variable, wIh: Variable, wHh: Variable, bias: Variable
    ) throws -> (hs: Variable, h: Variable, c: Variable) {
        let s = try Tensor.lstmSequence(x: x.value, h0: h0.value, c0: c0.value, wIh: wIh.value, wHh: wHh.value,
                                        bias: bias.value)
        let steps = x.value.shape[1]
        let cut = LSTMSequenceResult.slices(steps: steps)
        let inputs = [x, h0, c0, wIh, wHh, bias]
        guard isRecording, inputs.contains(where: \.requiresGrad) else {
            return (Variable(try s.output.sliced(cut.hs)), Variable(try s.output.sliced(cut.h)),
                    Variable(try s.output.sliced(cut.c)))
        }
        let saved = [wIh.value, wHh.value, s.output, s.xT, s.hs, s.cs, s.gates, s.tanhC]
        let all = custom(LSTMSequenceOp(), inputs, output: s.output, saved: saved)
        return (try slice(all, cut.hs), try slice(all, cut.h), try slice(all, cut.c))
    }
}
