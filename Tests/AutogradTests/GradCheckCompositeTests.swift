// Finite-difference gradient checks for the fused log_softmax and for the composites built
// from primitives (softmax, losses, leaky_relu, clamp), and a small network end to end.
import Autograd
import TensorCore
import Testing

let compositeCases: [GradCase] = [
    GradCase("log_softmax axis 1", [InputSpec([3, 4])]) { ag, x in try ag.logSoftmax(x[0], axis: 1) },
    GradCase("log_softmax axis 0", [InputSpec([3, 4])]) { ag, x in try ag.logSoftmax(x[0], axis: 0) },
    GradCase("softmax axis -1", [InputSpec([2, 3, 4])]) { ag, x in try ag.softmax(x[0]) },
    GradCase("mse", [InputSpec([4, 2]), InputSpec([4, 2])]) { ag, x in try ag.mse(x[0], x[1]) },
    GradCase("cross-entropy from logits, integer labels", [InputSpec([4, 3]), InputSpec([4], .constant([2, 0, 1, 2]))]) {
        ag, x in try ag.crossEntropy(logits: x[0], labels: x[1])
    },
    GradCase("binary cross-entropy", [InputSpec([4], .values([0.2, 0.7, 0.9, 0.4])), InputSpec([4], .constant([0, 1, 1, 0]))]) {
        ag, x in try ag.binaryCrossEntropy(x[0], x[1])
    },
    GradCase("binary cross-entropy with logits", [InputSpec([2, 3]), InputSpec([2, 3], .values([0, 1, 1, 0, 0.5, 1]))]) {
        ag, x in try ag.binaryCrossEntropyWithLogits(x[0], x[1])
    },
    GradCase("hinge", [InputSpec([4], .values([0.3, -2, 1.5, 0.1])), InputSpec([4], .constant([1, -1, -1, 1]))]) {
        ag, x in try ag.hinge(x[0], x[1])
    },
    GradCase("leaky_relu", [InputSpec([3, 4], .awayFromZero)]) { ag, x in try ag.leakyRelu(x[0], slope: 0.1) },
    GradCase("clamp", [InputSpec([3, 4], .awayFromZero)]) { ag, x in try ag.clamp(x[0], min: -1, max: 1.1) },
    GradCase("2-layer MLP loss (every parameter)", [
        InputSpec([5, 3]), InputSpec([3, 4]), InputSpec([4]), InputSpec([4, 2]), InputSpec([2]),
        InputSpec([5], .constant([0, 1, 1, 0, 1])),
    ]) { ag, x in
        let h = try ag.tanh(ag.add(ag.matmul(x[0], x[1]), x[2]))
        let logits = try ag.add(ag.matmul(h, x[3]), x[4])
        return try ag.crossEntropy(logits: logits, labels: x[5])
    },
    GradCase("small CNN loss (every parameter)", [
        InputSpec([2, 1, 6, 6]), InputSpec([2, 1, 3, 3]), InputSpec([2]), InputSpec([8, 3]),
        InputSpec([2], .constant([2, 0])),
    ]) { ag, x in
        let c = try ag.tanh(ag.conv2d(x[0], x[1], bias: x[2], stride: 1, padding: 1))
        let p = try ag.reshape(ag.avgPool2d(c, kernel: 3), [2, 8])
        return try ag.crossEntropy(logits: ag.matmul(p, x[3]), labels: x[4])
    },
]

@Suite struct GradCheckCompositeTests {
    @Test("composites and losses match finite differences", arguments: compositeCases)
    func composites(_ c: GradCase) throws {
        let report = try c.run()
        #expect(report.passed, "\(report)")
    }

    @Test("gradchecks hold on three other seeds", arguments: [1, 2, 3] as [UInt64])
    func otherSeeds(_ seed: UInt64) throws {
        for c in unaryCases + binaryCases + productCases + compositeCases {
            let report = try c.run(seed: seed)
            #expect(report.passed, "\(c.name) seed \(seed): \(report)")
        }
    }
}
