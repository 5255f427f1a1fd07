// Builtins+Autograd: differentiation in Cajal. The functional style `grad(f, x)`; the tape style
// `param`, `backward`, `.grad`, `zero_grad`; `no_grad` for evaluation and updates, `detach`,
// `gradcheck` and `graph`. How each builtin row declares its gradient (records, constant,
// refuses) is in Builtins+Gradient.swift.
import Autograd
import TensorCore

extension BuiltinTable {
    static let autograd: [Builtin] = [
        Builtin("param", [req("x"), opt("name")], category: "autograd",
                doc: "A trainable tensor (a copy of x) that gets `.grad` from `backward`; `name` labels it in graph().",
                example: "let w = param([1, 2])\nprint(w.requires_grad, w.grad)\n# expect: true nil") { c in
            let t = try c.tensor(0)
            let label = c.isNil(1) ? nil : try c.string(1)
            c.vm.gradInUse = true
            return c.vm.newVariable(Variable(t, requiresGrad: true, label: label))
        }.inert(),
        Builtin("backward", [req("loss")], category: "autograd",
                doc: "Adds d loss / d p to p.grad for every parameter p the one-element `loss` depends on.",
                example: "let w = param([1, 2])\nbackward(sum(w * w))\nprint(w.grad)\n# expect: [2, 4]") { c in
            guard let x = c.vm.gradVariable(c[0]), x.requiresGrad else {
                throw c.bad(0, "the loss does not depend on any parameter",
                            hint: "make trainable tensors with param(t), and compute outside no_grad")
            }
            try c.vm.sentinelBackward(x)
            return .nil_
        }.inert(),
        Builtin("allow_nan", [req("f")], category: "autograd",
                doc: "Calls f() with the NaN/Inf sentinel off: no warning when an operation makes nan or inf, and backward() takes a nan loss (for code that explores NaN on purpose).",
                example: "print(allow_nan(fn() = log(tensor([1, -1]))))\n# expect: [0, nan]") { c in
            let saved = c.vm.sentinel.enabled
            c.vm.sentinel.enabled = false
            defer { c.vm.sentinel.enabled = saved }
            return try c.vm.callFunction(c[0], [])
        }.inert(),
        Builtin("grad", [req("f"), req("x")], variadic: true, category: "autograd",
                doc: "The gradient of the one-number function f at x (a number or tensor); with more inputs, a list of gradients.",
                example: "print(grad(fn(x) = x ** 3, 2))\nlet gs = grad(fn(a, b) = sum(a * b), [1, 2], [3, 4])\nprint(gs[0], gs[1])\n# expect: 12\n# expect: [3, 4] [1, 2]") { c in
            try functionalGrad(c)
        }.inert(),
        Builtin("zero_grad", [req("params")], category: "autograd",
                doc: "Forgets the gradient of a parameter or of every parameter in a list (same as p.grad = nil).",
                example: "let w = param(3)\nbackward(w * w)\nzero_grad(w)\nprint(w.grad)\n# expect: nil") { c in
            let items = c.vm.listObject(c[0])?.items ?? [c[0]]
            for v in items { c.vm.gradVariable(v)?.grad = nil }
            return .nil_
        }.inert(),
        Builtin("no_grad", [req("f")], category: "autograd",
                doc: "Calls f() with recording off (evaluation, optimizer updates); returns its result.",
                example: "let w = param(2)\nlet y = no_grad(fn() = w * 3)\nprint(y.requires_grad)\n# expect: false") { c in
            try c.vm.grad.withNoGrad { try c.vm.callFunction(c[0], []) }
        }.inert(),
        Builtin("detach", [req("x")], category: "autograd",
                doc: "The same numbers cut from the graph: no gradient flows back through the result.",
                example: "let w = param(2)\nprint(detach(w * w).requires_grad)\n# expect: false") { c in
            c.vm.newTensor(try c.tensor(0))
        }.constant("it cuts the graph on purpose"),
        Builtin("gradcheck", [req("f"), req("x")], variadic: true, category: "autograd",
                doc: "Compares f's gradient at x with central finite differences; a record {passed, checked, max_error, report}.",
                example: "print(gradcheck(fn(x) = sum(tanh(x) * x), [0.5, -1]).passed)\n# expect: true") { c in
            try finiteDifferenceCheck(c)
        }.inert(),
        Builtin("graph", [req("x")], category: "autograd",
                doc: "The autograd graph that produced x, one line per value, parents first.",
                example: "let w = param(2, name: \"w\")\nprint(graph(w * w))\n# expect: %0 = w            []  requires grad\n# expect: %1 = mul(%0, %0)  []") { c in
            guard let x = c.vm.gradVariable(c[0]) else {
                _ = try c.tensor(0)
                return c.vm.newString("(a plain tensor: nothing recorded)")
            }
            return c.vm.newString(x.graphDescription())
        }.inert(),
    ]

    /// The inputs of grad/gradcheck: x and the extra positional arguments, as fresh leaves.
    static func gradInputs(_ c: BuiltinCall) throws -> (values: [Value], leaves: [Variable]) {
        var leaves: [Variable] = []
        for (k, v) in ([c[1]] + c.rest).enumerated() {
            guard let t = try c.vm.asTensor(v) else {
                throw VMError.badArgument(k + 2, c.name, "number or tensor expected, got \(c.vm.describe(v))")
            }
            leaves.append(Variable(t, requiresGrad: true))
        }
        c.vm.gradInUse = true
        return (leaves.map { c.vm.newVariable($0) }, leaves)
    }

    /// `grad(f, x, ...)`: runs f on fresh leaves with recording on and returns ∂f/∂x.
    static func functionalGrad(_ c: BuiltinCall) throws -> Value {
        let (values, leaves) = try gradInputs(c)
        let out = try c.vm.grad.withGrad { try c.vm.callFunction(c[0], values) }
        guard let y = try c.vm.variableValue(out) else {
            throw VMError.typeMismatch("grad: f must return a number or a one-element tensor, got \(c.vm.describe(out))")
        }
        guard y.value.count == 1 else {
            throw VMError.typeMismatch("grad: f must return one number, got a tensor of shape \(shapeString(y.shape))",
                                       hint: "reduce it first, e.g. sum(...) or mean(...)")
        }
        let gs = try tensorOp { try y.gradients(withRespectTo: leaves) }
        let results = zip([c[1]] + c.rest, gs).map { v, g in
            c.vm.numberValue(v) != nil && c.vm.tensorValue(v) == nil ? Value.number(Double((try? g.item()) ?? .nan)) : c.vm.newTensor(g)
        }
        return results.count == 1 ? results[0] : c.vm.newList(results)
    }

    /// `gradcheck(f, x, ...)`: Autograd's finite-difference check of f at the inputs.
    static func finiteDifferenceCheck(_ c: BuiltinCall) throws -> Value {
        let (_, leaves) = try gradInputs(c)
        let vm = c.vm
        let report = try tensorOp {
            try vm.grad.gradCheck(leaves) { xs in
                let out = try vm.callFunction(c[0], xs.map { vm.newVariable($0) })
                guard let y = try vm.variableValue(out) else {
                    throw VMError.typeMismatch("gradcheck: f must return a number or tensor, got \(vm.describe(out))")
                }
                return y
            }
        }
        let maxError = report.worst.map { $0.error } ?? 0
        return vm.newRecord(["passed", "checked", "max_error", "report"],
                            [.bool(report.passed), .number(Double(report.checked)), .number(maxError),
                             vm.newString(report.description)])
    }
}
