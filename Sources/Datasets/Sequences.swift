// Sequences: long-time-lag problems from Hochreiter & Schmidhuber 1997 — the adding problem
// (§5.4) and temporal order (§5.6, tasks 6a and 6b) — and sine waves for next-step
// prediction. Every sequence of one call has the same length, so a call is one batch tensor.
import Foundation
import TensorCore

/// Which version of the adding problem.
public enum AddingVariant: String, Sendable, CaseIterable {
    /// Hochreiter & Schmidhuber 1997 §5.4: values U[−1, 1]; markers −1 on
    /// the first and last step, +1 on the two chosen steps (the first among the first 10
    /// steps, the second among the first T/2 − 1 other steps); target 0.5 + (X1 + X2)/4,
    /// with X1 taken as 0 when the first step is chosen.
    case hochreiter1997
    /// The modern version (Le, Jaitly & Hinton 2015; Arjovsky et al. 2016): values U[0, 1];
    /// markers 0 except 1 on one step in each half; target X1 + X2.
    case sum
}

public enum Sequences {
    /// The adding problem: n sequences of `length` steps of (value, marker) pairs; the target
    /// depends only on the two marked values, many steps back.
    ///
    /// With `jitter`, the call's length is drawn once, uniform in [T, T + T/10] (the paper draws
    /// it per sequence; here it is one length per call, so a batch is one tensor).
    /// - Returns: x [n, T', 2] (axis 2: value, marker), y [n, 1].
    ///
    /// Cajal: `adding(n: 32, length: 50)`
    public static func adding(
        n: Int, length T: Int = 50, variant: AddingVariant = .hochreiter1997, jitter: Bool = false,
        rng: inout RandomGenerator
    ) throws -> Labeled {
        try Check.count(n, in: 1...10_000_000, "adding", "n")
        try Check.count(T, in: 4...1_000_000, "adding", "length")
        let L = jitter ? rng.int(in: T...(T + T / 10)) : T
        var x = try Grid(zeros: [n, L, 2])
        var y = [Float](repeating: 0, count: n)
        for b in 0..<n {
            switch variant {
            case .hochreiter1997:
                for t in 0..<L { x[b, t, 0] = rng.uniform(-1, 1) }
                x[b, 0, 1] = -1
                x[b, L - 1, 1] = -1
                let i1 = rng.int(below: min(10, T / 2))
                let candidates = Array((0..<(T / 2)).filter { $0 != i1 }.prefix(T / 2 - 1))
                let i2 = candidates[rng.int(below: candidates.count)]
                x[b, i1, 1] = 1
                x[b, i2, 1] = 1
                let x1: Float = i1 == 0 ? 0 : x[b, i1, 0]
                y[b] = 0.5 + (x1 + x[b, i2, 0]) / 4
            case .sum:
                for t in 0..<L { x[b, t, 0] = rng.uniform(0, 1) }
                let i1 = rng.int(below: L / 2)
                let i2 = L / 2 + rng.int(below: L - L / 2)
                x[b, i1, 1] = 1
                x[b, i2, 1] = 1
                y[b] = x[b, i1, 0] + x[b, i2, 0]
            }
        }
        return Labeled(x: try x.tensor(), y: try Tensor(shape: [n, 1], values: y))
    }

    /// The eight temporal-order symbols in one-hot order.
    public static let temporalOrderSymbols: [Character] = ["a", "b", "c", "d", "X", "Y", "E", "B"]

    /// Temporal order (1997 §5.6): a sequence starts with E, ends with the trigger B, and is
    /// otherwise random a/b/c/d except at 2 (task 6a) or 3 (task 6b) positions holding X or Y.
    /// The class is the X/Y pattern read as binary, X = 0, Y = 1, first symbol most
    /// significant: 6a XX → 0 (Q), XY → 1 (R), YX → 2 (S), YY → 3 (U); 6b XXX → 0 ... YYY → 7.
    ///
    /// For length L = 100 the positions are the paper's: 6a t1 ∈ [10, 20], t2 ∈ [50, 60];
    /// 6b t1 ∈ [10, 20], t2 ∈ [33, 43], t3 ∈ [66, 76] (0-based); other L scale them
    /// (t1 ∈ [L/10, L/5], ...). `jitter` draws the call's length in [L, L + L/10] as the paper's
    /// 100–110.
    /// - Returns: x [n, L', 8] one-hot in the order a b c d X Y E B, y [n] (class 0..<4 or 0..<8).
    ///
    /// Cajal: `temporal_order(n: 32, length: 100, relevant: 2)`
    public static func temporalOrder(
        n: Int, length L: Int = 100, relevant: Int = 2, jitter: Bool = false, rng: inout RandomGenerator
    ) throws -> Labeled {
        try Check.count(n, in: 1...10_000_000, "temporal_order", "n")
        try Check.count(L, in: 20...1_000_000, "temporal_order", "length")
        try Check.count(relevant, in: 2...3, "temporal_order", "relevant")
        let windows: [ClosedRange<Int>] = relevant == 2
            ? [(L / 10)...(L / 5), (L / 2)...(L / 2 + L / 10)]
            : [(L / 10)...(L / 5), (33 * L / 100)...(43 * L / 100), (66 * L / 100)...(76 * L / 100)]
        let len = jitter ? rng.int(in: L...(L + L / 10)) : L
        var x = try Grid(zeros: [n, len, 8])
        var y = [Float](repeating: 0, count: n)
        for b in 0..<n {
            var seq = (0..<len).map { _ in rng.int(below: 4) }  // a b c d
            seq[0] = 6  // E
            seq[len - 1] = 7  // B, the trigger
            var label = 0
            for w in windows {
                let t = rng.int(in: w)
                let isY = rng.int(below: 2)
                seq[t] = 4 + isY
                label = label * 2 + isY
            }
            for (t, s) in seq.enumerated() { x[b, t, s] = 1 }
            y[b] = Float(label)
        }
        return Labeled(x: try x.tensor(), y: try Tensor.vector(y))
    }

    /// Sine waves for next-step prediction: each sequence is s(t) = a·sin(ωt + φ) + noise with
    /// a ~ U[0.5, 1], ω ~ U[minFrequency, maxFrequency] (radians per step), φ ~ U[0, 2π), and
    /// N(0, noise²) added to each of the T + 1 samples; the input is s(0..<T), the target s(1...T).
    /// - Returns: x [n, T, 1], y [n, T, 1] (y[:, t] = x[:, t + 1] for t < T − 1).
    ///
    /// Cajal: `sine_waves(n: 64, length: 40)`
    public static func sine(
        n: Int, length T: Int = 40, minFrequency: Float = 0.1, maxFrequency: Float = 0.5, noise: Float = 0,
        rng: inout RandomGenerator
    ) throws -> Labeled {
        try Check.count(n, in: 1...10_000_000, "sine_waves", "n")
        try Check.count(T, in: 1...1_000_000, "sine_waves", "length")
        try Check.number(minFrequency, atLeast: 0, "sine_waves", "min_frequency")
        try Check.that(maxFrequency.isFinite && maxFrequency >= minFrequency, "sine_waves", "max_frequency",
                       "a number >= min_frequency (\(formatNumber(minFrequency)))", formatNumber(maxFrequency))
        try Check.number(noise, atLeast: 0, "sine_waves", "noise")
        var x = try Grid(zeros: [n, T, 1]), y = try Grid(zeros: [n, T, 1])
        for b in 0..<n {
            let a = Double(rng.uniform(0.5, 1))
            let w = Double(rng.uniform(minFrequency, maxFrequency))
            let phi = Double(rng.uniform(0, 2 * .pi))
            let s = (0...T).map { t in Float(a * sin(w * Double(t) + phi)) + rng.normal(std: noise) }
            for t in 0..<T {
                x[b, t, 0] = s[t]
                y[b, t, 0] = s[t + 1]
            }
        }
        return Labeled(x: try x.tensor(), y: try y.tensor())
    }
}
