// HostileInputTests: inputs built to kill the process — a sum of a million terms, a thousand
// nested brackets, a line of 20,000 dashes, a tight address-space limit — run through the real
// binary. Each must end with a clear, located error and a normal exit code, never a signal, a
// hang, or megabytes of echoed source.
import Foundation
import Testing
import TestSupport

/// Runs `cajal ARGS` under `/bin/sh` (so a `ulimit` can come first), feeding `input` on standard
/// input and killing it after `seconds`. Returns the status (128+N for signal N, -1 when killed
/// by the deadline) and both outputs.
func runShell(_ prefix: String, _ arguments: [String], input: Data = Data(), seconds: Double = 120) throws -> RunResult {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cajal-hostile-io-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let (inURL, outURL, errURL) = (dir.appendingPathComponent("in"), dir.appendingPathComponent("out"), dir.appendingPathComponent("err"))
    try input.write(to: inURL)
    let quoted = ([CajalBinary.url.path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    let exit = try Spawn.shell("\(prefix) exec \(quoted.joined(separator: " "))", environment: env,
                               stdin: inURL.path, stdout: outURL.path, stderr: errURL.path, seconds: seconds)
    let out = (try? Data(contentsOf: outURL)) ?? Data(), err = (try? Data(contentsOf: errURL)) ?? Data()
    return RunResult(stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self),
                     status: exit.timedOut ? -1 : exit.status)
}

/// Writes `text` to a fresh temporary `.cajal` file.
func hostileFile(_ text: String, name: String = "hostile.cajal") throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cajal-hostile-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url
}

@Suite struct HostileInputTests {
    static let million = "let z = 1" + String(repeating: "+1", count: 1_000_000) + "\nprint(\"after\")\n"

    @Test func aSumOfAMillionTermsIsALocatedErrorNotACrash() throws {
        let file = try hostileFile(Self.million)
        let r = try runShell("", ["run", file.path])
        #expect(r.status == 65, "status \(r.status): \(r.stderr.prefix(500))")
        #expect(r.stderr.contains("hostile.cajal:1:"), "\(r.stderr.prefix(500))")
        #expect(r.stderr.contains("nested too deeply"), "\(r.stderr.prefix(500))")
        #expect(r.stderr.utf8.count < 10_000, "\(r.stderr.utf8.count) bytes of errors")
    }

    @Test func aSumOfAMillionTermsThroughPipedREPLInputIsAnError() throws {
        let r = try runShell("", [], input: Data((Self.million + "print(\"still here\")\n").utf8))
        #expect(r.status == 0 || r.status == 65, "status \(r.status): \(r.stderr.prefix(500))")
        #expect(r.stderr.contains("nested too deeply"), "\(r.stderr.prefix(500))")
        #expect(r.stdout.contains("still here"), "\(r.stdout.suffix(500))")
    }

    @Test func anExpressionAtTheHeightLimitRunsEvenInTheREPL() throws {
        // The REPL evaluates on the main thread (8 MiB of stack): the limit must fit there.
        let source = "let v = 1" + String(repeating: "+1", count: 1_990) + "\nprint(v)\n"
        let r = try runShell("", [], input: Data(source.utf8))
        #expect(r.status == 0, "status \(r.status): \(r.stderr.prefix(500))")
        #expect(r.stdout.contains("1991"), "\(r.stdout.suffix(200))")
    }

    /// Chains and nestings of every kind, each far past any limit.
    static let deep: [(String, String)] = [
        ("calls", "fn f() = f\nlet g = f" + String(repeating: "()", count: 300_000) + "\n"),
        ("fields", "let r = {a: 1}\nlet v = r" + String(repeating: ".a", count: 300_000) + "\n"),
        ("indexing", "let v = [1]" + String(repeating: "[0]", count: 300_000) + "\n"),
        ("brackets", "let v = " + String(repeating: "[", count: 300_000) + String(repeating: "]", count: 300_000) + "\n"),
        ("parentheses", "let v = " + String(repeating: "(", count: 300_000) + "1" + String(repeating: ")", count: 300_000) + "\n"),
        ("negations", "let v = " + String(repeating: "- ", count: 300_000) + "1\n"),
        ("nots", "let v = " + String(repeating: "not ", count: 300_000) + "true\n"),
        ("powers", "let v = 1" + String(repeating: " ** 1", count: 300_000) + "\n"),
        ("blocks", String(repeating: "if true {\n", count: 100_000) + String(repeating: "}\n", count: 100_000)),
        ("functions", "let v = " + String(repeating: "fn() = ", count: 100_000) + "1\n"),
        ("ands", "let v = true" + String(repeating: " and true", count: 300_000) + "\n"),
        ("strings", "let v = " + String(repeating: "\"{", count: 50_000) + "1" + String(repeating: "}\"", count: 50_000) + "\n"),
    ]

    @Test(arguments: 0..<12)
    func deepNestingOfEveryKindIsALocatedError(_ k: Int) throws {
        let (kind, source) = Self.deep[k]
        let file = try hostileFile(source + "print(\"after\")\n")
        let r = try runShell("", ["run", file.path])
        #expect(r.status == 65, "\(kind): status \(r.status): \(r.stderr.prefix(500))")
        #expect(r.stderr.contains("nested too deeply"), "\(kind): \(r.stderr.prefix(500))")
        #expect(r.stderr.utf8.count < 20_000, "\(kind): \(r.stderr.utf8.count) bytes of errors")
    }

    @Test func aLongLineOfDashesGivesAFewShortErrors() throws {
        for dashes in [4_000, 20_000] {
            let file = try hostileFile("print(" + String(repeating: "-", count: dashes) + "1)\n")
            let start = Date()
            let r = try runShell("", ["run", file.path], seconds: 60)
            #expect(r.status == 65, "status \(r.status): \(r.stderr.prefix(500))")
            #expect(r.stderr.utf8.count < 20_000, "\(dashes) dashes: \(r.stderr.utf8.count) bytes of errors")
            #expect(Date().timeIntervalSince(start) < 30)
        }
    }

    @Test func aLongSourceLineIsCutAroundTheCaret() throws {
        let file = try hostileFile("let x = [" + String(repeating: "1, ", count: 5_000) + "nope]\n")
        let r = try runShell("", ["run", file.path])
        #expect(r.status == 65)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix(" 1 | …") && $0.hasSuffix("nope]") && $0.count < 120 }, "\(r.stderr)")
        #expect(lines.allSatisfy { $0.count < 200 }, "\(r.stderr.prefix(1000))")
    }

    @Test func tooManyErrorsStopAfterTwentyWithACount() throws {
        let file = try hostileFile(String(repeating: "let = 1\n", count: 500))
        let r = try runShell("", ["run", file.path])
        #expect(r.status == 65)
        #expect(r.stderr.components(separatedBy: ": error: ").count - 1 == 20, "\(r.stderr.prefix(2000))")
        #expect(r.stderr.contains("and 480 more errors not shown"), "\(r.stderr.suffix(500))")
    }

    /// Recursion through a builtin that calls back into Cajal nests a dispatch loop on the
    /// thread's own stack: 9,990 levels, each one `no_grad(g)`.
    static let deepCallbacks = """
        var d = 0
        fn g() {
            d += 1
            if d > 9990 { return 0 }
            return no_grad(g) + 1
        }
        print(g())

        """

    @Test func deepRecursionThroughCallbacksIsAnErrorOnTheREPLsStack() throws {
        // The REPL runs on the main thread, whose stack `ulimit -s` sets (8 MB by default; 2 MB
        // here): the nesting limit follows that stack instead of crashing with signal 11.
        for prefix in ["", "ulimit -s 2048;"] {
            let r = try runShell(prefix, [], input: Data(Self.deepCallbacks.utf8), seconds: 120)
            #expect(r.status == 70, "\(prefix) status \(r.status): \(r.stderr.suffix(500))")
            #expect((r.stdout + r.stderr).contains("stack overflow: recursion through builtins that call functions"),
                    "\(prefix) \(r.stdout.suffix(300)) \(r.stderr.suffix(500))")
        }
    }

    @Test func deepRecursionThroughCallbacksUnderASmallAddressSpace() throws {
        // Under `ulimit -v` 480 MB `cajal run` gets the smallest stack, 32 MiB: the program
        // either finishes or stops with the located overflow error, never a crash.
        let file = try hostileFile(Self.deepCallbacks)
        for kib in [500_000, 1_000_000] {
            let r = try runShell("ulimit -v \(kib);", ["run", file.path], seconds: 120)
            #expect(r.status == 0 ? r.stdout == "9990\n" : r.status == 70 && r.stderr.contains("stack overflow"),
                    "\(kib) KiB: status \(r.status): \(r.stdout.suffix(200)) \(r.stderr.suffix(500))")
        }
    }

    @Test(arguments: ["run", "grade"])
    func aTightAddressSpaceLimitNeverHangs(_ command: String) throws {
        let file = try hostileFile("print(1 + 2)\n", name: "answer.cajal")
        let exercise = repositoryRoot.appendingPathComponent("lessons/00-examples/exercises/leaky-relu").path
        let args = command == "run" ? ["run", file.path] : ["grade", "--exercise", exercise, "--format", "tap", file.path]
        for megabytes in [700, 400] {
            let start = Date()
            let r = try runShell("ulimit -v \(megabytes * 1024);", args, seconds: 60)
            #expect(r.status != -1, "\(command) under \(megabytes) MB hung")
            #expect(Date().timeIntervalSince(start) < 60)
            if command == "run", r.status == 0 { #expect(r.stdout == "3\n") }
            if r.status != 0 { #expect(r.stderr.contains("memory") || r.stderr.contains("address space"), "\(r.stderr)") }
        }
    }
}
