// BLASKernelTests: which OpenBLAS kernel family the executables restart with, from the CPU's
// flags (SkylakeX with the five AVX-512 subsets its kernels use, Haswell with AVX2 + FMA,
// nothing otherwise), and that this machine's flags can be read.
import Testing
@testable import TensorCore

@Suite struct BLASKernelTests {
    @Test func kernelFollowsTheFlags() {
        let avx2: Set<String> = ["sse2", "avx", "avx2", "fma"]
        let avx512: Set<String> = avx2.union(["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"])
        #expect(fastBLASKernel(avx512) == "SkylakeX")
        #expect(fastBLASKernel(avx512.union(["avx512ifma", "avx512vbmi"])) == "SkylakeX")
        #expect(fastBLASKernel(avx512.subtracting(["avx512vl"])) == "Haswell")   // Knights Landing: no VL
        #expect(fastBLASKernel(avx2) == "Haswell")
        #expect(fastBLASKernel(avx2.subtracting(["fma"])) == nil)
        #expect(fastBLASKernel(avx512.subtracting(["avx2"])) == nil)
        #expect(fastBLASKernel([]) == nil)
    }

    @Test func cpuFlagsAgreeWithTheAVX2Check() {
        let flags = cpuFlags()
        #expect(cpuHasAVX2AndFMA() == (flags.contains("avx2") && flags.contains("fma")))
        #if os(Linux)
        #expect(!flags.isEmpty)
        #endif
    }
}
