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
        let row: Op
        switch op {
        case .neg: row = .neg
        case .abs: row = .abs(x: x.value)
        case .exp: row = .exp(y: y)
        case .log: row = .log(x: x.value)
        case .sqrt: row = .sqrt(y: y)
        case .square: row = .square(x: x.value)
        case .tanh: row = .tanh(y: y)
        case .sigmoid: row = .sigmoid(y: y)
        case .relu: row = .relu(x: x.value)
        case .sin: row = .sin(x: x.value)
        case .cos: row = .cos(x: x.value)
        case .reciprocal: row = .reciprocal(y: y)
        case .step, .sign, .floor, .ceil, .round: row = .piecewiseConstant(op)
        }
        return Variable(y, row, x)
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
        return Variable(y, .powScalar(c, x: x.value), x)
    }

    /// `a op b` elementwise with NumPy broadcasting: shapes are aligned from the right and a
    /// size-1 axis stretches, e.g. [4, 3] + [3] → [4, 3]. Comparisons (eq, lt, ...) give 0/1
    /// and carry no gradient. Throws a TensorError when shapes do not broadcast.
    public func binary(_ op: BinaryOp, _ a: Variable, _ b: Variable) throws -> Variable {
        let y = try Tensor.binary(op, a.value, b.value)
        guard records(a, b) else { return Variable(y) }
        let row: Op
        switch op {
        case .add: row = .add
        case .sub: row = .sub
        case .mul:
            let (sa, sb) = crossSaved(a, b)
            row = .mul(a: sa, b: sb)
        case .div: row = .div(b: b.value, y: y)
        case .pow: row = .pow(a: a.value, b: b.value, y: y)
        case .maximum: row = .maximum(a: a.value, b: b.value)
        case .minimum: row = .minimum(a: a.value, b: b.value)
        case .mod: row = .mod(a: a.value, b: b.value)
        case .eq, .ne, .lt, .le, .gt, .ge: return Variable(y)
        }
        return Variable(y, row, a, b)
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
        return Variable(y, .select(cond: cond.value), a, b)
    }
}

/// Saved operands for a product whose row uses each operand only for the *other* one's
/// gradient (mul, matmul): a is kept only if b needs a gradient and b only if a does. A
/// parameter multiplied by data is then not held by the graph, so updating it in place while
/// the graph is alive does not force a copy.
func crossSaved(_ a: Variable, _ b: Variable) -> (Tensor?, Tensor?) {
    (b.requiresGrad ? a.value : nil, a.requiresGrad ? b.value : nil)
}
