// ReberStrings: sets of (embedded) Reber strings encoded for next-symbol prediction, the
// training/test pair of Hochreiter & Schmidhuber 1997 §5.1, and their success criterion:
// at every step of every string, the most active outputs are exactly the legal next symbols.
import TensorCore

/// Reber strings one-hot encoded for next-symbol prediction, padded to the longest string.
///
/// With n strings whose longest has L symbols, there are T = L − 1 prediction steps:
/// step t reads symbol t and must predict symbol t + 1.
public struct ReberStrings: Sendable {
    /// The strings, e.g. "BTBPVVETE".
    public var strings: [String]
    /// Per string, per step, the legal next symbols in one-hot order ("TP", "B", ...).
    public var legal: [[String]]
    /// Inputs [n, T, 7]: symbol t of each string one-hot (order B T P S X V E); zero rows
    /// after the string ends.
    public var x: Tensor
    /// Targets [n, T]: the one-hot index of symbol t + 1 (0 on padded steps; see `mask`).
    public var y: Tensor
    /// [n, T]: 1 on real steps, 0 on padding.
    public var mask: Tensor
    /// [n, T, 7]: 1 for each legal next symbol at each real step, 0 elsewhere.
    public var legalMask: Tensor
    /// Prediction steps per string (its length − 1).
    public var steps: [Int]

    /// The number of steps at which `outputs` [n, ≥T, 7] gets it wrong: a step is right when
    /// every legal next symbol scores strictly higher than every illegal one (so the top-k
    /// outputs are exactly the k legal symbols; ties count as wrong).
    public func wrongPredictions(_ outputs: Tensor) throws -> Int {
        let n = strings.count
        let shape = outputs.shape
        guard shape.count == 3, shape[0] == n, shape[2] == Reber.symbols.count,
              shape[1] >= (steps.max() ?? 0) else {
            throw DatasetError.badArgument(
                function: "every_prediction_right", name: "outputs",
                expected: "a tensor [\(n), \(steps.max() ?? 0), 7]", got: "shape \(shapeString(shape))")
        }
        let v = outputs.toArray()
        let stride = shape[1] * 7
        var wrong = 0
        for (i, sets) in legal.enumerated() {
            for (t, set) in sets.enumerated() {
                let row = v[(i * stride + t * 7)..<(i * stride + t * 7 + 7)]
                var lowLegal = Float.infinity, highIllegal = -Float.infinity
                for (k, c) in Reber.symbols.enumerated() {
                    let s = row[row.startIndex + k]
                    if set.contains(c) { lowLegal = min(lowLegal, s) } else { highIllegal = max(highIllegal, s) }
                }
                if !(lowLegal > highIllegal) { wrong += 1 }
            }
        }
        return wrong
    }

    /// The 1997 paper's success criterion on this set: no wrong prediction at any step.
    public func everyPredictionRight(_ outputs: Tensor) throws -> Bool {
        try wrongPredictions(outputs) == 0
    }
}

extension Reber {
    /// n random strings of the (embedded) grammar, encoded.
    ///
    /// Cajal: `reber(n: 256, embedded: true)`
    public static func strings(n: Int, embedded: Bool = true, rng: inout RandomGenerator) throws -> ReberStrings {
        try Check.count(n, in: 1...1_000_000, "reber", "n")
        let ss = (0..<n).map { _ in embedded ? embeddedString(rng: &rng) : string(rng: &rng) }
        return try encode(ss, embedded: embedded)
    }

    /// A training set and a test set (after Fahlman, and the 1997 paper's
    /// "256 training and 256 separate test strings"): `train` strings, then `test` strings none
    /// of which occurs in the training set (the training set may repeat strings).
    ///
    /// Cajal: `let (train, test) = reber_split(train: 256, test: 256)`
    public static func split(
        train: Int = 256, test: Int = 256, embedded: Bool = true, rng: inout RandomGenerator
    ) throws -> (train: ReberStrings, test: ReberStrings) {
        try Check.count(train, in: 1...1_000_000, "reber_split", "train")
        try Check.count(test, in: 1...1_000_000, "reber_split", "test")
        let tr = (0..<train).map { _ in embedded ? embeddedString(rng: &rng) : string(rng: &rng) }
        let seen = Set(tr)
        var te: [String] = []
        var draws = 0
        while te.count < test {
            draws += 1
            guard draws <= 1000 * test + 100_000 else {
                throw DatasetError.badArgument(function: "reber_split", name: "test",
                    expected: "fewer test strings", got: "\(test): only \(te.count) new strings found")
            }
            let s = embedded ? embeddedString(rng: &rng) : string(rng: &rng)
            if !seen.contains(s) { te.append(s) }
        }
        return (try encode(tr, embedded: embedded), try encode(te, embedded: embedded))
    }

    /// Encodes given strings (each must be in the grammar) for next-symbol prediction.
    public static func encode(_ strings: [String], embedded: Bool = true) throws -> ReberStrings {
        var legal: [[String]] = []
        for (i, s) in strings.enumerated() {
            guard let sets = legalNext(s, embedded: embedded) else {
                throw DatasetError.badArgument(
                    function: "reber_encode", name: "strings",
                    expected: embedded ? "embedded Reber strings" : "Reber strings",
                    got: "\"\(s)\" at index \(i), which the grammar does not accept")
            }
            legal.append(sets)
        }
        let steps = legal.map(\.count)
        let n = strings.count, T = steps.max() ?? 0, k = symbols.count
        var x = try Grid(zeros: [n, T, k]), y = try Grid(zeros: [n, T])
        var mask = try Grid(zeros: [n, T]), legalMask = try Grid(zeros: [n, T, k])
        for (i, s) in strings.enumerated() {
            let idx = s.map { index(of: $0)! }
            for t in 0..<steps[i] {
                x[i, t, idx[t]] = 1
                y[i, t] = Float(idx[t + 1])
                mask[i, t] = 1
                for c in legal[i][t] { legalMask[i, t, index(of: c)!] = 1 }
            }
        }
        return ReberStrings(
            strings: strings, legal: legal, x: try x.tensor(), y: try y.tensor(), mask: try mask.tensor(),
            legalMask: try legalMask.tensor(), steps: steps)
    }
}
