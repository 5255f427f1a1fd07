// Grid: the plain row-major [Float] + shape that every generator and loader builds, and the
// one place where it becomes a TensorCore `Tensor`. Keeping generators on plain arrays makes
// them easy to read and independent of how tensors store their elements.
import TensorCore

/// A row-major float32 array under construction: `values.count == shape.reduce(1, *)`.
struct Grid {
    var shape: [Int]
    var values: [Float]

    /// A grid of `shape` filled with `value`. The size goes through the one memory check
    /// first (MemoryLimit), so a generator asked for too much throws instead of aborting.
    init(zeros shape: [Int], value: Float = 0) throws {
        guard let n = MemoryLimit.product(shape) else {
            throw TensorError(op: "dataset", message: "shape \(shapeString(shape)) is too large to count", shapes: [shape])
        }
        try MemoryLimit.check(count: n, op: "dataset", what: "shape \(shapeString(shape))")
        self.shape = shape
        self.values = [Float](repeating: value, count: n)
    }

    init(shape: [Int], values: [Float]) {
        precondition(shape.reduce(1, *) == values.count, "Grid: \(shape) does not hold \(values.count) values")
        self.shape = shape
        self.values = values
    }

    /// The flat index of a row-major multi-index (no bounds check beyond the array's own).
    @inline(__always) func offset(_ index: [Int]) -> Int {
        var o = 0
        for (i, d) in zip(index, shape) { o = o * d + i }
        return o
    }

    subscript(_ index: Int...) -> Float {
        get { values[offset(index)] }
        set { values[offset(index)] = newValue }
    }

    /// The tensor holding these values.
    func tensor() throws -> Tensor { try Tensor(shape: shape, values: values) }
}

extension Tensor {
    /// A 1-D tensor of `values`.
    static func vector(_ values: [Float]) throws -> Tensor { try Tensor(shape: [values.count], values: values) }
}

extension RandomGenerator {
    /// A uniform float in [low, high] (computed in Double; rounding to float may reach `high`).
    mutating func uniform(_ low: Float, _ high: Float) -> Float {
        Float(Double(low) + Double(high - low) * uniform())
    }

    /// A normal float with mean 0 and standard deviation `std`.
    mutating func normal(std: Float) -> Float { std * Float(normal()) }

    /// A uniform integer in `range` (inclusive).
    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + int(below: range.upperBound - range.lowerBound + 1)
    }
}
