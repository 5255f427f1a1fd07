// Separable points: the margin holds, γ and R are what they claim, and a perceptron run on
// the data makes no more than (R/γ)² mistakes — the Novikoff bound the lesson prints.
import Testing
import TensorCore
@testable import Datasets

@Suite struct SeparableTests {
    @Test func firstValuesAndMeasuresAreFrozen() throws {
        var r = RandomGenerator(seed: 42)
        let s = try Points.separable(n: 200, rng: &r)
        #expect(s.x.shape == [200, 2] && s.y.shape == [200] && s.normal.shape == [2])
        #expect(close(Array(s.x.toArray().prefix(6)), [0.36008683, 0.8493859, 0.9836078, 0.5394789, 0.43851715, 0.7000169]))
        #expect(Array(s.y.toArray().prefix(6)) == [1, -1, 1, -1, -1, 1])
        #expect(close(s.normal.toArray(), [-0.7245676, 0.68920374]))
        #expect(close([s.margin, s.gamma, s.radius, s.mistakeBound], [0.10142493, 0.09945533, 1.6470548, 274.25842], tolerance: 1e-3))
    }

    /// Recomputes everything from x, y, w, b in Double.
    func check(_ s: SeparablePoints, margin: Float) {
        let (n, d) = (s.x.shape[0], s.x.shape[1])
        let x = s.x.toArray().map(Double.init), y = s.y.toArray(), w = s.normal.toArray().map(Double.init)
        #expect(Swift.abs(w.map { $0 * $0 }.reduce(0, +) - 1) < 1e-6)
        var minDist = Double.infinity, maxR = 0.0, gamma = Double.infinity
        let uNorm = (w.map { $0 * $0 }.reduce(0, +) + Double(s.bias * s.bias)).squareRoot()
        for i in 0..<n {
            let row = x[(i * d)..<(i * d + d)]
            let score = zip(row, w).map { $0 * $1 }.reduce(Double(s.bias), +)
            #expect((score > 0 ? 1 : -1) == y[i])
            minDist = min(minDist, Swift.abs(score))
            gamma = min(gamma, Double(y[i]) * score / uNorm)
            maxR = max(maxR, (row.map { $0 * $0 }.reduce(1, +)).squareRoot())
        }
        #expect(minDist >= Double(margin))
        #expect(Swift.abs(Double(s.margin) - minDist) < 1e-5)
        #expect(Swift.abs(Double(s.gamma) - gamma) < 1e-5)
        #expect(Swift.abs(Double(s.radius) - maxR) < 1e-5)
    }

    /// Rosenblatt's rule with the bias as a constant input, from zero weights, until an epoch
    /// without mistakes; returns the total number of mistakes.
    func perceptronMistakes(_ s: SeparablePoints) -> Int {
        let (n, d) = (s.x.shape[0], s.x.shape[1])
        let x = s.x.toArray(), y = s.y.toArray()
        var w = [Float](repeating: 0, count: d + 1)
        var mistakes = 0
        for _ in 0..<10_000 {
            var changed = false
            for i in 0..<n {
                let xi = Array(x[(i * d)..<(i * d + d)]) + [1]
                if y[i] * zip(xi, w).map({ $0 * $1 }).reduce(0, +) <= 0 {
                    for k in 0...d { w[k] += y[i] * xi[k] }
                    mistakes += 1
                    changed = true
                }
            }
            if !changed { break }
        }
        return mistakes
    }

    @Test(arguments: [(2, Float(0.1)), (2, 0.05), (5, 0.1), (10, 0.2)])
    func marginHoldsAndThePerceptronStaysUnderTheBound(dims: Int, margin: Float) throws {
        for seed in UInt64(0)..<5 {
            var r = RandomGenerator(seed: seed)
            let s = try Points.separable(n: 200, dims: dims, margin: margin, rng: &r)
            check(s, margin: margin)
            #expect(Float(perceptronMistakes(s)) <= s.mistakeBound, "seed \(seed)")
        }
    }

    @Test func anImpossibleMarginIsAnErrorNotAHang() {
        var r = RandomGenerator(seed: 0)
        let e = datasetError { _ = try Points.separable(n: 10, dims: 1, margin: 5, rng: &r) }
        guard case .badArgument(function: "separable", name: "margin", _, _)? = e else {
            Issue.record("expected a margin error, got \(String(describing: e))")
            return
        }
    }
}
