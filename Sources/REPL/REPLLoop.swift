// REPLLoop: read a cell (continuing while brackets or blocks are open), run it or its
// :command, show the result; repeat until end of input or :quit. No error ends the loop.
import CInterrupt
import Diagnostics

@MainActor
public final class REPLLoop {
    let engine: REPLEngine
    let console: Console
    /// Prompts and banner on a terminal; none when reading a pipe.
    let interactive: Bool
    /// Cells run so far; names the next one (`<cell 4>`).
    var cellCount = 0
    /// The worst failure so far, for the exit status of a piped session.
    private(set) var worstFailure: FailureKind?

    enum Step { case proceed, quit }

    private enum CellRead { case cell(String), cancelled, eof }

    public init(engine: REPLEngine, console: Console, interactive: Bool) {
        self.engine = engine
        self.console = console
        self.interactive = interactive
    }

    var primaryPrompt: String { console.outColor.paintPrompt("cajal>", Palette.prompt) + " " }
    var continuationPrompt: String { console.outColor.paintPrompt("  ...>", Palette.dim) + " " }

    /// Runs until end of input or `:quit`. Returns the exit status: 0 on a terminal; for piped
    /// input 0 when everything succeeded, else the worst failure's code (70 runtime over 65
    /// static over 64 usage).
    func run(_ source: LineSource) -> Int32 {
        while true {
            switch readCell(source) {
            case .eof:
                return exitStatus
            case .cancelled: continue
            case .cell(let text):
                source.remember(text)
                if handle(text) == .quit { return exitStatus }
            }
        }
    }

    var exitStatus: Int32 { interactive ? 0 : worstFailure?.rawValue ?? 0 }

    /// Reads lines until they form a complete cell. A `:command` is always one line. Two blank
    /// lines in a row submit what is open, so the error says what is missing.
    private func readCell(_ source: LineSource) -> CellRead {
        var lines: [String] = []
        var blankRun = 0
        while true {
            switch source.read(prompt: lines.isEmpty ? primaryPrompt : continuationPrompt) {
            case .interrupted:
                return .cancelled
            case .eof:
                // Ctrl-D in the middle of a cell runs what is there, so the error shows it.
                return lines.isEmpty ? .eof : .cell(lines.joined(separator: "\n"))
            case .line(let line):
                let blank = line.allSatisfy(\.isWhitespace)
                if lines.isEmpty && blank { continue }
                if lines.isEmpty && line.drop(while: \.isWhitespace).hasPrefix(":") { return .cell(line) }
                lines.append(line)
                blankRun = blank ? blankRun + 1 : 0
                let text = lines.joined(separator: "\n")
                if blankRun >= 2 || engine.status(of: text) != .incomplete { return .cell(text) }
            }
        }
    }

    /// Runs one cell or command and shows what came back.
    func handle(_ text: String) -> Step {
        let trimmed = text.drop(while: \.isWhitespace)
        if trimmed.hasPrefix(":") { return runCommand(String(trimmed)) }
        cellCount += 1
        _ = cajal_take_interrupt()  // a Ctrl-C pressed before this cell is not for it
        show(engine.run(text, name: "<cell \(cellCount)>"))
        return .proceed
    }

    /// Prints a reply: text to stdout; errors, interruptions and notices to stderr.
    func show(_ reply: EngineReply) {
        switch reply {
        case .text(let text?):
            console.line(text)
        case .text(nil):
            break
        case .failed(let diagnostics, let kind):
            let renderer = DiagnosticRenderer(color: console.errColor.enabled)
            for d in diagnostics { console.errorLine(renderer.render(d)) }
            fail(kind)
        case .interrupted:
            if interactive { console.errorLine("") }  // the terminal echoed ^C after the input
            console.errorLine(
                console.errColor.paint("interrupted", Palette.error)
                    + ": computation abandoned; your variables are kept")
            fail(.runtime)
        }
        console.flush()
    }

    /// Shows a problem with a command (usage, bad argument) and remembers it for the exit status.
    func usageError(_ message: String, hint: String? = nil) {
        console.errorLine(console.errColor.paint("error:", Palette.error) + " " + message)
        if let hint { console.errorLine(console.errColor.paint("hint:", "1;36") + " " + hint) }
        fail(.usage)
    }

    func fail(_ kind: FailureKind) {
        worstFailure = max(worstFailure ?? kind, kind)
    }
}
