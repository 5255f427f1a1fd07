// FormatTests: tensor printing as whole-string snapshots (Tests/TensorCoreTests/__Snapshots__,
// recorded with CAJAL_RECORD=1 and read by eye), plus the compact one-line form.
import Testing
import TestSupport
@testable import TensorCore

@Suite struct FormatTests {
    @Test func compactFormForSmallTensors() throws {
        #expect(iota([2, 2], scale: 1).description == "[[0, 1], [2, 3]]")
        #expect(Tensor(scalar: 3).description == "3")
        #expect(Tensor(scalar: -0.5).description == "-0.5")
        #expect(T([3], [1, 0.5, -2.25]).description == "[1., 0.5, -2.25]")
        #expect(T([2], [.nan, .infinity]).description == "[nan, inf]")
        #expect(try Tensor.zeros([0, 2]).description == "[]")
        #expect(T([2], [1e-5, 1]).description == "[1.000e-05, 1.000e+00]")
    }

    /// A small matrix printed on its own shows one row per line with aligned columns, as
    /// NumPy does (issue 16); vectors, scalars and the one-line form are unchanged.
    @Test func smallMatricesPrintOneRowPerLine() throws {
        #expect(iota([2, 2], scale: 1).text(digits: 4, rows: true) == "[[0, 1],\n [2, 3]]")
        #expect(T([2, 2], [1.5, -2.5, 3, 4]).text(digits: 4, rows: true) == "[[ 1.5, -2.5],\n [ 3. ,  4. ]]")
        #expect(iota([2, 1, 2], scale: 1).text(digits: 4, rows: true) == "[[[0, 1]],\n\n [[2, 3]]]")
        #expect(T([3], [1, 0.5, -2.25]).text(digits: 4, rows: true) == "[1., 0.5, -2.25]")
        #expect(iota([2, 2], scale: 1).text(digits: 4, rows: false) == "[[0, 1], [2, 3]]")
    }

    @Test func summaryLine() throws {
        #expect(iota([2, 3]).summary() == "tensor [2, 3] float32  mean 2.5  std 1.708  min 0  max 5  nan 0")
        #expect(T([3], [1, .nan, 3]).summary() == "tensor [3] float32  mean 2  std 1  min 1  max 3  nan 1")
        #expect(try Tensor.zeros([0]).summary() == "tensor [0] float32  empty")
    }

    @Test func matrixSnapshot() throws {
        let t = try Tensor.reshaped(Tensor.linspace(-1, 1, 20))([4, 5])
        try assertSnapshot(t.formatted(), named: "matrix-4x5", in: "TensorCoreTests")
    }

    @Test func rank3Snapshot() throws {
        try assertSnapshot(iota([2, 3, 4]).description, named: "iota-2x3x4", in: "TensorCoreTests")
    }

    @Test func truncatedSnapshot() throws {
        var r = RandomGenerator(seed: 1)
        let t = try Tensor.normal([40, 50], rng: &r)
        try assertSnapshot(t.formatted(), named: "normal-40x50-truncated", in: "TensorCoreTests")
    }

    @Test func wrappedRowSnapshot() throws {
        let t = try Tensor.arange(0, 30, 1).map(.sqrt)
        try assertSnapshot(t.formatted(), named: "sqrt-row-wrapped", in: "TensorCoreTests")
    }

    @Test func scientificAndNonFiniteSnapshot() throws {
        let t = T([2, 3], [1e-7, 2.5e6, -3, .nan, .infinity, -.infinity])
        try assertSnapshot(t.formatted(), named: "scientific-nonfinite", in: "TensorCoreTests")
    }
}
