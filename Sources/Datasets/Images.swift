// Images: small synthetic pictures — bars (horizontal or vertical, with the pixels that carry
// the class, for saliency) and shapes (square outlines, crosses, rings at
// random sizes and places) — with Gaussian pixel noise.
import Foundation
import TensorCore

/// Bar images and, for each, the pixels of its bar (the "ground-truth saliency").
public struct BarImages: Sendable {
    /// Images [n, size·size] (flat) or [n, 1, size, size] (image layout).
    public var x: Tensor
    /// Labels [n]: 0 horizontal bar, 1 vertical bar (alternating).
    public var y: Tensor
    /// [n, size·size] or [n, 1, size, size]: 1 on the bar's pixels, 0 elsewhere.
    public var mask: Tensor
}

public enum Images {
    /// Class names of `shapes`, by label.
    public static let shapeNames = ["square", "cross", "circle"]

    /// Bars: each image is N(0, noise²) noise on every pixel plus `amplitude` on
    /// a bar of `length` pixels — horizontal for even rows (label 0), vertical for odd rows
    /// (label 1) — at a uniformly random place where it fits.
    /// - Returns: x and mask [n, size²] (`.flat`) or [n, 1, size, size] (`.image`); y [n].
    ///
    /// Cajal: `bars(n: 1000, size: 8, noise: 0.5)`
    public static func bars(
        n: Int, size: Int = 8, length: Int = 3, noise: Float = 0.5, amplitude: Float = 1.5,
        layout: ImageLayout = .flat, rng: inout RandomGenerator
    ) throws -> BarImages {
        try Check.count(n, in: 1...1_000_000, "bars", "n")
        try Check.count(size, in: 1...1024, "bars", "size")
        try Check.count(length, in: 1...size, "bars", "length")
        try Check.number(noise, atLeast: 0, "bars", "noise")
        try Check.that(amplitude.isFinite, "bars", "amplitude", "a finite number", formatNumber(amplitude))
        var x = try Grid(zeros: [n, size, size]), m = try Grid(zeros: [n, size, size])
        for i in 0..<n {
            let vertical = i % 2 == 1
            let r = rng.int(below: vertical ? size - length + 1 : size)
            let c = rng.int(below: vertical ? size : size - length + 1)
            for k in 0..<length {
                if vertical { m[i, r + k, c] = 1 } else { m[i, r, c + k] = 1 }
            }
            for p in 0..<size {
                for q in 0..<size { x[i, p, q] = rng.normal(std: noise) + amplitude * m[i, p, q] }
            }
        }
        let shape = layout == .flat ? [n, size * size] : [n, 1, size, size]
        return BarImages(
            x: try Grid(shape: shape, values: x.values).tensor(), y: try Points.cyclicLabels(n, 2),
            mask: try Grid(shape: shape, values: m.values).tensor())
    }

    /// Shapes: a square outline (label 0), a plus-shaped cross (1) or a ring (2), label i mod 3,
    /// each `minExtent`...`maxExtent` pixels across (uniform), placed uniformly where it fits,
    /// drawn with value 1 on 0, plus N(0, noise²) on every pixel.
    /// - Returns: x [n, size²] (`.flat`) or [n, 1, size, size] (`.image`), y [n].
    ///
    /// Cajal: `shapes(n: 600, size: 12, noise: 0.1)`
    public static func shapes(
        n: Int, size: Int = 12, minExtent: Int = 5, maxExtent: Int = 9, noise: Float = 0.1,
        layout: ImageLayout = .image, rng: inout RandomGenerator
    ) throws -> Labeled {
        try Check.count(n, in: 1...1_000_000, "shapes", "n")
        try Check.count(size, in: 3...1024, "shapes", "size")
        try Check.count(minExtent, in: 3...size, "shapes", "min_extent")
        try Check.count(maxExtent, in: minExtent...size, "shapes", "max_extent")
        try Check.number(noise, atLeast: 0, "shapes", "noise")
        var x = try Grid(zeros: [n, size, size])
        for i in 0..<n {
            let e = rng.int(in: minExtent...maxExtent)
            let top = rng.int(below: size - e + 1), left = rng.int(below: size - e + 1)
            for p in 0..<e {
                for q in 0..<e where onShape(i % 3, p, q, e) { x[i, top + p, left + q] = 1 }
            }
            for j in (i * size * size)..<((i + 1) * size * size) { x.values[j] += rng.normal(std: noise) }
        }
        let shape = layout == .flat ? [n, size * size] : [n, 1, size, size]
        return Labeled(x: try Grid(shape: shape, values: x.values).tensor(), y: try Points.cyclicLabels(n, 3))
    }

    /// Whether pixel (p, q) of an e×e box is on shape `kind` (0 square, 1 cross, 2 ring).
    static func onShape(_ kind: Int, _ p: Int, _ q: Int, _ e: Int) -> Bool {
        switch kind {
        case 0: return p == 0 || q == 0 || p == e - 1 || q == e - 1
        case 1: return p == e / 2 || q == e / 2
        default:
            let c = Double(e - 1) / 2
            let d = ((Double(p) - c) * (Double(p) - c) + (Double(q) - c) * (Double(q) - c)).squareRoot()
            return Swift.abs(d - c) < 0.5
        }
    }
}
