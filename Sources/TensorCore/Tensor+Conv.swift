// Tensor+Conv: 2-D convolution for (N, C, H, W) images by im2col and one GEMM, and its
// backward (dX by GEMM and col2im, dW by GEMM, dB by summing).
import CVectorMath
import Foundation

/// The sizes of one convolution or pooling: input N×C×H×W, a kh×kw window moved by `stride`
/// over the input padded by `padding` zeros on every side; output OH×OW with
/// OH = (H + 2·padding − kh) / stride + 1 (rounded down), likewise OW.
struct ConvGeometry {
    let n, c, h, w, kh, kw, stride, padding, oh, ow: Int
    var plane: Int { oh * ow }
    var rows: Int { c * kh * kw }

    init(input x: Dims, kh: Int, kw: Int, stride: Int, padding: Int, op: String) throws {
        guard x.count == 4 else {
            throw TensorError(
                op: op, message: "input must be rank 4 (N, C, H, W), got \(shapeString(x))", shapes: [x],
                hint: x.count == 3 ? "missing batch axis? use x.reshape([1, ...])" : nil)
        }
        guard stride >= 1, padding >= 0 else {
            throw TensorError(
                op: op, message: "stride must be ≥ 1 and padding ≥ 0 (got stride \(stride), padding \(padding))",
                shapes: [x])
        }
        guard kh >= 1, kw >= 1, kh <= 1 << 30, kw <= 1 << 30, padding <= 1 << 30 else {
            throw TensorError(
                op: op, message: "kernel \(kh)×\(kw) with padding \(padding) is out of range for input \(shapeString(x))",
                shapes: [x], hint: "kernels are at least 1×1")
        }
        let (ph, pw) = (x[2] + 2 * padding, x[3] + 2 * padding)
        guard ph >= kh, pw >= kw else {
            throw TensorError(
                op: op,
                message: "kernel \(kh)×\(kw) is larger than the padded input \(ph)×\(pw) (input \(shapeString(x)), padding \(padding))",
                shapes: [x], hint: "use a smaller kernel or more padding")
        }
        (n, c, h, w) = (x[0], x[1], x[2], x[3])
        (self.kh, self.kw, self.stride, self.padding) = (kh, kw, stride, padding)
        (oh, ow) = ((ph - kh) / stride + 1, (pw - kw) / stride + 1)
        // The unfolded columns, [C·kh·kw, N·OH·OW], bound every buffer and loop of the op.
        _ = try Tensor.checkedCount([c, kh, kw, n, oh, ow], op: op)
    }

    /// The output columns ox whose input column ox·stride − padding + j lies inside 0..<w.
    func validColumns(_ j: Int) -> Range<Int> {
        let num = padding - j
        let lo = num <= 0 ? 0 : (num + stride - 1) / stride
        let last = w - 1 + padding - j
        let hi = last < 0 ? 0 : Swift.min(ow, last / stride + 1)
        return lo..<Swift.max(lo, hi)
    }

    /// For stride 1: the output rows oy whose input row oy − padding + i lies inside 0..<h,
    /// as top..<bottom.
    func validRows(_ i: Int) -> (top: Int, bottom: Int) {
        let top = Swift.min(oh, Swift.max(0, padding - i))
        return (top, Swift.max(top, Swift.min(oh, h + padding - i)))
    }

}

/// The bytes of unfolded columns a block of images should stay within (`Tensor.imageBlocks`):
/// half of this machine's 2 MiB of L2 per core, so that a block's columns, its share of the
/// output and OpenBLAS's packed panels fit together.
let imageBlockBytes = 1024.0 * 1024

/// Whether `cajal_fma_chains` runs with FMA in hardware (its AVX-512 or AVX2 + FMA version)
/// and `CAJAL_FMA_CHAINS=0` does not turn it off (`Tensor.fmaChains`).
let fmaChainsOn: Bool = cajal_vector_math_fma_chains_level() != 0
    && ProcessInfo.processInfo.environment["CAJAL_FMA_CHAINS"]?.trimmingCharacters(in: .whitespaces) != "0"

/// dst[i] = src[i] for i in 0..<n, eight lanes at a time (rows here are short: a call to
/// memcpy per row costs more than the copy).
@inline(__always) func copyRow(_ dst: UnsafeMutablePointer<Float>, _ src: UnsafePointer<Float>, _ n: Int) {
    var i = 0
    while i + 8 <= n {
        UnsafeMutableRawPointer(dst + i).storeBytes(
            of: UnsafeRawPointer(src + i).loadUnaligned(as: SIMD8<Float>.self), as: SIMD8<Float>.self)
        i += 8
    }
    while i < n {
        dst[i] = src[i]
        i += 1
    }
}

/// dst[i] += src[i] for i in 0..<n, eight lanes at a time.
@inline(__always) func addRow(_ dst: UnsafeMutablePointer<Float>, _ src: UnsafePointer<Float>, _ n: Int) {
    var i = 0
    while i + 8 <= n {
        let d = UnsafeMutableRawPointer(dst + i)
        let sum = d.loadUnaligned(as: SIMD8<Float>.self) + UnsafeRawPointer(src + i).loadUnaligned(as: SIMD8<Float>.self)
        d.storeBytes(of: sum, as: SIMD8<Float>.self)
        i += 8
    }
    while i < n {
        dst[i] += src[i]
        i += 1
    }
}

extension Tensor {
    /// Unfolds image patches into columns: x [N, C, H, W] → [C·kh·kw, N·OH·OW], where column
    /// (b, oy, ox) holds the kh×kw window (all channels) under output position (oy, ox) of
    /// image b, zero where it hangs over the padding.
    public static func im2col(_ x: Tensor, kernel: (Int, Int), stride: Int = 1, padding: Int = 0) throws -> Tensor {
        let g = try ConvGeometry(input: x.shape, kh: kernel.0, kw: kernel.1, stride: stride, padding: padding, op: "im2col")
        let out = try uninitialized([g.rows, g.n * g.plane], op: "im2col")
        let src = x.contiguous()
        withExtendedLifetime(src) { im2colKernel(src.base, g, out.base) }
        return out
    }

    /// Fills columns [C·kh·kw, N·OH·OW] from a contiguous image batch. For each window
    /// position (ch, i, j) the valid output columns are worked out once, so each output row
    /// is zeros, one straight (or strided) copy, zeros.
    /// The rows (ch, i, j) are independent, so large unfoldings split them over the cores.
    static func im2colKernel(_ x: UnsafePointer<Float>, _ g: ConvGeometry, _ cols: UnsafeMutablePointer<Float>) {
        parallelRanges(g.rows, work: g.rows * g.n * g.plane) { rows in im2colRows(x, g, cols, rows, images: 0..<g.n) }
    }

    /// The rows `rows` of im2col's output, in the columns of images `images`; row r is window
    /// position (ch, i, j) = r as ch·kh·kw + i·kw + j.
    static func im2colRows(
        _ x: UnsafePointer<Float>, _ g: ConvGeometry, _ cols: UnsafeMutablePointer<Float>, _ rows: Range<Int>,
        images: Range<Int>
    ) {
        let (s, p, h, w, ow) = (g.stride, g.padding, g.h, g.w, g.ow)
        let np = g.n * g.plane
        for r in rows {
            let (ch, i, j) = (r / (g.kh * g.kw), (r / g.kw) % g.kh, r % g.kw)
            let valid = g.validColumns(j)
            let (lo, hi) = (valid.lowerBound, valid.upperBound)
            var d = cols + r * np + images.lowerBound * g.plane
            if s == 1 && lo == 0 && hi == ow {
                // Every output column reads inside the image (stride 1, and this j clear of the
                // padding): per image, zero rows above and below it and one block copy of the
                // rows inside, OW floats each (CVectorMath, eight lanes at a time).
                let (top, bottom) = g.validRows(i)
                for b in images {
                    let plane = x + (b * g.c + ch) * h * w
                    if top > 0 { d.update(repeating: 0, count: top * ow) }
                    if bottom > top { cajal_copy_rows(d + top * ow, ow, plane + (top - p + i) * w - p + j, w, bottom - top, ow) }
                    if bottom < g.oh { (d + bottom * ow).update(repeating: 0, count: (g.oh - bottom) * ow) }
                    d += g.plane
                }
                continue
            }
            for b in images {
                let plane = x + (b * g.c + ch) * h * w
                for oy in 0..<g.oh {
                    let iy = oy * s - p + i
                    if iy < 0 || iy >= h {
                        d.update(repeating: 0, count: ow)
                    } else {
                        let srow = plane + iy * w - p + j
                        if lo > 0 { d.update(repeating: 0, count: lo) }
                        if s == 1 {
                            if hi > lo { copyRow(d + lo, srow + lo, hi - lo) }
                        } else {
                            for ox in lo..<hi { d[ox] = srow[ox * s] }
                        }
                        if hi < ow { (d + hi).update(repeating: 0, count: ow - hi) }
                    }
                    d += ow
                }
            }
        }
    }

    /// The adjoint of im2col: folds columns [C·kh·kw, N·OH·OW] back into an image of
    /// `inputShape` [N, C, H, W], adding where windows overlap (padding is dropped).
    public static func col2im(
        _ cols: Tensor, inputShape: Dims, kernel: (Int, Int), stride: Int = 1, padding: Int = 0
    ) throws -> Tensor {
        let g = try ConvGeometry(
            input: inputShape, kh: kernel.0, kw: kernel.1, stride: stride, padding: padding, op: "col2im")
        guard cols.shape == [g.rows, g.n * g.plane] else {
            throw TensorError(
                op: "col2im",
                message: "columns must have shape \(shapeString([g.rows, g.n * g.plane])) for input \(shapeString(inputShape)), got \(shapeString(cols.shape))",
                shapes: [cols.shape, inputShape])
        }
        let out = try uninitialized(inputShape, op: "col2im")
        let src = cols.contiguous()
        withExtendedLifetime(src) { col2imKernel(src.base, g, out.base) }
        return out
    }

    /// Images are independent (each element of x sums its windows in the same (ch, i, j)
    /// order whatever the split), so large folds split the batch over the cores. `x` need not
    /// be initialised: each part zeroes its own images first.
    static func col2imKernel(_ cols: UnsafePointer<Float>, _ g: ConvGeometry, _ x: UnsafeMutablePointer<Float>) {
        parallelRanges(g.n, work: g.rows * g.n * g.plane) { images in
            col2imImages(cols + images.lowerBound * g.plane, g, x, images, rowStride: g.n * g.plane)
        }
    }

    /// Folds the columns of `images` into their images (zeroed first). `cols` points at the
    /// first of those columns in row 0; row r starts `rowStride` floats further on (N·P in
    /// the whole [C·kh·kw, N·P], or the block's own width).
    static func col2imImages(
        _ cols: UnsafePointer<Float>, _ g: ConvGeometry, _ x: UnsafeMutablePointer<Float>, _ images: Range<Int>,
        rowStride: Int
    ) {
        let (s, p, h, w, ow) = (g.stride, g.padding, g.h, g.w, g.ow)
        (x + images.lowerBound * g.c * h * w).update(repeating: 0, count: images.count * g.c * h * w)
        for ch in 0..<g.c {
            for i in 0..<g.kh {
                for j in 0..<g.kw {
                    let valid = g.validColumns(j)
                    var d = cols + ((ch * g.kh + i) * g.kw + j) * rowStride
                    if s == 1 && valid == 0..<ow {
                        // As in im2colRows: the rows inside the image, one block addition per
                        // image. Each of its elements gets one addition, as in the loop below
                        // (stride 1: distinct rows oy fold into distinct rows iy).
                        let (top, bottom) = g.validRows(i)
                        if bottom > top {
                            for b in images {
                                let plane = x + (b * g.c + ch) * h * w
                                cajal_add_rows(plane + (top - p + i) * w - p + j, w, d + top * ow, ow, bottom - top, ow)
                                d += g.plane
                            }
                        }
                        continue
                    }
                    for b in images {
                        let plane = x + (b * g.c + ch) * h * w
                        for oy in 0..<g.oh {
                            let iy = oy * s - p + i
                            if iy >= 0 && iy < h {
                                let xrow = plane + iy * w - p + j
                                if s == 1 {
                                    if !valid.isEmpty { addRow(xrow + valid.lowerBound, d + valid.lowerBound, valid.count) }
                                } else {
                                    for ox in valid { xrow[ox * s] += d[ox] }
                                }
                            }
                            d += ow
                        }
                    }
                }
            }
        }
    }

    /// 2-D convolution (cross-correlation, as in PyTorch): x [N, C, H, W] with weights
    /// w [F, C, kh, kw] and optional bias [F] → [N, F, OH, OW],
    /// out[b, f, oy, ox] = bias[f] + Σ_{c,i,j} w[f, c, i, j] · x[b, c, oy·s − p + i, ox·s − p + j].
    public static func conv2d(_ x: Tensor, _ w: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: Int = 0) throws -> Tensor {
        try conv2dKeepingColumns(x, w, bias: bias, stride: stride, padding: padding).output
    }

    /// `conv2d`, also returning the unfolded input (im2col's [C·kh·kw, N·OH·OW]) that the
    /// forward GEMM used, so that a backward can take dW from it without unfolding again
    /// (`conv2dBackward(..., columns:)`). The columns are empty ([0]) when the output is.
    public static func conv2dKeepingColumns(
        _ x: Tensor, _ w: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: Int = 0
    ) throws -> (output: Tensor, columns: Tensor) {
        try conv2dKeepingColumns(x, w, bias: bias, stride: stride, padding: padding, pool: .shared)
    }

    /// `conv2dKeepingColumns` on `pool`: where the pool splits GEMMs (`imageBlocks`), the
    /// unfolding, the GEMM and the bias run by blocks of images, each block one job of the pool.
    static func conv2dKeepingColumns(
        _ x: Tensor, _ w: Tensor, bias: Tensor?, stride: Int, padding: Int, pool: WorkerPool
    ) throws -> (output: Tensor, columns: Tensor) {
        let g = try convCheck(x, w, bias: bias, stride: stride, padding: padding, op: "conv2d")
        let f = w.shape[0]
        let out = try uninitialized([g.n, f, g.oh, g.ow], op: "conv2d")
        if out.count == 0 { return (out, zerosUnchecked([0])) }
        let np = g.n * g.plane
        let wc = w.contiguous()
        let bc = bias?.contiguous()
        defer { withExtendedLifetime((wc, bc)) {} }
        // out[b, ch, q] = tmp[ch, b·P + q] + bias[ch] (+ 0 without a bias) for the images given.
        func addBias(_ tmp: Tensor, _ images: Range<Int>) {
            for b in images {
                for ch in 0..<f {
                    let (d, s) = (out.base + (b * f + ch) * g.plane, tmp.base + ch * np + b * g.plane)
                    let add = bc.map { $0.base[ch] } ?? 0
                    for q in 0..<g.plane { d[q] = s[q] + add }
                }
            }
        }
        if let blocks = imageBlocks(g, m: f, pool: pool) {
            // The same buffers, errors and order of checks as below.
            let cols = try uninitialized([g.rows, np], op: "im2col")
            let chains = fmaChains(k: g.rows)
            // The chains write each image's output in place: no [F, N·P] product to copy out
            // (its size is still checked against the memory limit, as below).
            let tmp = chains ? out : try uninitialized([f, np], op: "conv2d")
            if chains { _ = try checkedCount([f, np], op: "conv2d") }
            try checkBlasDims([f, np, g.rows], op: "conv2d", shapes: [x.shape, w.shape])
            let src = x.contiguous()
            // Each block unfolds its images into their columns of the whole [C·kh·kw, N·P]
            // (kept for dW), multiplies them while they are in this core's cache, and adds the
            // bias. Its GEMM is a column block of the whole product (ldb = ldc = N·P, k whole):
            // `imageBlocks` says why it computes those columns bit for bit as one call does.
            pool.forEachRange(g.n, work: WorkerPool.threshold, pieces: blocks) { images in
                let lo = images.lowerBound * g.plane
                im2colRows(src.base, g, cols.base, 0..<g.rows, images: images)
                if chains {
                    // Image by image, F × P straight into the output, then its bias in place:
                    // (acc + 0) + bias, the two roundings of the product and the bias pass.
                    for b in images {
                        let o = out.base + b * f * g.plane
                        cajal_fma_chains(o, g.plane, wc.base, g.rows, 0, cols.base + b * g.plane, np, f, g.plane, g.rows)
                        for ch in 0..<f {
                            let (d, add) = (o + ch * g.plane, bc.map { $0.base[ch] } ?? 0)
                            for q in 0..<g.plane { d[q] = d[q] + add }
                        }
                    }
                } else {
                    sgemmCall(
                        transA: false, transB: false, m: f, n: images.count * g.plane, k: g.rows, alpha: 1, a: wc.base,
                        lda: g.rows, b: cols.base + lo, ldb: np, beta: 0, c: tmp.base + lo, ldc: np)
                    addBias(tmp, images)
                }
            }
            withExtendedLifetime(src) {}
            return (out, cols)
        }
        let cols = try im2col(x, kernel: (g.kh, g.kw), stride: stride, padding: padding)
        let tmp = try uninitialized([f, np], op: "conv2d")
        try checkBlasDims([f, np, g.rows], op: "conv2d", shapes: [x.shape, w.shape])
        if g.rows == 0 { tmp.base.update(repeating: 0, count: tmp.count) } else {
        sgemm(transA: false, transB: false, m: f, n: np, k: g.rows, a: wc.base, lda: g.rows, b: cols.base, ldb: np, c: tmp.base, ldc: np, pool: pool)
        }
        pool.forEachRange(g.n, work: out.count) { images in addBias(tmp, images) }
        return (out, cols)
    }

    /// Into how many blocks of images a convolution's GEMM with m rows (F forward, C·kh·kw for
    /// dX's columns) and k = the other runs, each block one OpenBLAS call on its columns
    /// of C (ldb = ldc = N·P), or nil to make one GEMM of all (today's path).
    ///
    /// Only where the pool splits GEMMs (`WorkerPool.splitsGEMMs`: OpenBLAS's SkylakeX kernel
    /// on one thread), and only if every block stays above OpenBLAS's small-matrix limit
    /// (`gemmSplitLimit`, more than 100³ multiply-adds): then a block is a column block of C
    /// with k not cut, the case `GEMMSplit` (BLAS.swift) shows computes every element of C bit
    /// for bit as the one call does (each block and the whole take the one-thread level-3
    /// driver, which blocks k alone; the micro-kernel gives each element its own accumulator).
    /// `cajal __check-gemm-split` checks these blocks for the LeNet shapes and at the limits.
    /// At least two blocks, as many as the pool has threads or more, so that a block's
    /// columns (4 bytes · C·kh·kw · P per image) stay within about `imageBlockBytes`: a core
    /// multiplies them while they are still in its cache.
    static func imageBlocks(_ g: ConvGeometry, m: Int, pool: WorkerPool) -> Int? {
        guard pool.splitsGEMMs, g.n >= 2, g.rows > 0, g.plane > 0, m > 0 else { return nil }
        return imageBlocks(
            images: g.n, multiplyAddsPerImage: Double(m) * Double(g.plane) * Double(g.rows),
            columnBytesPerImage: 4 * Double(g.rows) * Double(g.plane), parts: pool.parts)
    }

    /// Whether a block's product (alpha 1, beta 0, k = `k`) runs as CVectorMath's
    /// `cajal_fma_chains` instead of an OpenBLAS call: where `imageBlocks` blocks (the pool
    /// splits GEMMs, so OpenBLAS runs its SkylakeX kernel on one thread and every block is above
    /// the small-matrix limit, so OpenBLAS would take its level-3 driver), with k one block of
    /// the driver (k ≤ GEMM_Q = 448), and on a CPU with FMA. There OpenBLAS computes each
    /// element as one chain — the beta pass sets C to +0; the micro-kernel sets the element's
    /// own accumulator to +0, adds a · b per k in order in one fused multiply-add each, and
    /// stores 1 · acc + C in one more — and so do the chains, without packing A and B, zeroing
    /// C first, or a call per block (in LeNet's step those were a fifth of the cycles).
    /// `CAJAL_FMA_CHAINS=0` keeps OpenBLAS; `cajal __check-gemm-split` compares the two bit for
    /// bit on the convolutions and on products at each limit.
    static func fmaChains(k: Int) -> Bool { k >= 1 && k <= sgemmBlockQ && fmaChainsOn }

    /// `imageBlocks`' arithmetic: the most blocks of `images` that keep every block above
    /// `gemmSplitLimit` multiply-adds, at least 2 (else nil), and of those the fewest that
    /// are a multiple of `parts` and keep a block's columns within `imageBlockBytes`.
    static func imageBlocks(images n: Int, multiplyAddsPerImage macs: Double, columnBytesPerImage bytes: Double, parts: Int)
        -> Int?
    {
        guard n >= 2, macs > 0 else { return nil }
        // The fewest images a block may have: b · macs > limit.
        let fewest = macs > gemmSplitLimit ? 1 : Int(gemmSplitLimit / macs) + 1
        let most = n / fewest
        guard most >= 2 else { return nil }
        let p = Swift.max(parts, 1)
        let forCache = Int((Double(n) * bytes / imageBlockBytes).rounded(.up))
        let wanted = (Swift.max(forCache, p, 2) + p - 1) / p * p
        return Swift.min(wanted, most)
    }

    private static func checkBlasDims(_ dims: [Int], op: String, shapes: [Dims]) throws {
        guard dims.allSatisfy({ $0 <= blasDimensionLimit }) else {
            throw TensorError(op: op, message: "a GEMM dimension exceeds 2^31 − 1", shapes: shapes)
        }
    }

    private static func convCheck(_ x: Tensor, _ w: Tensor, bias: Tensor?, stride: Int, padding: Int, op: String) throws
        -> ConvGeometry
    {
        guard w.rank == 4 else {
            throw TensorError(
                op: op, message: "weights must be rank 4 (F, C, kh, kw), got \(shapeString(w.shape))",
                shapes: [x.shape, w.shape])
        }
        let g = try ConvGeometry(input: x.shape, kh: w.shape[2], kw: w.shape[3], stride: stride, padding: padding, op: op)
        guard w.shape[1] == g.c else {
            throw TensorError(
                op: op,
                message: "input has \(g.c) channels but the weights \(shapeString(w.shape)) expect \(w.shape[1]) (input \(shapeString(x.shape)))",
                shapes: [x.shape, w.shape], hint: "weights are (out channels, in channels, kh, kw)")
        }
        if let bias, bias.shape != [w.shape[0]] {
            throw TensorError(
                op: op, message: "bias must have shape [\(w.shape[0])], got \(shapeString(bias.shape))",
                shapes: [x.shape, w.shape, bias.shape])
        }
        return g
    }

    /// The gradients of `conv2d` given dL/dout [N, F, OH, OW]: dX [N, C, H, W] = col2im(Wᵀ · dOut),
    /// dW [F, C, kh, kw] = dOut · colsᵀ, dB [F] = Σ over N, OH, OW of dOut.
    /// With `needInputGradient: false` (a first layer, whose input needs no gradient) the
    /// Wᵀ · dOut GEMM and the fold are skipped and dX is an empty tensor of shape [0];
    /// `needWeightGradient: false` likewise skips im2col and dW (dW is shape [0]). `columns`,
    /// if given, is the forward's unfolded input (`conv2dKeepingColumns`) and replaces the
    /// im2col here; one of another shape is ignored.
    public static func conv2dBackward(
        _ x: Tensor, _ w: Tensor, gradOutput dy: Tensor, stride: Int = 1, padding: Int = 0,
        needInputGradient: Bool = true, needWeightGradient: Bool = true, columns: Tensor? = nil
    ) throws -> (dX: Tensor, dW: Tensor, dB: Tensor) {
        try conv2dBackward(
            x, w, gradOutput: dy, stride: stride, padding: padding, needInputGradient: needInputGradient,
            needWeightGradient: needWeightGradient, columns: columns, pool: .shared)
    }

    /// `conv2dBackward` on `pool`: where the pool splits GEMMs (`imageBlocks`), dX's GEMM and
    /// fold run by blocks of images, each block one job of the pool.
    static func conv2dBackward(
        _ x: Tensor, _ w: Tensor, gradOutput dy: Tensor, stride: Int, padding: Int,
        needInputGradient: Bool, needWeightGradient: Bool, columns: Tensor?, pool: WorkerPool
    ) throws -> (dX: Tensor, dW: Tensor, dB: Tensor) {
        let g = try convCheck(x, w, bias: nil, stride: stride, padding: padding, op: "conv2d_backward")
        let f = w.shape[0]
        guard dy.shape == [g.n, f, g.oh, g.ow] else {
            throw TensorError(
                op: "conv2d_backward",
                message: "output gradient must have shape \(shapeString([g.n, f, g.oh, g.ow])), got \(shapeString(dy.shape))",
                shapes: [x.shape, w.shape, dy.shape])
        }
        let np = g.n * g.plane
        try checkBlasDims([f, np, g.rows], op: "conv2d_backward", shapes: [x.shape, w.shape])
        // dOut as [F, N·P]: the layout of the forward GEMM's result.
        let dyc = dy.contiguous()
        let dyT = Tensor(uninitialized: [f, np], count: f * np)
        parallelRanges(g.n, work: dyT.count) { images in
            for b in images {
                for ch in 0..<f { copyRow(dyT.base + ch * np + b * g.plane, dyc.base + (b * f + ch) * g.plane, g.plane) }
            }
        }
        withExtendedLifetime(dyc) {}
        let dB = Tensor(uninitialized: [f], count: f)
        parallelRanges(f, work: dyT.count) { channels in
            for ch in channels { dB.base[ch] = Float(rowSum(dyT.base + ch * np, np)) }
        }
        let empty = Tensor.zerosUnchecked([0])
        if np == 0 || g.rows == 0 || f == 0 {
            return (
                needInputGradient ? try zeros(x.shape) : empty, needWeightGradient ? try zeros(w.shape) : empty,
                try zeros([f])
            )
        }
        var dW = empty
        if needWeightGradient {
            dW = try uninitialized(w.shape, op: "conv2d_backward")
            let kept = columns.flatMap { $0.shape == [g.rows, np] ? $0.contiguous() : nil }
            let cols = try kept ?? im2col(x, kernel: (g.kh, g.kw), stride: stride, padding: padding)
            sgemm(
                transA: false, transB: true, m: f, n: g.rows, k: np, a: dyT.base, lda: np, b: cols.base, ldb: np,
                c: dW.base, ldc: g.rows, pool: pool)
        }
        var dX = empty
        if needInputGradient {
            let wc = w.contiguous()
            let dCols = try uninitialized([g.rows, np], op: "conv2d_backward")
            dX = Tensor(uninitialized: x.shape, count: x.count)
            if let blocks = imageBlocks(g, m: g.rows, pool: pool) {
                // Each block of images: its columns of Wᵀ · dOut (a column block of the whole
                // product, k = F not cut: `imageBlocks` says why the bits are the one call's;
                // by the chains where `fmaChains` allows, the same bits again), folded into its
                // images while they are in this core's cache. col2im's images are independent,
                // so the fold does not depend on the blocks either.
                let (dc, dx) = (dCols.base, dX.base)
                let chains = fmaChains(k: f)
                pool.forEachRange(g.n, work: WorkerPool.threshold, pieces: blocks) { images in
                    let lo = images.lowerBound * g.plane
                    if chains {
                        cajal_fma_chains(dc + lo, np, wc.base, g.rows, 1, dyT.base + lo, np, g.rows, images.count * g.plane, f)
                    } else {
                        sgemmCall(
                            transA: true, transB: false, m: g.rows, n: images.count * g.plane, k: f, alpha: 1,
                            a: wc.base, lda: g.rows, b: dyT.base + lo, ldb: np, beta: 0, c: dc + lo, ldc: np)
                    }
                    col2imImages(dc + lo, g, dx, images, rowStride: np)
                }
            } else {
                sgemm(
                    transA: true, transB: false, m: g.rows, n: np, k: f, a: wc.base, lda: g.rows, b: dyT.base, ldb: np,
                    c: dCols.base, ldc: np, pool: pool)
                col2imKernel(dCols.base, g, dX.base)
            }
            withExtendedLifetime(wc) {}
        }
        return (dX, dW, dB)
    }

    /// A reshape of a tensor whose element count is known to match (contiguous view or copy).
    func reshapedView(_ newShape: Dims) -> Tensor {
        let src = contiguous()
        return Tensor(
            storage: src.storage, offset: src.offset, shape: newShape, strides: Tensor.rowMajorStrides(newShape),
            count: count)
    }
}
