// Builtins+Fused: fused kernels that replace a stretch of Cajal code by one Swift kernel and
// one autograd node, for speed: `lstm_cell` (one LSTM time step; NN's GradContext.lstmCell
// over TensorCore's Tensor.lstmCell) and `lstm_sequence` (a whole sequence; NN's
// GradContext.lstmSequence over Tensor.lstmSequence). Each records when an argument requires a gradient and
// is plain tensor work otherwise.
import Autograd
import NN
import TensorCore

extension BuiltinTable {
    static let fused: [Builtin] = [
        Builtin("lstm_cell", [req("x"), req("h"), req("c"), req("W_ih"), req("W_hh"), req("b")], category: "nn",
                doc: "One LSTM step as one kernel: z = x @ W_ih + h @ W_hh + b; i, f, o = sigmoid of z's 1st, 2nd, 4th quarter, g = tanh of the 3rd; c' = f*c + i*g; h' = o*tanh(c'). x [B, I], h and c [B, H], W_ih [I, 4H], W_hh [H, 4H], b [4H] → {h: h', c: c'}.",
                example: "let s = lstm_cell(ones([2, 3]), zeros([2, 4]), ones([2, 4]), zeros([3, 16]), zeros([4, 16]), zeros([16]))\nprint(s.h.shape, s.c)\n# expect: [2, 4] [[0.5, 0.5, 0.5, 0.5], [0.5, 0.5, 0.5, 0.5]]") { c in
            let v = try (0..<6).map { try c.variable($0) }
            let step = try tensorOp {
                try c.vm.grad.lstmCell(x: v[0], h: v[1], c: v[2], wIh: v[3], wHh: v[4], bias: v[5])
            }
            return c.vm.newRecord(["h", "c"], [c.vm.newVariable(step.h), c.vm.newVariable(step.c)])
        },
        Builtin("lstm_sequence", [req("x"), req("h0"), req("c0"), req("W_ih"), req("W_hh"), req("b")], category: "nn",
                doc: "An LSTM over a whole sequence as one kernel and one autograd node: for t = 0 … T−1, {h, c} = lstm_cell(x[:, t], h, c, W_ih, W_hh, b) from h0, c0. The input projection of all steps is one matmul, and so is each weight gradient. x [B, T, I] (T ≥ 1), h0 and c0 [B, H], W_ih [I, 4H], W_hh [H, 4H], b [4H] → {hs: every h [B, T, H], h: the last h [B, H], c: the last c [B, H]}.",
                example: "let s = lstm_sequence(ones([2, 5, 3]), zeros([2, 4]), zeros([2, 4]), zeros([3, 16]), zeros([4, 16]), zeros([16]))\nprint(s.hs.shape, s.h.shape, s.c.shape)\n# expect: [2, 5, 4] [2, 4] [2, 4]") { c in
            let v = try (0..<6).map { try c.variable($0) }
            let run = try tensorOp {
                try c.vm.grad.lstmSequence(x: v[0], h0: v[1], c0: v[2], wIh: v[3], wHh: v[4], bias: v[5])
            }
            return c.vm.newRecord(["hs", "h", "c"],
                                  [c.vm.newVariable(run.hs), c.vm.newVariable(run.h), c.vm.newVariable(run.c)])
        },
    ]
}
