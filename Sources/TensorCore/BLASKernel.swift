// The BLAS kernel check: OpenBLAS 0.3.21 (Debian 12) does not know some newer or virtualised
// CPUs by name ("Intel(R) Xeon(R) Processor" under KVM, Zen 5) and falls back to its generic
// Prescott (SSE3) kernels, 3–7× slower for sgemm than the AVX2 ones the CPU can run. OpenBLAS
// reads OPENBLAS_CORETYPE only when the library loads, so the fix is to restart the process
// once with OPENBLAS_CORETYPE=SkylakeX (AVX-512: F, CD, BW, DQ, VL) or, without those, Haswell
// (AVX2 + FMA). A value the user set is never touched. On the development VM (AVX-512, unknown
// to OpenBLAS) SkylakeX's sgemm runs 1024² at ~150 GFLOP/s against Haswell's ~80, and the
// MLP and LSTM training steps of `cajal-bench train` take a quarter less time (docs/performance.md).
import Foundation

/// Called first thing by the executables (cajal, cajal-bench). Restarts the process with
/// OPENBLAS_CORETYPE set to `fastBLASKernel(cpuFlags())` when OpenBLAS fell back to a pre-AVX
/// kernel on a CPU that can run a faster one. Returns normally when nothing needs doing or
/// exec fails.
public func useFastBLASKernel() {
    let env = ProcessInfo.processInfo.environment
    guard env["OPENBLAS_CORETYPE"] == nil, env["CAJAL_BLAS_RESTARTED"] == nil else { return }
    let generic: Set<String> = ["Prescott", "Core2", "Penryn", "Dunnington", "Nehalem", "Atom", "Katmai", "Coppermine", "Northwood", "Banias", "unknown"]
    guard generic.contains(blasCoreName()), let kernel = fastBLASKernel(cpuFlags()) else { return }
    setenv("OPENBLAS_CORETYPE", kernel, 1)
    setenv("CAJAL_BLAS_RESTARTED", "1", 1)
    let args = CommandLine.arguments
    var argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) }
    argv.append(nil)
    execv("/proc/self/exe", &argv)   // returns only on failure: carry on with the slow kernel
}

/// The OpenBLAS kernel family for a CPU with these /proc/cpuinfo flags: "SkylakeX" when it has
/// AVX-512 F, CD, BW, DQ and VL (what OpenBLAS's SkylakeX kernels use) besides AVX2 and FMA,
/// "Haswell" with AVX2 and FMA only, nil otherwise (keep what OpenBLAS chose).
public func fastBLASKernel(_ flags: Set<String>) -> String? {
    guard flags.contains("avx2") && flags.contains("fma") else { return nil }
    let avx512 = ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]
    return avx512.allSatisfy(flags.contains) ? "SkylakeX" : "Haswell"
}

/// The flags /proc/cpuinfo lists for the first CPU (Linux); empty elsewhere.
public func cpuFlags() -> Set<String> {
    guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
          let flags = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
    else { return [] }
    return Set(flags.split(separator: " ").map(String.init))
}

/// Whether /proc/cpuinfo lists both avx2 and fma for the first CPU (Linux).
public func cpuHasAVX2AndFMA() -> Bool {
    let set = cpuFlags()
    return set.contains("avx2") && set.contains("fma")
}
