// Forward outputs and every input gradient compared with frozen PyTorch values for Dense
// (x @ W + b), conv2d (stride 2, padding 1), max pooling and cross-entropy from logits with
// integer labels. The values in PyTorchReferenceValues.swift were printed by
// reference/make_reference.py (CPU PyTorch 2.13.0, float32) from the same integer-formula
// inputs that `fill` and `distinct` rebuild here.
//
// Tolerance: |ours − PyTorch| ≤ atol + rtol·|PyTorch| with atol 1e-5, rtol 1e-5 (float32
// sums in a different order differ in the last bits; the inputs are multiples of 1/8, so the
// dense, conv and pooling results are nearly exact, and cross-entropy goes through exp/log).
import Autograd
import TensorCore
import Testing

/// Element i (row-major) is (((i·37 + k·11) mod m) − m / 2) / 8, as `fill` in the script.
private func fill(_ shape: [Int], _ k: Int, modulus m: Int = 19) -> Tensor {
    let n = shape.reduce(1, *)
    return tensor(shape, (0..<n).map { i in Float(((i * 37 + k * 11) % m) - m / 2) / 8 })
}

/// A permutation of a grid: element i is ((i·7) mod n − n / 2) / 4, as `distinct` in the script.
private func distinct(_ shape: [Int]) -> Tensor {
    let n = shape.reduce(1, *)
    return tensor(shape, (0..<n).map { i in Float((i * 7) % n - n / 2) / 4 })
}

private let atol: Float = 1e-5
private let rtol: Float = 1e-5

/// Expects `actual` to match the frozen `expected` values (row-major) within atol/rtol.
private func expectMatches(_ actual: Tensor?, _ expected: [Float], _ what: String) {
    guard let actual else {
        Issue.record("\(what): no gradient")
        return
    }
    let a = actual.toArray()
    #expect(a.count == expected.count, "\(what): \(a.count) values, PyTorch has \(expected.count)")
    for (i, (x, y)) in zip(a, expected).enumerated() where !(Swift.abs(x - y) <= atol + rtol * Swift.abs(y)) {
        Issue.record("\(what)[\(i)]: ours \(x), PyTorch \(y)")
        return
    }
}

/// Σ out · R, the reduction every case backpropagates from.
private func weightedSum(_ ag: GradContext, _ out: Variable, _ r: Tensor) throws -> Variable {
    try ag.sum(ag.mul(out, Variable(r)))
}

@Suite struct PyTorchReferenceTests {
    let ag = GradContext()

    @Test func denseMatchesPyTorch() throws {
        let x = Variable(fill([3, 4], 1), requiresGrad: true)
        let w = Variable(fill([4, 2], 2), requiresGrad: true)
        let b = Variable(fill([2], 3), requiresGrad: true)
        let y = try ag.add(ag.matmul(x, w), b)
        try weightedSum(ag, y, fill([3, 2], 4)).backward()
        expectMatches(y.value, PyTorchReference.denseOut, "dense out")
        expectMatches(x.grad, PyTorchReference.denseDx, "dense dx")
        expectMatches(w.grad, PyTorchReference.denseDW, "dense dW")
        expectMatches(b.grad, PyTorchReference.denseDb, "dense db")
    }

    @Test func conv2dStride2Padding1MatchesPyTorch() throws {
        let x = Variable(fill([2, 2, 5, 5], 5), requiresGrad: true)
        let w = Variable(fill([3, 2, 3, 3], 6), requiresGrad: true)
        let b = Variable(fill([3], 7), requiresGrad: true)
        let y = try ag.conv2d(x, w, bias: b, stride: 2, padding: 1)
        #expect(y.shape == [2, 3, 3, 3])
        try weightedSum(ag, y, fill([2, 3, 3, 3], 8)).backward()
        expectMatches(y.value, PyTorchReference.convOut, "conv out")
        expectMatches(x.grad, PyTorchReference.convDx, "conv dx")
        expectMatches(w.grad, PyTorchReference.convDw, "conv dw")
        expectMatches(b.grad, PyTorchReference.convDb, "conv db")
    }

    @Test func maxPoolMatchesPyTorch() throws {
        let x = Variable(distinct([1, 2, 4, 4]), requiresGrad: true)
        let y = try ag.maxPool2d(x, kernel: 2)
        try weightedSum(ag, y, fill([1, 2, 2, 2], 9)).backward()
        expectMatches(y.value, PyTorchReference.poolOut, "pool out")
        expectMatches(x.grad, PyTorchReference.poolDx, "pool dx")
    }

    @Test func overlappingPaddedMaxPoolMatchesPyTorch() throws {
        let x = Variable(distinct([1, 2, 4, 4]), requiresGrad: true)
        let y = try ag.maxPool2d(x, kernel: 3, stride: 2, padding: 1)
        try weightedSum(ag, y, fill([1, 2, 2, 2], 10)).backward()
        expectMatches(y.value, PyTorchReference.poolPadOut, "padded pool out")
        expectMatches(x.grad, PyTorchReference.poolPadDx, "padded pool dx")
    }

    @Test func crossEntropyFromLogitsMatchesPyTorch() throws {
        let logits = Variable(fill([4, 5], 11) * 2, requiresGrad: true)
        let labels = Variable(tensor([4], [3, 0, 4, 1]))
        let loss = try ag.crossEntropy(logits: logits, labels: labels)
        try loss.backward()
        expectMatches(loss.value, PyTorchReference.crossEntropyLoss, "cross-entropy loss")
        expectMatches(logits.grad, PyTorchReference.crossEntropyDlogits, "cross-entropy dlogits")
    }
}
