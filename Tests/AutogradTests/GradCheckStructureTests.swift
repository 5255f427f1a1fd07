// Finite-difference gradient checks for reductions, movement ops, indexing, matmul, conv2d
// and pooling.
import Autograd
import TensorCore
import Testing

let reduceCases: [GradCase] = [
    GradCase("sum all", [InputSpec([3, 4])]) { ag, x in try ag.sum(x[0]) },
    GradCase("sum axis 0", [InputSpec([3, 4])]) { ag, x in try ag.sum(x[0], axes: [0]) },
    GradCase("sum axis -1 keepdims", [InputSpec([2, 3, 4])]) { ag, x in try ag.sum(x[0], axes: [-1], keepDims: true) },
    GradCase("sum axes [0, 2]", [InputSpec([2, 3, 4])]) { ag, x in try ag.sum(x[0], axes: [0, 2]) },
    GradCase("mean all", [InputSpec([3, 4])]) { ag, x in try ag.mean(x[0]) },
    GradCase("mean axis 1 keepdims", [InputSpec([3, 4])]) { ag, x in try ag.mean(x[0], axes: [1], keepDims: true) },
    GradCase("max all", [InputSpec([3, 4], .distinct)]) { ag, x in try ag.max(x[0]) },
    GradCase("max axis 1", [InputSpec([3, 4], .distinct)]) { ag, x in try ag.max(x[0], axes: [1]) },
    GradCase("min axis 0 keepdims", [InputSpec([3, 4], .distinct)]) { ag, x in try ag.min(x[0], axes: [0], keepDims: true) },
    GradCase("logsumexp axis 1", [InputSpec([3, 4])]) { ag, x in try ag.logsumexp(x[0], axes: [1]) },
    GradCase("logsumexp all, large values", [InputSpec([2, 2], .values([50, 51, 49.5, 50.2]))]) { ag, x in
        try ag.logsumexp(x[0])
    },
    GradCase("variance axis 0", [InputSpec([4, 3])]) { ag, x in try ag.variance(x[0], axes: [0]) },
    GradCase("std all", [InputSpec([3, 4])]) { ag, x in try ag.std(x[0]) },
    GradCase("reduce(.variance) through the generic entry", [InputSpec([3, 4])]) { ag, x in
        try ag.reduce(.variance, x[0], axes: [1], keepDims: true)
    },
]

let movementCases: [GradCase] = [
    GradCase("reshape", [InputSpec([3, 4])]) { ag, x in try ag.mul(ag.reshape(x[0], [2, -1]), ag.reshape(x[0], [2, 6])) },
    GradCase("permute", [InputSpec([2, 3, 4])]) { ag, x in try ag.permute(x[0], [2, 0, 1]) },
    GradCase("transpose then matmul", [InputSpec([3, 4])]) { ag, x in try ag.matmul(ag.transpose(x[0]), x[0]) },
    GradCase("swapaxes", [InputSpec([2, 3, 4])]) { ag, x in try ag.swapAxes(x[0], -1, 0) },
    GradCase("expand", [InputSpec([3, 1])]) { ag, x in try ag.expand(x[0], to: [2, 3, 4]) },
    GradCase("slice with step and index", [InputSpec([4, 5])]) { ag, x in
        try ag.slice(x[0], [.range(start: 1, stop: nil, step: 2), .index(-2)])
    },
    GradCase("slice with negative step and new axis", [InputSpec([4, 5])]) { ag, x in
        try ag.slice(x[0], [.range(start: nil, stop: nil, step: -1), .newAxis, .range(start: 1, stop: 4, step: nil)])
    },
    GradCase("slice with ellipsis", [InputSpec([2, 3, 4])]) { ag, x in try ag.slice(x[0], [.ellipsis, .index(1)]) },
    GradCase("set_slice with a broadcast value", [InputSpec([3, 4]), InputSpec([1])]) { ag, x in
        try ag.setSlice(x[0], [.range(start: 1, stop: nil, step: nil), .range(start: nil, stop: nil, step: 2)], x[1])
    },
    GradCase("set_slice of one row", [InputSpec([3, 4]), InputSpec([4])]) { ag, x in
        try ag.mul(ag.setSlice(x[0], [.index(1)], x[1]), x[0])
    },
    GradCase("set_slice with a value that has extra leading ones", [InputSpec([3, 4]), InputSpec([1, 1, 4])]) { ag, x in
        try ag.mul(ag.setSlice(x[0], [.index(2)], x[1]), x[0])
    },
    GradCase("put rows with a repeated position (the last write wins)", [InputSpec([4, 3]), InputSpec([3, 3])]) { ag, x in
        try ag.mul(ag.put(x[0], at: Tensor(shape: [3], values: [3, -3, 3]), x[1]), x[0])
    },
    GradCase("put one row broadcast to every position", [InputSpec([4, 2]), InputSpec([2])]) { ag, x in
        try ag.put(x[0], at: Tensor(shape: [2, 1], values: [0, 2]), x[1])
    },
    GradCase("gather with repeats", [InputSpec([3, 4]), InputSpec([3, 2], .constant([0, 0, 3, 1, 2, 2]))]) { ag, x in
        try ag.gather(x[0], axis: 1, indices: x[1])
    },
    GradCase("take rows with repeats (embedding)", [InputSpec([5, 3]), InputSpec([4], .constant([2, 0, 2, 4]))]) { ag, x in
        try ag.take(x[0], x[1], axis: 0)
    },
    GradCase("concat axis 1", [InputSpec([2, 3]), InputSpec([2, 1]), InputSpec([2, 2])]) { ag, x in
        try ag.concat(x, axis: 1)
    },
    GradCase("stack axis -1", [InputSpec([2, 3]), InputSpec([2, 3])]) { ag, x in try ag.stack(x, axis: -1) },
    GradCase("pad", [InputSpec([2, 3])]) { ag, x in try ag.pad(x[0], [(1, 0), (2, 1)], value: 0.5) },
    GradCase("flip", [InputSpec([2, 3])]) { ag, x in try ag.mul(ag.flip(x[0], axes: [1]), x[0]) },
]

let productCases: [GradCase] = [
    GradCase("matmul [3,4]@[4,2]", [InputSpec([3, 4]), InputSpec([4, 2])]) { ag, x in try ag.matmul(x[0], x[1]) },
    GradCase("batched matmul [2,3,4]@[2,4,5]", [InputSpec([2, 3, 4]), InputSpec([2, 4, 5])]) { ag, x in
        try ag.matmul(x[0], x[1])
    },
    GradCase("broadcast batch [2,3,4]@[4,5]", [InputSpec([2, 3, 4]), InputSpec([4, 5])]) { ag, x in
        try ag.matmul(x[0], x[1])
    },
    GradCase("vector @ matrix", [InputSpec([4]), InputSpec([4, 3])]) { ag, x in try ag.matmul(x[0], x[1]) },
    GradCase("matrix @ vector", [InputSpec([3, 4]), InputSpec([4])]) { ag, x in try ag.matmul(x[0], x[1]) },
    GradCase("dot", [InputSpec([5]), InputSpec([5])]) { ag, x in try ag.dot(x[0], x[1]) },
    GradCase("outer", [InputSpec([3]), InputSpec([2])]) { ag, x in try ag.outer(x[0], x[1]) },
    GradCase("dense x@W+b", [InputSpec([4, 3]), InputSpec([3, 2]), InputSpec([2])]) { ag, x in
        try ag.add(ag.matmul(x[0], x[1]), x[2])
    },
    GradCase("conv2d stride 1 no padding", [InputSpec([2, 2, 5, 5]), InputSpec([3, 2, 3, 3])]) { ag, x in
        try ag.conv2d(x[0], x[1])
    },
    GradCase("conv2d stride 2 padding 1 with bias", [InputSpec([2, 2, 6, 6]), InputSpec([3, 2, 3, 3]), InputSpec([3])]) {
        ag, x in try ag.conv2d(x[0], x[1], bias: x[2], stride: 2, padding: 1)
    },
    GradCase("conv2d of data (no input gradient)", [InputSpec([2, 2, 5, 5], .data), InputSpec([3, 2, 3, 3]), InputSpec([3])]) {
        ag, x in try ag.conv2d(x[0], x[1], bias: x[2], stride: 2, padding: 1)
    },
    GradCase("conv2d with fixed weights (input gradient only)", [InputSpec([2, 2, 5, 5]), InputSpec([3, 2, 3, 3], .data)]) {
        ag, x in try ag.conv2d(x[0], x[1], padding: 1)
    },
    GradCase("max pool 2x2", [InputSpec([2, 2, 4, 4], .distinct)]) { ag, x in try ag.maxPool2d(x[0], kernel: 2) },
    GradCase("max pool 3x3 stride 2 padding 1", [InputSpec([1, 2, 5, 5], .distinct)]) { ag, x in
        try ag.maxPool2d(x[0], kernel: 3, stride: 2, padding: 1)
    },
    GradCase("avg pool 2x2", [InputSpec([2, 2, 4, 4])]) { ag, x in try ag.avgPool2d(x[0], kernel: 2) },
    GradCase("avg pool 3x3 stride 2 padding 1", [InputSpec([1, 2, 5, 5])]) { ag, x in
        try ag.avgPool2d(x[0], kernel: 3, stride: 2, padding: 1)
    },
]

@Suite struct GradCheckStructureTests {
    @Test("reductions match finite differences", arguments: reduceCases)
    func reductions(_ c: GradCase) throws {
        let report = try c.run()
        #expect(report.passed, "\(report)")
    }

    @Test("movement and indexing ops match finite differences", arguments: movementCases)
    func movement(_ c: GradCase) throws {
        let report = try c.run()
        #expect(report.passed, "\(report)")
    }

    @Test("matmul, conv2d and pooling match finite differences", arguments: productCases)
    func products(_ c: GradCase) throws {
        let report = try c.run()
        #expect(report.passed, "\(report)")
    }
}
