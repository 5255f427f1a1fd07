// How backward behaves: accumulation, no-grad scopes, detach, the functional gradients,
// retained gradients, long graphs, and the errors it throws instead of trapping.
import Autograd
import TensorCore
import Testing

@Suite struct BackwardTests {
    let ag = GradContext()

    @Test func reusedValueAccumulatesItsGradient() throws {
        // y = x·x + x: dy/dx = 2x + 1 per element, reached along three paths.
        let x = Variable(tensor([3], [1, -2, 0.5]), requiresGrad: true)
        try ag.sum(ag.add(ag.mul(x, x), x)).backward()
        #expect(x.grad?.toArray() == [3, -3, 2])
    }

    @Test func backwardTwiceAddsTheGradientTwice() throws {
        let x = Variable(tensor([2], [1, 2]), requiresGrad: true)
        let loss = try ag.sum(ag.mul(x, x))
        try loss.backward()
        #expect(x.grad?.toArray() == [2, 4])
        try loss.backward()
        #expect(x.grad?.toArray() == [4, 8])
        x.zeroGrad()
        #expect(x.grad == nil)
        try loss.backward()
        #expect(x.grad?.toArray() == [2, 4])
    }

    @Test func noGradScopeRecordsNothing() throws {
        let w = Variable(tensor([2], [1, 2]), requiresGrad: true)
        let y = try ag.withNoGrad { try ag.sum(ag.mul(ag.exp(w), w)) }
        #expect(y.node == nil)
        #expect(!y.requiresGrad)
        #expect(ag.isRecording)
        #expect(throws: TensorError.self) { try y.backward() }
        #expect(w.grad == nil)
    }

    @Test func noGradScopeRestoresTheModeWhenItThrows() throws {
        let w = Variable(tensor([2], [1, 2]), requiresGrad: true)
        #expect(throws: TensorError.self) {
            try ag.withNoGrad { _ = try ag.add(w, Variable(tensor([3], [1, 2, 3]))) }
        }
        #expect(ag.isRecording)
    }

    @Test func valuesThatNeedNoGradientRecordNothing() throws {
        let a = Variable(tensor([2, 2], [1, 2, 3, 4]))
        let y = try ag.sum(ag.matmul(ag.sigmoid(a), a))
        #expect(y.node == nil && !y.requiresGrad)
    }

    @Test func detachCutsTheGraph() throws {
        let x = Variable(tensor([2], [3, 4]), requiresGrad: true)
        let y = try ag.mul(x, x)
        let loss = try ag.sum(ag.mul(y.detach(), x))  // d/dx = y held constant = x²
        try loss.backward()
        #expect(x.grad?.toArray() == [9, 16])
    }

    @Test func gradientsWithRespectToLeaveGradUntouched() throws {
        let x = Variable(tensor([2], [1, 3]), requiresGrad: true)
        let unused = Variable(tensor([2, 2], [1, 1, 1, 1]), requiresGrad: true)
        let y = try ag.sum(ag.pow(x, 3))
        let g = try y.gradients(withRespectTo: [x, unused])
        #expect(g[0].toArray() == [3, 27])
        #expect(g[1].toArray() == [0, 0, 0, 0] && g[1].shape == [2, 2])
        #expect(x.grad == nil)
    }

    @Test func retainedGradientOfAnIntermediate() throws {
        let x = Variable(tensor([2], [1, 2]), requiresGrad: true)
        let h = try ag.mul(x, Variable(tensor([], [3])))
        h.retainsGrad = true
        let k = try ag.mul(x, x)
        try ag.sum(ag.add(h, k)).backward()
        #expect(h.grad?.toArray() == [1, 1])
        #expect(k.grad == nil)
        #expect(x.grad?.toArray() == [5, 7])
    }

    @Test func explicitSeedForANonScalarOutput() throws {
        let x = Variable(tensor([2, 2], [1, 2, 3, 4]), requiresGrad: true)
        let y = ag.exp(x)
        try y.backward(seed: tensor([2, 2], [1, 0, 0, 2]))
        let e = x.value.map(.exp).toArray()
        #expect(x.grad?.toArray() == [e[0], 0, 0, 2 * e[3]])
    }

    @Test func backwardOnANonScalarWithoutSeedThrows() throws {
        let x = Variable(tensor([2, 2], [1, 2, 3, 4]), requiresGrad: true)
        let y = ag.exp(x)
        let error = #expect(throws: TensorError.self) { try y.backward() }
        #expect(error?.op == "backward")
        #expect(error?.shapes == [[2, 2]])
        #expect(error?.hint != nil)
    }

    @Test func seedOfTheWrongShapeThrows() throws {
        let x = Variable(tensor([2, 2], [1, 2, 3, 4]), requiresGrad: true)
        let error = #expect(throws: TensorError.self) { try ag.exp(x).backward(seed: tensor([4], [1, 1, 1, 1])) }
        #expect(error?.shapes == [[2, 2], [4]])
    }

    @Test func shapeMismatchInAnOpThrows() throws {
        let a = Variable(tensor([2, 3], [1, 2, 3, 4, 5, 6]), requiresGrad: true)
        let b = Variable(tensor([2, 3], [1, 2, 3, 4, 5, 6]), requiresGrad: true)
        let error = #expect(throws: TensorError.self) { try ag.matmul(a, b) }
        #expect(error?.op == "matmul")
        #expect(throws: TensorError.self) { try ag.add(a, Variable(tensor([2], [1, 2]))) }
        #expect(throws: TensorError.self) { try ag.crossEntropy(logits: a, labels: Variable(tensor([3], [0, 1, 2]))) }
        #expect(throws: TensorError.self) { try ag.sum(a, axes: [2]) }
    }

    @Test func aLongChainBackpropagatesAndIsReleasedWithoutRecursion() throws {
        // 100,000 nodes: the sort is iterative, and Variable.deinit releases the chain in a loop.
        let x = Variable(Tensor(scalar: 1), requiresGrad: true)
        var y = x
        for _ in 0..<100_000 { y = try ag.binary(.mul, y, 1.0) }
        try y.backward()
        #expect(x.grad?.toArray() == [1])
        y = x
    }

    @Test func stepAndSignPassAZeroGradient() throws {
        let x = Variable(tensor([3], [-1, 0.5, 2]), requiresGrad: true)
        try ag.sum(ag.add(ag.unary(.step, x), ag.unary(.sign, x))).backward()
        #expect(x.grad?.toArray() == [0, 0, 0])
    }

    @Test func maxSharesTheGradientAmongTies() throws {
        let x = Variable(tensor([4], [1, 3, 3, 0]), requiresGrad: true)
        try ag.max(x).backward()
        #expect(x.grad?.toArray() == [0, 0.5, 0.5, 0])
    }
}

@Suite struct GradCheckReportTests {
    @Test func aFailingReportNamesTheWorstElement() throws {
        let ag = GradContext()
        let x = Variable(tensor([2], [1, 2]), requiresGrad: true)
        let report = try ag.gradCheck([x]) { v in try ag.sum(ag.mul(v[0], v[0].detach())) }
        #expect(!report.passed)
        #expect(report.worst?.input == 0 && report.worst?.index == [1])
        #expect(report.description.hasPrefix("gradcheck FAILED: 2 elements, worst at input 0 [1]: analytic 2.0, numeric 4.0"))
    }

    @Test func inputsWithoutGradientAreHeldFixed() throws {
        let ag = GradContext()
        let x = Variable(tensor([3], [0.5, 1, 1.5]), requiresGrad: true)
        let c = Variable(tensor([3], [2, 3, 4]))
        let report = try ag.gradCheck([x, c]) { v in try ag.sum(ag.mul(ag.exp(v[0]), v[1])) }
        #expect(report.passed, "\(report)")
        #expect(report.checked == 3)
    }
}

@Suite struct SavedTensorTests {
    @Test func aParameterTimesDataIsNotHeldByTheGraph() throws {
        // x @ W with data x: W's row needs only x, so the graph must not keep W's buffer and
        // an in-place update of W while the graph is alive must not copy it.
        let ag = GradContext()
        let x = Variable(tensor([2, 2], [1, 2, 3, 4]))
        let w = Variable(tensor([2, 2], [1, 0, 0, 1]), requiresGrad: true)
        let loss = try ag.sum(ag.matmul(x, w))
        try loss.backward()
        let address = { w.value.withContiguousBuffer { UInt(bitPattern: $0.baseAddress) } }
        let before = address()
        let grad = try #require(w.grad)
        try w.value.formBinary(.sub, grad)
        #expect(address() == before)  // updated in place: nothing else held the buffer
        #expect(w.grad?.toArray() == [4, 4, 6, 6])
        try loss.backward()  // the graph still works after the update
        #expect(w.grad?.toArray() == [8, 8, 12, 12])
    }
}
