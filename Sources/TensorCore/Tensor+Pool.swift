// Tensor+Pool: max and average pooling over (N, C, H, W) images, with the argmax indices
// max pooling's backward needs, and both backwards.

extension Tensor {
    private static func poolGeometry(_ shape: Dims, kernel: Int, stride: Int?, padding: Int, op: String) throws
        -> ConvGeometry
    {
        guard padding <= kernel / 2 else {
            throw TensorError(
                op: op, message: "padding \(padding) must be at most half the kernel \(kernel)", shapes: [shape])
        }
        return try ConvGeometry(input: shape, kh: kernel, kw: kernel, stride: stride ?? kernel, padding: padding, op: op)
    }

    /// Max pooling: each kernel×kernel window (moved by `stride`, default `kernel`; the input
    /// padded with −∞) gives its largest value. x [N, C, H, W] → values [N, C, OH, OW] and
    /// indices of the same shape: the position iy·W + ix of each maximum in its input plane
    /// (the first, in row-major order, when several tie).
    public static func maxPool2d(_ x: Tensor, kernel: Int, stride: Int? = nil, padding: Int = 0) throws
        -> (values: Tensor, indices: Tensor)
    {
        let g = try poolGeometry(x.shape, kernel: kernel, stride: stride, padding: padding, op: "max_pool2d")
        let shape: Dims = [g.n, g.c, g.oh, g.ow]
        let values = try uninitialized(shape, op: "max_pool2d")
        let indices = try uninitialized(shape, op: "max_pool2d")
        let src = x.contiguous()
        if padding == 0 {
            // Planes are independent: large batches split them over the cores.
            withExtendedLifetime(src) {
                parallelRanges(g.n * g.c, work: src.count) { planes in
                    maxPoolInside(src.base, g, values.base, indices.base, planes: planes)
                }
            }
            return (values, indices)
        }
        withExtendedLifetime(src) {
            var o = 0
            for p in 0..<(g.n * g.c) {
                let plane = src.base + p * g.h * g.w
                for oy in 0..<g.oh {
                    for ox in 0..<g.ow {
                        var (best, at) = (-Float.infinity, -1)
                        let (y0, x0) = (oy * g.stride - g.padding, ox * g.stride - g.padding)
                        for iy in Swift.max(y0, 0)..<Swift.min(y0 + kernel, g.h) {
                            for ix in Swift.max(x0, 0)..<Swift.min(x0 + kernel, g.w) {
                                let v = plane[iy * g.w + ix]
                                if v > best || at < 0 || (v != v && best == best) { (best, at) = (v, iy * g.w + ix) }
                            }
                        }
                        values.base[o] = best
                        indices.base[o] = Float(at)
                        o += 1
                    }
                }
            }
        }
        return (values, indices)
    }

    /// Max pooling without padding: every window lies inside the image, so no bounds checks.
    private static func maxPoolInside(
        _ x: UnsafePointer<Float>, _ g: ConvGeometry, _ values: UnsafeMutablePointer<Float>,
        _ indices: UnsafeMutablePointer<Float>, planes: Range<Int>
    ) {
        let (k, s, w) = (g.kh, g.stride, g.w)
        if k == 2 && s == 2 {
            maxPool2x2(x, g, values, indices, planes: planes)
            return
        }
        var o = planes.lowerBound * g.oh * g.ow
        for p in planes {
            let plane = x + p * g.h * w
            for oy in 0..<g.oh {
                for ox in 0..<g.ow {
                    var at = oy * s * w + ox * s
                    var best = plane[at]
                    for iy in (oy * s)..<(oy * s + k) {
                        let row = plane + iy * w
                        for ix in (ox * s)..<(ox * s + k) {
                            let v = row[ix]
                            let better = v > best || (v != v && best == best)
                            best = better ? v : best
                            at = better ? iy * w + ix : at
                        }
                    }
                    values[o] = best
                    indices[o] = Float(at)
                    o += 1
                }
            }
        }
    }

    /// The LeNet case, 2×2 windows with stride 2, eight outputs at a time (branch-free: a
    /// data-dependent branch per candidate mispredicts on real images): the even and odd
    /// columns of the window's two input rows are the four candidates, in row-major order, and
    /// a later one wins only if strictly larger (or the first NaN). The last < 8 outputs of a
    /// row go through a copy padded with −∞.
    private static func maxPool2x2(
        _ x: UnsafePointer<Float>, _ g: ConvGeometry, _ values: UnsafeMutablePointer<Float>,
        _ indices: UnsafeMutablePointer<Float>, planes: Range<Int>
    ) {
        let (w, ow) = (g.w, g.ow)
        let lanes = SIMD8<Float>(0, 2, 4, 6, 8, 10, 12, 14)
        let pad = UnsafeMutablePointer<Float>.allocate(capacity: 32)
        defer { pad.deallocate() }
        var o = planes.lowerBound * g.oh * ow
        for p in planes {
            let plane = x + p * g.h * w
            for oy in 0..<g.oh {
                let r0 = plane + 2 * oy * w
                var ox = 0
                while ox < ow {
                    let k = Swift.min(8, ow - ox)
                    var (top, bottom) = (r0 + 2 * ox, r0 + w + 2 * ox)
                    if k < 8 {
                        pad.update(repeating: -.infinity, count: 32)
                        pad.update(from: top, count: 2 * k)
                        (pad + 16).update(from: bottom, count: 2 * k)
                        (top, bottom) = (UnsafePointer(pad), UnsafePointer(pad + 16))
                    }
                    let a = UnsafeRawPointer(top).loadUnaligned(as: SIMD16<Float>.self)
                    let b = UnsafeRawPointer(bottom).loadUnaligned(as: SIMD16<Float>.self)
                    let (best, at) = max2x2(a.evenHalf, a.oddHalf, b.evenHalf, b.oddHalf, rowLength: Float(w))
                    let position = at + lanes + Float(2 * oy * w + 2 * ox)
                    if k == 8 {
                        UnsafeMutableRawPointer(values + o).storeBytes(of: best, as: SIMD8<Float>.self)
                        UnsafeMutableRawPointer(indices + o).storeBytes(of: position, as: SIMD8<Float>.self)
                    } else {
                        for j in 0..<k { (values[o + j], indices[o + j]) = (best[j], position[j]) }
                    }
                    (ox, o) = (ox + k, o + k)
                }
            }
        }
    }

    /// The largest of four candidates per lane and its offset in the window (0, 1, w, w + 1):
    /// a later candidate wins only if strictly larger, or if it is the first NaN.
    @inline(__always)
    private static func max2x2(
        _ a: SIMD8<Float>, _ b: SIMD8<Float>, _ c: SIMD8<Float>, _ d: SIMD8<Float>, rowLength w: Float
    ) -> (SIMD8<Float>, SIMD8<Float>) {
        var best = a
        var at = SIMD8<Float>(repeating: 0)
        for (v, offset) in [(b, Float(1)), (c, w), (d, w + 1)] {
            let better = (v .> best) .| ((v .!= v) .& (best .== best))
            best.replace(with: v, where: better)
            at.replace(with: offset, where: better)
        }
        return (best, at)
    }

    /// The gradient of max pooling: each output gradient is added to the input position its
    /// index names. dOut and indices [N, C, OH, OW] → dX `inputShape` [N, C, H, W].
    public static func maxPool2dBackward(gradOutput dy: Tensor, indices: Tensor, inputShape: Dims) throws -> Tensor {
        guard inputShape.count == 4, dy.rank == 4, dy.shape == indices.shape,
            dy.shape[0] == inputShape[0], dy.shape[1] == inputShape[1]
        else {
            throw TensorError(
                op: "max_pool2d_backward",
                message: "gradient \(shapeString(dy.shape)) and indices \(shapeString(indices.shape)) do not match input \(shapeString(inputShape))",
                shapes: [dy.shape, indices.shape, inputShape])
        }
        // Each part zeroes its own planes before adding into them (a serial fill of the whole
        // gradient was a pass on one core before the split one).
        let out = try uninitialized(inputShape, op: "max_pool2d_backward")
        let (g, ix) = (dy.contiguous(), indices.contiguous())
        let hw = inputShape[2] * inputShape[3]
        let per = dy.shape[2] * dy.shape[3]
        // Planes are independent: large batches split them over the cores. A part stops at
        // its first bad index; the first of those in plane order is reported.
        let planes = inputShape[0] * inputShape[1]
        let bad = UnsafeMutablePointer<Int>.allocate(capacity: Swift.max(planes, 1))
        bad.initialize(repeating: -1, count: Swift.max(planes, 1))
        defer { bad.deallocate() }
        // Plain pointers into the closure (g and ix live to the return): read through the
        // tensors (`ix.base`), the inner loop reloaded them at every element (+14 %
        // instructions here once Tensor held its shape inline).
        let (dx, gp, ip) = (out.base, g.base, ix.base)
        parallelRanges(planes, work: out.count) { range in
            (dx + range.lowerBound * hw).update(repeating: 0, count: range.count * hw)
            for p in range {
                for q in 0..<per {
                    let k = p * per + q
                    let i = Int(exactly: ip[k]) ?? -1
                    guard i >= 0 && i < hw else {
                        bad[p] = k
                        return
                    }
                    dx[p * hw + i] += gp[k]
                }
            }
        }
        if let k = (0..<planes).lazy.map({ bad[$0] }).first(where: { $0 >= 0 }) {
            throw TensorError(
                op: "max_pool2d_backward", message: "index \(ix.base[k]) is outside a plane of \(hw) elements",
                shapes: [dy.shape, inputShape])
        }
        return withExtendedLifetime((g, ix)) { out }
    }

    /// Average pooling: each kernel×kernel window's mean, padding counted as zeros in a
    /// divisor of kernel² (PyTorch's count_include_pad). x [N, C, H, W] → [N, C, OH, OW].
    public static func avgPool2d(_ x: Tensor, kernel: Int, stride: Int? = nil, padding: Int = 0) throws -> Tensor {
        let g = try poolGeometry(x.shape, kernel: kernel, stride: stride, padding: padding, op: "avg_pool2d")
        let out = try uninitialized([g.n, g.c, g.oh, g.ow], op: "avg_pool2d")
        let src = x.contiguous()
        let scale = 1 / Float(kernel * kernel)
        withExtendedLifetime(src) {
            var o = 0
            for p in 0..<(g.n * g.c) {
                let plane = src.base + p * g.h * g.w
                for oy in 0..<g.oh {
                    for ox in 0..<g.ow {
                        let (y0, x0) = (oy * g.stride - g.padding, ox * g.stride - g.padding)
                        var acc: Float = 0
                        for iy in Swift.max(y0, 0)..<Swift.min(y0 + kernel, g.h) {
                            for ix in Swift.max(x0, 0)..<Swift.min(x0 + kernel, g.w) { acc += plane[iy * g.w + ix] }
                        }
                        out.base[o] = acc * scale
                        o += 1
                    }
                }
            }
        }
        return out
    }

    /// The gradient of average pooling: each output gradient, divided by kernel², is added to
    /// every input position of its window.
    public static func avgPool2dBackward(
        gradOutput dy: Tensor, inputShape: Dims, kernel: Int, stride: Int? = nil, padding: Int = 0
    ) throws -> Tensor {
        let g = try poolGeometry(inputShape, kernel: kernel, stride: stride, padding: padding, op: "avg_pool2d_backward")
        guard dy.shape == [g.n, g.c, g.oh, g.ow] else {
            throw TensorError(
                op: "avg_pool2d_backward",
                message: "gradient must have shape \(shapeString([g.n, g.c, g.oh, g.ow])), got \(shapeString(dy.shape))",
                shapes: [dy.shape, inputShape])
        }
        var out = try filled(inputShape, 0, op: "avg_pool2d_backward")
        out.makeUnique()
        let src = dy.contiguous()
        let scale = 1 / Float(kernel * kernel)
        var o = 0
        for p in 0..<(g.n * g.c) {
            let plane = out.base + p * g.h * g.w
            for oy in 0..<g.oh {
                for ox in 0..<g.ow {
                    let (y0, x0) = (oy * g.stride - g.padding, ox * g.stride - g.padding)
                    let v = src.base[o] * scale
                    for iy in Swift.max(y0, 0)..<Swift.min(y0 + kernel, g.h) {
                        for ix in Swift.max(x0, 0)..<Swift.min(x0 + kernel, g.w) { plane[iy * g.w + ix] += v }
                    }
                    o += 1
                }
            }
        }
        return withExtendedLifetime(src) { out }
    }
}
