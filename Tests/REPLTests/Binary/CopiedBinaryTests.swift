// CopiedBinaryTests: `cajal` is one file. Copied alone into an empty folder (as a teacher
// installs it), it still has its prelude, which the build compiles into the binary.
import Foundation
import Testing
import TestSupport

@Suite(.enabled(if: CajalBinary.isBuilt, "the cajal binary is not in the build products directory"))
struct CopiedBinaryTests {
    @Test func aCopiedBinaryKeepsThePrelude() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cajal-lone-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let lone = dir.appendingPathComponent("cajal").path
        try Spawn.copyProgram(CajalBinary.path!, to: lone)
        let script = dir.appendingPathComponent("net.cajal")
        try "print(count_params(Sequential([Dense(2, 3), ReLU(), Dense(3, 1)])))\n".write(to: script, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out").path, err = dir.appendingPathComponent("err").path
        FileManager.default.createFile(atPath: out, contents: nil)
        FileManager.default.createFile(atPath: err, contents: nil)
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "CAJAL_PRELUDE")
        env["NO_COLOR"] = "1"
        let status = try spawnAndWait(lone, ["run", script.path], environment: env, stdin: "/dev/null", stdout: out, stderr: err)
        #expect(try String(contentsOfFile: err, encoding: .utf8) == "")
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "13\n")
        #expect(status == 0)
    }

    /// A program still open for writing (by this process here; in CI by a child another test
    /// forked while copying it) cannot be started: Spawn waits for the writer to close it.
    @Test func aProgramBrieflyHeldOpenForWritingStillStarts() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cajal-busy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let program = dir.appendingPathComponent("true").path
        try Spawn.copyProgram("/bin/true", to: program)
        // close-on-exec: a child another test forks meanwhile must not inherit the writer and
        // hold the program busy for as long as it lives (the race Spawn.copyProgram avoids)
        let writer = open(program, O_WRONLY | O_CLOEXEC)
        #expect(writer >= 0)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { close(writer) }
        let exit = try Spawn.run(program)
        #expect(exit.status == 0)
    }
}
