// How a recorded graph lives and dies now that a variable holds its op and operands itself:
// releasing long chains through any operand without recursion, releasing a variable without
// cutting the graph of operands still held elsewhere, the `node` view, and a sweep that stops
// at an error leaving the graph ready for the next one.
import Autograd
import TensorCore
import Testing

/// A custom op of three operands (x, y, z) ↦ x + y + z whose derivative throws while `fails`
/// is set: a sweep that stops in the middle.
final class FailingSum: CustomOp, @unchecked Sendable {
    var fails = true
    var name: String { "failing_sum" }

    func vjp(_ g: Tensor, saved: [Tensor], needs: [Bool]) throws -> [Tensor?] {
        if fails { throw TensorError(op: "failing_sum", message: "asked to fail") }
        return [g, g, g]
    }
}

@Suite struct GraphLifetimeTests {
    let ag = GradContext()

    @Test func chainsThroughTheSecondOperandAreReleasedWithoutRecursion() throws {
        // y = 1 · y: each variable is the second operand of the next one.
        let x = Variable(Tensor(scalar: 1), requiresGrad: true)
        var y = x
        for _ in 0..<100_000 { y = try ag.binary(.mul, 1.0, y) }
        try y.backward()
        #expect(x.grad?.toArray() == [1])
        y = x
    }

    @Test func chainsUsingAValueTwiceAreReleasedWithoutRecursion() throws {
        // y = y · y: each variable is both operands of the next one (held twice by it alone).
        let x = Variable(Tensor(scalar: 1), requiresGrad: true)
        var y = x
        for _ in 0..<100_000 { y = try ag.mul(y, y) }
        #expect(y.value.toArray() == [1])
        y = x
    }

    @Test func chainsThroughOpsOfManyOperandsAreReleasedWithoutRecursion() throws {
        // y = concat([c, y, c])[1:2]: the chain runs through an op of three operands.
        let x = Variable(tensor([1], [1]), requiresGrad: true)
        let c = Variable(tensor([1], [0]))
        var y = x
        for _ in 0..<50_000 {
            y = try ag.slice(ag.concat([c, y, c], axis: 0), [.range(start: 1, stop: 2, step: 1)])
        }
        try ag.sum(y).backward()
        #expect(x.grad?.toArray() == [1])
        y = x
    }

    @Test func twoChainsJoinedAtTheEndAreReleasedWithoutRecursion() throws {
        // z = a + b with a and b two chains from x: z holds two operands that each start a chain.
        let x = Variable(Tensor(scalar: 1), requiresGrad: true)
        var a = x, b = x
        for _ in 0..<100_000 {
            a = try ag.binary(.mul, a, 1.0)
            b = try ag.binary(.add, b, 0.0)
        }
        var z = try ag.add(a, b)
        a = x
        b = x
        try z.backward()
        #expect(x.grad?.toArray() == [2])
        z = x
    }

    @Test func releasingAResultKeepsTheGraphOfOperandsHeldElsewhere() throws {
        let a = Variable(tensor([2], [1, 2]), requiresGrad: true)
        let b = Variable(tensor([2], [3, 5]), requiresGrad: true)
        let y = try ag.mul(a, b)
        let square = try ag.mul(y, y)
        var z: Variable? = try ag.add(y, Variable(tensor([2], [1, 1])))
        var w: Variable? = try ag.concat([square, y, y], axis: 0)
        z = nil
        w = nil
        #expect(z == nil && w == nil)
        try ag.sum(y).backward()
        #expect(a.grad?.toArray() == [3, 5])
        #expect(b.grad?.toArray() == [1, 2])
        try ag.sum(square).backward()  // d(a²b²)/da = 2ab², added to the first gradient
        #expect(a.grad?.toArray() == [3 + 18, 5 + 100])
    }

    @Test func theNodeViewShowsTheOpAndTheOperandsInOrder() throws {
        let a = Variable(tensor([1], [1]), requiresGrad: true)
        let b = Variable(tensor([1], [2]))
        let c = Variable(tensor([1], [3]), requiresGrad: true)
        let y = try ag.sub(a, b)
        let s = try ag.concat([y, b, c, a], axis: 0)
        #expect(a.node == nil && a.isLeaf && !y.isLeaf)
        #expect(y.node?.op.name == "sub")
        #expect(y.node?.parents.map { ObjectIdentifier($0) } == [a, b].map { ObjectIdentifier($0) })
        #expect(s.node?.op.name == "concat")
        #expect(s.node?.parents.map { ObjectIdentifier($0) } == [y, b, c, a].map { ObjectIdentifier($0) })
    }

    @Test func aSweepStoppedByAnErrorLeavesTheGraphReadyForTheNextOne() throws {
        let x = Variable(tensor([2], [1, 2]), requiresGrad: true)
        let u = Variable(tensor([2], [3, 4]), requiresGrad: true)
        let op = FailingSum()
        let h = try ag.mul(x, x)
        let s = ag.custom(op, [h, u, x], output: try h.value + u.value + x.value)
        let loss = try ag.sum(ag.mul(s, s))
        #expect(throws: TensorError.self) { try loss.backward() }
        #expect(throws: TensorError.self) { try loss.gradients(withRespectTo: [x]) }
        #expect(x.grad == nil && u.grad == nil)
        op.fails = false
        // s = x² + u + x = [5, 10]; dloss/ds = 2s; dloss/dx = 2s·(2x + 1), dloss/du = 2s
        try loss.backward()
        #expect(x.grad?.toArray() == [30, 100])
        #expect(u.grad?.toArray() == [10, 20])
        #expect(try loss.gradients(withRespectTo: [x, u]).map { $0.toArray() } == [[30, 100], [10, 20]])
    }
}
