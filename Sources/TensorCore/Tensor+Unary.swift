// Tensor+Unary: elementwise functions of one tensor (neg, exp, relu, ...), pow and clamp.
// One switch per call, then a tight loop the compiler can vectorise.

import Foundation

/// An elementwise function of one tensor. Results keep the input's shape.
public enum UnaryOp: String, CaseIterable, Sendable {
    /// −x
    case neg
    /// |x|
    case abs
    /// eˣ
    case exp
    /// ln x (−inf at 0, NaN below)
    case log
    /// √x (NaN below 0)
    case sqrt
    /// x²
    case square
    /// tanh x
    case tanh
    /// 1 / (1 + e^−x)
    case sigmoid
    /// max(x, 0); NaN stays NaN
    case relu
    /// Heaviside: 1 where x > 0, else 0 (so step(0) = 0)
    case step
    /// −1, 0 or 1; NaN stays NaN
    case sign
    /// sin x
    case sin
    /// cos x
    case cos
    /// 1 / x
    case reciprocal
    /// ⌊x⌋
    case floor
    /// ⌈x⌉
    case ceil
    /// x rounded to nearest, ties to even (as NumPy)
    case round
}

@inline(__always)
func mapRow(
    _ o: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ n: Int, _ f: (Float) -> Float
) {
    for i in 0..<n { o[i] = f(x[i]) }
}

/// `o[i] = op(x[i])` for i in 0..<n.
func unaryKernel(_ op: UnaryOp, _ o: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ n: Int) {
    switch op {
    case .neg: mapRow(o, x, n) { -$0 }
    case .abs: mapRow(o, x, n) { Swift.abs($0) }
    case .exp: expRow(o, x, n)   // SIMD polynomials: Tensor+FastMath.swift
    case .log: mapRow(o, x, n) { Foundation.log($0) }
    case .sqrt: mapRow(o, x, n) { $0.squareRoot() }
    case .square: mapRow(o, x, n) { $0 * $0 }
    case .tanh: tanhRow(o, x, n)
    case .sigmoid: sigmoidRow(o, x, n)
    case .relu: mapRow(o, x, n) { $0 < 0 ? 0 : $0 }
    case .step: mapRow(o, x, n) { $0 > 0 ? 1 : 0 }
    case .sign: mapRow(o, x, n) { $0 > 0 ? 1 : ($0 < 0 ? -1 : $0) }
    case .sin: mapRow(o, x, n) { Foundation.sin($0) }
    case .cos: mapRow(o, x, n) { Foundation.cos($0) }
    case .reciprocal: mapRow(o, x, n) { 1 / $0 }
    case .floor: mapRow(o, x, n) { $0.rounded(.down) }
    case .ceil: mapRow(o, x, n) { $0.rounded(.up) }
    case .round: mapRow(o, x, n) { $0.rounded(.toNearestOrEven) }
    }
}

extension Tensor {
    /// `op` applied to every element; same shape.
    public func map(_ op: UnaryOp) -> Tensor {
        if let rows = mapRowsOfView(op) { return rows }
        let src = contiguous()
        let out = Tensor(uninitializedLike: src)
        parallelElements(count) { i, n in unaryKernel(op, out.base + i, src.base + i, n) }
        return withExtendedLifetime(src) { out }
    }

    /// `map` of a rank-2 view whose rows are contiguous but not adjacent (a learner's LSTM gate
    /// `z[:, 0:H]`): each row read in place, without the copy that `contiguous()` makes first.
    /// Each element meets the same function as in the copy, so the same bits. Nil for anything else.
    private func mapRowsOfView(_ op: UnaryOp) -> Tensor? {
        guard rank == 2, strides[1] == 1, !isContiguous, count > 0 else { return nil }
        let out = Tensor(uninitialized: shape, count: count)
        let (src, o, cols, rowStride) = (base, out.base, shape[1], strides[0])
        parallelRanges(shape[0], work: count) { rows in
            for r in rows { unaryKernel(op, o + r * cols, src + r * rowStride, cols) }
        }
        return out
    }

    /// Every element raised to the power `e` (`powf`; e = 2 and 0.5 take exact shortcuts).
    public func pow(_ e: Float) -> Tensor {
        if e == 2 { return map(.square) }
        if e == 0.5 { return map(.sqrt) }
        if e == 1 { return contiguousCopy() }
        let src = contiguous()
        let out = Tensor(uninitializedLike: src)
        mapRow(out.base, src.base, count) { Foundation.pow($0, e) }
        return withExtendedLifetime(src) { out }
    }

    /// Every element limited to [min, max] (either bound may be nil); NaN stays NaN.
    public func clamp(min lo: Float?, max hi: Float?) -> Tensor {
        let src = contiguous()
        let out = Tensor(uninitializedLike: src)
        let l = lo ?? -Float.infinity
        let h = hi ?? Float.infinity
        mapRow(out.base, src.base, count) { $0 < l ? l : ($0 > h ? h : $0) }
        return withExtendedLifetime(src) { out }
    }

    // MARK: fused derivatives (one pass, no temporaries)

    /// `row` over a and g (or g · m, each product rounded to float first, when `m` is given):
    /// n outputs from n elements of each, one C call per chunk of the pool's split (the
    /// per-element function, captured by the chunk's closure, was called through a pointer
    /// for every element), CVectorMath's eight-lane loop inside.
    @inline(__always)
    private static func fusedBackward(_ row: BackwardRow, _ a: Tensor, _ g: Tensor, times m: Tensor? = nil, op: String) throws -> Tensor {
        guard a.shape == g.shape, m.map({ $0.shape == g.shape }) ?? true else {
            let factor = m.map { " and factor \(shapeString($0.shape))" } ?? ""
            throw TensorError(
                op: op, message: "value \(shapeString(a.shape)) and gradient \(shapeString(g.shape))\(factor) differ",
                shapes: [a.shape, g.shape] + (m.map { [$0.shape] } ?? []))
        }
        let (x, d, f) = (a.contiguous(), g.contiguous(), m?.contiguous())
        let out = Tensor(uninitializedLike: x)
        withExtendedLifetime((x, d, f)) {
            let (px, pd, po) = (x.base, d.base, out.base)
            if let pf = f?.base {
                parallelElements(out.count) { start, n in row(po + start, px + start, pd + start, times: pf + start, n) }
            } else {
                parallelElements(out.count) { start, n in row(po + start, px + start, pd + start, n) }
            }
        }
        return out
    }

    /// `row`'s derivative of the product `grad · m`, in one pass: the bits of
    /// `row`'s backward applied to `grad * m` (each product rounded to float first), without
    /// the product's tensor. The sweep uses it where a product's gradient flows only into a
    /// σ, tanh or relu (Backward.swift, `propagateProduct`). All three the shape of y.
    public static func productBackward(_ row: BackwardRow, y: Tensor, grad: Tensor, times m: Tensor) throws -> Tensor {
        try fusedBackward(row, y, grad, times: m, op: "product_backward")
    }

    /// The sigmoid's backward from its output y: g · y · (1 − y), multiplied in that order.
    /// Same shapes.
    public static func sigmoidBackward(y: Tensor, grad: Tensor) throws -> Tensor {
        try fusedBackward(.sigmoid, y, grad, op: "sigmoid_backward")
    }

    /// tanh's backward from its output y: g · (1 − y²). Same shapes.
    public static func tanhBackward(y: Tensor, grad: Tensor) throws -> Tensor {
        try fusedBackward(.tanh, y, grad, op: "tanh_backward")
    }

    /// relu's backward from its input x: g where x > 0, else +0 (a NaN x gives +0), by a mask
    /// rather than a branch per element (random signs mispredict half the time). Same shapes.
    public static func reluBackward(x: Tensor, grad: Tensor) throws -> Tensor {
        try fusedBackward(.relu, x, grad, op: "relu_backward")
    }
}
