// PoolVectorTests: the eight-lane 2×2 max pooling (Tensor+Pool.swift's maxPool2x2) on rows
// wide enough for its vector path and its padded tail (OW = 11 = 8 + 3, odd H and W), with
// ties and NaNs in both parts, against a direct loop over each window.
import Testing
@testable import TensorCore

@Test func maxPool2x2VectorAndTailMatchADirectLoop() throws {
    let (n, c, h, w) = (2, 3, 9, 23)
    var r = RandomGenerator(seed: 11)
    var values = try Tensor.uniform([n, c, h, w], low: -1, high: 1, rng: &r).toArray()
    // Ties (equal candidates) and NaNs, in the vector lanes (columns < 16) and the tail.
    for (k, v) in [(0, Float(0.5)), (1, 0.5), (w, 0.5), (w + 1, 0.5), (4, .nan), (3 * w + 18, .nan),
                   (3 * w + 19, 2), (5 * w + 20, 0.25), (5 * w + 21, 0.25), (6 * w + 20, 0.25)] {
        values[k] = v
        values[h * w * 4 + k] = v
    }
    let x = try Tensor(shape: [n, c, h, w], values: values)
    let (pv, pi) = try Tensor.maxPool2d(x, kernel: 2)
    let (oh, ow) = (h / 2, w / 2)
    #expect(pv.shape == [n, c, oh, ow] && ow == 11)
    let (gotV, gotI) = (pv.toArray(), pi.toArray())
    var o = 0
    for p in 0..<(n * c) {
        for oy in 0..<oh {
            for ox in 0..<ow {
                var (best, at) = (-Float.infinity, -1)
                for (iy, ix) in [(2 * oy, 2 * ox), (2 * oy, 2 * ox + 1), (2 * oy + 1, 2 * ox), (2 * oy + 1, 2 * ox + 1)] {
                    let v = values[p * h * w + iy * w + ix]
                    if at < 0 || v > best || (v.isNaN && !best.isNaN) { (best, at) = (v, iy * w + ix) }
                }
                let same = gotV[o] == best || (gotV[o].isNaN && best.isNaN)
                #expect(same && gotI[o] == Float(at), "plane \(p) (\(oy), \(ox)): \(gotV[o]) at \(gotI[o]), want \(best) at \(at)")
                o += 1
            }
        }
    }
}
