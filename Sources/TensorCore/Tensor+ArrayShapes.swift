// Tensor+ArrayShapes: the public entry points that take a shape, again taking it as [Int],
// the way code outside the core often holds one (a test's table, a parsed file); each
// converts once to Dims and calls the Dims version.

extension Tensor {
    public static func full(_ shape: [Int], _ value: Float) throws -> Tensor { try full(Dims(shape), value) }
    public static func zeros(_ shape: [Int]) throws -> Tensor { try zeros(Dims(shape)) }
    public static func ones(_ shape: [Int]) throws -> Tensor { try ones(Dims(shape)) }

    public static func uniform(
        _ shape: [Int], low: Float = 0, high: Float = 1, rng: inout RandomGenerator
    ) throws -> Tensor {
        try uniform(Dims(shape), low: low, high: high, rng: &rng)
    }

    public static func normal(
        _ shape: [Int], mean: Float = 0, std: Float = 1, rng: inout RandomGenerator
    ) throws -> Tensor {
        try normal(Dims(shape), mean: mean, std: std, rng: &rng)
    }

    public static func bernoulli(_ shape: [Int], p: Float, rng: inout RandomGenerator) throws -> Tensor {
        try bernoulli(Dims(shape), p: p, rng: &rng)
    }

    public func reshaped(_ newShape: [Int]) throws -> Tensor { try reshaped(Dims(newShape)) }
    public func expanded(to target: [Int]) throws -> Tensor { try expanded(to: Dims(target)) }
}
