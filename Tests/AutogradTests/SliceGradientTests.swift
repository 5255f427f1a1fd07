// The sweep adds a slice's gradient into its parent's pending sum region by region
// (Backward.swift, accumulateSlice) instead of adding a full-size zeros-with-region per slice,
// as the slice row of Derivatives.swift defines it. These tests hold it to that row bit for
// bit: a learner's LSTM gates, overlapping and strided slices, and the signed zeros that the
// full add would turn from −0 into +0.
import Autograd
import Testing
@testable import TensorCore

/// The float bit patterns, so that signed zeros and NaNs compare exactly.
private func bits(_ t: Tensor?) -> [UInt32] { t?.toArray().map(\.bitPattern) ?? [] }

/// The slice row written out: zeros of `shape` with `g` in the region.
private func zerosWithRegion(_ shape: Dims, _ specs: [SliceSpec], _ g: Tensor) throws -> Tensor {
    var z = try Tensor.zeros(shape)
    try z.assign(specs, g)
    return z
}

@Suite struct SliceGradientTests {
    let ag = GradContext()

    @Test func lstmGatesGetTheRowsGradientBitForBit() throws {
        // z [B, 4H] cut into four gates as a learner's LSTM step does; each gate's gradient is
        // written into its own columns, and the rest of the row holds +0.
        var rng = RandomGenerator(seed: 7)
        let (b, h) = (5, 6)
        let z = Variable(try Tensor.normal([b, 4 * h], mean: 0, std: 2, rng: &rng), requiresGrad: true)
        let weights = try (0..<4).map { _ in try Tensor.normal([b, h], mean: 0, std: 1, rng: &rng) }
        let gates = (0..<4).map { k in [wholeAxis(), SliceSpec.range(start: k * h, stop: (k + 1) * h, step: 1)] }
        var terms: [Variable] = []
        for (k, specs) in gates.enumerated() {
            let s = try ag.slice(z, specs)
            let act = k == 2 ? ag.tanh(s) : ag.sigmoid(s)
            terms.append(try ag.sum(ag.mul(act, Variable(weights[k]))))
        }
        try terms.dropFirst().reduce(terms[0]) { try ag.add($0, $1) }.backward()

        var expected = try Tensor.zeros([b, 4 * h])
        for (k, specs) in gates.enumerated() {
            let y = try z.value.sliced(specs).map(k == 2 ? .tanh : .sigmoid)
            let g = try k == 2
                ? Tensor.tanhBackward(y: y, grad: weights[k]) : Tensor.sigmoidBackward(y: y, grad: weights[k])
            try expected.formBinary(.add, zerosWithRegion(z.shape, specs, g))
        }
        #expect(bits(z.grad) == bits(expected))
    }

    @Test func overlappingAndStridedSlicesAddUp() throws {
        let x = Variable(tensor([2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), requiresGrad: true)
        let a = try ag.slice(x, [wholeAxis(), .range(start: 0, stop: 3, step: 1)])  // columns 0–2
        let b = try ag.slice(x, [wholeAxis(), .range(start: 1, stop: 5, step: 2)])  // columns 1, 3
        let c = try ag.slice(x, [.index(1), .range(start: nil, stop: nil, step: -1)])  // row 1 reversed
        let loss = try ag.add(ag.add(ag.sum(ag.mul(a, a)), ag.sum(b)), ag.sum(ag.mul(c, Variable(tensor([5], [1, 2, 3, 4, 5])))))
        try loss.backward()
        // ∂a = 2x on columns 0–2, ∂b = 1 on columns 1 and 3, ∂c on row 1 = [5, 4, 3, 2, 1].
        #expect(x.grad?.toArray() == [2, 5, 6, 1, 0, 17, 19, 19, 3, 1])
    }

    @Test func aNegativeZeroBeforeTheSliceBecomesPlusZeroAsTheFullAddMakesIt() throws {
        // x * (−0) gives x the gradient −0 everywhere; the slice's full add of zeros-with-region
        // turns every −0 outside the region into +0 (−0 + 0 = +0), whichever arrives first.
        let x = Variable(tensor([4], [1, 2, 3, 4]), requiresGrad: true)
        let minusZero = Variable(tensor([4], [-0.0, -0.0, -0.0, -0.0]))
        let loss = try ag.add(ag.sum(ag.mul(x, minusZero)), ag.sum(ag.slice(x, [.range(start: 0, stop: 2, step: 1)])))
        try loss.backward()
        #expect(bits(x.grad) == bits(tensor([4], [1, 1, 0, 0])))

        let y = Variable(tensor([4], [1, 2, 3, 4]), requiresGrad: true)
        let loss2 = try ag.add(ag.sum(ag.slice(y, [.range(start: 0, stop: 2, step: 1)])), ag.sum(ag.mul(y, minusZero)))
        try loss2.backward()
        #expect(bits(y.grad) == bits(tensor([4], [1, 1, 0, 0])))
    }

    @Test func negativeZerosInsideSliceGradientsFollowTheRow() throws {
        let minusZero = Variable(tensor([3], [-0.0, -0.0, -0.0]))
        func gradient(_ regions: [ClosedRange<Int>]) throws -> Tensor? {
            let x = Variable(tensor([3], [1, 2, 3]), requiresGrad: true)
            let terms = try regions.map { r in
                let s = try ag.slice(x, [.range(start: r.lowerBound, stop: r.upperBound + 1, step: 1)])
                return try ag.sum(ag.mul(s, ag.slice(minusZero, [.range(start: 0, stop: r.count, step: 1)])))
            }
            try terms.dropFirst().reduce(terms[0]) { try ag.add($0, $1) }.backward()
            return x.grad
        }
        // One slice: its −0s stay, the rest is +0.
        #expect(bits(try gradient([0...1])) == bits(tensor([3], [-0.0, -0.0, 0])))
        // Disjoint slices (the later one in the sum arrives first): every −0 meets a + 0.
        #expect(bits(try gradient([0...0, 1...2])) == bits(tensor([3], [0, 0, 0])))
        #expect(bits(try gradient([1...2, 0...0])) == bits(tensor([3], [0, 0, 0])))
        // Overlapping slices: −0 + −0 stays −0 where both regions meet.
        #expect(bits(try gradient([0...1, 1...2])) == bits(tensor([3], [0, -0.0, 0])))
        // Three disjoint slices: after the second, the third adds its region alone.
        #expect(bits(try gradient([0...0, 1...1, 2...2])) == bits(tensor([3], [0, 0, 0])))
        // Disjoint slices that leave a gap: the gap holds +0, each region g + 0.
        #expect(bits(try gradient([0...0, 2...2])) == bits(tensor([3], [0, 0, 0])))
        #expect(bits(try gradient([2...2])) == bits(tensor([3], [0, 0, -0.0])))
    }

    @Test func keptSliceGradientsAreNeitherLostNorWrittenIntoTheirSources() throws {
        // x gets two disjoint slices' gradients (kept aside until x's turn in the sweep), its
        // own use's, and a slice overlapping both. The first slice's gradient is also leaf b's
        // (an add hands both operands the same tensor): building x's gradient must not write
        // into it.
        let x = Variable(tensor([2, 3], [1, 2, 3, 4, 5, 6]), requiresGrad: true)
        let b = Variable(tensor([2, 1], [0, 0]), requiresGrad: true)
        let first = try ag.add(ag.slice(x, [wholeAxis(), .range(start: 0, stop: 1, step: 1)]), b)
        let second = try ag.slice(x, [wholeAxis(), .range(start: 2, stop: 3, step: 1)])
        let third = try ag.slice(x, [.index(0)])
        let terms = [
            try ag.sum(ag.mul(first, Variable(tensor([2, 1], [10, 20])))),
            try ag.sum(ag.mul(second, Variable(tensor([2, 1], [3, 3])))),
            try ag.sum(ag.mul(third, Variable(tensor([3], [7, 7, 7])))),
            try ag.sum(ag.mul(x, Variable(tensor([2, 3], [100, 100, 100, 100, 100, 100])))),
        ]
        try terms.dropFirst().reduce(terms[0]) { try ag.add($0, $1) }.backward()
        #expect(x.grad?.toArray() == [117, 107, 110, 120, 100, 103])
        #expect(b.grad?.toArray() == [10, 20])
        // A second backward through the same graph adds the same again.
        try terms.dropFirst().reduce(terms[0]) { try ag.add($0, $1) }.backward()
        #expect(x.grad?.toArray() == [234, 214, 220, 240, 200, 206])
        #expect(b.grad?.toArray() == [20, 40])
    }

    @Test func functionalGradientsTakeTheSamePath() throws {
        let x = Variable(tensor([2, 4], [1, 2, 3, 4, 5, 6, 7, 8]), requiresGrad: true)
        let left = try ag.slice(x, [wholeAxis(), .range(start: 0, stop: 2, step: 1)])
        let right = try ag.slice(x, [wholeAxis(), .range(start: 2, stop: 4, step: 1)])
        let loss = try ag.sum(ag.mul(left, right))
        let g = try loss.gradients(withRespectTo: [x])
        #expect(g[0].toArray() == [3, 4, 1, 2, 7, 8, 5, 6])
        #expect(x.grad == nil)
    }
}

/// `:` on one axis.
private func wholeAxis() -> SliceSpec { .range(start: nil, stop: nil, step: nil) }
