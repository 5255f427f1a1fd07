// TrainBench: `cajal-bench train`. The four training steps of issue 4 — XOR 2-2-1, MLP
// 784-128-10 at batch 64, LeNet-5 on 1×28×28 at batch 64, LSTM (in 16, hidden 64, 32 steps,
// batch 32, full BPTT) — each written in Cajal as a learner writes it (workloads/*.cajal, raw
// builtins, no prelude) and run through the Interpreter, beside the same steps in PyTorch
// (reference/train_torch.py, run with python3), in one run: median and fastest ms per step
// and the ratio Cajal / PyTorch. Two more rows run the LSTM with each time step one `lstm_cell`
// call (workloads/lstm_fused.cajal) and with the whole sequence one `lstm_sequence` call
// (workloads/lstm_seq.cajal, the prelude's way), both against the same nn.LSTM. Measuring
// rules as the reference scripts': at least 0.3 s and 3 steps of warm-up, an inner loop sized
// so one repetition lasts at least 10 ms, 25 repetitions.
//
//   swift run -c release cajal-bench train [--only xor_step,lstm_b32] [--reps 25] [--no-torch] [--cpu | --wall] [--unpaired] [--pause spin|sleep]
//
// Paired repetitions: PyTorch runs as one coprocess (train_torch.py --serve) that keeps its
// models, and for each workload the repetitions alternate, Cajal then PyTorch, 20 ms apart
// (the side about to run busy-waits through the gap, `PauseMode`);
// the table gives each side's median and the median and quartiles of the per-pair ratios.
// The shared VM's speed drifts by up to 1.7x within a minute, and a pair's two halves see
// nearly the same speed, so the ratio no longer carries the drift (docs/performance.md, "How
// we measure"). --unpaired measures the old way: all of Cajal's workloads, then PyTorch's.
//
// One run measures twice: wall clock at default threads on both sides, then process CPU time
// on one thread on both sides (Cajal's OpenBLAS and worker pool set to one thread in the same
// process, PyTorch's coprocess started with --cpu), and prints both tables. --wall or --cpu
// runs only the first or the second. Each Cajal row also says how many tensor buffers of
// 1 KiB or more a step took from malloc rather than the storage cache (0 when steady).
//
// --steps N --sentinel on|off runs each chosen workload's setup, 3 warm-up steps, then N steps
// inside `measuredStepLoop` with the NaN/Inf sentinel as given, and prints their CPU time:
// the run to count instructions of under valgrind (docs/autograd.md has the command).
import Foundation
import Interpreter
import TensorCore

/// The workload programs, found from this file's compile-time path.
let workloadFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("workloads")

/// A training-step workload: the name the reference scripts use and its Cajal program.
struct TrainWorkload {
    let name: String
    let file: String
    let summary: String
}

let trainWorkloads: [TrainWorkload] = [
    TrainWorkload(name: "xor_step", file: "xor.cajal", summary: "XOR 2-2-1 sigmoid, 4 points, MSE"),
    TrainWorkload(name: "mlp_step_b64", file: "mlp.cajal", summary: "MLP 784-128-10 relu, batch 64, cross-entropy"),
    TrainWorkload(name: "cnn_lenet_b64", file: "lenet.cajal", summary: "LeNet-5 1x28x28, batch 64, cross-entropy"),
    TrainWorkload(name: "lstm_b32", file: "lstm.cajal", summary: "LSTM in 16 h 64, T 32, batch 32, BPTT, MSE"),
    TrainWorkload(name: "lstm_b32_fused", file: "lstm_fused.cajal", summary: "the same LSTM, each time step one lstm_cell call"),
    TrainWorkload(name: "lstm_b32_seq", file: "lstm_seq.cajal", summary: "the same LSTM, the sequence one lstm_sequence call"),
]

/// The PyTorch workload each Cajal row is compared with (the fused LSTM rows against nn.LSTM too).
func torchName(_ workload: String) -> String { workload.hasPrefix("lstm_b32") ? "lstm_b32" : workload }

/// Median and fastest repetition, ms per step, and the repetition shape.
struct StepTiming {
    var median: Double
    var min: Double
    var reps: Int
    var inner: Int
}

struct TrainBenchError: Error, CustomStringConvertible {
    var description: String
}

/// Wall-clock seconds (the default) or, with `--cpu`, this process's CPU seconds: on a
/// machine shared with other jobs CPU time is the steadier figure for comparing two builds.
nonisolated(unsafe) private var useCPUTime = false

private func seconds() -> Double {
    useCPUTime ? Double(clock()) / Double(CLOCKS_PER_SEC) : Double(DispatchTime.now().uptimeNanoseconds) / 1e9
}

/// One workload's program in a fresh session, stepped by cells `for _k in 0..<n { step() }`.
final class CajalStepper {
    let workload: TrainWorkload
    private let interpreter: Interpreter

    init(_ workload: TrainWorkload, sentinel: Bool = true) throws {
        var messages: [String] = []
        interpreter = Interpreter(seed: 0, output: { _ in }, onDiagnostic: { messages.append($0.description) })
        interpreter.nanSentinel = sentinel
        self.workload = workload
        let path = workloadFolder.appendingPathComponent(workload.file).path
        guard interpreter.runFile(path) == .success else {
            throw TrainBenchError(description: "\(workload.file) failed:\n" + messages.joined(separator: "\n"))
        }
    }

    @discardableResult
    func run(_ source: String) throws -> String {
        let result = interpreter.evaluate(source, name: workload.file)
        guard result.outcome == .success else {
            throw TrainBenchError(description: "\(workload.file): `\(source)` failed:\n"
                + result.diagnostics.map(\.description).joined(separator: "\n"))
        }
        return result.display ?? ""
    }

    /// One step, its loss as text.
    func loss() throws -> String { try run("float(step())") }

    /// Warm-up: at least 0.3 s and 3 steps, in loops of doubling length (one cell per loop, so
    /// a cell's compile and collection are spread over many steps). Returns the last loop's
    /// seconds per step, which sizes the inner loop, and the fastest loop's.
    func warmUp() throws -> (last: Double, fastest: Double) {
        let start = seconds()
        var (steps, chunk, perStep, fastest) = (0, 1, 0.0, Double.infinity)
        while steps < 3 || seconds() - start < 0.3 {
            let t0 = seconds()
            try run("for _k in 0..<\(chunk) { step() }")
            perStep = (seconds() - t0) / Double(chunk)
            fastest = min(fastest, perStep)
            steps += chunk
            if perStep * Double(chunk) < 0.01 { chunk *= 2 }
        }
        return (perStep, fastest)
    }

    /// Seconds for one repetition of `steps` steps in one cell.
    func repetition(_ steps: Int) throws -> Double {
        let t0 = seconds()
        try run("for _k in 0..<\(steps) { step() }")
        return seconds() - t0
    }
}

/// The inner loop's length: one repetition lasts at least 10 ms.
func innerSteps(_ perStep: Double) -> Int { max(1, Int(0.01 / perStep)) }

/// The q-quantile of sorted values, interpolated linearly between neighbours (NumPy's default).
func quantile(_ sorted: [Double], _ q: Double) -> Double {
    let position = q * Double(sorted.count - 1)
    let low = Int(position.rounded(.down)), high = min(low + 1, sorted.count - 1)
    return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
}

/// Runs one workload's program in a fresh session, then times `step()` by the reference rules.
/// Returns the timing and the loss of the first and the last step (a sign it trains).
func timeCajalWorkload(_ workload: TrainWorkload, reps: Int, sentinel: Bool = true) throws -> (StepTiming, String, String, Double) {
    let cajal = try CajalStepper(workload, sentinel: sentinel)
    let firstLoss = try cajal.loss()
    let inner = innerSteps(try cajal.warmUp().last)
    var times: [Double] = []
    let fresh0 = tensorStorageCounts().fresh
    for _ in 0..<reps {
        times.append(try cajal.repetition(inner) / Double(inner))
    }
    let fresh = Double(tensorStorageCounts().fresh - fresh0) / Double(reps * inner)
    let lastLoss = try cajal.loss()
    times.sort()
    return (StepTiming(median: times[times.count / 2] * 1e3, min: times[0] * 1e3, reps: reps, inner: inner),
            firstLoss, lastLoss, fresh)
}

/// PyTorch's side as a coprocess: reference/train_torch.py --serve, which keeps its models
/// between commands. Nil when python3 or torch is missing.
final class TorchServer {
    private let script: ServeScript
    /// The script's first line after `ready `: `torch=… threads=… clock=…`.
    var banner: String { script.banner }

    init?(cpu: Bool) {
        let path = scalarReference.appendingPathComponent("train_torch.py").path
        guard let script = ServeScript(["python3", path, "--serve"] + (cpu ? ["--cpu"] : [])) else { return nil }
        self.script = script
    }

    /// Builds the workload once, warms it up by the reference rules; seconds of its fastest step.
    func warmUp(_ name: String) throws -> Double { try script.number("warm \(name)", expecting: "warm", "fastest_s") }

    /// Seconds for one repetition of `steps` steps, after a busy wait of `settle` seconds in
    /// the coprocess (none at 0).
    func repetition(_ name: String, _ steps: Int, settle: Double = 0) throws -> Double {
        let command = "run \(name) \(steps)" + (settle > 0 ? String(format: " settle_s=%.3f", settle) : "")
        return try script.number(command, expecting: "run", "seconds")
    }
}

/// One workload measured in pairs: Cajal's and PyTorch's timing and the sorted per-pair ratios.
struct PairedTiming {
    var cajal: StepTiming
    var torch: StepTiming
    var ratios: [Double]
    var firstLoss: String
    var lastLoss: String
    var fresh: Double
}

/// Between one side's repetition and the other's. After a parallel region PyTorch's OpenMP
/// threads spin before they sleep (libgomp's GOMP_SPINCOUNT), and so do Cajal's worker pool
/// and OpenBLAS's idle threads: without a gap the side that just finished would still hold
/// a core while the other side's repetition runs. 20 ms lets both go quiet.
let pauseBetweenSides: useconds_t = 20_000

/// How the gap before each side's repetition is spent (`--pause`).
enum PauseMode: String {
    /// The side about to run busy-waits through the gap on its own thread (Cajal here,
    /// PyTorch in its coprocess: `run W K settle_s=0.02`) while the other side's threads go
    /// quiet, then times its repetition with its core awake, as in a training loop. The
    /// default since session 14: this VM's vCPU, left idle for 20 ms, runs the next
    /// milliseconds slower, so the sleep measured a waking machine (under load, lstm_b32 alone:
    /// 2.45 ms a step back to back, 3.6–4.0 after a 20 ms sleep, 2.7 after a 20 ms spin; on a
    /// quiet machine both sides gain a few per cent and the ratios stay: docs/performance.md).
    case spin
    /// Both sides sleep through the gap (sessions 9–13's way, kept to compare).
    case sleep
}

/// The gap before Cajal's repetition: a sleep, or a busy wait on this thread.
func pauseBeforeCajal(_ mode: PauseMode) {
    switch mode {
    case .sleep: usleep(pauseBetweenSides)
    case .spin:
        let end = seconds() + Double(pauseBetweenSides) / 1e6
        while seconds() < end {}
    }
}

/// Times `workload` against PyTorch's `torchName(workload)` in pairs: both sides warmed up and
/// their inner loops sized to >= 10 ms, then `reps` times a pause (`PauseMode`), a
/// repetition of Cajal, a pause, a repetition of PyTorch. The two halves of a pair are a few
/// milliseconds apart, so the machine's drift (1.7x over a minute on the shared VM) is nearly
/// the same for both and cancels in the pair's ratio.
func timePaired(_ workload: TrainWorkload, reps: Int, torch: TorchServer, pause: PauseMode) throws -> PairedTiming {
    let cajal = try CajalStepper(workload)
    let name = torchName(workload.name)
    let firstLoss = try cajal.loss()
    // Each inner loop sized by the fastest warm-up loop (the script's fastest call), so that a
    // repetition lasts >= 10 ms even when the machine was slow during the warm-up.
    let cajalInner = innerSteps(try cajal.warmUp().fastest)
    let torchInner = innerSteps(try torch.warmUp(name))
    var cajalTimes: [Double] = [], torchTimes: [Double] = [], ratios: [Double] = []
    let fresh0 = tensorStorageCounts().fresh
    for _ in 0..<reps {
        pauseBeforeCajal(pause)
        let c = try cajal.repetition(cajalInner) / Double(cajalInner)
        if pause == .sleep { usleep(pauseBetweenSides) }
        let settle = pause == .spin ? Double(pauseBetweenSides) / 1e6 : 0
        let t = try torch.repetition(name, torchInner, settle: settle) / Double(torchInner)
        cajalTimes.append(c)
        torchTimes.append(t)
        ratios.append(c / t)
    }
    let fresh = Double(tensorStorageCounts().fresh - fresh0) / Double(reps * cajalInner)
    let lastLoss = try cajal.loss()
    func timing(_ times: [Double], _ inner: Int) -> StepTiming {
        let sorted = times.sorted()
        return StepTiming(median: quantile(sorted, 0.5) * 1e3, min: sorted[0] * 1e3, reps: reps, inner: inner)
    }
    return PairedTiming(cajal: timing(cajalTimes, cajalInner), torch: timing(torchTimes, torchInner),
                        ratios: ratios.sorted(), firstLoss: firstLoss, lastLoss: lastLoss, fresh: fresh)
}

/// Runs a workload's setup and 3 warm-up steps, then `steps` steps in one loop; returns the
/// loop's process CPU seconds. Under callgrind, `--toggle-collect='*measuredStepLoop*'`
/// counts the loop's instructions only (the setup differs in nothing but the sentinel flag).
@inline(never)
func measuredTrainingSteps(_ workload: TrainWorkload, steps: Int, sentinel: Bool) throws -> Double {
    let interpreter = Interpreter(seed: 0, output: { _ in })
    interpreter.nanSentinel = sentinel
    let path = workloadFolder.appendingPathComponent(workload.file).path
    guard interpreter.runFile(path) == .success,
          interpreter.evaluate("for _k in 0..<3 { step() }").outcome == .success else {
        throw TrainBenchError(description: "\(workload.file) failed")
    }
    return try measuredStepLoop(interpreter, steps)
}

@inline(never)
private func measuredStepLoop(_ interpreter: Interpreter, _ steps: Int) throws -> Double {
    let t0 = Double(clock()) / Double(CLOCKS_PER_SEC)
    guard interpreter.evaluate("for _k in 0..<\(steps) { step() }").outcome == .success else {
        throw TrainBenchError(description: "the step loop failed")
    }
    return Double(clock()) / Double(CLOCKS_PER_SEC) - t0
}

/// The PyTorch rows from reference/train_torch.py, or nil when python3 or torch is missing.
func timeTorchWorkloads(_ names: [String]) -> (text: String, rows: [String: StepTiming])? {
    let args = [names.joined(separator: ",")] + (useCPUTime ? ["--cpu"] : [])
    guard let (text, _) = runExternal("python3", "train_torch.py", arguments: args) else {
        return nil
    }
    var rows: [String: StepTiming] = [:]
    for line in text.split(separator: "\n") where line.hasPrefix("workload=") {
        let f = fields(line)
        guard let name = f["workload"], let med = f["median_ms"].flatMap(Double.init),
              let mn = f["min_ms"].flatMap(Double.init) else { continue }
        let shape = (f["reps"] ?? "0x0").split(separator: "x").compactMap { Int($0) }
        rows[name] = StepTiming(median: med, min: mn, reps: shape.first ?? 0, inner: shape.last ?? 0)
    }
    return (text, rows)
}

/// Options of `cajal-bench train`.
struct TrainOptions {
    var only: [String]? = nil
    var reps = 25
    var torch = true
    var cpu = false
    var wallOnly = false
    /// The old way: all of Cajal's workloads, then train_torch.py's in one batch (the ratios
    /// then carry whatever the machine's speed did in between).
    var unpaired = false
    /// How the gap before each side's paired repetition is spent (`--pause spin|sleep`).
    var pause = PauseMode.spin
    /// Times each workload with the NaN/Inf sentinel off and on, alternating, and prints its cost.
    var sentinelCost = false
    /// `--steps N`: run N steps once, for instruction counting, with the sentinel `sentinel`.
    var steps: Int? = nil
    var sentinel = true

    init(_ args: [String]) throws {
        var rest = args[...]
        while let arg = rest.popFirst() {
            switch arg {
            case "--only": only = try onlyList(rest.popFirst(), known: trainWorkloads.map(\.name))
            case "--reps": reps = try positiveCount(rest.popFirst(), "--reps")
            case "--no-torch": torch = false
            case "--cpu": cpu = true
            case "--wall": wallOnly = true
            case "--unpaired": unpaired = true
            case "--pause":
                guard let mode = rest.popFirst().flatMap(PauseMode.init(rawValue:)) else {
                    throw TrainBenchError(description: "--pause needs spin or sleep")
                }
                pause = mode
            case "--sentinel-cost": sentinelCost = true
            case "--steps": steps = try positiveCount(rest.popFirst(), "--steps")
            case "--sentinel":
                switch rest.popFirst() {
                case "on": sentinel = true
                case "off": sentinel = false
                default: throw TrainBenchError(description: "--sentinel needs on or off")
                }
            default: throw TrainBenchError(description: "unknown option \(arg) (--only, --reps, --no-torch, --cpu, --wall, --unpaired, --pause, --sentinel-cost, --steps, --sentinel)")
            }
        }
    }
}

/// The workload names of `--only a,b`, each one of `known`.
func onlyList(_ value: String?, known: [String]) throws -> [String] {
    guard let value else { throw TrainBenchError(description: "--only needs a list") }
    let names = value.split(separator: ",").map(String.init)
    if let unknown = names.first(where: { !known.contains($0) }) {
        throw TrainBenchError(description: "unknown workload \(unknown); known: " + known.joined(separator: ", "))
    }
    return names
}

/// The value of an option that takes a positive whole number (`--reps 25`).
func positiveCount(_ value: String?, _ option: String) throws -> Int {
    guard let v = value.flatMap(Int.init), v > 0 else { throw TrainBenchError(description: "\(option) needs a positive integer") }
    return v
}

func runTrainBench(_ args: [String]) throws {
    let options = try TrainOptions(args)
    useCPUTime = options.cpu
    let chosen = trainWorkloads.filter { options.only?.contains($0.name) ?? true }
    if options.sentinelCost { return try runSentinelCost(chosen, reps: options.reps) }
    if let n = options.steps {
        for w in chosen {
            let cpu = try measuredTrainingSteps(w, steps: n, sentinel: options.sentinel)
            print(String(format: "workload=%@ sentinel=%@ steps=%d cpu_ms_per_step=%.4f",
                         w.name, options.sentinel ? "on" : "off", n, cpu * 1e3 / Double(n)))
        }
        return
    }
    // One run, two measurements: wall clock at default threads on both sides, then process
    // CPU time on one thread on both sides (OpenBLAS and the pool set to 1 in this process,
    // PyTorch's coprocess started with --cpu). --cpu or --wall runs only one of them.
    let phases: [Bool] = options.cpu ? [true] : options.wallOnly ? [false] : [false, true]
    let defaultThreads = computeThreads
    var tables: [(cpu: Bool, rows: [String: TrainRow])] = []
    for cpu in phases {
        useCPUTime = cpu
        setComputeThreads(cpu ? 1 : defaultThreads)
        print("# \(cpu ? "one thread, process CPU time" : "default threads, wall clock"): Cajal on \(computeThreads) thread(s); "
            + "workloads/*.cajal through the Interpreter (raw builtins, no prelude), "
            + "OPENBLAS_CORETYPE=\(ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] ?? "unset"), "
            + "load average \(loadAverage())")
        let server = options.torch && !options.unpaired ? TorchServer(cpu: cpu) : nil
        if let server {
            print("# PyTorch: reference/train_torch.py --serve, \(server.banner); "
                + "pairs of repetitions, Cajal then PyTorch, each after a \(pauseBetweenSides / 1000) ms "
                + (options.pause == .spin ? "busy wait on its own thread (--pause spin)" : "sleep of both (--pause sleep)"))
        } else if options.torch && !options.unpaired {
            print("# PyTorch not available (python3 or torch missing): Cajal's column only")
        }
        var rows: [String: TrainRow] = [:]
        for w in chosen {
            func cajalLine(_ t: StepTiming, _ fresh: Double, _ first: String, _ last: String) {
                print(String(format: "workload=%@ framework=cajal median_ms=%.4f min_ms=%.4f reps=%dx%d fresh_buffers_per_step=%.2f",
                             w.name, t.median, t.min, t.reps, t.inner, fresh)
                      + " loss_first=\(first) loss_last=\(last)")
            }
            do {
                if let server {
                    let p = try timePaired(w, reps: options.reps, torch: server, pause: options.pause)
                    cajalLine(p.cajal, p.fresh, p.firstLoss, p.lastLoss)
                    print(String(format: "workload=%@ framework=torch median_ms=%.4f min_ms=%.4f reps=%dx%d paired_with=%@",
                                 torchName(w.name), p.torch.median, p.torch.min, p.torch.reps, p.torch.inner, w.name))
                    let (q1, med, q3) = (quantile(p.ratios, 0.25), quantile(p.ratios, 0.5), quantile(p.ratios, 0.75))
                    print(String(format: "workload=%@ pairs=%d ratio_median=%.4f ratio_q1=%.4f ratio_q3=%.4f ratio_min=%.4f ratio_max=%.4f",
                                 w.name, p.ratios.count, med, q1, q3, p.ratios.first!, p.ratios.last!))
                    rows[w.name] = TrainRow(cajal: p.cajal, torch: p.torch, pairRatio: (q1, med, q3))
                } else {
                    let (timing, first, last, fresh) = try timeCajalWorkload(w, reps: options.reps)
                    cajalLine(timing, fresh, first, last)
                    rows[w.name] = TrainRow(cajal: timing)
                }
            } catch {
                print("# \(w.name): \(error)")   // e.g. a builtin this build lacks; the row stays empty
            }
        }
        if options.torch && options.unpaired {
            let torchNames = chosen.map { torchName($0.name) }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            if let torch = timeTorchWorkloads(torchNames) {
                print(torch.text, terminator: "")
                for w in chosen { rows[w.name]?.torch = torch.rows[torchName(w.name)] }
            } else {
                print("# PyTorch not available (python3 or torch missing): Cajal's column only")
            }
        }
        tables.append((cpu, rows))
    }
    setComputeThreads(defaultThreads)
    for (cpu, rows) in tables {
        print("")
        print(cpu ? "One thread each, process CPU time (PyTorch torch.set_num_threads(1), Cajal OpenBLAS and pool at 1):"
                  : "Default threads, wall clock (PyTorch's default, Cajal on \(defaultThreads)):")
        let paired = rows.values.contains { $0.pairRatio != nil }
        print(paired ? "workload          cajal median  torch median  ratio: median of pairs  (q1 - q3)"
                     : "workload          cajal median  cajal min  torch median  torch min  ratio median  ratio min")
        for w in chosen {
            var line = w.name.padding(toLength: 16, withPad: " ", startingAt: 0)
            guard let row = rows[w.name] else {
                print(line + "  (failed)")
                continue
            }
            let c = row.cajal
            if let r = row.pairRatio, let t = row.torch {
                line += String(format: "  %12.4f  %12.4f  %22.2f  (%.2f - %.2f)", c.median, t.median, r.median, r.q1, r.q3)
            } else {
                line += paired ? String(format: "  %12.4f", c.median) : String(format: "  %12.4f  %9.4f", c.median, c.min)
                if let t = row.torch {
                    line += String(format: "  %12.4f  %9.4f  %12.2f  %9.2f", t.median, t.min, c.median / t.median, c.min / t.min)
                }
            }
            print(line)
        }
    }
    print(options.unpaired || !tables.contains { $0.rows.values.contains { $0.pairRatio != nil } }
          ? "(ms per training step; ratio below 1: Cajal is faster; one machine, one run)"
          : "(ms per training step, median of \(options.reps) repetitions; ratio below 1: Cajal is faster; each pair's ratio is "
            + "Cajal's repetition over PyTorch's right after it, and the table gives the median and quartiles of those ratios)")
}

/// One row of a table: Cajal's timing, PyTorch's, and in the paired way the quartiles of the
/// per-pair ratios.
struct TrainRow {
    var cajal: StepTiming
    var torch: StepTiming? = nil
    var pairRatio: (q1: Double, median: Double, q3: Double)? = nil
}

/// `cajal-bench train --sentinel-cost`: each workload timed with the NaN/Inf sentinel off
/// ("before") and on ("after"), alternating over three rounds in one process; the best median
/// of each side and the sentinel's cost in percent of a training step.
func runSentinelCost(_ chosen: [TrainWorkload], reps: Int) throws {
    print("workload          sentinel off  sentinel on   cost (ms per step, best median of 3 rounds)")
    for w in chosen {
        var off = Double.infinity, on = Double.infinity
        for _ in 0..<3 {
            off = min(off, try timeCajalWorkload(w, reps: reps, sentinel: false).0.median)
            on = min(on, try timeCajalWorkload(w, reps: reps, sentinel: true).0.median)
        }
        print(w.name.padding(toLength: 16, withPad: " ", startingAt: 0)
              + String(format: "  %12.4f  %11.4f  %+5.1f %%", off, on, (on / off - 1) * 100))
    }
}
