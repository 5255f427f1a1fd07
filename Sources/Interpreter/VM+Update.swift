// VM+Update: compound assignment to a field, `x.f += e` / `-=` / `*=` (ops addField, subField,
// mulField). On a parameter's `data` with a number or a tensor of its shape, the update
// writes into the parameter's storage (`p.data -= lr * p.grad` makes no new tensor); the
// scaledUpdate op before a `mul` does `p.data ∓= s * t` as one pass (TensorCore's
// formScaledUpdate). The storage is copied first when anything else shares it (a tensor read
// earlier from `p.data`, a recorded node that saved the parameter), so every value a program
// can see is what the written-out `x.f = x.f op e` gives, bit for bit; anything else takes
// that general path.
import Autograd
import TensorCore

extension VM {
    /// `base.name op= rhs`: in place on a parameter's data, else read, operate, write back.
    func updateField(_ op: ArithOp, _ base: Value, name: Value, _ rhs: Value) throws {
        if let t = parameterForUpdate(base, name: name) {
            if case .number(let x) = rhs {
                try t.updateParameter { try $0.formBinary(op.tensorOp!, Tensor(scalar: Float(x))) }
                return
            }
            if let r = object(rhs, as: TensorObj.self), r.tensor.shape == t.tensor.shape {
                let other = r.tensor
                try t.updateParameter { try $0.formBinary(op.tensorOp!, other) }
                return
            }
        }
        let old = try getField(base, name: name)
        try setField(base, name: name, try arithmetic(op, old, rhs))
    }

    /// `base.name ∓= a * b` as one pass when base is a parameter, name is `data`, and of a and b
    /// one is a number and the other a tensor of the parameter's shape (float32 products
    /// commute exactly); `subtract` comes from the update op that follows. Returns false
    /// (nothing done) for anything else.
    func scaledUpdate(_ base: Value, name: Value, _ a: Value, _ b: Value, subtract: Bool) throws -> Bool {
        guard let t = parameterForUpdate(base, name: name) else { return false }
        let (s, g) = if case .number = a { (a, b) } else { (b, a) }
        guard case .number(let x) = s, let r = object(g, as: TensorObj.self), r.tensor.shape == t.tensor.shape
        else { return false }
        let other = r.tensor
        try t.updateParameter { try $0.formScaledUpdate(subtract: subtract, scale: Float(x), other) }
        return true
    }

    /// The parameter whose numbers `base.name` names, when name is `data` and base a leaf that
    /// requires a gradient (what `p.data = …` accepts); nil otherwise.
    private func parameterForUpdate(_ base: Value, name: Value) -> TensorObj? {
        guard let t = object(base, as: TensorObj.self), let x = t.variable, x.requiresGrad, x.isLeaf,
              stringValue(name) == "data" else { return nil }
        return t
    }
}
