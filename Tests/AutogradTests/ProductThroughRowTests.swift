// The sweep passes a product's gradient straight through a σ, tanh or relu that only the
// product uses (Backward.swift's propagateProduct and throughRow): the gradients are bit for
// bit those of the sweep without it (`gradients(withRespectTo:)` never takes it), on a
// learner's LSTM cell over several steps, and the cases that must not take it don't.
@testable import Autograd
import TensorCore
import Testing

@Suite struct ProductThroughRowTests {
    func random(_ shape: [Int], _ seed: UInt64, scale: Double = 1) throws -> Tensor {
        var rng = RandomGenerator(seed: seed)
        let n = shape.reduce(1, *)
        return try Tensor(shape: shape, values: (0..<n).map { _ in Float((rng.uniform() * 2 - 1) * scale) })
    }

    func bits(_ t: Tensor?) -> [UInt32]? { t?.toArray().map(\.bitPattern) }

    /// A learner's LSTM step by step (lesson 10's cell, PyTorch's gate order), then relu and a
    /// dropout-like mask on the last h: every gate is a σ or tanh of a slice used only by a
    /// product, the cell state is used twice (its tanh and the next step's f·c), relu's
    /// output is multiplied by data.
    @Test func anLSTMsGradientsAreThoseOfTheSweepWithoutIt() throws {
        let ag = GradContext()
        let (batch, hidden, steps) = (5, 8, 4)
        let wx = Variable(try random([3, 4 * hidden], 1), requiresGrad: true)
        let wh = Variable(try random([hidden, 4 * hidden], 2), requiresGrad: true)
        let b = Variable(try random([4 * hidden], 3), requiresGrad: true)
        var h = Variable(try Tensor.zeros([batch, hidden]))
        var c = Variable(try Tensor.zeros([batch, hidden]))
        func gate(_ z: Variable, _ k: Int) throws -> Variable {
            try ag.slice(z, [.range(start: nil, stop: nil, step: nil), .range(start: k * hidden, stop: (k + 1) * hidden, step: nil)])
        }
        for t in 0..<steps {
            let x = Variable(try random([batch, 3], 10 + UInt64(t), scale: 3))
            let z = try ag.add(ag.add(ag.matmul(x, wx), ag.matmul(h, wh)), b)
            let (i, f, g, o) = (ag.sigmoid(try gate(z, 0)), ag.sigmoid(try gate(z, 1)), ag.tanh(try gate(z, 2)), ag.sigmoid(try gate(z, 3)))
            c = try ag.add(ag.mul(f, c), ag.mul(i, g))
            h = try ag.mul(o, ag.tanh(c))
        }
        // a mask of zeros and twos: some gradients are exactly ±0
        let mask = try Tensor(shape: [batch, hidden], values: (0..<(batch * hidden)).map { $0 % 3 == 0 ? 0 : 2 })
        let loss = try ag.sum(ag.mul(ag.relu(h), Variable(mask)))
        let want = try loss.gradients(withRespectTo: [wx, wh, b])
        try loss.backward()
        for (p, w) in zip([wx, wh, b], want) {
            #expect(bits(p.grad) == bits(w))
        }
    }

    /// The decisions, asked after the sort that counts each variable's uses.
    @Test func onlyARowThatOnlyTheProductUsesIsPassedThrough() throws {
        let ag = GradContext()
        let z = Variable(try random([3, 4], 4), requiresGrad: true)
        let c = Variable(try random([3, 4], 5))
        let row = try random([4], 6)
        let g = try random([3, 4], 7)
        /// What `throughRow` says of `v` (the product's operand, `other` the other one) in the
        /// graph of `root`, after the sort.
        func decision(_ root: Variable, _ v: Variable, _ other: Tensor) throws -> BackwardRow? {
            let order = try root.topologicalOrder()
            defer { Variable.resetScratch(order, upTo: order.count) }
            return v.throughRow(g, other)?.0
        }
        do {  // σ, tanh and relu, each used by the product alone
            let (s, t, r) = (ag.sigmoid(z), ag.tanh(z), ag.relu(z))
            #expect(try decision(ag.sum(ag.mul(s, c)), s, c.value) == .sigmoid)
            #expect(try decision(ag.sum(ag.mul(c, t)), t, c.value) == .tanh)
            #expect(try decision(ag.sum(ag.mul(r, c)), r, c.value) == .relu)
        }
        do {  // not a row with a fused derivative
            let e = ag.exp(z)
            #expect(try decision(ag.sum(ag.mul(e, c)), e, c.value) == nil)
        }
        do {  // used twice: its sum has two terms
            let s = ag.sigmoid(z)
            #expect(try decision(ag.add(ag.sum(ag.mul(s, c)), ag.sum(s)), s, c.value) == nil)
            #expect(try decision(ag.sum(ag.mul(s, s)), s, s.value) == nil)
        }
        do {  // keeps its own gradient
            let s = ag.sigmoid(z)
            s.retainsGrad = true
            #expect(try decision(ag.sum(ag.mul(s, c)), s, c.value) == nil)
        }
        do {  // broadcast either way: the product's gradient is reduced before the row
            let s = ag.sigmoid(z)
            #expect(try decision(ag.sum(ag.mul(s, Variable(row))), s, row) == nil)
            let narrow = ag.sigmoid(Variable(row, requiresGrad: true))
            #expect(try decision(ag.sum(ag.mul(narrow, c)), narrow, c.value) == nil)
        }
        do {  // its operand used three times: the sums' order could change
            let s = ag.sigmoid(z)
            let root = try ag.add(ag.add(ag.sum(ag.mul(s, c)), ag.sum(z)), ag.sum(ag.exp(z)))
            #expect(try decision(root, s, c.value) == nil)
            let twice = ag.sigmoid(z)
            #expect(try decision(ag.add(ag.sum(ag.mul(twice, c)), ag.sum(z)), twice, c.value) == .sigmoid)
        }
    }

    /// Moving a sum earlier: the operand's two terms are added in the other order, which for
    /// two float32 terms gives the same bits, −0 included (the mask makes exact zeros).
    @Test func anOperandWithTwoUsesGetsTheSameSum() throws {
        let ag = GradContext()
        let z = Variable(try random([6, 7], 8, scale: 4), requiresGrad: true)
        let mask = try Tensor(shape: [6, 7], values: (0..<42).map { $0 % 4 == 0 ? -0.0 : ($0 % 4 == 1 ? 0 : 3) })
        let loss = try ag.add(ag.sum(ag.mul(ag.tanh(z), Variable(mask))), ag.sum(ag.mul(z, Variable(mask))))
        let want = try loss.gradients(withRespectTo: [z])
        try loss.backward()
        #expect(bits(z.grad) == bits(want[0]))
    }
}
