// Op: the list of primitive operations autograd records, with the static parameters and the
// saved tensors each derivative row reads, and the names the graph printer shows. Everything
// else is composite.
import TensorCore

/// A primitive operation of the autograd graph. Adding one touches this list, its forward
/// (Ops+Topic.swift), its row in Derivatives.swift and one gradcheck case.
///
/// Parameters are stored already normalised (axes non-negative and sorted) so the derivative
/// rows never re-validate them. The tensors a row reads are the case's own values, saved by the
/// forward that builds the case: the input `x`, the output `y`, operands `a` and `b`. So what a
/// derivative reads is declared here, where the op is, and a row cannot read what its forward
/// did not keep.
public enum Op {
    // elementwise, one operand
    case neg
    case exp(y: Tensor), log(x: Tensor), sqrt(y: Tensor), tanh(y: Tensor), sigmoid(y: Tensor)
    case relu(x: Tensor), abs(x: Tensor), sin(x: Tensor), cos(x: Tensor), square(x: Tensor)
    case reciprocal(y: Tensor)
    /// `x ** c` for a constant exponent c.
    case powScalar(Float, x: Tensor)
    /// step, sign, floor, ceil, round: piecewise constant, so their gradient is zero (where
    /// it exists; at the jumps it is taken as zero too).
    case piecewiseConstant(UnaryOp)

    // elementwise, two operands, NumPy broadcasting
    case add, sub
    /// `a * b`: a is kept only when b needs a gradient and b only when a does, so a parameter
    /// multiplied by data is not held by the graph (updating it in place forces no copy).
    case mul(a: Tensor?, b: Tensor?)
    case div(b: Tensor, y: Tensor)
    /// Indirect, as `conv2d`: three saved tensors would make every variable (which holds its
    /// op inline) a third larger.
    indirect case pow(a: Tensor, b: Tensor, y: Tensor)
    case maximum(a: Tensor, b: Tensor), minimum(a: Tensor, b: Tensor)
    /// `a % b` (remainder with the sign of b): ∂a = 1, ∂b = −⌊a / b⌋.
    case mod(a: Tensor, b: Tensor)
    /// `where(cond, a, b)`: parents are [a, b]; the condition gets no gradient.
    case select(cond: Tensor)

    // reductions; `axes` are the reduced input axes
    case sum(axes: [Int], keepDims: Bool)
    case mean(axes: [Int], keepDims: Bool)
    case max(axes: [Int], keepDims: Bool, x: Tensor, y: Tensor)
    case min(axes: [Int], keepDims: Bool, x: Tensor, y: Tensor)

    // movement
    case reshape(from: Dims)
    case permute([Int])
    case expand(from: Dims)
    case slice([SliceSpec], from: Dims)
    /// `x` with the region `specs` selects replaced by `v` (broadcast): parents [x, v].
    case setSlice([SliceSpec])
    /// `x[indices] = v` with whole-number positions on axis 0 (NumPy index assignment):
    /// parents [x, v]; `last` is 1 where a position wrote last (a repeated one overwrites).
    case put(indices: Tensor, last: Tensor)
    /// `gather(axis, indices)` (PyTorch gather); the indices get no gradient.
    case gather(axis: Int, from: Dims, indices: Tensor)
    /// `take(indices, axis)` (NumPy take, embedding lookup).
    case take(axis: Int, from: Dims, indices: Tensor)
    case concat(axis: Int, sizes: [Int])
    case stack(axis: Int)
    case pad([Int])  // flattened (before, after) pairs, one pair per axis
    case flip([Int])

    // products and conv nets (rank ≥ 2 for matmul; 1-D operands are reshaped around it)
    /// `a @ b`: each operand kept only for the other's gradient, as `mul`.
    case matmul(a: Tensor?, b: Tensor?)
    /// Parents [x, w] or [x, w, bias]; `columns` is the forward's unfolded input, kept when w
    /// needs a gradient (dW = dOut · columnsᵀ then needs no second im2col).
    /// Indirect: the largest payload, kept out of line so a variable's inline op is no larger
    /// than two tensors.
    indirect case conv2d(stride: Int, padding: Int, x: Tensor, w: Tensor, columns: Tensor?)
    /// Parents [x]; `indices` are the positions of the maxima.
    case maxPool2d(kernel: Int, stride: Int, padding: Int, from: Dims, indices: Tensor)
    case avgPool2d(kernel: Int, stride: Int, padding: Int, from: Dims)

    // fused, for speed and stability
    /// `x - logsumexp(x, axis)`; its row is `g - softmax(x) * sum(g, axis)`.
    case logSoftmax(axis: Int, y: Tensor)

    /// A fused kernel defined in a higher room (NN's LSTM cell, say) with its own derivative:
    /// the one way a derivative may live outside Derivatives.swift. `saved` is what its vjp reads.
    /// Indirect: an existential payload made the whole enum address-only, so every `switch`
    /// on a node's op (the sweep's, the derivative table's) copied it, retaining each saved
    /// tensor, and destroyed the copy (~13 k retains of the learner's LSTM step); boxed, Op
    /// is loadable and a switch borrows it.
    indirect case custom(any CustomOp, saved: [Tensor])
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
        case .powScalar: return "pow"
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
        case .matmul: return "matmul"
        case .conv2d: return "conv2d"
        case .maxPool2d: return "max_pool2d"
        case .avgPool2d: return "avg_pool2d"
        case .logSoftmax: return "log_softmax"
        case .custom(let f, _): return f.name
        }
    }

    /// The static parameters, for the graph printer: "axes [0, 1] keepdims", "stride 2".
    public var parameters: String {
        switch self {
        case .powScalar(let c, _): return "exponent \(c)"
        case .sum(let a, let k), .mean(let a, let k), .max(let a, let k, _, _), .min(let a, let k, _, _):
            return "axes \(a)" + (k ? " keepdims" : "")
        case .reshape(let from): return "from \(shapeString(from))"
        case .permute(let p): return "axes \(p)"
        case .expand(let from): return "from \(shapeString(from))"
        case .slice(_, let from): return "from \(shapeString(from))"
        case .gather(let axis, _, _), .take(let axis, _, _), .concat(let axis, _), .stack(let axis),
            .logSoftmax(let axis, _):
            return "axis \(axis)"
        case .pad(let flat): return "pads \(flat)"
        case .flip(let axes): return "axes \(axes)"
        case .conv2d(let s, let p, _, _, _): return "stride \(s) padding \(p)"
        case .maxPool2d(let k, let s, let p, _, _), .avgPool2d(let k, let s, let p, _):
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
