// Builtins+Gradient: what each builtin row declares about gradients, and the one gradient
// path that follows the declaration. A row says one of:
//
//   .records { c in … }   when an argument records, this body runs on the session's
//                         GradContext instead of the row's plain body (the fast path)
//   .recordsInBody()      the row's body already goes through the GradContext, whose ops
//                         return plain results when nothing records (conv2d, the losses)
//   .constant("why")      not differentiable: the result carries no gradient (argmax, round)
//   .refuses("why")       an argument that records is an error naming the reason
//   .inert()              makes, loads, prints, plots or inspects values, or steers training:
//                         no result whose gradient could matter
//
// A row that declares nothing is `.undeclared`, and BuiltinGradientTests fails naming it.
import Autograd
import TensorCore

/// A builtin's declaration about gradients (see the file header).
enum GradientRule {
    case undeclared
    case records((BuiltinCall) throws -> Value)
    case recordsInBody
    case constant(String)
    case refuses(String)
    case inert

    /// "records", "constant", "refuses", "inert" or "undeclared", for tests and docs.
    var kind: String {
        switch self {
        case .undeclared: return "undeclared"
        case .records, .recordsInBody: return "records"
        case .constant: return "constant"
        case .refuses: return "refuses"
        case .inert: return "inert"
        }
    }

    /// The line `:help` and docs/builtins.md show, or nil for an inert builtin.
    var docLine: String? {
        switch self {
        case .records, .recordsInBody: return "Records a gradient when an argument requires one."
        case .constant(let why): return "Constant: the result carries no gradient (\(why))."
        case .refuses(let why): return "Refuses a parameter: \(why)."
        case .inert, .undeclared: return nil
        }
    }
}

extension Builtin {
    /// This row with its gradient declaration (see the file header).
    func declaring(_ rule: GradientRule) -> Builtin {
        var b = self
        b.gradient = rule
        return b
    }

    func records(_ body: @escaping (BuiltinCall) throws -> Value) -> Builtin { declaring(.records(body)) }
    func recordsInBody() -> Builtin { declaring(.recordsInBody) }
    func constant(_ why: String) -> Builtin { declaring(.constant(why)) }
    func refuses(_ why: String) -> Builtin { declaring(.refuses(why)) }
    func inert() -> Builtin { declaring(.inert) }
}

extension VM {
    /// Runs builtin row `e` on `call` as its declaration says: the recording body when an
    /// argument records, an error when the row refuses one, the plain body otherwise (and
    /// always, until the session's first parameter: one flag test). A watched row's result
    /// goes to the NaN/Inf sentinel (VM+Sentinel.swift).
    @inline(__always) func runBuiltin(_ e: BuiltinEntry, _ call: BuiltinCall) throws -> Value {
        let r = try runDeclared(e, call)
        if e.watched { sentinelCheck(r, op: e.row.name, inputs: call.args + call.rest) }
        return r
    }

    @inline(__always) private func runDeclared(_ e: BuiltinEntry, _ call: BuiltinCall) throws -> Value {
        guard gradInUse else { return try e.row.body(call) }
        switch e.row.gradient {
        case .records(let body): if recordsAny(call) { return try body(call) }
        case .refuses(let why):
            if let i = call.args.firstIndex(where: records) {
                throw call.bad(i, "\(e.row.name) does not take a parameter: \(why)",
                               hint: "pass plain values, e.g. p.data or detach(p)")
            }
        default: break
        }
        return try e.row.body(call)
    }
}

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
    /// The recording body of an elementwise function of one tensor.
    static func unaryBody(_ op: UnaryOp) -> (BuiltinCall) throws -> Value {
        { c in try c.recorded { $0.unary(op, try c.variable(0)) } }
    }

    /// The recording body of a reduction with `axis` and `keepdims`.
    static func reduceBody(_ op: ReduceOp) -> (BuiltinCall) throws -> Value {
        { c in
            let x = try c.variable(0), axes = try c.axes(1), keep = try c.bool(2)
            return try c.recorded { try $0.reduce(op, x, axes: axes, keepDims: keep) }
        }
    }

    /// The recording body of an op of two tensors (maximum, minimum, matmul, dot, outer).
    static func binaryBody(_ f: @escaping (GradContext, Variable, Variable) throws -> Variable) -> (BuiltinCall) throws -> Value {
        { c in
            let a = try c.variable(0), b = try c.variable(1)
            return try c.recorded { try f($0, a, b) }
        }
    }
}

extension Interpreter {
    /// Every builtin's gradient declaration: name, kind ("records", "constant", "refuses",
    /// "inert" or "undeclared") and the line its help shows (nil for inert ones), for tests.
    public static var builtinGradients: [(name: String, kind: String, docLine: String?)] {
        gradients(of: BuiltinTable.rows)
    }

    /// The same for a test-only table: the rows of `builtinGradients` plus one row made as
    /// every row is, whose author forgot its declaration. BuiltinGradientTests shows that the
    /// walk over every builtin fails on it, by name.
    public static var builtinGradientsWithAnUndeclaredRow: [(name: String, kind: String, docLine: String?)] {
        let forgotten = Builtin("forgot_to_declare", [req("x")], category: "Tensors", doc: "A row without a declaration.",
                                example: "") { c in c[0] }
        return gradients(of: BuiltinTable.rows + [forgotten])
    }

    private static func gradients(of rows: [Builtin]) -> [(name: String, kind: String, docLine: String?)] {
        rows.map { ($0.name, $0.gradient.kind, $0.gradient.docLine) }
    }
}
