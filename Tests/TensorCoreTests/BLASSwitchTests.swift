// BLASSwitchTests: the built `cajal` moves OpenBLAS to its faster kernel inside the one process
// (TensorCore/BLASKernel.swift's reselectBLASKernel), without the restart it used to make: one
// run of the dynamic linker per start (glibc's LD_DEBUG=statistics reports each run), and the
// kernel OpenBLAS reports last (OPENBLAS_VERBOSE=2 prints "Core: X" each time it chooses) is
// the one `fastBLASKernel` names for this CPU. The lessons' recorded outputs, checked through
// the binary (CommandLineTests), pin that the switched kernel computes as a restarted one did.
import Foundation
import Testing
@testable import TensorCore

@Suite struct BLASSwitchTests {
    /// The `cajal` executable of this build, or nil when it was not built.
    static let cajal: String? = [
        Bundle.main.bundleURL.appendingPathComponent("cajal"),
        Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("cajal"),
    ].map(\.path).first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: cajal != nil && FileManager.default.fileExists(atPath: "/proc/self/exe"),
                   "needs the built cajal on Linux"))
    func cajalStartsOnceWithTheFastKernel() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.cajal!)
        p.arguments = ["--version"]
        var env = ProcessInfo.processInfo.environment
        env["OPENBLAS_CORETYPE"] = nil
        env["CAJAL_BLAS_RESTARTED"] = nil
        env["LD_DEBUG"] = "statistics"
        env["OPENBLAS_VERBOSE"] = "2"
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        _ = out.fileHandleForReading.readDataToEndOfFile()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let starts = text.components(separatedBy: "total startup time in dynamic loader").count - 1
        #expect(starts == 1, "the dynamic linker ran \(starts) times:\n\(text)")
        let cores = text.split(separator: "\n").filter { $0.hasPrefix("Core: ") }
        if let fast = fastBLASKernel(cpuFlags()), cores.count > 1 {
            // OpenBLAS chose a generic kernel at load, then the fast one.
            #expect(cores.last.map(String.init) == "Core: \(fast)", "\(cores)")
        }
    }
}
