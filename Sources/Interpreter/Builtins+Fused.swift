// Builtins+Fused: fused kernels that replace a stretch of Cajal code by one Swift kernel and
// one autograd node, for speed: `lstm_cell` (one LSTM time step; NN's GradContext.lstmCell
// over TensorCore's Tensor.lstmCell) and `lstm_sequence` (a whole sequence; NN's
// GradContext.lstmSequence over Tensor.lstmSequence). Each records when an argument requires a
// gradient and is plain tensor work otherwise. And the optimisers' updates as one pass per
// parameter (`sgd_update_`, `adam_update_`, `rmsprop_update_`, over TensorCore's
// Tensor.sgdStep/adamStep/rmspropStep): they replace p.data, as `p.data -= ...` does.
import Autograd
import Foundation
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
        }.recordsInBody(),
        Builtin("lstm_sequence", [req("x"), req("h0"), req("c0"), req("W_ih"), req("W_hh"), req("b")], category: "nn",
                doc: "An LSTM over a whole sequence as one kernel and one autograd node: for t = 0 … T−1, {h, c} = lstm_cell(x[:, t], h, c, W_ih, W_hh, b) from h0, c0. The input projection of all steps is one matmul, and so is each weight gradient. x [B, T, I] (T ≥ 1), h0 and c0 [B, H], W_ih [I, 4H], W_hh [H, 4H], b [4H] → {hs: every h [B, T, H], h: the last h [B, H], c: the last c [B, H]}.",
                example: "let s = lstm_sequence(ones([2, 5, 3]), zeros([2, 4]), zeros([2, 4]), zeros([3, 16]), zeros([4, 16]), zeros([16]))\nprint(s.hs.shape, s.h.shape, s.c.shape)\n# expect: [2, 5, 4] [2, 4] [2, 4]") { c in
            let v = try (0..<6).map { try c.variable($0) }
            let run = try tensorOp {
                try c.vm.grad.lstmSequence(x: v[0], h0: v[1], c0: v[2], wIh: v[3], wHh: v[4], bias: v[5])
            }
            return c.vm.newRecord(["hs", "h", "c"],
                                  [c.vm.newVariable(run.hs), c.vm.newVariable(run.h), c.vm.newVariable(run.c)])
        }.recordsInBody(),
    ] + optimizerUpdates
}

extension BuiltinCall {
    /// Argument i as a parameter about to be updated: its tensor object (whose numbers the
    /// update replaces), its value and its gradient. Errors when it is not a parameter or has
    /// no gradient yet.
    func parameterForUpdate(_ i: Int) throws -> (object: TensorObj, value: Tensor, grad: Tensor) {
        guard let t = vm.object(args[i], as: TensorObj.self), let x = t.variable, x.requiresGrad, x.isLeaf else {
            throw expected(i, "parameter")
        }
        guard let g = x.grad else {
            throw bad(i, "the parameter has no gradient", hint: "call loss.backward() before the update")
        }
        return (t, x.value, g)
    }
}

extension BuiltinTable {
    /// The optimisers' updates, one pass per parameter (formulas in Tensor+Optimizers). Each
    /// replaces p.data and returns the optimiser's new state for p.
    static let optimizerUpdates: [Builtin] = [
        Builtin("sgd_update_", [req("p"), req("lr"), opt("momentum", .number(0)), opt("velocity"), opt("nesterov", .bool(false)),
                                opt("weight_decay", .number(0))], category: "autograd",
                doc: "One SGD step on parameter p in one pass, as torch.optim.SGD: g = p.grad + weight_decay * p; with momentum, v = momentum * velocity + g (v = g when velocity is nil) and g = g + momentum * v (nesterov) or v; then p.data = p - lr * g. Returns v (nil without momentum), the velocity to pass next time.",
                example: "let w = param([1, 2])\nsum(w * w).backward()\nsgd_update_(w, 0.1)\nprint(w)\n# expect: [0.8, 1.6]") { c in
            let (obj, p, g) = try c.parameterForUpdate(0)
            let momentum = try c.float(2)
            let velocity = c.isNil(3) || momentum == 0 ? nil : try c.tensor(3)
            let r = try tensorOp {
                try Tensor.sgdStep(param: p, grad: g, lr: c.float(1), momentum: momentum, velocity: velocity,
                                   nesterov: c.bool(4), weightDecay: c.float(5))
            }
            obj.replace(r.param)
            return r.velocity.map { c.vm.newTensor($0) } ?? .nil_
        }.inert(),
        Builtin("adam_update_", [req("p"), req("m"), req("v"), req("t"), opt("lr", .number(0.001)), opt("beta1", .number(0.9)),
                                 opt("beta2", .number(0.999)), opt("eps", .number(1e-8)), opt("weight_decay", .number(0))],
                category: "autograd",
                doc: "One Adam step (step number t ≥ 1) on parameter p in one pass, as torch.optim.Adam: g = p.grad + weight_decay * p; m' = beta1 * m + (1 - beta1) * g; v' = beta2 * v + (1 - beta2) * g * g; p.data = p - (lr / (1 - beta1^t)) * m' / (sqrt(v') / sqrt(1 - beta2^t) + eps). Returns {m: m', v: v'}.",
                example: "let w = param([1, -1])\nsum(w * w).backward()\nlet s = adam_update_(w, zeros([2]), zeros([2]), 1, lr: 0.1)\nprint(w, s.m)\n# expect: [0.9, -0.9] [0.2, -0.2]") { c in
            let (obj, p, g) = try c.parameterForUpdate(0)
            let t = try c.int(3)
            guard t >= 1 else { throw c.bad(3, "the step number t counts from 1, got \(t)") }
            let (lr, beta1, beta2) = (try c.number(4), try c.number(5), try c.number(6))
            let r = try tensorOp {
                try Tensor.adamStep(
                    param: p, grad: g, m: c.tensor(1), v: c.tensor(2), stepSize: Float(lr / (1 - Foundation.pow(beta1, Double(t)))),
                    beta1: Float(beta1), beta2: Float(beta2), oneMinusBeta1: Float(1 - beta1), oneMinusBeta2: Float(1 - beta2),
                    rootCorrection: Float((1 - Foundation.pow(beta2, Double(t))).squareRoot()), eps: c.float(7), weightDecay: c.float(8))
            }
            obj.replace(r.param)
            return c.vm.newRecord(["m", "v"], [c.vm.newTensor(r.m), c.vm.newTensor(r.v)])
        }.inert(),
        Builtin("rmsprop_update_", [req("p"), req("v"), opt("lr", .number(0.01)), opt("alpha", .number(0.99)),
                                    opt("eps", .number(1e-8))], category: "autograd",
                doc: "One RMSprop step on parameter p in one pass, as torch.optim.RMSprop: with g = p.grad, v' = alpha * v + (1 - alpha) * g * g; p.data = p - lr * g / (sqrt(v') + eps). Returns v'.",
                example: "let w = param([1, -1])\nsum(w * w).backward()\nlet v = rmsprop_update_(w, zeros([2]), lr: 0.01)\nprint(w, v)\n# expect: [0.9, -0.9] [0.04, 0.04]") { c in
            let (obj, p, g) = try c.parameterForUpdate(0)
            let alpha = try c.number(3)
            let r = try tensorOp {
                try Tensor.rmspropStep(param: p, grad: g, v: c.tensor(1), lr: c.float(2), alpha: Float(alpha),
                                       oneMinusAlpha: Float(1 - alpha), eps: c.float(4))
            }
            obj.replace(r.param)
            return c.vm.newTensor(r.v)
        }.inert(),
    ]
}
