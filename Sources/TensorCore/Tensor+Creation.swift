// Tensor+Creation: making tensors — constants, ranges, the identity, nested arrays, and
// random tensors drawn from a RandomGenerator.

extension Tensor {
    /// A tensor of `shape` with every element `value`.
    public static func full(_ shape: Dims, _ value: Float) throws -> Tensor {
        try filled(shape, value, op: "full")
    }

    static func filled(_ shape: Dims, _ value: Float, op: String) throws -> Tensor {
        let n = try checkedCount(shape, op: op)
        return Tensor(
            storage: TensorStorage(count: n, repeating: value), offset: 0, shape: shape,
            strides: rowMajorStrides(shape), count: n)
    }

    /// A tensor of `shape` filled with 0.
    public static func zeros(_ shape: Dims) throws -> Tensor { try filled(shape, 0, op: "zeros") }

    /// A tensor of `shape` filled with 1.
    public static func ones(_ shape: Dims) throws -> Tensor { try filled(shape, 1, op: "ones") }

    /// Zeros of a shape already known to be valid (an internal shortcut).
    static func zerosUnchecked(_ shape: Dims) -> Tensor {
        let n = shape.reduce(1, *)
        return Tensor(
            storage: TensorStorage(count: n, repeating: 0), offset: 0, shape: shape,
            strides: rowMajorStrides(shape), count: n)
    }

    /// `[start, start + step, ...]` up to but excluding `stop` (NumPy `arange`): a 1-D tensor of
    /// `max(0, ceil((stop - start) / step))` elements, each computed as `start + i * step` in Double.
    public static func arange(_ start: Double, _ stop: Double, _ step: Double = 1) throws -> Tensor {
        guard step != 0, step.isFinite, start.isFinite, stop.isFinite else {
            throw TensorError(
                op: "arange", message: "needs finite start, stop and a non-zero step (got \(start), \(stop), \(step))")
        }
        let steps = ((stop - start) / step).rounded(.up)
        guard steps <= Double(maxElements) else {
            throw TensorError(
                op: "arange", message: "\(start) to \(stop) by \(step) gives \(steps) elements; the limit is \(maxElements)",
                hint: "use a larger step")
        }
        let n = steps > 0 ? Int(steps) : 0
        let out = try uninitialized([n], op: "arange")
        for i in 0..<n { out.base[i] = Float(start + Double(i) * step) }
        return out
    }

    /// `n` evenly spaced values from `a` to `b`, both included (NumPy `linspace`): element i is
    /// `a + i * (b - a) / (n - 1)` in Double, and the last is exactly `b`.
    public static func linspace(_ a: Double, _ b: Double, _ n: Int) throws -> Tensor {
        guard n >= 0 else {
            throw TensorError(op: "linspace", message: "needs a count ≥ 0, got \(n)")
        }
        let out = try uninitialized([n], op: "linspace")
        if n == 1 { out.base[0] = Float(a) }
        if n > 1 {
            let step = (b - a) / Double(n - 1)
            for i in 0..<n { out.base[i] = Float(a + Double(i) * step) }
            out.base[n - 1] = Float(b)
        }
        return out
    }

    /// The n × n identity matrix.
    public static func eye(_ n: Int) throws -> Tensor {
        var out = try filled([n, n], 0, op: "eye")
        out.makeUnique()
        for i in 0..<n { out.base[i * n + i] = 1 }
        return out
    }

    /// A tensor from nested arrays of numbers (`[[1, 2], [3, 4]]`); every row at one depth must
    /// have the same length. Accepts Float, Double, Int and Bool leaves, and Tensors.
    public init(nested: Any) throws {
        let shape = Tensor.nestedShape(nested)
        var values: [Float] = []
        try Tensor.flatten(nested, depth: 0, shape: shape, values: &values)
        try self.init(shape: shape, values: values)
    }

    /// The shape read off the first element at every depth.
    private static func nestedShape(_ x: Any) -> [Int] {
        if let t = x as? Tensor { return t.shape.array }
        guard let list = x as? [Any] else { return [] }
        return [list.count] + (list.first.map(nestedShape) ?? [])
    }

    private static func flatten(_ x: Any, depth: Int, shape: [Int], values: inout [Float]) throws {
        let ragged = TensorError(
            op: "tensor", message: "ragged nested list: rows at depth \(depth) differ in length",
            hint: "every row must have the same number of elements")
        if let t = x as? Tensor {
            guard Array(shape[depth...]) == t.shape else { throw ragged }
            values.append(contentsOf: t.toArray())
            return
        }
        if let list = x as? [Any] {
            guard depth < shape.count, shape[depth] == list.count else { throw ragged }
            for item in list { try flatten(item, depth: depth + 1, shape: shape, values: &values) }
            return
        }
        guard depth == shape.count else { throw ragged }
        switch x {
        case let v as Float: values.append(v)
        case let v as Double: values.append(Float(v))
        case let v as Int: values.append(Float(v))
        case let v as Bool: values.append(v ? 1 : 0)
        default:
            throw TensorError(op: "tensor", message: "cannot make a tensor element from \(type(of: x))")
        }
    }

    // MARK: random

    /// Uniform values in [low, high): `low + (high - low) * u` with u from `rng.uniform()`.
    public static func uniform(
        _ shape: Dims, low: Float = 0, high: Float = 1, rng: inout RandomGenerator
    ) throws -> Tensor {
        let out = try uninitialized(shape, op: "uniform")
        let lo = Double(low)
        let span = Double(high) - Double(low)
        for i in 0..<out.count { out.base[i] = Float(lo + span * rng.uniform()) }
        return out
    }

    /// Normal values: `mean + std * z` with z from `rng.normal()` (Box–Muller).
    public static func normal(
        _ shape: Dims, mean: Float = 0, std: Float = 1, rng: inout RandomGenerator
    ) throws -> Tensor {
        let out = try uninitialized(shape, op: "normal")
        let m = Double(mean)
        let s = Double(std)
        for i in 0..<out.count { out.base[i] = Float(m + s * rng.normal()) }
        return out
    }

    /// 1 with probability p, else 0: element i is 1 when `rng.uniform() < p`.
    public static func bernoulli(_ shape: Dims, p: Float, rng: inout RandomGenerator) throws -> Tensor {
        guard p >= 0 && p <= 1 else {
            throw TensorError(op: "bernoulli", message: "probability must be in [0, 1], got \(p)", shapes: [shape])
        }
        let out = try uninitialized(shape, op: "bernoulli")
        let pd = Double(p)
        for i in 0..<out.count { out.base[i] = rng.uniform() < pd ? 1 : 0 }
        return out
    }
}
