// ScalarBench: `cajal-bench scalar`: recursive fib(27) and a sigmoid neuron trained for 100,000
// epochs on four points, in Cajal (in-process, through the Interpreter API), CPython
// (`python3`) and Lua 5.4 (`lua5.4`), side by side in one run, with ratios. The workloads are
// reference/scalar_workloads.cajal, scalar.py and scalar.lua.
//
//   swift run -c release cajal-bench scalar [--only fib27,scalar_perceptron] [--reps 25] [--unpaired]
//
// Paired repetitions (as `cajal-bench train`'s): Lua and CPython run as coprocesses
// (scalar.lua --serve, scalar.py --serve) and the repetitions alternate, Cajal, Lua, CPython,
// Cajal …, 20 ms apart, so that the ratio of a Cajal repetition to the Lua and CPython
// repetitions right after it does not carry the machine's drift (1.3-1.9x within minutes on
// the shared VM). Each repetition is one call, timed by wall clock and by process CPU time;
// the table gives each side's medians and the median and quartiles of the per-pair ratios,
// both clocks. A child's CPU time is its own (Python's process_time, Lua's os.clock); its wall
// time is taken here around the request, since Lua has no wall clock finer than a second (the
// header gives the round trip of an empty request, the part of a child's wall time that is
// not its work). --unpaired measures the old way: scalar.cajal, scalar.py and scalar.lua each
// run to their end one after another, each timing itself (CPU time, median of repetitions).
import Foundation
import Interpreter

/// The reference folder, found from this file's compile-time path.
let scalarReference = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("reference")

/// A scalar workload: its name in the three programs, the Cajal call that runs it once, and a
/// Cajal expression that shows its result `_out` as scalar.py and scalar.lua show theirs.
struct ScalarWorkload {
    let name: String
    let call: String
    let result: String
}

let scalarWorkloads = [
    ScalarWorkload(name: "fib27", call: "fib(27)", result: "\"{_out}\""),
    ScalarWorkload(name: "scalar_perceptron", call: "perceptron(100000)",
                   result: "\"w1:{_out.w1:.6f},w2:{_out.w2:.6f},b:{_out.b:.6f}\""),
]

/// One repetition's seconds by both clocks.
struct ScalarTime {
    var wall: Double
    var cpu: Double

    static func now() -> ScalarTime {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return ScalarTime(wall: Double(DispatchTime.now().uptimeNanoseconds) / 1e9,
                          cpu: Double(t.tv_sec) + Double(t.tv_nsec) / 1e9)
    }

    static func - (a: ScalarTime, b: ScalarTime) -> ScalarTime { ScalarTime(wall: a.wall - b.wall, cpu: a.cpu - b.cpu) }
}

/// Cajal's side: reference/scalar_workloads.cajal in this process's Interpreter, one workload
/// call per cell.
final class CajalScalar {
    private let interpreter: Interpreter
    private let box = OutputBox()

    init() throws {
        var messages: [String] = []
        let box = self.box
        interpreter = Interpreter(seed: 0, output: { box.text += $0 }, onDiagnostic: { messages.append($0.description) })
        let path = scalarReference.appendingPathComponent("scalar_workloads.cajal").path
        guard interpreter.runFile(path) == .success, interpreter.evaluate("var _out = nil").outcome == .success else {
            throw TrainBenchError(description: "scalar_workloads.cajal failed:\n" + messages.joined(separator: "\n"))
        }
    }

    private func evaluate(_ source: String) throws {
        let result = interpreter.evaluate(source, name: "scalar")
        guard result.outcome == .success else {
            throw TrainBenchError(description: "`\(source)` failed:\n" + result.diagnostics.map(\.description).joined(separator: "\n"))
        }
    }

    /// One call of `workload`.
    func repetition(_ workload: ScalarWorkload) throws -> ScalarTime {
        let start = ScalarTime.now()
        try evaluate("_out = \(workload.call)")
        return ScalarTime.now() - start
    }

    /// The last call's result, shown as the other two programs show theirs.
    func result(_ workload: ScalarWorkload) throws -> String {
        box.text = ""
        try evaluate("print(\(workload.result))")
        return box.text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// What the Interpreter prints, kept for `CajalScalar.result`.
private final class OutputBox {
    var text = ""
}

/// Lua's or CPython's side: scalar.lua or scalar.py as a `ServeScript`. Nil when the tool is missing.
final class ScalarServer {
    /// The framework's name in the output lines: `lua5.4`, `python`.
    let label: String
    /// The script's file name in reference/.
    let file: String
    let script: ServeScript
    /// The last repetition's result, as the script shows it.
    private(set) var lastResult = ""

    init?(label: String, tool: String, file: String) {
        guard let script = ServeScript([tool, scalarReference.appendingPathComponent(file).path, "--serve"]) else { return nil }
        (self.label, self.file, self.script) = (label, file, script)
    }

    /// One call of `workload`: wall time taken here around the request, CPU time the script's own.
    func repetition(_ workload: ScalarWorkload) throws -> ScalarTime {
        let start = ScalarTime.now().wall
        let reply = try script.ask("run \(workload.name)", expecting: "run \(workload.name)")
        let wall = ScalarTime.now().wall - start
        guard let cpu = reply["cpu_s"].flatMap(Double.init) else {
            throw TrainBenchError(description: "\(label): `run \(workload.name)` answered without cpu_s=")
        }
        lastResult = reply["result"] ?? ""
        return ScalarTime(wall: wall, cpu: cpu)
    }

    /// The median round trip of an empty request, in seconds: what a child's wall time holds
    /// besides its work.
    func roundTrip() throws -> Double {
        var times: [Double] = []
        for _ in 0..<21 {
            let start = ScalarTime.now().wall
            _ = try script.ask("ping", expecting: "pong")
            times.append(ScalarTime.now().wall - start)
        }
        return quantile(times.sorted(), 0.5)
    }
}

/// Options of `cajal-bench scalar`.
struct ScalarOptions {
    var workloads = scalarWorkloads
    var reps = 25
    var unpaired = false

    init(_ args: [String]) throws {
        var rest = args[...]
        while let arg = rest.popFirst() {
            switch arg {
            case "--only":
                let names = try onlyList(rest.popFirst(), known: scalarWorkloads.map(\.name))
                workloads = scalarWorkloads.filter { names.contains($0.name) }
            case "--reps": reps = try positiveCount(rest.popFirst(), "--reps")
            case "--unpaired": unpaired = true
            default: throw TrainBenchError(description: "unknown option \(arg) (--only, --reps, --unpaired)")
            }
        }
    }
}

func runScalarBench(_ args: [String]) throws {
    let options = try ScalarOptions(args)
    if options.unpaired { return try runScalarBenchUnpaired() }
    let cajal = try CajalScalar()
    let servers = [ScalarServer(label: "lua5.4", tool: "lua5.4", file: "scalar.lua"),
                   ScalarServer(label: "python", tool: "python3", file: "scalar.py")].compactMap { $0 }
    print("# cajal-bench scalar, paired: each repetition one call, timed by wall clock and by process CPU time; "
        + "Cajal in this process (reference/scalar_workloads.cajal through the Interpreter); load average \(loadAverage())")
    var described: [String] = []
    for s in servers {
        let trip = try s.roundTrip()
        described.append("\(s.label): \(s.file) --serve (\(s.script.banner), "
            + String(format: "round trip of an empty request %.3f ms)", trip * 1e3))
    }
    for missing in ["lua5.4", "python"] where !servers.contains(where: { $0.label == missing }) {
        described.append("\(missing): not available")
    }
    print("# " + described.joined(separator: "; "))
    print("# pairs: Cajal then " + servers.map(\.label).joined(separator: " then ")
        + ", \(pauseBetweenSides / 1000) ms apart; a child's wall time is taken here around its request, its CPU time is its own")

    var rows: [(ScalarWorkload, [ScalarTime], [[ScalarTime]])] = []
    for w in options.workloads {
        _ = try cajal.repetition(w)                       // warm-up, as the standalone scripts do
        for s in servers { _ = try s.repetition(w) }
        var mine: [ScalarTime] = [], theirs = [[ScalarTime]](repeating: [], count: servers.count)
        for _ in 0..<options.reps {
            mine.append(try cajal.repetition(w))
            usleep(pauseBetweenSides)
            for (i, s) in servers.enumerated() {
                theirs[i].append(try s.repetition(w))
                usleep(pauseBetweenSides)
            }
        }
        func line(_ framework: String, _ times: [ScalarTime], _ result: String) {
            let wall = times.map(\.wall).sorted(), cpu = times.map(\.cpu).sorted()
            print(String(format: "workload=%@ framework=%@ wall_median_ms=%.2f wall_min_ms=%.2f cpu_median_ms=%.2f cpu_min_ms=%.2f reps=%d",
                         w.name, framework, quantile(wall, 0.5) * 1e3, wall[0] * 1e3, quantile(cpu, 0.5) * 1e3, cpu[0] * 1e3, times.count)
                  + " result=\(result)")
        }
        line("cajal", mine, try cajal.result(w))
        for (i, s) in servers.enumerated() { line(s.label, theirs[i], s.lastResult) }
        for (i, s) in servers.enumerated() {
            let wall = pairRatios(mine, theirs[i], \.wall), cpu = pairRatios(mine, theirs[i], \.cpu)
            print(String(format: "workload=%@ against=%@ pairs=%d wall_ratio_median=%.4f wall_ratio_q1=%.4f wall_ratio_q3=%.4f "
                            + "cpu_ratio_median=%.4f cpu_ratio_q1=%.4f cpu_ratio_q3=%.4f",
                         w.name, s.label, wall.count, quantile(wall, 0.5), quantile(wall, 0.25), quantile(wall, 0.75),
                         quantile(cpu, 0.5), quantile(cpu, 0.25), quantile(cpu, 0.75)))
        }
        rows.append((w, mine, theirs))
    }

    print("")
    print("workload           clock  cajal ms" + servers.map { String(repeating: " ", count: max(2, 8 - $0.label.count)) + "\($0.label) ms" }.joined()
        + servers.map { "  cajal/\($0.label) (q1 - q3)".padding(toLength: 30, withPad: " ", startingAt: 0) }.joined()
        .replacingOccurrences(of: " +$", with: "", options: .regularExpression))
    for (w, mine, theirs) in rows {
        for (clock, key) in [("wall", \ScalarTime.wall), ("cpu", \ScalarTime.cpu)] {
            var text = w.name.padding(toLength: 19, withPad: " ", startingAt: 0) + clock.padding(toLength: 5, withPad: " ", startingAt: 0)
            text += String(format: "  %8.2f", quantile(mine.map { $0[keyPath: key] }.sorted(), 0.5) * 1e3)
            for (i, s) in servers.enumerated() {
                text += String(format: "  %*.2f", Int32(max(8, s.label.count + 3)), quantile(theirs[i].map { $0[keyPath: key] }.sorted(), 0.5) * 1e3)
            }
            for i in servers.indices {
                let r = pairRatios(mine, theirs[i], key)
                text += String(format: "  %5.2f (%.2f - %.2f)", quantile(r, 0.5), quantile(r, 0.25), quantile(r, 0.75))
                    .padding(toLength: 30, withPad: " ", startingAt: 0)
            }
            print(text.replacingOccurrences(of: " +$", with: "", options: .regularExpression))
        }
    }
    print("(ms per call, median of \(options.reps) repetitions; ratio below 1: Cajal is faster; each pair's ratio is Cajal's "
        + "repetition over the other side's right after it, and the table gives the median and quartiles of those ratios)")
    print("# load average after: \(loadAverage())")
}

/// The sorted ratios Cajal / other of each pair, by one clock.
private func pairRatios(_ mine: [ScalarTime], _ theirs: [ScalarTime], _ clock: KeyPath<ScalarTime, Double>) -> [Double] {
    zip(mine, theirs).map { $0[keyPath: clock] / $1[keyPath: clock] }.sorted()
}

/// `workload → median ms` from the benchmark lines of one program's output.
func parseMedians(_ text: String) -> [String: Double] {
    var out: [String: Double] = [:]
    for line in text.split(separator: "\n") {
        let f = fields(line)
        if let w = f["workload"], let m = f["median_ms"].flatMap(Double.init) { out[w] = m }
    }
    return out
}

/// Runs `tool script arguments…` (script in reference/) and returns its output and medians, or
/// nil when the tool is missing or fails.
func runExternal(_ tool: String, _ script: String, arguments: [String] = []) -> (String, [String: Double])? {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = [tool, scalarReference.appendingPathComponent(script).path] + arguments
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = FileHandle.nullDevice
    do { try p.run() } catch { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else { return nil }
    let text = String(decoding: data, as: UTF8.self)
    return (text, parseMedians(text))
}

/// `cajal-bench scalar --unpaired`: the three programs one after another, each timing itself.
func runScalarBenchUnpaired() throws {
    var cajalText = ""
    let interpreter = Interpreter(seed: 0, output: { cajalText += $0 }, onDiagnostic: { d in
        FileHandle.standardError.write((d.description + "\n").data(using: .utf8)!)
    })
    guard interpreter.runFile(scalarReference.appendingPathComponent("scalar.cajal").path) == .success else {
        throw NSError(domain: "cajal-bench", code: 1, userInfo: [NSLocalizedDescriptionKey: "scalar.cajal failed"])
    }
    print(cajalText, terminator: "")
    let cajal = parseMedians(cajalText)
    let python = runExternal("python3", "scalar.py")
    let lua = runExternal("lua5.4", "scalar.lua")
    if let python { print(python.0, terminator: "") } else { print("python3: not available") }
    if let lua { print(lua.0, terminator: "") } else { print("lua5.4: not available") }
    print("")
    print("workload             cajal ms  python ms  lua ms   cajal/python  cajal/lua")
    for w in ["fib27", "scalar_perceptron"] {
        let c = cajal[w] ?? .nan, py = python?.1[w] ?? .nan, l = lua?.1[w] ?? .nan
        let label = w.padding(toLength: 20, withPad: " ", startingAt: 0)
        print(label + String(format: " %8.1f  %9.1f  %6.1f   %12.2f  %9.2f", c, py, l, c / py, c / l))
    }
    print("(ratio below 1: Cajal is faster; CPU time, median of repetitions, one machine, one run)")
}
