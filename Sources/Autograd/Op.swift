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
    /// `x` with the region `specs` selects replaced by `v` (broadcast): parents [x, v].
    case setSlice([SliceSpec])
    /// `x[indices] = v` with whole-number positions on axis 0 (NumPy index assignment):
    /// parents [x, v]; the positions and which of them wrote last are saved.
    case put
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

    /// A fused kernel defined in a higher room (NN's LSTM cell, say) with its own derivative:
    /// the one way a derivative may live outside Derivatives.swift.
    case custom(any CustomOp)
}

/// A fused operation whose forward and derivative are written outside this room (PyTorch's
/// `autograd.Function`). The caller computes the forward with TensorCore and records it with
/// `GradContext.custom`; every CustomOp needs a gradcheck in its room's tests.
public protocol CustomOp {
    /// The name the graph printer shows.
    var name: String { get }
    /// One gradient per input, given the output gradient `g`, the tensors saved at forward
    /// time, and which inputs need a gradient (return nil for the others). A gradient may have
    /// the output's broadcast shape; it is summed down to the input's shape.
    func vjp(_ g: Tensor, saved: [Tensor], needs: [Bool]) throws -> [Tensor?]
}

extension Op {
    /// The op's name as the graph printer and messages show it: "matmul", "sum", "conv2d".
    public var name: String {
        switch self {
        case .powScalar: return "pow"
        case .piecewiseConstant(let op): return op.rawValue
        case .select: return "where"
        case .sum: return "sum"
        case .mean: return "mean"
        case .max: return "max"
        case .min: return "min"
        case .reshape: return "reshape"
        case .permute: return "permute"
        case .expand: return "expand"
        case .slice: return "slice"
        case .setSlice: return "set_slice"
        case .put: return "put"
        case .gather: return "gather"
        case .take: return "take"
        case .concat: return "concat"
        case .stack: return "stack"
        case .pad: return "pad"
        case .flip: return "flip"
        case .conv2d: return "conv2d"
        case .maxPool2d: return "max_pool2d"
        case .avgPool2d: return "avg_pool2d"
        case .logSoftmax: return "log_softmax"
        case .custom(let f): return f.name
        default: return "\(self)"  // a case without parameters prints as its name
        }
    }

    /// The static parameters, for the graph printer: "axes [0, 1] keepdims", "stride 2".
    public var parameters: String {
        switch self {
        case .powScalar(let c): return "exponent \(c)"
        case .sum(let a, let k), .mean(let a, let k), .max(let a, let k), .min(let a, let k):
            return "axes \(a)" + (k ? " keepdims" : "")
        case .reshape(let from): return "from \(shapeString(from))"
        case .permute(let p): return "axes \(p)"
        case .expand(let from): return "from \(shapeString(from))"
        case .slice(_, let from): return "from \(shapeString(from))"
        case .gather(let axis, _), .take(let axis, _), .concat(let axis, _), .stack(let axis),
            .logSoftmax(let axis):
            return "axis \(axis)"
        case .pad(let flat): return "pads \(flat)"
        case .flip(let axes): return "axes \(axes)"
        case .conv2d(let s, let p): return "stride \(s) padding \(p)"
        case .maxPool2d(let k, let s, let p, _), .avgPool2d(let k, let s, let p, _):
            return "kernel \(k) stride \(s) padding \(p)"
        default: return ""
        }
    }
}

extension Op {
    /// True when this op's derivative row can make an infinity or a NaN from a finite output
    /// gradient and finite inputs (log and sqrt at 0, division by 0, powers, exp overflowing):
    /// the rows `backward(watch:)` looks at.
    public var derivativeCanBeInfinite: Bool {
        switch self {
        case .log, .sqrt, .div, .pow, .powScalar, .reciprocal, .exp, .mod: return true
        default: return false
        }
    }
}
