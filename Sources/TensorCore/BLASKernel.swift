// The BLAS kernel check: OpenBLAS 0.3.21 (Debian 12) does not know some newer or virtualised
// CPUs by name ("Intel(R) Xeon(R) Processor" under KVM, Zen 5) and falls back to its generic
// Prescott (SSE3) kernels, 3–7× slower for sgemm than the AVX2 ones the CPU can run. OpenBLAS
// reads OPENBLAS_CORETYPE only when the library loads, so the fix is to restart the process
// once with OPENBLAS_CORETYPE=Haswell (AVX2 + FMA). A value the user set is never touched.
import Foundation

/// Called first thing by the executables (cajal, cajal-bench). Restarts the process with
/// OPENBLAS_CORETYPE=Haswell when OpenBLAS fell back to a pre-AVX kernel on a CPU that has
/// AVX2 and FMA. Returns normally when nothing needs doing or exec fails.
public func useFastBLASKernel() {
    let env = ProcessInfo.processInfo.environment
    guard env["OPENBLAS_CORETYPE"] == nil, env["CAJAL_BLAS_RESTARTED"] == nil else { return }
    let generic: Set<String> = ["Prescott", "Core2", "Penryn", "Dunnington", "Nehalem", "Atom", "Katmai", "Coppermine", "Northwood", "Banias", "unknown"]
    guard generic.contains(blasCoreName()), cpuHasAVX2AndFMA() else { return }
    setenv("OPENBLAS_CORETYPE", "Haswell", 1)
    setenv("CAJAL_BLAS_RESTARTED", "1", 1)
    let args = CommandLine.arguments
    var argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) }
    argv.append(nil)
    execv("/proc/self/exe", &argv)   // returns only on failure: carry on with the slow kernel
}

/// Whether /proc/cpuinfo lists both avx2 and fma for the first CPU (Linux).
public func cpuHasAVX2AndFMA() -> Bool {
    guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
          let flags = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
    else { return false }
    let set = Set(flags.split(separator: " ").map(String.init))
    return set.contains("avx2") && set.contains("fma")
}
