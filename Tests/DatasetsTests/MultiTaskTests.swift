// The multi-task generator: frozen first values, targets recomputed from the inputs and the
// returned weights, noise of the stated size, one B shared by every task, bad arguments.
import Foundation
import Testing
import TensorCore
@testable import Datasets

@Suite struct MultiTaskTests {
    // Frozen values were produced by this implementation on 2026-12-06 (xoshiro256** seed 42)
    // and checked against the properties below; compare at 1e-5 (see `close`).
    @Test func firstValuesAreFrozen() throws {
        var r = RandomGenerator(seed: 42)
        let m = try MultiTask.tasks(n: 4, tasks: 3, dims: 5, latent: 2, test: 6, rng: &r)
        #expect(m.x.shape == [3, 4, 5] && m.y.shape == [3, 4])
        #expect(m.testX.shape == [6, 5] && m.testY.shape == [6, 3])
        #expect(m.shared.shape == [5, 2] && m.heads.shape == [2, 3])
        #expect(close(Array(m.shared.toArray().prefix(4)), [-0.27124673, 0.25800803, 1.20194173, -0.61534369]))
        #expect(close(Array(m.x.toArray().prefix(4)), [0.82383162, -1.11332703, -0.41064247, -1.51335084]))
        #expect(close(Array(m.y.toArray().prefix(4)), [2.03836823, 1.79651785, 1.18897617, -1.25933862]))
    }

    /// tanh(x B) A[:, t] for one input row.
    func clean(_ x: ArraySlice<Float>, _ B: [Float], _ A: [Float], dims: Int, latent: Int, tasks: Int, task t: Int) -> Float {
        var y: Float = 0
        for k in 0..<latent {
            var s: Float = 0
            for (d, v) in x.enumerated() { s += v * B[d * latent + k] }
            y += tanh(s) * A[k * tasks + t]
        }
        return y
    }

    @Test func targetsAreTheSharedFeaturesMixedByEachTasksHead() throws {
        var r = RandomGenerator(seed: 5)
        let (T, n, D, K) = (6, 30, 8, 3)
        let m = try MultiTask.tasks(n: n, tasks: T, dims: D, latent: K, noise: 0, test: 40, rng: &r)
        let B = m.shared.toArray(), A = m.heads.toArray()
        let x = m.x.toArray(), y = m.y.toArray()
        for t in 0..<T {
            for i in 0..<n {
                let start = (t * n + i) * D
                let want = clean(x[start..<(start + D)], B, A, dims: D, latent: K, tasks: T, task: t)
                #expect(Swift.abs(y[t * n + i] - want) < 1e-5)
            }
        }
        let tx = m.testX.toArray(), ty = m.testY.toArray()
        for i in 0..<40 {
            for t in 0..<T {
                let want = clean(tx[(i * D)..<(i * D + D)], B, A, dims: D, latent: K, tasks: T, task: t)
                #expect(Swift.abs(ty[i * T + t] - want) < 1e-5)
            }
        }
    }

    /// With noise 0.1 the targets differ from the clean ones by N(0, 0.01): over 20,000 test
    /// targets the sample standard deviation is within 0.003 of 0.1. B ~ N(0, 4/dims), so a
    /// column of B has Σ B² = 4 on average, and the inputs are N(0, 1).
    @Test func noiseAndScalesAreAsDocumented() throws {
        var r = RandomGenerator(seed: 9)
        let (T, D, K) = (20, 20, 2)
        let m = try MultiTask.tasks(n: 2, tasks: T, dims: D, latent: K, noise: 0.1, test: 1000, rng: &r)
        let B = m.shared.toArray(), A = m.heads.toArray()
        let tx = m.testX.toArray(), ty = m.testY.toArray()
        var residuals = [Double]()
        for i in 0..<1000 {
            for t in 0..<T {
                let want = clean(tx[(i * D)..<(i * D + D)], B, A, dims: D, latent: K, tasks: T, task: t)
                residuals.append(Double(ty[i * T + t] - want))
            }
        }
        let mean = residuals.reduce(0, +) / Double(residuals.count)
        let sd = (residuals.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(residuals.count)).squareRoot()
        #expect(Swift.abs(mean) < 0.003 && Swift.abs(sd - 0.1) < 0.003, "mean \(mean), sd \(sd)")
        // Σ_d B[d, k]² is 4 on average (dims draws of variance 4/dims)
        let columnSquares = (0..<K).map { k in (0..<D).map { B[$0 * K + k] * B[$0 * K + k] }.reduce(0, +) }
        #expect(columnSquares.allSatisfy { $0 > 1 && $0 < 10 }, "\(columnSquares)")
        let inputs = tx.map(Double.init)
        let inputMean = inputs.reduce(0, +) / Double(inputs.count)
        let inputVar = inputs.map { ($0 - inputMean) * ($0 - inputMean) }.reduce(0, +) / Double(inputs.count)
        #expect(Swift.abs(inputMean) < 0.02 && Swift.abs(inputVar - 1) < 0.03)
    }

    @Test func theSameSeedGivesTheSameTasksAndAnotherSeedDoesNot() throws {
        var a = RandomGenerator(seed: 3), b = RandomGenerator(seed: 3), c = RandomGenerator(seed: 4)
        let y1 = try MultiTask.tasks(n: 5, rng: &a).y.toArray()
        #expect(y1 == (try MultiTask.tasks(n: 5, rng: &b).y.toArray()))
        #expect(y1 != (try MultiTask.tasks(n: 5, rng: &c).y.toArray()))
    }

    @Test func badArgumentsThrowNamingTheArgument() {
        var r = RandomGenerator(seed: 0)
        #expect(datasetError { _ = try MultiTask.tasks(n: 0, rng: &r) }
            == .badArgument(function: "multi_task", name: "n", expected: "an integer in 1...1000000", got: "0"))
        #expect(datasetError { _ = try MultiTask.tasks(n: 5, dims: 3, latent: 4, rng: &r) }
            == .badArgument(function: "multi_task", name: "latent", expected: "an integer in 1...3", got: "4"))
        #expect(datasetError { _ = try MultiTask.tasks(n: 5, noise: -1, rng: &r) }
            == .badArgument(function: "multi_task", name: "noise", expected: "a number >= 0", got: "-1"))
        #expect(datasetError { _ = try MultiTask.tasks(n: 100_000, tasks: 1000, dims: 100, rng: &r) }?.description
            == "bad argument 'n' to 'multi_task' (tasks · n · dims <= 50000000 expected, got 1000 · 100000 · 100 = 10000000000)")
    }
}
