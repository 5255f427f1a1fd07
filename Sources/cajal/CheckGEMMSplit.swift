// `cajal __check-gemm-split`, hidden: runs TensorCore's `checkGEMMSplit`,
// `checkProductAccumulate`, `checkRecurrenceSplit` and `checkTransposedProduct` under the OpenBLAS kernel this binary chose (SkylakeX on an
// AVX-512 CPU), which the test process cannot switch to without moving every other test's
// numbers. Tests/TensorCoreTests/GEMMSplitTests and ProductAccumulateTests run it.
import ArgumentParser
import TensorCore

extension Cajal {
    struct CheckGEMMSplit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "__check-gemm-split",
            abstract: "Internal: compares GEMMs split over the threads with one OpenBLAS call, bit for bit.",
            shouldDisplay: false
        )

        func run() throws {
            let report = checkGEMMSplit()
            print("kernel: \(report.kernel)")
            print("splits by default: \(gemmSplitIsOn())")
            for s in report.cut { print("cut: \(s)") }
            for s in report.notCut { print("one call: \(s)") }
            for s in report.mismatches { print("MISMATCH: \(s)") }
            print(report.mismatches.isEmpty ? "bit-identical: \(report.cut.count) products" : "differs")
            // Sums by one GEMM (Tensor.addProduct), Tests/TensorCoreTests/ProductAccumulateTests.
            let sums = try checkProductAccumulate()
            for s in sums.fused { print("accumulate: \(s)") }
            for s in sums.refused { print("accumulate refused: \(s)") }
            for s in sums.mismatches { print("MISMATCH: accumulate \(s)") }
            // LSTM recurrences cut over the batch's rows (recurrenceSplit), Tests/TensorCoreTests/GEMMSplitTests.
            let recurrences = try checkRecurrenceSplit()
            for s in recurrences.runs { print("recurrence: \(s)") }
            for s in recurrences.mismatches { print("MISMATCH: recurrence \(s)") }
            // ∂a = g @ bᵀ through a contiguous bᵀ (Tensor.matmulTransposed), Tests/TensorCoreTests/TransposedProductTests.
            let transposed = try checkTransposedProduct()
            for s in transposed.copied { print("transposed copy: \(s)") }
            for s in transposed.direct { print("transposed view: \(s)") }
            print("transposed: negative zeros made +0: \(transposed.negativeZerosFixed)")
            for s in transposed.mismatches { print("MISMATCH: transposed \(s)") }
            try finish(report.mismatches.isEmpty && sums.mismatches.isEmpty && recurrences.mismatches.isEmpty
                && transposed.mismatches.isEmpty ? 0 : 1)
        }
    }
}
