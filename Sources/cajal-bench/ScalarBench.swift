// ScalarBench: `cajal-bench scalar`: recursive fib(27) and a sigmoid neuron trained for 100,000
// epochs on four points, in Cajal (in-process, through the Interpreter API), CPython
// (`python3`) and Lua 5.4 (`lua5.4`), side by side in one run, with ratios. The three programs
// are reference/scalar.{cajal,py,lua}; each times itself (CPU time, median of repetitions)
// and prints `workload=... framework=... median_ms=...` lines that this parses.
import Foundation
import Interpreter

/// The reference folder, found from this file's compile-time path.
let scalarReference = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("reference")

/// `workload → median ms` from the benchmark lines of one program's output.
func parseMedians(_ text: String) -> [String: Double] {
    var out: [String: Double] = [:]
    for line in text.split(separator: "\n") {
        var fields: [String: String] = [:]
        for part in line.split(separator: " ") {
            let kv = part.split(separator: "=", maxSplits: 1)
            if kv.count == 2 { fields[String(kv[0])] = String(kv[1]) }
        }
        if let w = fields["workload"], let m = fields["median_ms"].flatMap(Double.init) { out[w] = m }
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

func runScalarBench(_ args: [String]) throws {
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
