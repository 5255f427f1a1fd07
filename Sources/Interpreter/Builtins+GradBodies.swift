// Builtins+GradBodies: the recording versions of the tensor builtins. When any argument of a
// builtin named here requires a gradient (and the session records), the call runs the body in
// this table on the session's GradContext instead of the plain row; arguments are bound and
// defaulted exactly as for the plain row, so the parameters here mirror Builtins+Math/Tensor.
import Autograd
import TensorCore

extension BuiltinCall {
    /// Argument i as an autograd operand: its variable, or a constant leaf.
    func variable(_ i: Int) throws -> Variable {
        if let x = vm.gradVariable(args[i]) { return x }
        return Variable(try tensor(i))
    }

    /// A list argument of tensors as autograd operands.
    func variables(_ i: Int) throws -> [Variable] {
        guard let l = vm.listObject(args[i]) else { throw expected(i, "list of tensors") }
        return try l.items.map { v in
            guard let x = try vm.variableValue(v) else { throw expected(i, "list of tensors") }
            return x
        }
    }

    /// Runs an autograd op and wraps its result as a tensor value.
    func recorded(_ body: (GradContext) throws -> Variable) throws -> Value {
        vm.newVariable(try tensorOp { try body(vm.grad) })
    }
}

extension BuiltinTable {
    typealias GradBody = (BuiltinCall) throws -> Value

    /// Recording bodies by builtin index.
    nonisolated(unsafe) static let gradBodies: [Int: GradBody] = {
        var table: [Int: GradBody] = [:]
        for (name, body) in gradBodyRows { if let i = index[name] { table[i] = body } }
        return table
    }()

    static func unaryBody(_ op: UnaryOp) -> GradBody {
        { c in try c.recorded { $0.unary(op, try c.variable(0)) } }
    }

    static func reduceBody(_ op: ReduceOp) -> GradBody {
        { c in
            let x = try c.variable(0), axes = try c.axes(1), keep = try c.bool(2)
            return try c.recorded { try $0.reduce(op, x, axes: axes, keepDims: keep) }
        }
    }

    nonisolated(unsafe) static let gradBodyRows: [(String, GradBody)] = [
        ("exp", unaryBody(.exp)), ("log", unaryBody(.log)), ("sqrt", unaryBody(.sqrt)),
        ("tanh", unaryBody(.tanh)), ("sigmoid", unaryBody(.sigmoid)), ("relu", unaryBody(.relu)),
        ("abs", unaryBody(.abs)), ("sin", unaryBody(.sin)), ("cos", unaryBody(.cos)),
        ("floor", unaryBody(.floor)), ("ceil", unaryBody(.ceil)),
        ("sum", reduceBody(.sum)), ("mean", reduceBody(.mean)), ("variance", reduceBody(.variance)),
        ("std", reduceBody(.std)),
        ("max", { c in
            guard c.rest.isEmpty else { throw c.bad(1, "max of several values does not record; use maximum(a, b)") }
            return try reduceBody(.max)(c)
        }),
        ("min", { c in
            guard c.rest.isEmpty else { throw c.bad(1, "min of several values does not record; use minimum(a, b)") }
            return try reduceBody(.min)(c)
        }),
        ("softmax", { c in let x = try c.variable(0), a = try c.int(1); return try c.recorded { try $0.softmax(x, axis: a) } }),
        ("log_softmax", { c in let x = try c.variable(0), a = try c.int(1); return try c.recorded { try $0.logSoftmax(x, axis: a) } }),
        ("tensor", { c in try c.recorded { _ in try c.variable(0) } }),
        ("reshape", { c in let x = try c.variable(0), s = try c.shape(1); return try c.recorded { try $0.reshape(x, s) } }),
        ("transpose", { c in
            let x = try c.variable(0)
            if c.isNil(1) { return try c.recorded { try $0.transpose(x) } }
            let axes = try c.shape(1)
            return try c.recorded { try $0.permute(x, axes) }
        }),
        ("matmul", { c in let a = try c.variable(0), b = try c.variable(1); return try c.recorded { try $0.matmul(a, b) } }),
        ("dot", { c in let a = try c.variable(0), b = try c.variable(1); return try c.recorded { try $0.dot(a, b) } }),
        ("outer", { c in let a = try c.variable(0), b = try c.variable(1); return try c.recorded { try $0.outer(a, b) } }),
        ("concat", { c in let xs = try c.variables(0), a = try c.int(1); return try c.recorded { try $0.concat(xs, axis: a) } }),
        ("stack", { c in let xs = try c.variables(0), a = try c.int(1); return try c.recorded { try $0.stack(xs, axis: a) } }),
        ("maximum", { c in let a = try c.variable(0), b = try c.variable(1); return try c.recorded { try $0.maximum(a, b) } }),
        ("minimum", { c in let a = try c.variable(0), b = try c.variable(1); return try c.recorded { try $0.minimum(a, b) } }),
        ("where", { c in
            let cond = Variable(try c.tensor(0)), a = try c.variable(1), b = try c.variable(2)
            return try c.recorded { try $0.where(cond, a, b) }
        }),
        ("clamp", { c in
            let x = try c.variable(0)
            let lo = c.isNil(1) ? nil : Float(try c.number(1)), hi = c.isNil(2) ? nil : Float(try c.number(2))
            return try c.recorded { try $0.clamp(x, min: lo, max: hi) }
        }),
    ]
}
