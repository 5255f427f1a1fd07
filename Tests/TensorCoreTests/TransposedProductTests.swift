// TransposedProductTests: `Tensor.matmulTransposed` (g @ bᵀ through a contiguous copy of bᵀ
// kept for a backward sweep) gives the bits of `matmul(g, b.transposed())` — in this
// process's kernel, and under the SkylakeX kernel the built `cajal` runs on an AVX-512 CPU
// (through its hidden `__check-gemm-split`), where the copy is taken: on the learner's LSTM
// step's ∂h, on random numbers, with a NaN and an infinity, and where every product
// underflows (the small kernel's −0s, made +0).
import Foundation
import Testing
@testable import TensorCore

@Suite struct TransposedProductTests {
    @Test func theCopyGivesTheTransposedViewsBitsInThisProcess() throws {
        let report = try checkTransposedProduct()
        #expect(report.mismatches.isEmpty, "\(report.kernel): \(report.mismatches)")
        #expect(report.copied.count + report.direct.count == transposedProductShapes.count)
        // only SkylakeX's small-matrix paths are proven: elsewhere nothing is copied
        if report.kernel != "SkylakeX" { #expect(report.copied.isEmpty) }
    }

    @Test(.enabled(if: GEMMSplitTests.cajal != nil && fastBLASKernel(cpuFlags()) == "SkylakeX",
                   "needs the built cajal on a CPU with AVX-512"))
    func theCopyGivesTheTransposedViewsBitsUnderTheSkylakeXKernel() throws {
        let (status, output) = try GEMMSplitTests.runCheck(kernel: nil)
        #expect(status == 0, "\(output)")
        #expect(output.contains("kernel: SkylakeX\n"), "\(output)")
        #expect(!output.contains("MISMATCH: transposed"), "\(output)")
        #expect(output.contains("transposed copy: 32×256×64 (lstm_b32 dh: dz · W_hᵀ)\n"), "\(output)")
        #expect(output.contains("transposed view: 32×256×72 (k not a multiple of 16: left alone)\n"), "\(output)")
        #expect(output.contains("transposed view: 16×449×64 (n above 448: left alone)\n"), "\(output)")
        let zeros = output.split(separator: "\n").first { $0.hasPrefix("transposed: negative zeros made +0: ") }
        #expect(zeros.flatMap { Int($0.split(separator: " ").last ?? "") }.map { $0 > 0 } == true, "\(output)")
    }

    @Test func aSweepCopiesEachWeightOnceAndKeepsFewCopies() throws {
        var copies = TransposeCopies()
        var rng = RandomGenerator(seed: 3)
        let w = try Tensor.uniform([64, 256], low: -1, high: 1, rng: &rng)
        let first = copies.copy(of: w)
        let again = copies.copy(of: w)
        #expect(first.storage === again.storage)
        #expect(first.shape == [256, 64] && first.isContiguous && first.toArray() == w.transposed().contiguous().toArray())
        // a view of the same storage with another shape is another matrix
        let rows = try w.sliced([.range(start: 0, stop: 32, step: nil)])
        #expect(copies.copy(of: rows).shape == [256, 32])
        // more weights than the capacity: the oldest goes, the newest stays
        var others: [Tensor] = []
        for _ in 0..<TransposeCopies.capacity {
            others.append(try Tensor.uniform([16, 32], low: -1, high: 1, rng: &rng))
            _ = copies.copy(of: others.last!)
        }
        #expect(copies.copy(of: others.last!).storage === copies.copy(of: others.last!).storage)
        #expect(copies.copy(of: w).storage !== first.storage)
    }
}
