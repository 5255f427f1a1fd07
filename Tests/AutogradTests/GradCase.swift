// GradCase: one gradient-check case (inputs described by shape and kind, a function of them)
// and the seeded input makers the gradcheck tests share.
import Autograd
import TensorCore
import Testing

/// How an input's values are drawn (all from TensorCore's seeded RandomGenerator).
enum InputKind: Sendable {
    /// Normal(0, 1).
    case normal
    /// Uniform in [0.5, 2]: for log, sqrt, division, real powers.
    case positive
    /// |x| in [0.2, 2] with a random sign: away from the kinks of relu, abs, sign at 0.
    case awayFromZero
    /// A shuffled grid 0.1 apart (centred on 0): no two elements within a step of each other,
    /// for max, min and sorting-like ops.
    case distinct
    /// These exact values.
    case values([Float])
    /// These values, as a constant that requires no gradient (labels, indices, masks).
    case constant([Float])
    /// Normal(0, 1) data that requires no gradient (a network's input).
    case data
}

/// One input: its shape and how it is drawn.
struct InputSpec: Sendable {
    var shape: [Int]
    var kind: InputKind
    init(_ shape: [Int], _ kind: InputKind = .normal) {
        self.shape = shape
        self.kind = kind
    }
}

/// A gradcheck case: the inputs and the function of them whose gradient is checked.
struct GradCase: Sendable, CustomTestStringConvertible {
    var name: String
    var inputs: [InputSpec]
    var tolerance: GradCheckTolerance = GradCheckTolerance()
    var f: @Sendable (GradContext, [Variable]) throws -> Variable

    init(
        _ name: String, _ inputs: [InputSpec], tolerance: GradCheckTolerance = GradCheckTolerance(),
        _ f: @escaping @Sendable (GradContext, [Variable]) throws -> Variable
    ) {
        self.name = name
        self.inputs = inputs
        self.tolerance = tolerance
        self.f = f
    }

    var testDescription: String { name }

    /// The case's function run on its inputs with `ag`, with `requiresGrad` as the specs say
    /// or forced off for every input.
    func output(_ ag: GradContext, requiringGrad: Bool = true) throws -> Variable {
        var rng = RandomGenerator(seed: 42)
        let vars = try inputs.map { try makeInput($0, &rng) }
        return try f(ag, requiringGrad ? vars : vars.map { Variable($0.value) })
    }

    /// Makes the inputs from `seed` and runs the check.
    func run(seed: UInt64 = 42) throws -> GradCheckReport {
        var rng = RandomGenerator(seed: seed)
        let vars = try inputs.map { try makeInput($0, &rng) }
        let ag = GradContext()
        return try ag.gradCheck(vars, tolerance: tolerance) { try f(ag, $0) }
    }
}

/// A leaf for `spec`, requiring a gradient unless it is a constant.
func makeInput(_ spec: InputSpec, _ rng: inout RandomGenerator) throws -> Variable {
    let n = spec.shape.reduce(1, *)
    switch spec.kind {
    case .normal:
        return Variable(try Tensor.normal(spec.shape, mean: 0, std: 1, rng: &rng), requiresGrad: true)
    case .positive:
        return Variable(try Tensor.uniform(spec.shape, low: 0.5, high: 2, rng: &rng), requiresGrad: true)
    case .awayFromZero:
        let v = (0..<n).map { _ in
            Float((0.2 + 1.8 * rng.uniform()) * (rng.uniform() < 0.5 ? -1 : 1))
        }
        return Variable(try Tensor(shape: spec.shape, values: v), requiresGrad: true)
    case .distinct:
        var order = Array(0..<n)
        rng.shuffle(&order)
        let v = order.map { Float($0 - n / 2) * 0.1 }
        return Variable(try Tensor(shape: spec.shape, values: v), requiresGrad: true)
    case .values(let v):
        return Variable(try Tensor(shape: spec.shape, values: v), requiresGrad: true)
    case .constant(let v):
        return Variable(try Tensor(shape: spec.shape, values: v))
    case .data:
        return Variable(try Tensor.normal(spec.shape, mean: 0, std: 1, rng: &rng))
    }
}

/// A tensor from values, for tests (the shapes are right by construction).
func tensor(_ shape: [Int], _ values: [Float]) -> Tensor {
    try! Tensor(shape: shape, values: values)
}

/// True when every element of `a` is within atol + rtol·|b| of `b` and the shapes agree.
func isClose(_ a: Tensor, _ b: Tensor, atol: Float = 1e-5, rtol: Float = 1e-4) -> Bool {
    guard a.shape == b.shape else { return false }
    return zip(a.toArray(), b.toArray()).allSatisfy { x, y in Swift.abs(x - y) <= atol + rtol * Swift.abs(y) }
}
