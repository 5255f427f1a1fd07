// RobustnessTests: no input crashes the process. A mutation fuzz of the script suite (bytes
// deleted, duplicated, swapped, replaced by tricky tokens; seeded, so every run tries the same
// mutants) must end every run with exit code 0, 65 or 70, never a signal; runaway mutants are
// stopped with SIGINT and must end cleanly with "interrupted". Ctrl-C on a busy loop likewise.
import Foundation
import Testing
import TestSupport

/// A small deterministic generator (SplitMix64) so the mutants are the same on every run.
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
}

let fragments: [[UInt8]] = ["(", ")", "[", "]", "{", "}", "\"", "..<", "@", "fn", "1e308", "-", "0",
                            "/ 0", ",", ":", "\n", "return", "x.", "[[", "\\{", "\u{FF}"].map { Array($0.utf8) }

/// `source` with one to three random edits.
func mutate(_ source: [UInt8], _ rng: inout SplitMix) -> [UInt8] {
    var s = source
    for _ in 0..<(1 + rng.below(3)) where !s.isEmpty {
        let i = rng.below(s.count)
        switch rng.below(4) {
        case 0: s.remove(at: i)
        case 1: s.insert(contentsOf: s[i..<min(s.count, i + 1 + rng.below(8))], at: i)
        case 2: s.swapAt(i, rng.below(s.count))
        default: s.insert(contentsOf: fragments[rng.below(fragments.count)], at: i)
        }
    }
    return s
}

/// Runs `cajal run file`, sending SIGINT after `seconds` if it is still running.
func runWithDeadline(_ file: URL, seconds: Double) throws -> (status: Int32, reason: Process.TerminationReason, stderr: String) {
    let p = Process()
    p.executableURL = CajalBinary.url
    p.arguments = ["run", file.path]
    p.standardInput = FileHandle.nullDevice
    p.standardOutput = FileHandle.nullDevice
    let errURL = file.appendingPathExtension("err")
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let err = try FileHandle(forWritingTo: errURL)
    p.standardError = err
    try p.run()
    let deadline = Date().addingTimeInterval(seconds)
    var signalled = false
    while p.isRunning {
        if !signalled && Date() > deadline {
            kill(p.processIdentifier, SIGINT)
            signalled = true
        }
        if signalled && Date() > deadline.addingTimeInterval(5) { kill(p.processIdentifier, SIGKILL) }
        usleep(2000)
    }
    try err.close()
    let text = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
    try? FileManager.default.removeItem(at: errURL)
    return (p.terminationStatus, p.terminationReason, text)
}

@Test func mutatedScriptsNeverCrash() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cajal-fuzz-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    var rng = SplitMix(state: 2024)
    let scripts = allScripts()
    var runs = 0
    for (k, rel) in scripts.enumerated() where k % 2 == 0 {
        let bytes = Array(try Data(contentsOf: scriptsRoot.appendingPathComponent(rel)))
        let file = dir.appendingPathComponent("mutant\(k).cajal")
        let mutant = mutate(bytes, &rng)
        try Data(mutant).write(to: file)
        let r = try runWithDeadline(file, seconds: 3)
        runs += 1
        #expect(r.reason == .exit && [0, 65, 70].contains(r.status),
                "mutant of \(rel) ended with \(r.reason) \(r.status):\n\(r.stderr)\n--- source:\n\(String(decoding: mutant, as: UTF8.self))")
    }
    #expect(runs > 100)
}

@Test func ctrlCStopsABusyLoopCleanly() throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("cajal-busy-\(getpid()).cajal")
    try "var i = 0\nwhile true { i += 1 }\n".write(to: file, atomically: true, encoding: .utf8)
    let r = try runWithDeadline(file, seconds: 2)
    #expect(r.reason == .exit && r.status == 70)
    #expect(r.stderr.contains("error: interrupted"), "\(r.stderr)")
    #expect(r.stderr.contains(":2:"), "located at the loop: \(r.stderr)")
}

@Test func veryLongExpressionsRunOrFailCleanly() throws {
    func script(_ terms: Int) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cajal-long-\(terms)-\(getpid()).cajal")
        try ("let x = " + Array(repeating: "1", count: terms).joined(separator: " + ") + "\nprint(x)\n")
            .write(to: url, atomically: true, encoding: .utf8)
        return url
    }
    // The parser bounds a tree's height (Parser.maxHeight, 2,000): below it a sum runs, above
    // it a located error, however long the line.
    let ok = try CajalBinary.run(["run", try script(1_500).path])
    #expect(ok.status == 0 && ok.stdout == "1500\n", "\(ok.stderr)")
    let tooDeep = try CajalBinary.run(["run", try script(100_000).path])
    #expect(tooDeep.status == 65, "\(tooDeep.stderr)")
    #expect(tooDeep.stderr.contains("error: nested too deeply"), "\(tooDeep.stderr)")
}

/// Runs `cajal run` on `source` under an address-space limit (`ulimit -v`, in KiB), as a
/// grader or a small container would.
func runUnderAddressLimit(_ source: String, kib: Int, environment: [String: String] = [:]) throws -> RunResult {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("cajal-ulimit-\(UUID().uuidString).cajal")
    try source.write(to: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: file) }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/sh")
    p.arguments = ["-c", "ulimit -v \(kib) && exec \"$0\" run \"$1\"", CajalBinary.url.path, file.path]
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    env.merge(environment) { $1 }
    p.environment = env
    let errURL = file.appendingPathExtension("err")
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let err = try FileHandle(forWritingTo: errURL)
    defer { try? FileManager.default.removeItem(at: errURL) }
    p.standardInput = FileHandle.nullDevice
    p.standardOutput = FileHandle.nullDevice
    p.standardError = err
    try p.run()
    p.waitUntilExit()
    try err.close()
    let text = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
    return RunResult(stdout: "", stderr: text, status: p.terminationReason == .uncaughtSignal ? 128 + p.terminationStatus : p.terminationStatus)
}

/// Allocations a learner can cause, each of which used to abort the process (exit 134, a
/// failed allocation) under a 4 GB address-space limit. Each must end with a located error.
let runawayAllocations: [String] = [
    "let x = full([2**31+1], 1)",
    "let x = one_hot([1e9], 2**31)",
    "var s = \"ab\"\nfor i in 0..<40 { s = s + s }",
    "var s = \"ab\"\nfor i in 0..<40 { s = \"{s}{s}\" }",
    "var l = [1, \"a\"]\nfor i in 0..<40 { l = l + l }",
    "let l = list(range(90000000))",
    "let d = adding(100000, length: 100000)",
    "let d = blobs(10000000, dims: 100000)",
    "let d = bars(1000000, size: 1024)",
]

@Test(arguments: runawayAllocations)
func aRunawayAllocationUnderAnAddressLimitIsALocatedError(_ source: String) throws {
    let r = try runUnderAddressLimit(source + "\nprint(\"not reached\")\n", kib: 4_000_000)
    #expect(r.status == 70, "exit \(r.status) for \(source):\n\(r.stderr)")
    #expect(r.stderr.contains("would need"), "\(r.stderr)")
    #expect(r.stderr.contains(".cajal:"), "located: \(r.stderr)")
}

@Test func cajalMaxMemorySetsTheLimit() throws {
    let r = try runUnderAddressLimit("let x = zeros([1000, 1000])\nlet y = zeros([10000, 10000])\n", kib: 8_000_000,
                                     environment: ["CAJAL_MAX_MEMORY": "100M"])
    #expect(r.status == 70, "\(r.stderr)")
    #expect(r.stderr.contains(":2:9: error: zeros: shape [10000, 10000] would need 381 MB; the limit is 100 MB"), "\(r.stderr)")
    #expect(r.stderr.contains("the limit comes from CAJAL_MAX_MEMORY"), "\(r.stderr)")
}
