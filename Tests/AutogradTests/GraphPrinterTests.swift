// The graph printer's text, as a whole-string snapshot (Tests/AutogradTests/__Snapshots__).
import Autograd
import TensorCore
import TestSupport
import Testing

@Suite struct GraphPrinterTests {
    @Test func xorNetworkGraph() throws {
        let ag = GradContext()
        let x = Variable(try Tensor.zeros([4, 2]), label: "x")
        let w1 = Variable(try Tensor.zeros([2, 2]), requiresGrad: true, label: "W1")
        let b1 = Variable(try Tensor.zeros([2]), requiresGrad: true, label: "b1")
        let w2 = Variable(try Tensor.zeros([2, 1]), requiresGrad: true, label: "W2")
        let t = Variable(try Tensor.zeros([4, 1]), label: "t")
        let h = ag.sigmoid(try ag.add(ag.matmul(x, w1), b1))
        h.label = "h"
        let loss = try ag.mse(ag.matmul(h, w2), t)
        loss.label = "loss"
        try loss.backward()
        try assertSnapshot(loss.graphDescription(), named: "xor-graph", in: "AutogradTests")
    }

    @Test func constantsShowTheirValueAndLeavesWithoutLabelSayLeaf() throws {
        let ag = GradContext()
        let a = Variable(try Tensor.ones([3]), requiresGrad: true)
        let y = try ag.binary(.mul, a, 2.5)
        #expect(y.graphDescription() == """
            %0 = leaf         [3]  requires grad
            %1 = const 2.5    []
            %2 = mul(%0, %1)  [3]
            """)
    }

    @Test func aLimitShowsOnlyTheLinesNearestTheOutput() throws {
        let ag = GradContext()
        let a = Variable(try Tensor.ones([3]), requiresGrad: true)
        let y = ag.exp(ag.neg(a))
        #expect(y.graphDescription(limit: 2) == """
            ... 1 earlier line (%0 to %0) not shown
            %1 = neg(%0)  [3]
            %2 = exp(%1)  [3]
            """)
        #expect(y.graphDescription(limit: 10) == y.graphDescription())
    }
}
