// Ops+Elementwise: the forward of the elementwise primitives — unary functions, pow by a
// constant, binary arithmetic with NumPy broadcasting, comparisons and where. Each computes
// the TensorCore result, then records a node only if it must.
import TensorCore

extension GradContext {
    /// `op` applied to every element; same shape. Records `Op` rows exp, log, ... ; step,
    /// sign, floor, ceil and round record a zero-gradient node.
    public func unary(_ op: UnaryOp, _ x: Variable) -> Variable {
        let y = x.value.map(op)
        guard records(x) else { return Variable(y) }
        let node: Node
        switch op {
        case .neg: node = Node(.neg, [x])
        case .abs: node = Node(.abs(x: x.value), [x])
        case .exp: node = Node(.exp(y: y), [x])
        case .log: node = Node(.log(x: x.value), [x])
        case .sqrt: node = Node(.sqrt(y: y), [x])
        case .square: node = Node(.square(x: x.value), [x])
        case .tanh: node = Node(.tanh(y: y), [x])
        case .sigmoid: node = Node(.sigmoid(y: y), [x])
        case .relu: node = Node(.relu(x: x.value), [x])
        case .sin: node = Node(.sin(x: x.value), [x])
        case .cos: node = Node(.cos(x: x.value), [x])
        case .reciprocal: node = Node(.reciprocal(y: y), [x])
        case .step, .sign, .floor, .ceil, .round: node = Node(.piecewiseConstant(op), [x])
        }
        return Variable(y, node: node)
    }

    public func neg(_ x: Variable) -> Variable { unary(.neg, x) }
    public func exp(_ x: Variable) -> Variable { unary(.exp, x) }
    public func log(_ x: Variable) -> Variable { unary(.log, x) }
    public func sqrt(_ x: Variable) -> Variable { unary(.sqrt, x) }
    public func tanh(_ x: Variable) -> Variable { unary(.tanh, x) }
    public func sigmoid(_ x: Variable) -> Variable { unary(.sigmoid, x) }
    public func relu(_ x: Variable) -> Variable { unary(.relu, x) }
    public func abs(_ x: Variable) -> Variable { unary(.abs, x) }

    /// `x ** c` elementwise for a constant exponent c.
    public func pow(_ x: Variable, _ c: Float) -> Variable {
        let y = x.value.pow(c)
        guard records(x) else { return Variable(y) }
        return Variable(y, node: Node(.powScalar(c, x: x.value), [x]))
    }

    /// `a op b` elementwise with NumPy broadcasting: shapes are aligned from the right and a
    /// size-1 axis stretches, e.g. [4, 3] + [3] → [4, 3]. Comparisons (eq, lt, ...) give 0/1
    /// and carry no gradient. Throws a TensorError when shapes do not broadcast.
    public func binary(_ op: BinaryOp, _ a: Variable, _ b: Variable) throws -> Variable {
        let y = try Tensor.binary(op, a.value, b.value)
        guard records(a, b) else { return Variable(y) }
        let node: Node
        switch op {
        case .add: node = Node(.add, [a, b])
        case .sub: node = Node(.sub, [a, b])
        case .mul:
            let (sa, sb) = crossSaved(a, b)
            node = Node(.mul(a: sa, b: sb), [a, b])
        case .div: node = Node(.div(b: b.value, y: y), [a, b])
        case .pow: node = Node(.pow(a: a.value, b: b.value, y: y), [a, b])
        case .maximum: node = Node(.maximum(a: a.value, b: b.value), [a, b])
        case .minimum: node = Node(.minimum(a: a.value, b: b.value), [a, b])
        case .mod: node = Node(.mod(a: a.value, b: b.value), [a, b])
        case .eq, .ne, .lt, .le, .gt, .ge: return Variable(y)
        }
        return Variable(y, node: node)
    }

    public func add(_ a: Variable, _ b: Variable) throws -> Variable { try binary(.add, a, b) }
    public func sub(_ a: Variable, _ b: Variable) throws -> Variable { try binary(.sub, a, b) }
    public func mul(_ a: Variable, _ b: Variable) throws -> Variable { try binary(.mul, a, b) }
    public func div(_ a: Variable, _ b: Variable) throws -> Variable { try binary(.div, a, b) }
    public func maximum(_ a: Variable, _ b: Variable) throws -> Variable { try binary(.maximum, a, b) }
    public func minimum(_ a: Variable, _ b: Variable) throws -> Variable { try binary(.minimum, a, b) }

    /// `a op s` with a constant number on the right (`x * 2`, `x - 1`).
    public func binary(_ op: BinaryOp, _ a: Variable, _ s: Float) throws -> Variable {
        try binary(op, a, constant(s))
    }

    /// `s op b` with a constant number on the left (`1 - x`, `2 / x`).
    public func binary(_ op: BinaryOp, _ s: Float, _ b: Variable) throws -> Variable {
        try binary(op, constant(s), b)
    }

    /// `a` where `cond` is non-zero, else `b`; all three broadcast. The condition gets no
    /// gradient; `a` gets the output gradient where the condition holds, `b` elsewhere.
    public func `where`(_ cond: Variable, _ a: Variable, _ b: Variable) throws -> Variable {
        let y = try Tensor.where(cond.value, a.value, b.value)
        guard records(a, b) else { return Variable(y) }
        return Variable(y, node: Node(.select(cond: cond.value), [a, b]))
    }
}

/// Saved operands for a product whose row uses each operand only for the *other* one's
/// gradient (mul, matmul): a is kept only if b needs a gradient and b only if a does. A
/// parameter multiplied by data is then not held by the graph, so updating it in place while
/// the graph is alive does not force a copy.
func crossSaved(_ a: Variable, _ b: Variable) -> (Tensor?, Tensor?) {
    (b.requiresGrad ? a.value : nil, a.requiresGrad ? b.value : nil)
}
