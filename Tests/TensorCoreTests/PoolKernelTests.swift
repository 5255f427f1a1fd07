// PoolKernelTests: CVectorMath's 2×2 max pooling and its backward (Tensor+Pool.swift), in both
// compiled versions, against direct loops written here, every bit: ±0 ties (the first in
// row-major order wins), NaNs (the first wins, then nothing beats it), rows of 4 (no vector),
// 8, 11 and 19 outputs (vector and one-at-a-time tail), odd H and W. The backward's one pass
// against the fill-and-add loop: −0 and NaN gradients, indices that are not in their own
// window (the plane redone in general: repeated indices add), a bad index (the same error), and
// shapes the windows do not tile (the general loop alone).
import Testing
@testable import TensorCore

/// Values and indices of 2×2/stride-2 max pooling by a direct loop: the first candidate, then
/// a later one only if strictly larger or the first NaN.
private func directPool(_ x: [Float], planes: Int, h: Int, w: Int) -> ([Float], [Float]) {
    let (oh, ow) = (h / 2, w / 2)
    var (values, indices) = ([Float](), [Float]())
    for p in 0..<planes {
        for oy in 0..<oh {
            for ox in 0..<ow {
                var (best, at) = (Float.nan, -1)
                for (iy, ix) in [(2 * oy, 2 * ox), (2 * oy, 2 * ox + 1), (2 * oy + 1, 2 * ox), (2 * oy + 1, 2 * ox + 1)] {
                    let v = x[p * h * w + iy * w + ix]
                    if at < 0 || v > best || (v.isNaN && !best.isNaN) { (best, at) = (v, iy * w + ix) }
                }
                values.append(best)
                indices.append(Float(at))
            }
        }
    }
    return (values, indices)
}

/// Max pooling's backward as the general loop does it: +0 everywhere, then each gradient added
/// at its index.
private func directUnpool(_ g: [Float], _ idx: [Float], planes: Int, hw: Int) -> [Float] {
    var dx = [Float](repeating: 0, count: planes * hw)
    let per = g.count / Swift.max(planes, 1)
    for p in 0..<planes { for q in 0..<per { dx[p * hw + Int(idx[p * per + q])] += g[p * per + q] } }
    return dx
}

/// Random values with ties of ±0 and of equal numbers, and NaNs, salted through every window
/// position.
private func salted(_ count: Int, seed: UInt64) -> [Float] {
    var r = RandomGenerator(seed: seed)
    var x = (0..<count).map { _ in Float(r.uniform() * 2 - 1) }
    for i in 0..<count {
        switch Int(r.uniform() * 16) {
        case 0: x[i] = 0
        case 1: x[i] = -0.0
        case 2: x[i] = 0.5
        case 3: x[i] = .nan
        case 4: x[i] = -.infinity
        default: break
        }
    }
    return x
}

@Suite struct PoolKernelTests {
    @Test(arguments: [(2, 4, 8), (3, 8, 16), (2, 9, 23), (1, 6, 38), (2, 24, 24), (1, 5, 3)])
    func bothVersionsOfThe2x2PoolMatchADirectLoop(planes: Int, h: Int, w: Int) throws {
        let x = salted(planes * h * w, seed: UInt64(h * 100 + w))
        let want = directPool(x, planes: planes, h: h, w: w)
        let per = (h / 2) * (w / 2)
        for level in VectorMathLevel.available {
            var (values, indices) = ([Float](repeating: 7, count: planes * per), [Float](repeating: 7, count: planes * per))
            values.withUnsafeMutableBufferPointer { v in
                indices.withUnsafeMutableBufferPointer { i in
                    x.withUnsafeBufferPointer { xp in
                        level.maxPool2x2(v.baseAddress!, i.baseAddress!, xp.baseAddress!, planes: planes, h: h, w: w,
                                         oh: h / 2, ow: w / 2)
                    }
                }
            }
            #expect(bitsDiffering(values, want.0) == 0, "\(level) \(planes)×\(h)×\(w) values")
            #expect(indices == want.1, "\(level) \(planes)×\(h)×\(w) indices")
        }
        // Through Tensor.maxPool2d (the version in use, split over planes).
        let (pv, pi) = try Tensor.maxPool2d(try Tensor(shape: [1, planes, h, w], values: x), kernel: 2)
        #expect(bitsDiffering(pv.toArray(), want.0) == 0 && pi.toArray() == want.1)
    }

    @Test(arguments: [(3, 8, 16), (2, 24, 24), (64, 8, 8), (1, 2, 38)])
    func theBackwardsOnePassMatchesFillAndAdd(planes: Int, h: Int, w: Int) throws {
        let x = salted(planes * h * w, seed: UInt64(h * 10 + w))
        let (_, idx) = directPool(x, planes: planes, h: h, w: w)
        var g = salted(idx.count, seed: 99)
        for i in stride(from: 0, to: g.count, by: 7) { g[i] = -0.0 }
        let want = directUnpool(g, idx, planes: planes, hw: h * w)
        for level in VectorMathLevel.available {
            var dx = [Float](repeating: 7, count: planes * h * w)
            let done = dx.withUnsafeMutableBufferPointer { d in
                level.maxUnpool2x2(d.baseAddress!, g, idx, planes: planes, oh: h / 2, ow: w / 2, w: w)
            }
            #expect(done == planes)
            #expect(bitsDiffering(dx, want) == 0, "\(level) \(planes)×\(h)×\(w)")
        }
        let shape: Dims = [1, planes, h, w]
        let got = try Tensor.maxPool2dBackward(
            gradOutput: try Tensor(shape: [1, planes, h / 2, w / 2], values: g),
            indices: try Tensor(shape: [1, planes, h / 2, w / 2], values: idx), inputShape: shape)
        #expect(bitsDiffering(got.toArray(), want) == 0)
    }

    /// Indices the forward would not give: in the plane but outside their window (the plane is
    /// redone in general, where a repeated index adds), fractional, out of the plane (the same
    /// error as before), and windows that do not tile the input.
    @Test func indicesOutsideTheirWindowFallBackToTheGeneralLoop() throws {
        let (planes, h, w) = (5, 4, 20)
        let x = salted(planes * h * w, seed: 5)
        var (_, idx) = directPool(x, planes: planes, h: h, w: w)
        let g = (0..<idx.count).map { Float($0) * 0.25 - 3 }
        let per = idx.count / planes
        // Plane 1: an output (in the vector part) points at its neighbour's maximum; plane 3:
        // one in the tail points at position 0.
        idx[per + 2] = idx[per + 3]
        idx[3 * per + 9] = 0
        for level in VectorMathLevel.available {
            var dx = [Float](repeating: 7, count: planes * h * w)
            let done = dx.withUnsafeMutableBufferPointer { d in
                level.maxUnpool2x2(d.baseAddress!, g, idx, planes: planes, oh: h / 2, ow: w / 2, w: w)
            }
            #expect(done == 1, "\(level) stops at plane 1")
        }
        let inputShape: Dims = [1, planes, h, w]
        let gt = try Tensor(shape: [1, planes, h / 2, w / 2], values: g)
        let got = try Tensor.maxPool2dBackward(
            gradOutput: gt, indices: try Tensor(shape: gt.shape, values: idx), inputShape: inputShape)
        #expect(bitsDiffering(got.toArray(), directUnpool(g, idx, planes: planes, hw: h * w)) == 0)
        // A bad index: the general loop's error, for the first bad plane.
        for bad in [Float(h * w), -1, 2.5, .nan] {
            var wrong = idx
            wrong[2 * per + 1] = bad
            wrong[4 * per] = Float(h * w + 3)
            #expect {
                try Tensor.maxPool2dBackward(
                    gradOutput: gt, indices: try Tensor(shape: gt.shape, values: wrong), inputShape: inputShape)
            } throws: { error in
                "\(error)".contains("index \(bad) is outside a plane of \(h * w) elements")
            }
        }
        // Odd H and W: the windows leave a row and a column out, the general loop runs.
        let odd = salted(2 * 5 * 7, seed: 8)
        let (_, oi) = directPool(odd, planes: 2, h: 5, w: 7)
        let og = (0..<oi.count).map { Float($0) - 4 }
        let back = try Tensor.maxPool2dBackward(
            gradOutput: try Tensor(shape: [2, 1, 2, 3], values: og), indices: try Tensor(shape: [2, 1, 2, 3], values: oi),
            inputShape: [2, 1, 5, 7])
        #expect(bitsDiffering(back.toArray(), directUnpool(og, oi, planes: 2, hw: 35)) == 0)
    }
}
