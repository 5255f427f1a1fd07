// GEMMSplitTests: a GEMM cut over the pool's two threads (`sgemm`, `GEMMSplit` in BLAS.swift)
// writes C bit for bit as one OpenBLAS call does — under the SkylakeX kernel the built `cajal`
// runs on an AVX-512 CPU (through its hidden `__check-gemm-split`, since this test process keeps
// OpenBLAS's generic kernel and switching it would move every other test's numbers), over the
// lessons' and the bench's GEMM shapes and shapes at each limit of the cut. And the cut itself:
// every piece above OpenBLAS's small-matrix limit, pieces covering C exactly, whole tiles
// where they fit, and no cut for a kernel where it could change the bits.
import Foundation
import Testing
@testable import TensorCore

@Suite struct GEMMSplitTests {
    /// The `cajal` executable of this build, or nil when it was not built.
    static let cajal: String? = [
        Bundle.main.bundleURL.appendingPathComponent("cajal"),
        Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("cajal"),
    ].map(\.path).first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs `cajal __check-gemm-split` with OPENBLAS_CORETYPE set to `kernel` (nil: the one
    /// `cajal` picks itself); returns its status and output.
    static func runCheck(kernel: String?) throws -> (status: Int32, output: String) {
        try runHidden(["__check-gemm-split"], unset: ["CAJAL_BLAS_RESTARTED", "CAJAL_SPLIT_GEMM", "OPENBLAS_NUM_THREADS",
                                                       "OMP_NUM_THREADS", "CAJAL_THREADS"],
                      set: ["OPENBLAS_CORETYPE": kernel])
    }

    /// Runs the built `cajal` with `arguments` (a hidden check), OPENBLAS_CORETYPE and the
    /// variables in `unset` removed from this process's environment and those in `set` given
    /// (a nil value leaves the variable unset); returns its status and its standard output.
    static func runHidden(_ arguments: [String], unset: [String] = [], set: [String: String?] = [:]) throws
        -> (status: Int32, output: String)
    {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: cajal!)
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for key in ["OPENBLAS_CORETYPE"] + unset { env[key] = nil }
        for (key, value) in set { env[key] = value }
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return (p.terminationStatus, text)
    }

    @Test(.enabled(if: cajal != nil && fastBLASKernel(cpuFlags()) == "SkylakeX",
                   "needs the built cajal on a CPU with AVX-512"))
    func splitGEMMsAreBitIdenticalUnderTheSkylakeXKernel() throws {
        let (status, output) = try Self.runCheck(kernel: nil)
        #expect(status == 0, "\(output)")
        #expect(output.contains("kernel: SkylakeX\n"), "\(output)")
        #expect(output.contains("splits by default: true\n"), "\(output)")
        #expect(!output.contains("MISMATCH"), "\(output)")
        // Every shape the check means to cut was cut (and run on two threads).
        let cut = output.split(separator: "\n").filter {
            $0.hasPrefix("cut: ") && !$0.hasPrefix("cut: conv [") && !$0.hasPrefix("cut: chains ")
        }.count
        let meant = gemmSplitShapes.filter { gemmSplit(m: $0.m, n: $0.n, k: $0.k, parts: 2) != nil }.count
        #expect(cut == meant && cut >= 24, "\(output)")
        // Every convolution of the block check ran its forward and dX GEMMs by blocks of
        // images (`Tensor.imageBlocks`) and matched one call per GEMM, LeNet's in 4 blocks each.
        let convs = output.split(separator: "\n").filter { $0.hasPrefix("cut: conv [") }
        #expect(convs.count == convBlockShapes.count && convs.count >= 8, "\(output)")
        #expect(convs.contains { $0.contains("LeNet b64 conv1") && $0.hasSuffix("forward in 4 blocks, dX in 4") },
                "\(output)")
        // The chains of fused multiply-adds that replace those blocks' OpenBLAS calls
        // (`cajal_fma_chains`) matched one OpenBLAS call on every product, in the AVX2 + FMA
        // and AVX-512 versions too (this CPU has AVX-512).
        let chains = output.split(separator: "\n").filter { $0.hasPrefix("cut: chains ") }
        #expect(chains.count == fmaChainShapes.count && chains.allSatisfy { $0.hasSuffix("levels 0, 1, 2") }, "\(output)")
        // Every LSTM sequence of the recurrence check ran (and any piece that differed would
        // have printed a MISMATCH above); the bench's ran split both ways.
        let recurrences = output.split(separator: "\n").filter { $0.hasPrefix("recurrence: ") }
        #expect(recurrences.count == recurrenceSplitShapes.count, "\(output)")
        #expect(recurrences.contains { $0.contains("bench") && $0.hasSuffix("forward split, backward split") },
                "\(output)")
    }

    /// Which directions of an LSTM's recurrence run cut over the batch's rows
    /// (`recurrenceSplit`): only where the pieces keep the whole call's bits, and only where
    /// each piece is worth a wake-up.
    @Test func theRecurrenceIsCutOnlyWhereThePiecesKeepTheBits() {
        func plan(_ b: Int, _ t: Int, _ h: Int, parts: Int = 2) -> String {
            let p = recurrenceSplit(batch: b, hidden: h, steps: t, parts: parts)
            return "\(p.forward ? "F" : "-")\(p.backward ? "B" : "-")"
        }
        #expect(plan(32, 32, 64) == "FB", "the bench's lstm_b32_seq")
        #expect(plan(64, 25, 64) == "FB", "lesson 17")
        #expect(plan(32, 32, 64, parts: 1) == "--", "one thread")
        #expect(plan(32, 2, 64) == "--", "pieces of 0.5·10⁶ multiply-adds are not worth a wake-up")
        #expect(plan(1, 500, 64) == "--", "one row")
        #expect(plan(64, 20, 112) == "FB", "4H = GEMM_Q: ∂h's k is one block")
        #expect(plan(64, 20, 128) == "F-", "4H > GEMM_Q: the one call sums k in two blocks")
        #expect(plan(40, 24, 36) == "F-", "H not a multiple of 16: the small NN kernel's dot-wise tail")
        #expect(plan(40, 24, 38) == "--", "4H not a multiple of 16")
        #expect(plan(16, 64, 64) == "F-", "the whole ∂h product takes the small TN kernel (M·N = 1024)")
        #expect(plan(8, 40, 512) == "--", "H > GEMM_Q: the forward's k in two blocks")
    }

    /// The kernel check that turns the split on, and the check catching a split that moves
    /// bits: Haswell's kernel sums some tiles' k in two halves, so there a cut changes the
    /// rounding of the elements that land in another tile, and `cajal` on an AVX2-only CPU
    /// keeps one call per GEMM.
    @Test(.enabled(if: cajal != nil && cpuHasAVX2AndFMA(), "needs the built cajal on a CPU with AVX2"))
    func onlyTheSkylakeXKernelSplitsByDefault() throws {
        let (status, output) = try Self.runCheck(kernel: "Haswell")
        #expect(output.contains("kernel: Haswell\n"), "\(output)")
        #expect(output.contains("splits by default: false\n"), "\(output)")
        #expect(status == 1 && output.contains("MISMATCH: "), "\(output)")
        if blasCoreName() != "SkylakeX" { #expect(!WorkerPool.shared.splitsGEMMs) }
    }

    @Test func everyPieceIsAboveTheSmallMatrixLimitAndThePiecesCoverC() {
        var cuts = 0
        for m in [1, 2, 3, 7, 9, 16, 33, 64, 150, 784, 4000] {
            for n in [1, 2, 3, 25, 31, 32, 33, 120, 128, 784, 4096, 36864] {
                for k in [1, 9, 25, 64, 150, 448, 449, 1001, 4096, 36864, 150_000] {
                    for parts in [1, 2, 3, 4] {
                        guard let cut = gemmSplit(m: m, n: n, k: k, parts: parts) else { continue }
                        cuts += 1
                        let (extent, other) = cut.byColumns ? (n, m) : (m, n)
                        var next = 0
                        for i in 0..<cut.parts {
                            let (lo, hi) = cut.bounds(i)
                            #expect(lo == next && hi > lo, "\(m)×\(n)×\(k) over \(parts): piece \(i) is \(lo)..<\(hi)")
                            #expect(Double(hi - lo) * Double(other) * Double(k) > 1_000_000, "\(m)×\(n)×\(k) piece \(i)")
                            next = hi
                        }
                        #expect(next == extent, "\(m)×\(n)×\(k) over \(parts) covers \(next) of \(extent)")
                    }
                }
            }
        }
        #expect(cuts > 100)
        #expect(gemmSplit(m: 10, n: 200, k: 1000, parts: 2) == nil, "pieces of exactly 10⁶ may take the small kernels")
        #expect(gemmSplit(m: 10, n: 200, k: 1001, parts: 2) != nil)
        #expect(gemmSplit(m: 64, n: 128, k: 784, parts: 1) == nil)
        // Whole tiles where they fit: 16 columns (LeNet's first convolution), 4 rows (the MLP's dW).
        let conv = gemmSplit(m: 6, n: 36864, k: 25, parts: 2)
        #expect(conv?.byColumns == true && conv?.bounds(0).hi == 18432)
        let dW = gemmSplit(m: 784, n: 128, k: 64, parts: 2)
        #expect(dW?.byColumns == false && dW?.bounds(0).hi == 392)
        let odd = gemmSplit(m: 5, n: 33, k: 12600, parts: 2)
        #expect(odd?.byColumns == true && odd?.bounds(0).hi == 16)
    }
}
