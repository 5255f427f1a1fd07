// MultiTask: many related regression tasks that share one hidden layer, for multi-task
// learning (Caruana 1997). Every task reads the same few features of its input through the
// same weights and mixes them with weights of its own, so a net that learns all tasks at once
// can pool their samples to find the shared features.
import Foundation
import TensorCore

/// The training samples of every task and a common test set (`MultiTask.tasks`).
public struct MultiTaskSet: Sendable {
    /// [tasks, n, dims]: task t's n training inputs are `x[t]`.
    public var x: Tensor
    /// [tasks, n]: task t's training targets are `y[t]`.
    public var y: Tensor
    /// [test, dims]: the test inputs, the same for every task.
    public var testX: Tensor
    /// [test, tasks]: every task's target for every test input.
    public var testY: Tensor
    /// [dims, latent]: B, the weights every task shares.
    public var shared: Tensor
    /// [latent, tasks]: A, column t is task t's own weights.
    public var heads: Tensor
}

public enum MultiTask {
    /// `tasks` regression tasks y_t = tanh(x B) A[:, t] + N(0, noise²) with x ~ N(0, I) in
    /// `dims` dimensions and one shared B [dims, latent].
    ///
    /// The draws, in order: B ~ N(0, 4/dims) (so each shared feature x·B[:, k] is N(0, 4) and
    /// its tanh is far from linear), A ~ N(0, 1); then, task by task, that task's n inputs and
    /// their targets; then the `test` inputs, each with the targets of every task. Each
    /// training input belongs to one task and carries only that task's target: what one task
    /// learns about B can only reach another through a model that shares it.
    /// - Returns: x [tasks, n, dims], y [tasks, n], testX [test, dims], testY [test, tasks],
    ///   shared B [dims, latent], heads A [latent, tasks].
    ///
    /// Cajal: `multi_task(n: 20, tasks: 20, dims: 20, latent: 2, noise: 0.1, test: 2000)`
    public static func tasks(
        n: Int, tasks T: Int = 20, dims D: Int = 20, latent K: Int = 2, noise: Float = 0.1, test: Int = 2000,
        rng: inout RandomGenerator
    ) throws -> MultiTaskSet {
        try Check.count(n, in: 1...1_000_000, "multi_task", "n")
        try Check.count(T, in: 1...10_000, "multi_task", "tasks")
        try Check.count(D, in: 1...100_000, "multi_task", "dims")
        try Check.count(K, in: 1...D, "multi_task", "latent")
        try Check.number(noise, atLeast: 0, "multi_task", "noise")
        try Check.count(test, in: 1...10_000_000, "multi_task", "test")
        let limit = 50_000_000
        try Check.that(T * n * D <= limit, "multi_task", "n",
                       "tasks · n · dims <= \(limit)", "\(T) · \(n) · \(D) = \(T * n * D)")
        try Check.that(test * (D + T) <= limit, "multi_task", "test",
                       "test · (dims + tasks) <= \(limit)", "\(test) · \(D + T) = \(test * (D + T))")
        let scale = 2 / Float(D).squareRoot()
        var B = try Grid(zeros: [D, K])
        for i in B.values.indices { B.values[i] = rng.normal(std: scale) }
        var A = try Grid(zeros: [K, T])
        for i in A.values.indices { A.values[i] = rng.normal(std: 1) }

        /// One input row drawn into `row`, and its shared features tanh(row · B).
        func draw(_ row: inout [Float]) -> [Float] {
            for d in 0..<D { row[d] = rng.normal(std: 1) }
            return (0..<K).map { k in
                var s: Float = 0
                for d in 0..<D { s += row[d] * B[d, k] }
                return tanh(s)
            }
        }
        func target(_ h: [Float], _ t: Int) -> Float {
            var s: Float = 0
            for k in 0..<K { s += h[k] * A[k, t] }
            return s
        }

        var x = try Grid(zeros: [T, n, D])
        var y = try Grid(zeros: [T, n])
        var row = [Float](repeating: 0, count: D)
        for t in 0..<T {
            for i in 0..<n {
                let h = draw(&row)
                for d in 0..<D { x[t, i, d] = row[d] }
                y[t, i] = target(h, t) + rng.normal(std: noise)
            }
        }
        var testX = try Grid(zeros: [test, D])
        var testY = try Grid(zeros: [test, T])
        for i in 0..<test {
            let h = draw(&row)
            for d in 0..<D { testX[i, d] = row[d] }
            for t in 0..<T { testY[i, t] = target(h, t) + rng.normal(std: noise) }
        }
        return MultiTaskSet(x: try x.tensor(), y: try y.tensor(), testX: try testX.tensor(),
                            testY: try testY.tensor(), shared: try B.tensor(), heads: try A.tensor())
    }
}
