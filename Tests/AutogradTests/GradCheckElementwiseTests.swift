// Finite-difference gradient checks for every elementwise primitive: unary functions, pow by
// a constant, binary ops with and without broadcasting, where, and reuse of one value.
import Autograd
import TensorCore
import Testing

let unaryCases: [GradCase] = [
    GradCase("neg", [InputSpec([3, 4])]) { ag, x in ag.neg(x[0]) },
    GradCase("exp", [InputSpec([3, 4])]) { ag, x in ag.exp(x[0]) },
    GradCase("log", [InputSpec([3, 4], .positive)]) { ag, x in ag.log(x[0]) },
    GradCase("sqrt", [InputSpec([3, 4], .positive)]) { ag, x in ag.sqrt(x[0]) },
    GradCase("tanh", [InputSpec([3, 4])]) { ag, x in ag.tanh(x[0]) },
    GradCase("sigmoid", [InputSpec([3, 4])]) { ag, x in ag.sigmoid(x[0]) },
    GradCase("relu", [InputSpec([3, 4], .awayFromZero)]) { ag, x in ag.relu(x[0]) },
    GradCase("abs", [InputSpec([3, 4], .awayFromZero)]) { ag, x in ag.abs(x[0]) },
    GradCase("sin", [InputSpec([3, 4])]) { ag, x in ag.unary(.sin, x[0]) },
    GradCase("cos", [InputSpec([3, 4])]) { ag, x in ag.unary(.cos, x[0]) },
    GradCase("square", [InputSpec([3, 4])]) { ag, x in ag.unary(.square, x[0]) },
    GradCase("reciprocal", [InputSpec([3, 4], .positive)]) { ag, x in ag.unary(.reciprocal, x[0]) },
    GradCase("pow 3", [InputSpec([3, 4])]) { ag, x in ag.pow(x[0], 3) },
    GradCase("pow -0.5", [InputSpec([3, 4], .positive)]) { ag, x in ag.pow(x[0], -0.5) },
    GradCase("step (zero gradient)", [InputSpec([3, 4], .awayFromZero)]) { ag, x in
        try ag.mul(ag.unary(.step, x[0]), x[0])
    },
    GradCase("sign (zero gradient)", [InputSpec([3, 4], .awayFromZero)]) { ag, x in
        try ag.add(ag.unary(.sign, x[0]), x[0])
    },
    GradCase("floor (zero gradient)", [InputSpec([2, 2], .values([0.5, 1.3, -0.7, 2.6]))]) { ag, x in
        try ag.mul(ag.unary(.floor, x[0]), x[0])
    },
]

let binaryCases: [GradCase] = [
    GradCase("add same shape", [InputSpec([3, 4]), InputSpec([3, 4])]) { ag, x in try ag.add(x[0], x[1]) },
    GradCase("add [3,4]+[4]", [InputSpec([3, 4]), InputSpec([4])]) { ag, x in try ag.add(x[0], x[1]) },
    GradCase("sub [3,1]-[1,4]", [InputSpec([3, 1]), InputSpec([1, 4])]) { ag, x in try ag.sub(x[0], x[1]) },
    GradCase("mul [2,3,4]*[3,1]", [InputSpec([2, 3, 4]), InputSpec([3, 1])]) { ag, x in try ag.mul(x[0], x[1]) },
    GradCase("mul by scalar tensor", [InputSpec([3, 4]), InputSpec([])]) { ag, x in try ag.mul(x[0], x[1]) },
    GradCase("div [3,4]/[4]", [InputSpec([3, 4]), InputSpec([4], .positive)]) { ag, x in try ag.div(x[0], x[1]) },
    GradCase("div constant by x", [InputSpec([3, 4], .positive)]) { ag, x in try ag.binary(.div, 2, x[0]) },
    GradCase("pow [3,4]**[4]", [InputSpec([3, 4], .positive), InputSpec([4])]) { ag, x in
        try ag.binary(.pow, x[0], x[1])
    },
    GradCase("maximum [3,4],[4]", [InputSpec([3, 4], .distinct), InputSpec([4], .values([-0.55, 0.05, 0.35, -0.15]))]) {
        ag, x in try ag.maximum(x[0], x[1])
    },
    GradCase("minimum [3,4],[3,1]", [InputSpec([3, 4], .distinct), InputSpec([3, 1], .values([-0.45, 0.15, 0.25]))]) {
        ag, x in try ag.minimum(x[0], x[1])
    },
    GradCase("mod", [InputSpec([2, 2], .values([2.3, -1.7, 5.2, 0.4])), InputSpec([2], .values([0.9, 1.6]))]) {
        ag, x in try ag.binary(.mod, x[0], x[1])
    },
    GradCase("x - 1 and 1 - x with constants", [InputSpec([3])]) { ag, x in
        try ag.mul(ag.binary(.sub, x[0], 1), ag.binary(.sub, 1, x[0]))
    },
    GradCase("where with broadcast branches", [InputSpec([3, 4], .awayFromZero), InputSpec([4]), InputSpec([3, 1])]) { ag, x in
        let cond = Variable(Tensor.binary(.gt, x[0].value, 0))
        return try ag.where(cond, x[1], ag.mul(x[0], x[2]))
    },
    GradCase("reuse: x*x + x", [InputSpec([5])]) { ag, x in try ag.add(ag.mul(x[0], x[0]), x[0]) },
    GradCase("reuse: diamond exp(x)·tanh(x) / x", [InputSpec([2, 3], .positive)]) { ag, x in
        try ag.div(ag.mul(ag.exp(x[0]), ag.tanh(x[0])), x[0])
    },
]

@Suite struct GradCheckElementwiseTests {
    @Test("unary primitives match finite differences", arguments: unaryCases)
    func unary(_ c: GradCase) throws {
        let report = try c.run()
        #expect(report.passed, "\(report)")
        #expect(report.checked > 0)
    }

    @Test("binary primitives match finite differences, broadcasting included", arguments: binaryCases)
    func binary(_ c: GradCase) throws {
        let report = try c.run()
        #expect(report.passed, "\(report)")
        #expect(report.checked > 0)
    }

    @Test func gradcheckCatchesAWrongGradient() throws {
        // x · detach(x) has true derivative 2x, but backward only sees x: the check must fail.
        let ag = GradContext()
        let x = Variable(tensor([3], [0.5, -1.2, 2.0]), requiresGrad: true)
        let report = try ag.gradCheck([x]) { v in try ag.mul(v[0], v[0].detach()) }
        #expect(!report.passed)
        #expect(report.failures.count == 3)
    }
}
