// The cajal executable: parses the command line and hands off to a room. Commands are rows in
// one table (name, usage, summary, handler) so `repl`, `lesson`, `check`, `grade` and `export`
// slot in beside `run`. Exit codes: 0 ok, 64 usage, 65 static error, 70 runtime error.
import Diagnostics
import Foundation
import Grader
import Interpreter
import Notebook
import REPL
import TensorCore

let version = "cajal 0.1.0"

struct Command {
    let name: String
    let usage: String
    let summary: String
    let run: ([String]) -> Int32
}

/// Writes to standard error.
func printError(_ s: String) {
    FileHandle.standardError.write((s + "\n").data(using: .utf8)!)
}

func usageError(_ message: String) -> Int32 {
    printError("cajal: \(message)\nrun 'cajal --help' for usage")
    return 64
}

/// Standard output, buffered (print-heavy programs stay fast), flushed before errors.
final class OutputBuffer: @unchecked Sendable {
    var bytes: [UInt8] = []
    func write(_ s: String) {
        bytes.append(contentsOf: s.utf8)
        if bytes.count > 1 << 16 { flush() }
    }
    func flush() {
        guard !bytes.isEmpty else { return }
        bytes.withUnsafeBufferPointer { p in _ = Glibc.write(1, p.baseAddress, p.count) }
        bytes.removeAll(keepingCapacity: true)
    }
}

/// Runs `body` on a thread with a big stack (512 MiB, reserved, not used): builtins that call
/// back into Cajal (grad, fit, sort by key) recurse natively. Under a tight address-space limit
/// (`ulimit -v`) a smaller stack is chosen, down to 32 MiB (the parser keeps trees shallow enough
/// for the main thread's 8 MiB); when even that cannot start, a clear message, never a hang.
func onBigStack(_ body: @escaping @Sendable () -> Int32) -> Int32 {
    final class Box: @unchecked Sendable {
        var value: Int32 = 0
        let body: @Sendable () -> Int32
        init(_ body: @escaping @Sendable () -> Int32) { self.body = body }
    }
    let box = Box(body)
    var limit = rlimit()
    getrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit)
    // The stack is reserved address space. Besides it a run reserves about 400 MB (the
    // interpreter's 64 MiB value stack, OpenBLAS's buffers, malloc arenas, the libraries):
    // under a limit, the biggest stack that leaves that much, plus room for tensors.
    let sizes = [512, 256, 128, 64, 32].filter { limit.rlim_cur == rlim_t.max || rlim_t(($0 + 448) << 20) <= limit.rlim_cur }
    for megabytes in sizes {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, megabytes << 20)
        var thread = pthread_t()
        let context = Unmanaged.passRetained(box).toOpaque()
        let started = pthread_create(&thread, &attributes, { raw in
            let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
            box.value = box.body()
            return nil
        }, context)
        guard started == 0 else {
            Unmanaged<Box>.fromOpaque(context).release()
            continue
        }
        pthread_join(thread, nil)
        return box.value
    }
    let shown = limit.rlim_cur == rlim_t.max ? "" : " (ulimit -v is \(limit.rlim_cur >> 20) MB)"
    printError("cajal: not enough address space to start\(shown); cajal needs at least 480 MB")
    return 71
}

func runCommand(_ args: [String]) -> Int32 {
    onBigStack { runCommandOnThisThread(args) }
}

func runCommandOnThisThread(_ args: [String]) -> Int32 {
    var seed: UInt64 = 0
    var dump = false
    var file: String?
    var i = 0
    while i < args.count {
        let a = args[i]
        switch a {
        case "--seed":
            guard i + 1 < args.count, let n = UInt64(args[i + 1]) else {
                return usageError("--seed needs a non-negative whole number")
            }
            seed = n
            i += 1
        case "--dump-bytecode": dump = true
        default:
            if a.hasPrefix("-") && a != "-" { return usageError("unknown option '\(a)' for 'run'") }
            if file != nil { return usageError("'run' takes one file, got '\(file!)' and '\(a)'") }
            file = a
        }
        i += 1
    }
    guard let path = file else { return usageError("'run' needs a file: cajal run [--seed N] FILE") }
    let out = OutputBuffer()
    let color = isatty(2) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    let renderer = DiagnosticRenderer(color: color)
    let interpreter = Interpreter(seed: seed, output: { out.write($0) }, onDiagnostic: { d in
        out.flush()
        printError(renderer.render(d))
    })
    // Live plots and the progress line redraw the terminal: buffered prints must be out first.
    interpreter.flushOutput = { out.flush() }
    if dump {
        switch interpreter.disassembleFile(path) {
        case .success(let text):
            out.write(text)
            out.flush()
            return 0
        case .failure(let list):
            list.diagnostics.forEach { printError(renderer.render($0)) }
            return 65
        }
    }
    Interpreter.installInterruptHandler()
    interpreter.drawFiguresForTerminal()
    let outcome = interpreter.runFile(path)
    out.flush()
    return outcome.exitCode
}

nonisolated(unsafe) let commands: [Command] = [
    Command(name: "run", usage: "cajal run [--seed N] [--dump-bytecode] FILE",
            summary: "run a .cajal file (--seed sets the random generator first)", run: runCommand),
    Command(name: "exercises", usage: "cajal exercises [--root DIR]",
            summary: "list the exercises and your progress", run: { a in onBigStack { LearnerCommands.run("exercises", a) } }),
    Command(name: "check", usage: "cajal check [--root DIR] EXERCISE",
            summary: "run an exercise's visible checks on your answer.cajal", run: { a in onBigStack { LearnerCommands.run("check", a) } }),
    Command(name: "hint", usage: "cajal hint [--root DIR] EXERCISE",
            summary: "the next hint for the first failing check", run: { a in onBigStack { LearnerCommands.run("hint", a) } }),
    Command(name: "reset", usage: "cajal reset [--root DIR] EXERCISE",
            summary: "start an exercise over from its starter", run: { a in onBigStack { LearnerCommands.run("reset", a) } }),
    Command(name: "solution", usage: "cajal solution [--root DIR] EXERCISE",
            summary: "show the reference solution (after the visible checks pass)", run: { a in onBigStack { LearnerCommands.run("solution", a) } }),
    Command(name: "grade", usage: GradeCommand.usage,
            summary: "grade a submission with every check, hidden ones too (teachers)", run: { a in onBigStack { GradeCommand.run(a) } }),
    Command(name: "lesson", usage: NotebookCommands.lessonUsage,
            summary: "list the lessons, or run one cell by cell (--check: against its recorded outputs)",
            // On the main thread, like the REPL it can open (readline and the REPL are main-thread only).
            run: { a in NotebookCommands.lesson(a, openREPL: { _ = startREPL(session: $0) }) }),
    Command(name: "export", usage: NotebookCommands.exportUsage,
            summary: "a lesson as a self-contained HTML page or a Jupyter notebook", run: { a in onBigStack { NotebookCommands.export(a) } }),
]

func helpText() -> String {
    var lines = [version, "", "usage:", "  cajal"]
    // A usage may run over several lines, indented to follow "usage: " in its own errors.
    for c in commands {
        lines += c.usage.split(separator: "\n").map { "  " + $0.drop(while: { $0 == " " }) }
    }
    lines += ["  cajal --version", "  cajal --help", "", "commands:"]
    let width = commands.map(\.name.count).max()! + 2
    let rows = [("(none)", "the interactive REPL (:help inside it)")] + commands.map { ($0.name, $0.summary) }
    for (name, summary) in rows { lines.append("  " + name.padding(toLength: width, withPad: " ", startingAt: 0) + summary) }
    lines += ["", "guides: docs/*.md in the repository (language, builtins, nn, training, plots, notebooks, exercises)",
              "exit codes: 0 ok, 64 usage, 65 static error, 70 runtime error"]
    return lines.joined(separator: "\n")
}

func main() -> Int32 {
    let args = Array(CommandLine.arguments.dropFirst())
    guard let first = args.first else { return startREPL() }
    switch first {
    case "--version", "-V": print(version); return 0
    case "--help", "-h", "help": print(helpText()); return 0
    // Hidden: `cajal grade` runs each submission in a child `cajal __grade-worker` (Isolation.swift).
    case Isolation.workerCommand: return onBigStack { Isolation.worker(Array(args.dropFirst())) }
    default:
        if let c = commands.first(where: { $0.name == first }) { return c.run(Array(args.dropFirst())) }
        if first.hasSuffix(".cajal") { return usageError("to run a file: cajal run \(first)") }
        return usageError("unknown command '\(first)'")
    }
}

useFastBLASKernel()   // may restart the process once with OPENBLAS_CORETYPE=SkylakeX or Haswell
exit(main())
