// ProductAccumulateTests: `Tensor.addProduct` (C += A·B as one GEMM with beta = 1, the sweep's
// weight-gradient sums) writes the bits of the product then the add — in this process's
// kernel, and under the SkylakeX kernel the built `cajal` runs on an AVX-512 CPU (through its
// hidden `__check-gemm-split`) — on the workloads' shapes; and it refuses, writing nothing,
// where that is not proven: untransposed operands, k above OpenBLAS's smallest k block, tiny
// products, a sum whose storage is shared.
import Foundation
import Testing
@testable import TensorCore

@Suite struct ProductAccumulateTests {
    @Test func sumsByOneGEMMAreBitIdenticalInThisProcess() throws {
        let report = try checkProductAccumulate()
        #expect(report.mismatches.isEmpty, "\(report.kernel): \(report.mismatches)")
        #expect(report.fused.contains("16×256×32 (lstm_b32 dWx: x_tᵀ · dz) transA true transB false"))
        #expect(report.fused.contains("64×256×32 (lstm_b32 dWh: hᵀ · dz) transA true transB false"))
        #expect(report.fused.count >= 20, "\(report.refused)")
        #expect(report.refused.filter { $0.contains("k above") }.count == 3)
        #expect(report.refused.filter { $0.contains("dWy") }.count == 3)
    }

    @Test(.enabled(if: GEMMSplitTests.cajal != nil && fastBLASKernel(cpuFlags()) == "SkylakeX",
                   "needs the built cajal on a CPU with AVX-512"))
    func sumsByOneGEMMAreBitIdenticalUnderTheSkylakeXKernel() throws {
        let (status, output) = try GEMMSplitTests.runCheck(kernel: nil)
        #expect(status == 0, "\(output)")
        #expect(output.contains("kernel: SkylakeX\n"), "\(output)")
        #expect(!output.contains("MISMATCH: accumulate"), "\(output)")
        let fused = output.split(separator: "\n").filter { $0.hasPrefix("accumulate: ") }.count
        let inProcess = try checkProductAccumulate().fused.count
        #expect(fused == inProcess && fused >= 20, "\(output)")
    }

    @Test func refusesWhereTheBitsAreNotProvenAndWritesNothing() throws {
        func random(_ shape: [Int], _ seed: UInt64) throws -> Tensor {
            var rng = RandomGenerator(seed: seed)
            let n = shape.reduce(1, *)
            return try Tensor(shape: shape, values: (0..<n).map { _ in Float(rng.uniform()) })
        }
        let c0 = try random([16, 256], 1)
        let at = try random([32, 16], 2).transposed()
        let g = try random([32, 256], 3)
        // untransposed operands (SkylakeX's sgemm_direct takes beta = 0 alone)
        var c = c0.contiguousCopy()
        let untransposed = c.addProduct(try random([16, 32], 4), g)
        #expect(!untransposed)
        #expect(c.toArray() == c0.toArray())
        // k above productAccumulateMaxK
        let k = Tensor.productAccumulateMaxK + 1
        let longK = c.addProduct(try random([k, 16], 5).transposed(), try random([k, 256], 6))
        #expect(!longK)
        // a tiny product (the direct loop sums from zero)
        var small = try random([2, 2], 7)
        let tiny = small.addProduct(try random([2, 2], 8).transposed(), try random([2, 2], 9))
        #expect(!tiny)
        // a shared sum: writing it would change the other holder
        let other = c
        let shared = c.addProduct(at, g)
        #expect(!shared)
        #expect(other.toArray() == c0.toArray() && c.toArray() == c0.toArray())
        // shapes that do not fit
        var wrong = try random([16, 255], 10)
        let misfit = wrong.addProduct(at, g)
        #expect(!misfit)
        // and the one it takes
        var reference = c0.contiguousCopy()
        try reference.formBinary(.add, Tensor.matmul(at, g))
        var fused = c0.contiguousCopy()
        let took = fused.addProduct(at, g)
        #expect(took)
        #expect(fused.toArray().map(\.bitPattern) == reference.toArray().map(\.bitPattern))
    }
}
