// Run: `cajal run [--seed N] [--memory SIZE] [--dump-bytecode] FILE`, a .cajal file straight through.
import ArgumentParser
import Diagnostics
import Foundation
import Interpreter
import TensorCore

extension Cajal {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run a .cajal file.",
            discussion: """
                Examples:
                  cajal run lessons/04-backprop/lesson.cajal
                  cajal run --seed 7 lessons/04-backprop/lesson.cajal   (another random stream)
                  cajal run --dump-bytecode model.cajal                 (the bytecode, not run)
                  cajal run --memory 256MiB solution.cajal              (under a grader's memory limit)

                A lesson runs as a plain script: its `# %%` and `#>` lines are comments, so its \
                recorded outputs are not compared; `cajal lesson --check N` compares them.

                Exit codes: 0 ok, 64 usage, 65 static error (syntax, names, an unreadable file), \
                70 runtime error.
                """
        )

        @Option(help: ArgumentHelp("Seed the random generator first.", valueName: "n"))
        var seed: UInt64 = 0

        @Option(help: ArgumentHelp("Stop when the tensors, lists and strings kept alive take more than this, as the grader's memory limit does (256MiB, 1G, bytes).", valueName: "size"))
        var memory: String?

        @Flag(help: "List the bytecode without running the file.")
        var dumpBytecode = false

        @Argument(help: "The .cajal file.", completion: .file(extensions: ["cajal"]))
        var file: String

        func run() throws {
            let (seed, dump, path) = (seed, dumpBytecode, file)
            let budget = try memory.map { text in
                guard let b = MemoryLimit.parse(text) else {
                    throw ValidationError("--memory takes a size such as 256MiB, 1G or a number of bytes, not '\(text)'")
                }
                return b
            }
            try finish(onBigStack { runFile(path, seed: seed, dump: dump, memory: budget) })
        }
    }
}

/// Runs (or with `dump`, disassembles) the file at `path`; the exit status.
func runFile(_ path: String, seed: UInt64, dump: Bool, memory: Int? = nil) -> Int32 {
    let out = OutputBuffer()
    let color = ColorPolicy.decide(environment: ProcessInfo.processInfo.environment, isTerminal: isatty(2) != 0).enabled
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
    if let memory {
        interpreter.beginMemoryBudget(memory)
        interpreter.collectionThreshold = min(interpreter.collectionThreshold, max(1 << 20, memory / 8))
    }
    let outcome = interpreter.runFile(path)
    out.flush()
    return outcome.exitCode
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
