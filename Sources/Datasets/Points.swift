// Points: seeded 2-D (and d-D) point clouds for classification — blobs, moons, circles,
// spirals — and the ring of Gaussians used for GANs. Labels cycle 0, 1, ..., k−1, 0, 1, ...
// so every class gets n/k points (the first n mod k classes one more) and the classes are
// interleaved without a shuffle.
import Foundation
import TensorCore

public enum Points {
    /// k Gaussian clusters in `dims` dimensions.
    ///
    /// Centres are drawn first, uniform in [−spread, spread]^dims; then point i belongs to
    /// class i mod k and is its centre plus N(0, std²) noise in every coordinate.
    /// - Returns: x [n, dims], y [n] (labels 0..<k as floats).
    ///
    /// Cajal: `blobs(n: 300, centers: 3, std: 0.5)`
    public static func blobs(
        n: Int, centers k: Int = 3, dims: Int = 2, std: Float = 1, spread: Float = 5,
        rng: inout RandomGenerator
    ) throws -> Labeled {
        try Check.count(n, in: 1...10_000_000, "blobs", "n")
        try Check.count(k, in: 1...n, "blobs", "centers")
        try Check.count(dims, in: 1...100_000, "blobs", "dims")
        try Check.number(std, atLeast: 0, "blobs", "std")
        try Check.number(spread, atLeast: 0, "blobs", "spread")
        var centres = try Grid(zeros: [k, dims])
        for i in centres.values.indices { centres.values[i] = rng.uniform(-spread, spread) }
        var x = try Grid(zeros: [n, dims])
        for i in 0..<n {
            for d in 0..<dims { x[i, d] = centres[i % k, d] + rng.normal(std: std) }
        }
        return Labeled(x: try x.tensor(), y: try cyclicLabels(n, k))
    }

    /// Two interleaving half circles (the shape of scikit-learn's `make_moons`).
    ///
    /// Class 0: (cos t, sin t); class 1: (1 − cos t, 0.5 − sin t); t ~ U[0, π], then N(0, noise²)
    /// added to each coordinate. Even rows are class 0, odd rows class 1.
    /// - Returns: x [n, 2], y [n].
    ///
    /// Cajal: `moons(n: 200, noise: 0.1)`
    public static func moons(n: Int, noise: Float = 0.1, rng: inout RandomGenerator) throws -> Labeled {
        try Check.count(n, in: 1...10_000_000, "moons", "n")
        try Check.number(noise, atLeast: 0, "moons", "noise")
        var x = try Grid(zeros: [n, 2])
        for i in 0..<n {
            let t = Double(rng.uniform(0, .pi))
            let (a, b) = i % 2 == 0 ? (cos(t), sin(t)) : (1 - cos(t), 0.5 - sin(t))
            x[i, 0] = Float(a) + rng.normal(std: noise)
            x[i, 1] = Float(b) + rng.normal(std: noise)
        }
        return Labeled(x: try x.tensor(), y: try cyclicLabels(n, 2))
    }

    /// Two concentric circles: class 0 on radius 1, class 1 on radius `factor` (< 1).
    ///
    /// Angle θ ~ U[0, 2π), point r(cos θ, sin θ) plus N(0, noise²) per coordinate.
    /// - Returns: x [n, 2], y [n].
    ///
    /// Cajal: `circles(n: 200, noise: 0.05, factor: 0.5)`
    public static func circles(
        n: Int, noise: Float = 0.05, factor: Float = 0.5, rng: inout RandomGenerator
    ) throws -> Labeled {
        try Check.count(n, in: 1...10_000_000, "circles", "n")
        try Check.number(noise, atLeast: 0, "circles", "noise")
        try Check.that(factor.isFinite && factor > 0 && factor < 1, "circles", "factor",
                       "a number in (0, 1)", formatNumber(factor))
        var x = try Grid(zeros: [n, 2])
        for i in 0..<n {
            let r = i % 2 == 0 ? 1 : Double(factor)
            let theta = Double(rng.uniform(0, 2 * .pi))
            x[i, 0] = Float(r * cos(theta)) + rng.normal(std: noise)
            x[i, 1] = Float(r * sin(theta)) + rng.normal(std: noise)
        }
        return Labeled(x: try x.tensor(), y: try cyclicLabels(n, 2))
    }

    /// k interleaved spiral arms (Lang & Witbrock's two spirals for k = 2).
    ///
    /// Point i lies on arm j = i mod k at t ~ U[0, 1): radius t, angle
    /// 2π·turns·t + 2πj/k, plus N(0, noise²) per coordinate.
    /// - Returns: x [n, 2] (inside the unit disc before noise), y [n].
    ///
    /// Cajal: `spirals(n: 300, arms: 3, noise: 0.02)`
    public static func spirals(
        n: Int, arms k: Int = 2, noise: Float = 0.02, turns: Float = 1.5, rng: inout RandomGenerator
    ) throws -> Labeled {
        try Check.count(n, in: 1...10_000_000, "spirals", "n")
        try Check.count(k, in: 1...n, "spirals", "arms")
        try Check.number(noise, atLeast: 0, "spirals", "noise")
        try Check.number(turns, atLeast: 0, strict: true, "spirals", "turns")
        var x = try Grid(zeros: [n, 2])
        for i in 0..<n {
            let t = rng.uniform()
            let theta = 2 * Double.pi * (Double(turns) * t + Double(i % k) / Double(k))
            x[i, 0] = Float(t * cos(theta)) + rng.normal(std: noise)
            x[i, 1] = Float(t * sin(theta)) + rng.normal(std: noise)
        }
        return Labeled(x: try x.tensor(), y: try cyclicLabels(n, k))
    }

    /// A ring of `modes` Gaussians (the GAN toy of Metz et al. 2017, "Unrolled generative
    /// adversarial networks", and Srivastava et al. 2017, "VEEGAN", Table 1: 8 modes on a circle
    /// of radius 2, std 0.02): mode m ~ uniform over 0..<modes at angle 2πm/modes on a circle
    /// of `radius`, plus N(0, std²) per coordinate. Angles are 2πm/k, k = 0..<modes: no mode
    /// repeats (beware linspace(0, 2π, 8), which gives only 7).
    /// - Returns: x [n, 2], y [n] (the mode of each point).
    ///
    /// Cajal: `gaussian_ring(n: 2500, modes: 8, radius: 2, std: 0.02)`
    public static func ring(
        n: Int, modes k: Int = 8, radius: Float = 2, std: Float = 0.02, rng: inout RandomGenerator
    ) throws -> Labeled {
        try Check.count(n, in: 1...10_000_000, "gaussian_ring", "n")
        try Check.count(k, in: 1...100_000, "gaussian_ring", "modes")
        try Check.number(radius, atLeast: 0, "gaussian_ring", "radius")
        try Check.number(std, atLeast: 0, "gaussian_ring", "std")
        var x = try Grid(zeros: [n, 2])
        var y = [Float](repeating: 0, count: n)
        for i in 0..<n {
            let m = rng.int(below: k)
            let theta = 2 * Double.pi * Double(m) / Double(k)
            y[i] = Float(m)
            x[i, 0] = radius * Float(cos(theta)) + rng.normal(std: std)
            x[i, 1] = radius * Float(sin(theta)) + rng.normal(std: std)
        }
        return Labeled(x: try x.tensor(), y: try Tensor.vector(y))
    }

    /// Labels 0, 1, ..., k−1, 0, 1, ... for n rows.
    static func cyclicLabels(_ n: Int, _ k: Int) throws -> Tensor {
        try Tensor.vector((0..<n).map { Float($0 % k) })
    }
}
