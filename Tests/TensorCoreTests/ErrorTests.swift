// ErrorTests: every op fed bad shapes, axes and indices throws a TensorError naming the op
// and the shapes — never a trap — with hints for the common mistakes.
import Testing
@testable import TensorCore

@Suite struct ErrorTests {
    let a = iota([2, 3])

    @Test func creationRejectsBadShapes() throws {
        expectError("zeros") { try Tensor.zeros([2, -1]) }.map { #expect($0.message.contains("negative dimension -1")) }
        expectError("full") { try Tensor.full([1 << 20, 1 << 20], 0) }.map { #expect($0.message.contains("limit")) }
        expectError("ones") { try Tensor.ones([Int.max, 3]) }
        expectError("zeros") { try Tensor.zeros([1 << 40, 1 << 40, 0, -2]) }
        expectError("tensor") { try Tensor(shape: [2, 2], values: [1, 2, 3]) }
        expectError("arange") { try Tensor.arange(0, 1, 0) }
        expectError("arange") { try Tensor.arange(0, 1e300, 1e-300) }
        expectError("linspace") { try Tensor.linspace(0, 1, -3) }
        expectError("eye") { try Tensor.eye(-1) }
        expectError("eye") { try Tensor.eye(1 << 40) }
        var r = RandomGenerator(seed: 1)
        expectError("uniform") { try Tensor.uniform([-3], rng: &r) }
        expectError("normal") { try Tensor.normal([1 << 62, 4], rng: &r) }
        expectError("bernoulli") { try Tensor.bernoulli([2], p: 1.5, rng: &r) }
    }

    @Test func elementAccessChecksIndices() throws {
        var t = a
        expectError("index") { try t.element(at: [2, 0]) }.map { #expect($0.message == "index 2 is out of bounds for axis 0 with size 2") }
        expectError("index") { try t.element(at: [0]) }
        expectError("index") { try t.element(at: [0, -4]) }
        expectError("index assignment") { try t.setElement(1, at: [0, 3]) }
        expectError("item") { try t.item() }
    }

    @Test func broadcastingFailuresNameBothShapes() throws {
        let e = expectError("add") { try a + iota([2]) }
        #expect(e?.description == "add: shapes [2, 3] and [2] cannot be broadcast together (axis -1: 3 vs 2)")
        #expect(e?.hint == "to combine along axis 0, reshape the right operand to [2, 1]")
        #expect(e?.shapes == [[2, 3], [2]])
        expectError("mul") { try Tensor.binary(.mul, iota([4, 1, 3]), iota([2, 2])) }
        expectError("where") { try Tensor.where(iota([3]), iota([2]), a) }
        var w = iota([3])
        expectError("add") { try w.formBinary(.add, a) }
        expectError("add") { try w.formBinary(.add, iota([4])) }
        expectError("expand") { try a.expanded(to: [3, 3]) }
        expectError("expand") { try a.expanded(to: [-2, 3]) }
    }

    @Test func reductionsCheckAxes() throws {
        expectError("sum") { try a.reduce(.sum, axes: [2]) }.map { #expect($0.hint == "axes run from -2 to 1") }
        expectError("mean") { try a.reduce(.mean, axes: [0, -2]) }
        expectError("argmax") { try a.argmax(axis: -3) }
        expectError("argmin") { try Tensor.zeros([0]).argmin() }
        expectError("softmax") { try a.softmax(axis: 2) }
        expectError("log_softmax") { try Tensor(scalar: 1).logSoftmax(axis: 0) }
        expectError("sum_to") { try a.sum(toShape: [4]) }
        expectError("sum_to") { try a.sum(toShape: [5, 2, 3]) }
    }

    @Test func movementChecksShapesAndAxes() throws {
        expectError("reshape") { try a.reshaped([4, 2]) }.map { #expect($0.hint == "the product of the new dimensions must be 6") }
        expectError("reshape") { try a.reshaped([-1, -1]) }
        expectError("reshape") { try a.reshaped([-1, 4]) }
        expectError("reshape") { try a.reshaped([2, -3]) }
        expectError("reshape") { try a.reshaped([1 << 40, 1 << 40]) }
        expectError("permute") { try a.permuted([0]) }
        expectError("permute") { try a.permuted([0, 0]) }
        expectError("permute") { try a.permuted([0, 2]) }
        expectError("swapaxes") { try a.swappingAxes(0, 5) }
        expectError("flip") { try a.flipped(axes: [3]) }
        expectError("squeeze") { try a.squeezed(axes: [0]) }
        expectError("unsqueeze") { try a.unsqueezed(4) }
        expectError("pad") { try a.padded([(1, 1)]) }
        expectError("pad") { try a.padded([(0, 0), (-1, 0)]) }
        expectError("pad") { try a.padded([(0, 0), (Int.max, 1)]) }
        expectError("concat") { try Tensor.concat([], axis: 0) }
        expectError("concat") { try Tensor.concat([a, iota([2, 4])], axis: 0) }
        expectError("concat") { try Tensor.concat([a, a], axis: 2) }
        expectError("concat") { try Tensor.concat([Tensor(scalar: 1)], axis: 0) }
        expectError("stack") { try Tensor.stack([a, iota([3, 2])], axis: 0) }
        expectError("stack") { try Tensor.stack([a], axis: 4) }
    }

    @Test func indexingChecksBounds() throws {
        var t = a
        expectError("index") { try a.sliced([.index(2)]) }
        expectError("index") { try a.sliced([.all, .all, .all]) }
        expectError("index") { try a.sliced([.ellipsis, .ellipsis]) }
        expectError("index") { try a.sliced([.range(start: 0, stop: 2, step: 0)]) }
        expectError("slice assignment") { try t.assign([.all, .index(0)], iota([3])) }
        expectError("index") { try t.assign([.index(-3)], scalar: 1) }
        expectError("gather") { try a.gather(axis: 1, indices: T([2, 1], [0, 3])) }
        expectError("gather") { try a.gather(axis: 1, indices: T([2], [0, 1])) }
        expectError("gather") { try a.gather(axis: 1, indices: T([2, 1], [0.5, 1])) }
        expectError("gather") { try a.gather(axis: 2, indices: T([2, 1], [0, 1])) }
        expectError("scatter_add") { try Tensor.scatterAdd(into: [2, 3], axis: 1, indices: T([2, 1], [0, 7]), values: T([2, 1], [1, 1])) }
        expectError("scatter_add") { try Tensor.scatterAdd(into: [2, 3], axis: 1, indices: T([2, 1], [0, 1]), values: T([2], [1, 1])) }
        expectError("take") { try a.take(T([1], [5]), axis: 1) }
        expectError("take") { try a.take(T([1], [.nan]), axis: 0) }
        expectError("take") { try a.take(T([1], [0]), axis: 2) }
        expectError("take_backward") { try Tensor.takeBackward(into: [2, 3], axis: 0, indices: T([1], [0]), values: iota([2, 3])) }
        expectError("one_hot") { try Tensor.oneHot(T([2], [0, 3]), classes: 3) }
        expectError("one_hot") { try Tensor.oneHot(T([2], [0, -1]), classes: 3) }
        expectError("one_hot") { try Tensor.oneHot(T([1], [0]), classes: 0) }
    }

    @Test func matmulMismatchesSuggestTheFix() throws {
        let e = expectError("matmul") { try Tensor.matmul(a, a) }
        #expect(e?.description == "matmul: inner dimensions differ: [2, 3] @ [2, 3] (3 vs 2)")
        #expect(e?.hint == "did you mean A @ B.T?")
        #expect(expectError("matmul") { try Tensor.matmul(iota([3, 2]), iota([3, 4])) }?.hint == "did you mean A.T @ B?")
        expectError("matmul") { try Tensor.matmul(Tensor(scalar: 2), a) }
        expectError("matmul") { try Tensor.matmul(iota([2, 2, 3]), iota([3, 3, 1])) }
        expectError("matmul") { try Tensor.matmul(iota([3]), iota([4])) }
        expectError("dot") { try Tensor.dot(iota([3]), iota([4])) }
        expectError("dot") { try Tensor.dot(a, a) }
        expectError("outer") { try Tensor.outer(a, iota([2])) }
    }

    @Test func convAndPoolingCheckTheirInputs() throws {
        let w = iota([2, 1, 3, 3])
        let e = expectError("conv2d") { try Tensor.conv2d(iota([1, 5, 5]), w) }
        #expect(e?.hint == "missing batch axis? use x.reshape([1, ...])")
        expectError("conv2d") { try Tensor.conv2d(iota([1, 2, 5, 5]), w) }
        expectError("conv2d") { try Tensor.conv2d(iota([1, 1, 2, 2]), w) }
        expectError("conv2d") { try Tensor.conv2d(iota([1, 1, 5, 5]), w, stride: 0) }
        expectError("conv2d") { try Tensor.conv2d(iota([1, 1, 5, 5]), w, padding: -1) }
        expectError("conv2d") { try Tensor.conv2d(iota([1, 1, 5, 5]), iota([2, 3, 3])) }
        expectError("conv2d") { try Tensor.conv2d(iota([1, 1, 5, 5]), w, bias: iota([3])) }
        expectError("conv2d_backward") { try Tensor.conv2dBackward(iota([1, 1, 5, 5]), w, gradOutput: iota([1, 2, 4, 4])) }
        expectError("im2col") { try Tensor.im2col(iota([5, 5]), kernel: (3, 3)) }
        expectError("col2im") { try Tensor.col2im(iota([9, 10]), inputShape: [1, 1, 5, 5], kernel: (3, 3)) }
        expectError("max_pool2d") { try Tensor.maxPool2d(iota([1, 1, 3, 3]), kernel: 4) }
        expectError("max_pool2d") { try Tensor.maxPool2d(iota([1, 1, 3, 3]), kernel: 2, padding: 2) }
        expectError("max_pool2d") { try Tensor.maxPool2d(iota([3, 3]), kernel: 2) }
        expectError("max_pool2d_backward") { try Tensor.maxPool2dBackward(gradOutput: iota([1, 1, 2, 2]), indices: iota([1, 1, 2, 2], scale: 9), inputShape: [1, 1, 4, 4]) }
        expectError("max_pool2d_backward") { try Tensor.maxPool2dBackward(gradOutput: iota([1, 1, 2, 2]), indices: iota([1, 2, 2]), inputShape: [1, 1, 4, 4]) }
        expectError("avg_pool2d") { try Tensor.avgPool2d(iota([1, 1, 3, 3]), kernel: 2, stride: -1) }
        expectError("avg_pool2d_backward") { try Tensor.avgPool2dBackward(gradOutput: iota([1, 1, 3, 3]), inputShape: [1, 1, 4, 4], kernel: 2) }
    }
}

@Suite struct ExtremeArgumentTests {
    /// Arguments at the edges of Int never trap: they slice to something or throw.
    @Test func extremeIntegersNeverTrap() throws {
        let a = iota([5])
        #expect(try a.sliced([.range(start: 1, stop: nil, step: Int.max)]).toArray() == [1])
        #expect(try a.sliced([.range(start: nil, stop: nil, step: Int.min)]).toArray() == [4])
        #expect(try a.sliced([.range(start: Int.min, stop: Int.max, step: 2)]).toArray() == [0, 2, 4])
        #expect(try a.sliced([.range(start: Int.max, stop: Int.min, step: -1)]).toArray() == [4, 3, 2, 1, 0])
        expectError("index") { try a.sliced([.index(Int.min)]) }
        expectError("index") { try a.sliced([.index(Int.max)]) }
        expectError("arange") { try Tensor.arange(0, 1e300, 1e-300) }
        #expect(try Tensor.arange(0, -1e300, 1).count == 0)
        expectError("conv2d") { try Tensor.conv2d(iota([1, 1, 3, 3]), iota([1, 1, 1, 1]), padding: Int.max) }
        expectError("conv2d") { try Tensor.conv2d(iota([1, 1, 3, 3]), iota([1, 1, 1, 1]), padding: 1 << 29) }
        expectError("max_pool2d") { try Tensor.maxPool2d(iota([1, 1, 3, 3]), kernel: Int.max, padding: Int.max / 2) }
        expectError("avg_pool2d") { try Tensor.avgPool2d(iota([1, 1, 3, 3]), kernel: Int.max) }
        expectError("im2col") { try Tensor.im2col(iota([1, 1, 3, 3]), kernel: (1, 1), stride: 1, padding: 1 << 20) }
        expectError("col2im") { try Tensor.col2im(iota([1, 1]), inputShape: [Int.max, 1, 1, 1], kernel: (1, 1)) }
        expectError("one_hot") { try Tensor.oneHot(iota([1 << 16]), classes: 1 << 30) }
        _ = iota([2, 3]).formatted(digits: -5, threshold: 0, edgeItems: -2, lineWidth: -1)
    }
}
