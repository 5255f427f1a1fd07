// ConvPoolTests: conv2d and pooling against direct loops written here; conv2dBackward
// against a direct-loop gradient and a finite-difference check; im2col/col2im adjointness.
import Testing
@testable import TensorCore

/// out[b, f, oy, ox] = bias[f] + Σ w[f, c, i, j] · x[b, c, oy·s − p + i, ox·s − p + j] (zero outside).
private func naiveConv(_ x: Tensor, _ w: Tensor, _ bias: Tensor?, s: Int, p: Int) -> Tensor {
    let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (f, kh, kw) = (w.shape[0], w.shape[2], w.shape[3])
    let (oh, ow) = ((h + 2 * p - kh) / s + 1, (wd + 2 * p - kw) / s + 1)
    let xv = x.toArray()
    let wv = w.toArray()
    let bv = bias?.toArray()
    var out = [Float](repeating: 0, count: n * f * oh * ow)
    for b in 0..<n { for o in 0..<f { for oy in 0..<oh { for ox in 0..<ow {
        var acc = Double(bv?[o] ?? 0)
        for ch in 0..<c { for i in 0..<kh { for j in 0..<kw {
            let (iy, ix) = (oy * s - p + i, ox * s - p + j)
            if iy >= 0 && iy < h && ix >= 0 && ix < wd {
                acc += Double(wv[((o * c + ch) * kh + i) * kw + j]) * Double(xv[((b * c + ch) * h + iy) * wd + ix])
            }
        } } }
        out[((b * f + o) * oh + oy) * ow + ox] = Float(acc)
    } } } }
    return T([n, f, oh, ow], out)
}

/// The gradients of Σ dy · conv(x, w) by the same loops: dX and dW accumulate dy · (the other).
private func naiveConvBackward(_ x: Tensor, _ w: Tensor, _ dy: Tensor, s: Int, p: Int) -> ([Float], [Float], [Float]) {
    let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (f, kh, kw) = (w.shape[0], w.shape[2], w.shape[3])
    let (oh, ow) = (dy.shape[2], dy.shape[3])
    let (xv, wv, gv) = (x.toArray(), w.toArray(), dy.toArray())
    var dx = [Float](repeating: 0, count: xv.count)
    var dw = [Float](repeating: 0, count: wv.count)
    var db = [Float](repeating: 0, count: f)
    for b in 0..<n { for o in 0..<f { for oy in 0..<oh { for ox in 0..<ow {
        let g = gv[((b * f + o) * oh + oy) * ow + ox]
        db[o] += g
        for ch in 0..<c { for i in 0..<kh { for j in 0..<kw {
            let (iy, ix) = (oy * s - p + i, ox * s - p + j)
            if iy >= 0 && iy < h && ix >= 0 && ix < wd {
                let xi = ((b * c + ch) * h + iy) * wd + ix
                let wi = ((o * c + ch) * kh + i) * kw + j
                dx[xi] += g * wv[wi]
                dw[wi] += g * xv[xi]
            }
        } } }
    } } } }
    return (dx, dw, db)
}

@Suite struct ConvPoolTests {
    @Test(arguments: [
        ([2, 3, 7, 6], [4, 3, 3, 3], 1, 0), ([1, 2, 8, 8], [3, 2, 5, 5], 1, 2), ([2, 1, 9, 7], [2, 1, 3, 2], 2, 1),
        ([3, 2, 5, 5], [1, 2, 1, 1], 3, 0), ([1, 1, 4, 4], [1, 1, 4, 4], 1, 1),
    ])
    func conv2dMatchesDirectLoops(xs: [Int], ws: [Int], stride: Int, padding: Int) throws {
        var r = RandomGenerator(seed: UInt64(xs.reduce(0, +) * 31 + ws.reduce(0, +)))
        let x = try Tensor.uniform(xs, low: -1, high: 1, rng: &r)
        let w = try Tensor.uniform(ws, low: -1, high: 1, rng: &r)
        let b = try Tensor.uniform([ws[0]], low: -1, high: 1, rng: &r)
        let got = try Tensor.conv2d(x, w, bias: b, stride: stride, padding: padding)
        let want = naiveConv(x, w, b, s: stride, p: padding)
        #expect(got.shape == want.shape)
        #expect(close(got.toArray(), want.toArray(), atol: 1e-4, rtol: 1e-4))

        let dy = try Tensor.uniform(got.shape, low: -1, high: 1, rng: &r)
        let (dx, dw, db) = try Tensor.conv2dBackward(x, w, gradOutput: dy, stride: stride, padding: padding)
        let (ex, ew, eb) = naiveConvBackward(x, w, dy, s: stride, p: padding)
        #expect(dx.shape == xs && dw.shape == ws && db.shape == [ws[0]])
        #expect(close(dx.toArray(), ex, atol: 1e-4, rtol: 1e-4))
        #expect(close(dw.toArray(), ew, atol: 1e-4, rtol: 1e-4))
        #expect(close(db.toArray(), eb, atol: 1e-4, rtol: 1e-4))
    }

    @Test func conv2dBackwardCanSkipTheInputOrWeightGradient() throws {
        var r = RandomGenerator(seed: 4)
        let x = try Tensor.uniform([2, 3, 6, 6], low: -1, high: 1, rng: &r)
        let w = try Tensor.uniform([4, 3, 3, 3], low: -1, high: 1, rng: &r)
        let dy = try Tensor.uniform([2, 4, 4, 4], low: -1, high: 1, rng: &r)
        let all = try Tensor.conv2dBackward(x, w, gradOutput: dy)
        let noX = try Tensor.conv2dBackward(x, w, gradOutput: dy, needInputGradient: false)
        let noW = try Tensor.conv2dBackward(x, w, gradOutput: dy, needWeightGradient: false)
        #expect(noX.dX.shape == [0] && noX.dW.toArray() == all.dW.toArray() && noX.dB.toArray() == all.dB.toArray())
        #expect(noW.dW.shape == [0] && noW.dX.toArray() == all.dX.toArray())
    }

    @Test func conv2dBackwardMatchesFiniteDifferences() throws {
        var r = RandomGenerator(seed: 3)
        let x = try Tensor.uniform([1, 2, 5, 5], low: -1, high: 1, rng: &r)
        let w = try Tensor.uniform([2, 2, 3, 3], low: -1, high: 1, rng: &r)
        let dy = try Tensor.uniform([1, 2, 3, 3], low: -1, high: 1, rng: &r)
        func loss(_ x: Tensor, _ w: Tensor) throws -> Double {
            let y = try Tensor.conv2d(x, w, stride: 2, padding: 1)
            return zip(y.toArray(), dy.toArray()).reduce(0) { $0 + Double($1.0) * Double($1.1) }
        }
        let (dx, dw, _) = try Tensor.conv2dBackward(x, w, gradOutput: dy, stride: 2, padding: 1)
        let h: Float = 1e-2
        for i in [0, 7, 24, 31, 49] {
            var xp = x, xm = x
            let idx = unravel(i, x.shape)
            try xp.setElement(try x.element(at: idx) + h, at: idx)
            try xm.setElement(try x.element(at: idx) - h, at: idx)
            let fd = (try loss(xp, w) - loss(xm, w)) / Double(2 * h)
            #expect(abs(fd - Double(try dx.element(at: idx))) < 2e-3)
        }
        for i in [0, 13, 35] {
            var wp = w, wm = w
            let idx = unravel(i, w.shape)
            try wp.setElement(try w.element(at: idx) + h, at: idx)
            try wm.setElement(try w.element(at: idx) - h, at: idx)
            let fd = (try loss(x, wp) - loss(x, wm)) / Double(2 * h)
            #expect(abs(fd - Double(try dw.element(at: idx))) < 2e-3)
        }
    }

    @Test func col2imIsTheAdjointOfIm2col() throws {
        // ⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩ for any x and c.
        var r = RandomGenerator(seed: 8)
        let x = try Tensor.uniform([2, 3, 6, 5], low: -1, high: 1, rng: &r)
        let cols = try Tensor.im2col(x, kernel: (3, 2), stride: 2, padding: 1)
        let c = try Tensor.uniform(cols.shape, low: -1, high: 1, rng: &r)
        let back = try Tensor.col2im(c, inputShape: x.shape, kernel: (3, 2), stride: 2, padding: 1)
        let lhs = zip(cols.toArray(), c.toArray()).reduce(0.0) { $0 + Double($1.0 * $1.1) }
        let rhs = zip(x.toArray(), back.toArray()).reduce(0.0) { $0 + Double($1.0 * $1.1) }
        #expect(abs(lhs - rhs) < 1e-3)
    }

    @Test func maxPoolPicksWindowMaximaAndRoutesGradients() throws {
        let x = T([1, 1, 4, 4], [1, 5, 2, 0, 3, 4, 8, 8, -1, -2, 0, 1, -3, -4, 7, 6])
        let (v, idx) = try Tensor.maxPool2d(x, kernel: 2)
        expectTensor(v, [1, 1, 2, 2], [5, 8, -1, 7])
        expectTensor(idx, [1, 1, 2, 2], [1, 6, 8, 14])
        let dx = try Tensor.maxPool2dBackward(gradOutput: T([1, 1, 2, 2], [1, 2, 3, 4]), indices: idx, inputShape: x.shape)
        expectTensor(dx, [1, 1, 4, 4], [0, 1, 0, 0, 0, 0, 2, 0, 3, 0, 0, 0, 0, 0, 4, 0])
        // Ties keep the first position in row-major order; a NaN wins.
        let (tv, ti) = try Tensor.maxPool2d(T([1, 1, 2, 4], [1, 1, 0, .nan, 1, 1, 5, 5]), kernel: 2)
        #expect(tv.toArray()[0] == 1 && tv.toArray()[1].isNaN)
        #expect(ti.toArray() == [0, 3])
    }

    /// Every (kernel, stride, padding) path — unrolled 2×2, unpadded general, padded — against
    /// a direct loop over the window, values and indices.
    @Test(arguments: [(2, 2, 0), (3, 2, 1), (3, 1, 0), (2, 1, 1), (4, 3, 2)])
    func maxPoolMatchesADirectLoop(config: (Int, Int, Int)) throws {
        let (k, s, p) = config
        var r = RandomGenerator(seed: UInt64(k * 100 + s * 10 + p))
        let y = try Tensor.uniform([2, 3, 7, 6], low: -1, high: 1, rng: &r)
        let (pv, pi) = try Tensor.maxPool2d(y, kernel: k, stride: s, padding: p)
        #expect(pv.shape == [2, 3, (7 + 2 * p - k) / s + 1, (6 + 2 * p - k) / s + 1])
        let yv = y.toArray()
        for i in 0..<pv.count {
            let o = unravel(i, pv.shape)
            var (best, at) = (-Float.infinity, -1)
            for a in 0..<k { for b in 0..<k {
                let (iy, ix) = (o[2] * s - p + a, o[3] * s - p + b)
                if iy >= 0 && iy < 7 && ix >= 0 && ix < 6 {
                    let v = yv[((o[0] * 3 + o[1]) * 7 + iy) * 6 + ix]
                    if v > best { (best, at) = (v, iy * 6 + ix) }
                }
            } }
            #expect(pv.toArray()[i] == best)
            #expect(pi.toArray()[i] == Float(at))
        }
    }

    @Test func avgPoolAndItsBackward() throws {
        let x = iota([1, 1, 4, 4])
        expectTensor(try Tensor.avgPool2d(x, kernel: 2), [1, 1, 2, 2], [2.5, 4.5, 10.5, 12.5])
        let dx = try Tensor.avgPool2dBackward(gradOutput: T([1, 1, 2, 2], [4, 8, 12, 16]), inputShape: [1, 1, 4, 4], kernel: 2)
        expectTensor(dx, [1, 1, 4, 4], [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4])
        // Padding counts as zeros in a divisor of kernel².
        expectTensor(try Tensor.avgPool2d(T([1, 1, 1, 1], [9]), kernel: 3, stride: 1, padding: 1), [1, 1, 1, 1], [1])
    }
}
