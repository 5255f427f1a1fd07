// Op: the list of primitive operations autograd records, with the static parameters each
// derivative row needs, and the names the graph printer shows. Everything else is composite.
import TensorCore

/// A primitive operation of the autograd graph. Adding one touches this list, its forward
/// (Ops+Topic.swift), its row in Derivatives.swift and one gradcheck case.
///
/// Parameters are stored already normalised (axes non-negative and sorted) so the derivative
/// rows never re-validate them.
public enum Op {
    // elementwise, one operand
    case neg, exp, log, sqrt, tanh, sigmoid, relu, abs, sin, cos, square, reciprocal
    /// `x ** c` for a constant exponent c.
    case powScalar(Float)
    /// step, sign, floor, ceil, round: piecewise constant, so their gradient is zero (where
    /// it exists; at the jumps it is taken as zero too).
    case piecewiseConstant(UnaryOp)

    // elementwise, two operands, NumPy broadcasting
    case add, sub, mul, div, pow, maximum, minimum
    /// `a % b` (remainder with the sign of b): ∂a = 1, ∂b = −⌊a / b⌋.
    case mod
    /// `where(cond, a, b)`: parents are [a, b]; the condition is saved and gets no gradient.
    case select

    // reductions; `axes` are the reduced input axes
    case sum(axes: [Int], keepDims: Bool)
    case mean(axes: [Int], keepDims: Bool)
    case max(axes: [Int], keepDims: Bool)
    case min(axes: [Int], keepDims: Bool)

    // movement
    case reshape(from: [Int])
    case permute([Int])
    case expand(from: [Int])
    case slice([SliceSpec], from: [Int])
    /// `gather(axis, indices)` (PyTorch gather); the indices are saved and get no gradient.
    case gather(axis: Int, from: [Int])
    /// `take(indices, axis)` (NumPy take, embedding lookup); the indices are saved.
    case take(axis: Int, from: [Int])
    case concat(axis: Int, sizes: [Int])
    case stack(axis: Int)
    case pad([Int])  // flattened (before, after) pairs, one pair per axis
    case flip([Int])

    // products and conv nets (rank ≥ 2 for matmul; 1-D operands are reshaped around it)
    case matmul
    /// Parents [x, w] or [x, w, bias].
    case conv2d(stride: Int, padding: Int)
    /// Parents [x]; saved [indices of the maxima].
    case maxPool2d(kernel: Int, stride: Int, padding: Int, from: [Int])
    case avgPool2d(kernel: Int, stride: Int, padding: Int, from: [Int])

    // fused, for speed and stability
    /// `x - logsumexp(x, axis)`; its row is `g - softmax(x) * sum(g, axis)`.
    case logSoftmax(axis: Int)
}

extension Op {
    /// The op's name as the graph printer and error messages show it.
    public var name: String {
        switch self {
        case .neg: return "neg"
        case .exp: return "exp"
        case .log: return "log"
        case .sqrt: return "sqrt"
        case .tanh: return "tanh"
        case .sigmoid: return "sigmoid"
        case .relu: return "relu"
        case .abs: return "abs"
        case .sin: return "sin"
        case .cos: return "cos"
        case .square: return "square"
        case .reciprocal: return "reciprocal"
        case .powScalar(let c): return "pow \(c)"
        case .piecewiseConstant(let op): return op.rawValue
        case .add: return "add"
        case .sub: return "sub"
        case .mul: return "mul"
        case .div: return "div"
        case .pow: return "pow"
        case .maximum: return "maximum"
        case .minimum: return "minimum"
        case .mod: return "mod"
        case .select: return "where"
        case .sum(let a, let k): return "sum" + axesText(a, k)
        case .mean(let a, let k): return "mean" + axesText(a, k)
        case .max(let a, let k): return "max" + axesText(a, k)
        case .min(let a, let k): return "min" + axesText(a, k)
        case .reshape: return "reshape"
        case .permute(let p): return "permute \(p)"
        case .expand: return "expand"
        case .slice: return "slice"
        case .gather(let axis, _): return "gather axis \(axis)"
        case .take(let axis, _): return "take axis \(axis)"
        case .concat(let axis, _): return "concat axis \(axis)"
        case .stack(let axis): return "stack axis \(axis)"
        case .pad: return "pad"
        case .flip(let axes): return "flip \(axes)"
        case .matmul: return "matmul"
        case .conv2d(let s, let p): return "conv2d stride \(s) padding \(p)"
        case .maxPool2d(let k, let s, let p, _): return "maxpool2d \(k)x\(k) stride \(s) padding \(p)"
        case .avgPool2d(let k, let s, let p, _): return "avgpool2d \(k)x\(k) stride \(s) padding \(p)"
        case .logSoftmax(let axis): return "log_softmax axis \(axis)"
        }
    }
}

private func axesText(_ axes: [Int], _ keepDims: Bool) -> String {
    " axes \(axes)" + (keepDims ? " keepdims" : "")
}
