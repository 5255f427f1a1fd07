// Separable: two classes split by a random hyperplane with a guaranteed margin, for the
// perceptron and the Novikoff bound (R/γ)² on its number of mistakes (Novikoff 1962; lesson 2
// and docs/papers.md). Points are uniform in [-1, 1]^d, labelled by a random hyperplane (offset
// 0.2 by default), and those closer than the margin to it are dropped.
import TensorCore

/// Points labelled ±1 by a hidden hyperplane w·x + b = 0 (‖w‖ = 1), none closer than the
/// requested margin, and the quantities of the perceptron convergence theorem.
public struct SeparablePoints: Sendable {
    /// Inputs [n, d], uniform in the cube [−1, 1]^d.
    public var x: Tensor
    /// Labels [n]: +1 where w·x + b > 0, −1 elsewhere.
    public var y: Tensor
    /// The generating unit normal w, [d].
    public var normal: Tensor
    /// The generating offset b.
    public var bias: Float
    /// min over points of |w·x + b|: the distance of the closest point to the hyperplane
    /// (at least the requested margin).
    public var margin: Float
    /// Novikoff's γ with the bias folded in as a constant input 1: for u = (w, b)/‖(w, b)‖,
    /// γ = min_i y_i u·(x_i, 1).
    public var gamma: Float
    /// Novikoff's R with the bias folded in: R = max_i ‖(x_i, 1)‖.
    public var radius: Float
    /// The bound on perceptron mistakes (bias as a constant input, weights starting at 0): (R/γ)².
    public var mistakeBound: Float { (radius / gamma) * (radius / gamma) }
}

extension Points {
    /// n points uniform in [−1, 1]^dims, labelled by a random hyperplane, keeping only those
    /// at distance ≥ `margin` from it (rejection sampling).
    ///
    /// The normal w is N(0, I) normalised to unit length; the offset is `bias` (0.2 by
    /// default). γ and R are measured on the kept points (see `SeparablePoints`).
    /// Throws if the margin leaves too little room (fewer than 1 in 1,000 draws kept).
    /// - Returns: x [n, dims], y [n] in {−1, +1}, and w, b, margin, γ, R.
    ///
    /// Cajal: `separable(n: 200, dims: 2, margin: 0.1)`
    public static func separable(
        n: Int, dims: Int = 2, margin: Float = 0.1, bias: Float = 0.2, rng: inout RandomGenerator
    ) throws -> SeparablePoints {
        try Check.count(n, in: 1...10_000_000, "separable", "n")
        try Check.count(dims, in: 1...100_000, "separable", "dims")
        try Check.number(margin, atLeast: 0, strict: true, "separable", "margin")
        try Check.that(bias.isFinite && Swift.abs(bias) < 1, "separable", "bias", "a number in (-1, 1)",
                       formatNumber(bias))
        var w = (0..<dims).map { _ in Double(rng.normal()) }
        let norm = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
        w = w.map { $0 / max(norm, 1e-300) }
        var x = try Grid(zeros: [n, dims])
        var y = [Float](repeating: 0, count: n)
        var kept = 0
        var draws = 0
        let maxDraws = 1000 * n + 100_000
        var point = [Float](repeating: 0, count: dims)
        while kept < n {
            guard draws < maxDraws else {
                throw DatasetError.badArgument(
                    function: "separable", name: "margin", expected: "a margin that leaves room for points",
                    got: "\(formatNumber(margin)): only \(kept) of \(draws) random points kept")
            }
            draws += 1
            for d in 0..<dims { point[d] = rng.uniform(-1, 1) }
            let s = zip(point, w).reduce(Double(bias)) { $0 + Double($1.0) * $1.1 }
            if Swift.abs(s) < Double(margin) { continue }
            for d in 0..<dims { x[kept, d] = point[d] }
            y[kept] = s > 0 ? 1 : -1
            kept += 1
        }
        return try measure(x: x, y: y, w: w, bias: bias)
    }

    /// Margin, γ and R of labelled points for the hyperplane (w, b).
    static func measure(x: Grid, y: [Float], w: [Double], bias: Float) throws -> SeparablePoints {
        let (n, dims) = (x.shape[0], x.shape[1])
        let uNorm = (w.reduce(0) { $0 + $1 * $1 } + Double(bias) * Double(bias)).squareRoot()
        var margin = Double.infinity, gamma = Double.infinity, r2 = 0.0
        for i in 0..<n {
            var s = Double(bias), sq = 1.0
            for d in 0..<dims {
                let v = Double(x[i, d])
                s += v * w[d]
                sq += v * v
            }
            margin = min(margin, Swift.abs(s))
            gamma = min(gamma, Double(y[i]) * s / uNorm)
            r2 = max(r2, sq)
        }
        return SeparablePoints(
            x: try x.tensor(), y: try Tensor.vector(y), normal: try Tensor.vector(w.map { Float($0) }),
            bias: bias, margin: Float(margin), gamma: Float(gamma), radius: Float(r2.squareRoot()))
    }
}
