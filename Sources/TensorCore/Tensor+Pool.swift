// Tensor+Pool: max and average pooling over (N, C, H, W) images, with the argmax indices
// max pooling's backward needs, and both backwards.
import CVectorMath

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

    /// The LeNet case, 2×2 windows with stride 2: CVectorMath's `cajal_max_pool_2x2`, eight
    /// outputs at a time (AVX2 where the CPU has it, the same bits either way; branch-free: a
    /// data-dependent branch per candidate mispredicts on real images). The even and odd
    /// columns of the window's two input rows are the four candidates, in row-major order, and
    /// a later one wins only if strictly larger (or the first NaN); the last < 8 outputs of a
    /// row one at a time by the same rule.
    ///
    /// Until session 13 this was Swift on SIMD8 at the baseline target (two SSE halves per
    /// vector, the masks spilled and tested lane by lane) with the candidates in an array
    /// literal, a heap allocation per eight outputs: 61 instructions per output. The values
    /// and the indices are the same: the index is (at + 2j) + Float(2·oy·w + 2·ox₀) in both.
    private static func maxPool2x2(
        _ x: UnsafePointer<Float>, _ g: ConvGeometry, _ values: UnsafeMutablePointer<Float>,
        _ indices: UnsafeMutablePointer<Float>, planes: Range<Int>
    ) {
        let (lo, per) = (planes.lowerBound, g.oh * g.ow)
        cajal_max_pool_2x2(values + lo * per, indices + lo * per, x + lo * g.h * g.w, planes.count, g.h, g.w, g.oh, g.ow)
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
        // Windows of 2×2 moved by 2 that tile the plane (LeNet's pooling): where every index
        // lies in its own output's window, CVectorMath's `cajal_max_unpool_2x2` writes each
        // window's four gradients in one pass, 0 + g at the index (the fill's +0 plus the one
        // addition below: −0 becomes +0, as here) and +0 elsewhere, with no fill first. A
        // plane where an index does not is redone by `unpoolPlane` (which reports a bad one).
        let (oh, ow, w) = (dy.shape[2], dy.shape[3], inputShape[3])
        let tiles2x2 = inputShape[2] == 2 * oh && w == 2 * ow && hw <= 1 << 24
        parallelRanges(planes, work: out.count) { range in
            if tiles2x2 {
                var p = range.lowerBound
                while p < range.upperBound {
                    p += cajal_max_unpool_2x2(dx + p * hw, gp + p * per, ip + p * per, range.upperBound - p, oh, ow, w)
                    if p == range.upperBound { break }
                    if !unpoolPlane(dx + p * hw, gp + p * per, ip + p * per, per: per, hw: hw, bad: &bad[p], at: p * per) {
                        return
                    }
                    p += 1
                }
                return
            }
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

    /// One plane of max pooling's backward, in general: zero, then each output gradient added
    /// at the position its index names. False (and `bad` set to the flat position `at + q` of
    /// the output) at the first index that is not a position of the plane.
    @inline(__always)
    private static func unpoolPlane(
        _ dx: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ ip: UnsafePointer<Float>,
        per: Int, hw: Int, bad: inout Int, at: Int
    ) -> Bool {
        dx.update(repeating: 0, count: hw)
        for q in 0..<per {
            let i = Int(exactly: ip[q]) ?? -1
            guard i >= 0 && i < hw else {
                bad = at + q
                return false
            }
            dx[i] += g[q]
        }
        return true
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

extension VectorMathLevel {
    /// `cajal_max_pool_2x2` in this compiled version (tests compare the two).
    func maxPool2x2(
        _ values: UnsafeMutablePointer<Float>, _ indices: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>,
        planes: Int, h: Int, w: Int, oh: Int, ow: Int
    ) {
        cajal_vector_math_max_pool_2x2(rawValue, values, indices, x, planes, h, w, oh, ow)
    }

    /// `cajal_max_unpool_2x2` in this compiled version: the planes done.
    func maxUnpool2x2(
        _ dx: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ ix: UnsafePointer<Float>,
        planes: Int, oh: Int, ow: Int, w: Int
    ) -> Int {
        cajal_vector_math_max_unpool_2x2(rawValue, dx, g, ix, planes, oh, ow, w)
    }
}
