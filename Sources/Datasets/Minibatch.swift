// Minibatches: one epoch of batches — index lists, or (x, y) tensors gathered along axis 0 —
// with optional seeded shuffling and an option to drop a short last batch.
import TensorCore

/// One batch: the rows `indices` of the inputs and (when given) the targets.
public struct Batch: Sendable {
    /// The example indices in this batch, in batch order.
    public var indices: [Int]
    /// The rows of x: [b, ...x.shape[1...]].
    public var x: Tensor
    /// The rows of y: [b, ...y.shape[1...]], or nil when no targets were given.
    public var y: Tensor?
}

public enum Minibatch {
    /// The index batches of one epoch over `count` examples.
    ///
    /// With `shuffle`, the order is a permutation drawn from `rng` (Fisher–Yates,
    /// `RandomGenerator.shuffle`); without it, 0..<count in order and `rng` is untouched.
    /// Batches hold `batchSize` indices, the last one fewer unless `dropLast` drops it.
    /// Every index appears exactly once per epoch (except the dropped tail).
    public static func indices(
        count: Int, batchSize: Int, shuffle: Bool = true, dropLast: Bool = false, rng: inout RandomGenerator
    ) throws -> [[Int]] {
        try Check.count(count, in: 0...Int.max, "minibatches", "count")
        try Check.count(batchSize, in: 1...Int.max, "minibatches", "batch_size")
        var order = Array(0..<count)
        if shuffle { rng.shuffle(&order) }
        var out: [[Int]] = []
        var start = 0
        while start < count {
            let end = min(start + batchSize, count)
            if end - start < batchSize && dropLast { break }
            out.append(Array(order[start..<end]))
            start = end
        }
        return out
    }

    /// One epoch of (x, y) batches; `x` and `y` (if given) must have the same length along
    /// axis 0. Batch tensors are copies: [b, ...rest of x's shape] and [b, ...rest of y's].
    ///
    /// Cajal: `for (xb, yb) in batches(X, y, size: 32, shuffle: true) { ... }`
    public static func batches(
        x: Tensor, y: Tensor? = nil, batchSize: Int, shuffle: Bool = true, dropLast: Bool = false,
        rng: inout RandomGenerator
    ) throws -> [Batch] {
        try Check.that(x.rank >= 1, "minibatches", "x", "a tensor with a batch axis", "a scalar")
        let n = x.shape[0]
        if let y {
            try Check.that(y.rank >= 1 && y.shape[0] == n, "minibatches", "y",
                           "a tensor with \(n) rows (as many as x)", "shape \(shapeString(y.shape))")
        }
        let groups = try indices(count: n, batchSize: batchSize, shuffle: shuffle, dropLast: dropLast, rng: &rng)
        let xs = RowSource(x), ys = y.map(RowSource.init)
        return try groups.map { g in Batch(indices: g, x: try xs.rows(g), y: try ys?.rows(g)) }
    }
}

/// A tensor's elements flattened once, from which batches of rows are copied.
struct RowSource {
    let values: [Float]
    let rowShape: [Int]
    let rowSize: Int

    init(_ t: Tensor) {
        values = t.toArray()
        rowShape = Array(t.shape.dropFirst())
        rowSize = rowShape.reduce(1, *)
    }

    /// The rows `indices`, stacked: [indices.count] + rowShape.
    func rows(_ indices: [Int]) throws -> Tensor {
        let n = indices.count * rowSize
        let out = [Float](unsafeUninitializedCapacity: n) { buf, initialized in
            values.withUnsafeBufferPointer { src in
                for (k, i) in indices.enumerated() where rowSize > 0 {
                    (buf.baseAddress! + k * rowSize).update(from: src.baseAddress! + i * rowSize, count: rowSize)
                }
            }
            initialized = n
        }
        return try Tensor(shape: [indices.count] + rowShape, values: out)
    }
}
