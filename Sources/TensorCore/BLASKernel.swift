// The BLAS kernel check: OpenBLAS 0.3.21 (Debian 12) does not know some newer or virtualised
// CPUs by name ("Intel(R) Xeon(R) Processor" under KVM, Zen 5) and falls back to its generic
// Prescott (SSE3) kernels, 3–7× slower for sgemm than the AVX2 ones the CPU can run. OpenBLAS
// reads OPENBLAS_CORETYPE when the library loads; the fix sets it to SkylakeX (AVX-512: F, CD,
// BW, DQ, VL) or, without those, Haswell (AVX2 + FMA) and has OpenBLAS choose again in place
// (restarting the process only if that is not possible). A value the user set is never
// touched. On the development VM (AVX-512, unknown to OpenBLAS) SkylakeX's sgemm runs 1024² at
// ~150 GFLOP/s against Haswell's ~80, and the MLP and LSTM training steps of `cajal-bench
// train` take a quarter less time (docs/performance.md).
import Foundation

/// Called first thing by the executables (cajal, cajal-bench), before any BLAS call. When
/// OpenBLAS fell back to a pre-AVX kernel on a CPU that can run a faster one, sets
/// OPENBLAS_CORETYPE to `fastBLASKernel(cpuFlags())` (child processes inherit it) and has
/// OpenBLAS choose again in place; only if that is not possible does it restart the process.
/// The restart doubled the cost of every start: the dynamic linker's work (43 libraries, about
/// 19 M instructions) ran twice. Returns normally when nothing needs doing or exec fails.
public func useFastBLASKernel() {
    let env = ProcessInfo.processInfo.environment
    guard env["OPENBLAS_CORETYPE"] == nil, env["CAJAL_BLAS_RESTARTED"] == nil else { return }
    let generic: Set<String> = ["Prescott", "Core2", "Penryn", "Dunnington", "Nehalem", "Atom", "Katmai", "Coppermine", "Northwood", "Banias", "unknown"]
    guard generic.contains(blasCoreName()), let kernel = fastBLASKernel(cpuFlags()) else { return }
    setenv("OPENBLAS_CORETYPE", kernel, 1)
    if reselectBLASKernel(), blasCoreName() == kernel { return }
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

/// OpenBLAS's own kernel choice, redone in this process: `gotoblas_dynamic_quit` forgets the
/// kernel table chosen when the library loaded and `gotoblas_dynamic_init` chooses again, from
/// OPENBLAS_CORETYPE as it is now (OpenBLAS's driver/others/dynamic.c; DYNAMIC_ARCH builds such
/// as Debian's export both). The same table and blocking parameters as a process started with
/// the variable, so the same results bit for bit. False when the library lacks the functions.
func reselectBLASKernel() -> Bool {
    typealias Routine = @convention(c) () -> Void
    guard let quit = dlsym(nil, "gotoblas_dynamic_quit"), let choose = dlsym(nil, "gotoblas_dynamic_init")
    else { return false }
    unsafeBitCast(quit, to: Routine.self)()
    unsafeBitCast(choose, to: Routine.self)()
    return true
}
