// ConvColumnsTests: conv2dKeepingColumns returns conv2d's output and im2col's columns, and
// conv2dBackward given those columns computes the same dW as unfolding again (a column set of
// another shape is ignored, not misread).
import Testing
@testable import TensorCore

@Test func keptColumnsGiveTheSameOutputAndWeightGradient() throws {
    var r = RandomGenerator(seed: 5)
    let x = try Tensor.uniform([3, 2, 7, 6], low: -1, high: 1, rng: &r)
    let w = try Tensor.uniform([4, 2, 3, 3], low: -1, high: 1, rng: &r)
    let b = try Tensor.uniform([4], low: -1, high: 1, rng: &r)
    for (s, p) in [(1, 0), (2, 1)] {
        let kept = try Tensor.conv2dKeepingColumns(x, w, bias: b, stride: s, padding: p)
        #expect(kept.output.toArray() == (try Tensor.conv2d(x, w, bias: b, stride: s, padding: p)).toArray())
        #expect(kept.columns.toArray() == (try Tensor.im2col(x, kernel: (3, 3), stride: s, padding: p)).toArray())
        let dy = try Tensor.uniform(kept.output.shape, low: -1, high: 1, rng: &r)
        let plain = try Tensor.conv2dBackward(x, w, gradOutput: dy, stride: s, padding: p)
        let reused = try Tensor.conv2dBackward(x, w, gradOutput: dy, stride: s, padding: p, columns: kept.columns)
        #expect(reused.dW.toArray() == plain.dW.toArray())
        #expect(reused.dX.toArray() == plain.dX.toArray() && reused.dB.toArray() == plain.dB.toArray())
        // Columns of the wrong shape are not used: the result is still the true dW.
        let wrong = try Tensor.zeros([kept.columns.shape[0], kept.columns.shape[1] - 1])
        let ignored = try Tensor.conv2dBackward(x, w, gradOutput: dy, stride: s, padding: p, columns: wrong)
        #expect(ignored.dW.toArray() == plain.dW.toArray())
    }
}
