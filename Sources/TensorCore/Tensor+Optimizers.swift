// Tensor+Optimizers: one optimiser update per parameter as one pass over its elements — SGD
// (momentum, Nesterov, weight decay), Adam and RMSprop with torch.optim's formulas — instead
// of the three to twelve elementwise ops (each a pass and a fresh tensor) the update takes when
// written with tensor arithmetic. Each returns fresh tensors (the caller swaps them in), and
// computes every element with the same float32 operations in the same order as the written-out
// update (`p - lr * g`, `beta1 * m + (1 - beta1) * g`, ...), so the numbers are identical.
// The scalars arrive as float32, rounded by the caller where the arithmetic would round them.

extension Tensor {
    /// Checks that `t` has the parameter's shape; `what` names it in the error.
    static func optimizerShape(_ op: String, _ what: String, _ t: Tensor, _ p: Tensor) throws {
        guard t.shape == p.shape else {
            throw TensorError(op: op, message: "\(what) \(shapeString(t.shape)) must have the parameter's shape \(shapeString(p.shape))",
                              shapes: [t.shape, p.shape])
        }
    }

    /// One SGD step, elementwise: g ← g + wd·p (when wd ≠ 0); with momentum μ ≠ 0,
    /// v ← μ·v + g (v ← g when `velocity` is nil, the first step) and g ← g + μ·v with
    /// Nesterov, else g ← v; then p ← p − lr·g. Returns p and v (nil without momentum).
    public static func sgdStep(param p: Tensor, grad g: Tensor, lr: Float, momentum: Float, velocity: Tensor?,
                               nesterov: Bool, weightDecay: Float) throws -> (param: Tensor, velocity: Tensor?)
    {
        let op = "sgd_update_"
        try optimizerShape(op, "the gradient", g, p)
        if let velocity { try optimizerShape(op, "the velocity", velocity, p) }
        let (ps, gs, vs) = (p.contiguous(), g.contiguous(), velocity?.contiguous())
        let out = try uninitialized(p.shape, op: op)
        let vOut = momentum != 0 ? try uninitialized(p.shape, op: op) : nil
        withExtendedLifetime((ps, gs, vs)) {
            let (pp, gp, o) = (ps.base, gs.base, out.base)
            for i in 0..<p.count {
                var grad = gp[i]
                if weightDecay != 0 { grad = grad + weightDecay * pp[i] }
                if let vOut {
                    let v = vs.map { momentum * $0.base[i] + grad } ?? grad
                    vOut.base[i] = v
                    grad = nesterov ? grad + momentum * v : v
                }
                o[i] = pp[i] - lr * grad
            }
        }
        return (out, vOut)
    }

    /// One Adam step, elementwise (`stepSize` = lr / (1 − β1ᵗ), `rootCorrection` = √(1 − β2ᵗ),
    /// `oneMinusBeta1` = 1 − β1 and `oneMinusBeta2` = 1 − β2, each rounded once to float32):
    /// g ← g + wd·p (when wd ≠ 0); m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g·g;
    /// p ← p − stepSize·m / (√v / rootCorrection + ε). Returns p, m and v.
    public static func adamStep(
        param p: Tensor, grad g: Tensor, m: Tensor, v: Tensor, stepSize: Float, beta1: Float, beta2: Float,
        oneMinusBeta1: Float, oneMinusBeta2: Float, rootCorrection: Float, eps: Float, weightDecay: Float
    ) throws -> (param: Tensor, m: Tensor, v: Tensor) {
        let op = "adam_update_"
        try optimizerShape(op, "the gradient", g, p)
        try optimizerShape(op, "m", m, p)
        try optimizerShape(op, "v", v, p)
        let (ps, gs, ms, vs) = (p.contiguous(), g.contiguous(), m.contiguous(), v.contiguous())
        let (out, mOut, vOut) = (try uninitialized(p.shape, op: op), try uninitialized(p.shape, op: op),
                                 try uninitialized(p.shape, op: op))
        withExtendedLifetime((ps, gs, ms, vs)) {
            let (pp, gp, mp, vp) = (ps.base, gs.base, ms.base, vs.base)
            let (o, mo, vo) = (out.base, mOut.base, vOut.base)
            // Eight lanes at a time (the square root and the division were scalar, a fifth of
            // lesson 08's time), then one at a time; over both cores for a large parameter.
            // Each lane does the scalar formula's operations in its order: the same bits.
            parallelElements(p.count) { start, count in
                typealias V = SIMD8<Float>
                let end = start + count
                var i = start
                while i + 8 <= end {
                    let pv = UnsafeRawPointer(pp + i).loadUnaligned(as: V.self)
                    var grad = UnsafeRawPointer(gp + i).loadUnaligned(as: V.self)
                    let mv = UnsafeRawPointer(mp + i).loadUnaligned(as: V.self)
                    let vv = UnsafeRawPointer(vp + i).loadUnaligned(as: V.self)
                    if weightDecay != 0 { grad = grad + weightDecay * pv }
                    let m1: V = beta1 * mv + oneMinusBeta1 * grad
                    let v1: V = beta2 * vv + oneMinusBeta2 * grad * grad
                    UnsafeMutableRawPointer(mo + i).storeBytes(of: m1, as: V.self)
                    UnsafeMutableRawPointer(vo + i).storeBytes(of: v1, as: V.self)
                    let denominator: V = v1.squareRoot() / rootCorrection + eps
                    let r: V = pv - stepSize * m1 / denominator
                    UnsafeMutableRawPointer(o + i).storeBytes(of: r, as: V.self)
                    i += 8
                }
                while i < end {
                    var grad = gp[i]
                    if weightDecay != 0 { grad = grad + weightDecay * pp[i] }
                    let m1 = beta1 * mp[i] + oneMinusBeta1 * grad
                    let v1 = beta2 * vp[i] + oneMinusBeta2 * grad * grad
                    mo[i] = m1
                    vo[i] = v1
                    o[i] = pp[i] - stepSize * m1 / (v1.squareRoot() / rootCorrection + eps)
                    i += 1
                }
            }
        }
        return (out, mOut, vOut)
    }

    /// One RMSprop step, elementwise: v ← α·v + (1 − α)·g·g; p ← p − lr·g / (√v + ε)
    /// (`oneMinusAlpha` = 1 − α rounded once to float32). Returns p and v.
    public static func rmspropStep(param p: Tensor, grad g: Tensor, v: Tensor, lr: Float, alpha: Float,
                                   oneMinusAlpha: Float, eps: Float) throws -> (param: Tensor, v: Tensor)
    {
        let op = "rmsprop_update_"
        try optimizerShape(op, "the gradient", g, p)
        try optimizerShape(op, "v", v, p)
        let (ps, gs, vs) = (p.contiguous(), g.contiguous(), v.contiguous())
        let (out, vOut) = (try uninitialized(p.shape, op: op), try uninitialized(p.shape, op: op))
        withExtendedLifetime((ps, gs, vs)) {
            let (pp, gp, vp, o, vo) = (ps.base, gs.base, vs.base, out.base, vOut.base)
            for i in 0..<p.count {
                let grad = gp[i]
                let v1 = alpha * vp[i] + oneMinusAlpha * grad * grad
                vo[i] = v1
                o[i] = pp[i] - lr * grad / (v1.squareRoot() + eps)
            }
        }
        return (out, vOut)
    }
}
