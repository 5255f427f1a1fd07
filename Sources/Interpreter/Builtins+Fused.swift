// Builtins+Fused: fused kernels that replace a stretch of Cajal code by one Swift kernel and
// one autograd node, for speed: `lstm_cell` (one LSTM time step; NN's GradContext.lstmCell
// over TensorCore's Tensor.lstmCell). Each records when an argument requires a gradient and
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
    ]
}
