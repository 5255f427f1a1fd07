// LessonPlayer: `cajal lesson N`, a lesson cell by cell. Prose is rendered for the terminal;
// each code cell is shown, then run on Enter with its output and plots inline. Keys: Enter
// runs the cell (or goes on), `r` opens the REPL on the lesson's own session (every variable
// live; leaving it comes back here), `q` quits. Progress is saved after every cell. On a
// terminal, live plots (`fit(..., live: true)`) are redrawn in place while their cell runs.
// Keys come from a `KeySource`: single keypresses on a terminal, lines from a pipe (so tests
// can script a walk); at the end of piped input the rest of the lesson runs without waiting.
import Foundation
import Interpreter
import Plot

/// What the learner pressed.
public enum LessonKey: Equatable, Sendable {
    case next, repl, quit, end
}

/// Where keys come from.
public protocol KeySource {
    mutating func next() -> LessonKey
}

public struct LessonPlayer {
    public var lesson: Lesson
    public var slug: String
    public var fileName: String
    public var style: TerminalStyle
    public var figureOptions: TerminalOptions
    public var write: (String) -> Void
    /// Opens the REPL on the lesson's session and returns when the learner leaves it; nil when
    /// the REPL is not available (the `r` key then says so).
    public var openREPL: ((Interpreter) -> Void)?
    public var progress: ProgressFile?
    /// Adjusts a figure before it is drawn (the command fits default-size figures to the window).
    public var fitFigure: (Figure) -> Figure = { $0 }
    /// Draw `plot(..., live: true)` frames (and `fit(..., live: true)` curves) in place while the
    /// cell runs; set when standard output is a terminal. Otherwise a cell shows its last live
    /// figure once, when it ends.
    public var liveFigures = false
    /// Fit live frames of the default size to the window (as `fitFigure` does for the others).
    public var liveFiguresFitWindow = false

    public init(lesson: Lesson, slug: String, fileName: String, style: TerminalStyle, figureOptions: TerminalOptions,
                write: @escaping (String) -> Void, openREPL: ((Interpreter) -> Void)?, progress: ProgressFile?) {
        self.lesson = lesson
        self.slug = slug
        self.fileName = fileName
        self.style = style
        self.figureOptions = figureOptions
        self.write = write
        self.openREPL = openREPL
        self.progress = progress
    }

    /// Plays the lesson; returns 0 (finished or quit) or 70 when a cell failed unexpectedly
    /// and the learner quit there. `resumeAfter` code cells run again quietly first (their prose and output are not shown),
    /// so a learner who quit comes back where they were with every variable restored.
    public mutating func play(keys: inout some KeySource, seed: UInt64? = nil, resumeAfter: Int = 0) -> Int32 {
        let out = write
        let options = figureOptions
        let fit = fitFigure
        let mute = MuteSwitch()
        let session = LessonSession(seed: seed ?? lesson.seed ?? 0, fileName: fileName) { item in
            if mute.on { return }
            switch item {
            case .stream(let s): out(s)
            case .value(let s): out(s + "\n")
            case .figure(let f): out(fit(f).terminal(options) + "\n")
            case .error(let s): out(s.hasSuffix("\n") ? s : s + "\n")
            }
        }
        if liveFigures {
            session.interpreter.figureOptions = options
            session.interpreter.fitsFiguresToWindow = liveFiguresFitWindow
            session.interpreter.drawsLiveFiguresInPlace = true
        }
        let total = lesson.codeCells.count
        var done = 0
        var waiting = true
        var status: Int32 = 0
        var resume = min(resumeAfter, total)
        if resume > 0 {
            write(paint("resuming at cell \(resume + 1) of \(total): the first \(resume) ran again quietly "
                        + "(cajal lesson \(slug) --restart starts over)", "2") + "\n\n")
        }
        for cell in lesson.cells {
            if cell.kind == .markdown {
                if done >= resume { write(Markdown.terminal(Markdown.parse(cell.source), style: style) + "\n") }
                continue
            }
            done += 1
            if done <= resume {
                mute.on = true
                let run = session.run(cell)
                mute.on = false
                if run.outcome != .success && !cell.options.expectsError {
                    for case .error(let e) in run.items { write(e.hasSuffix("\n") ? e : e + "\n") }
                    resume = 0
                }
                continue
            }
            write(codeBlock(cell, number: done))
            if waiting {
                switch waitForRun(&keys, cell: done, of: total, session: session) {
                case .run: break
                case .runRest: waiting = false
                case .quit:
                    save(done: done - 1, total: total, finished: false)
                    write("progress saved: \(done - 1) of \(total) cells; run 'cajal lesson \(slug)' to come back\n")
                    return status
                }
            }
            let run = session.run(cell)
            status = run.outcome == .success || cell.options.expectsError ? 0 : run.outcome.exitCode
            write("\n")
            save(done: done, total: total, finished: done == total)
        }
        write(paint("end of the lesson", "1") + " — \(total) code cells run\n")
        return status
    }

    enum Decision { case run, runRest, quit }

    /// Prompts until the learner runs the cell or quits; `r` opens the REPL on the session
    /// and prompts again when it returns.
    func waitForRun(_ keys: inout some KeySource, cell: Int, of total: Int, session: LessonSession) -> Decision {
        while true {
            write(paint("[\(cell)/\(total)] Enter: run · r: REPL · q: quit", "2") + "\n")
            switch keys.next() {
            case .next: return .run
            case .end: return .runRest
            case .quit: return .quit
            case .repl:
                guard let openREPL else {
                    write("the REPL is not available here\n")
                    continue
                }
                write(paint("REPL on the lesson's session: every variable is live; Ctrl-D or :quit comes back", "2") + "\n")
                openREPL(session.interpreter)
                session.reclaim()
                write(paint("back in the lesson", "2") + "\n")
            }
        }
    }

    mutating func save(done: Int, total: Int, finished: Bool) {
        guard progress != nil else { return }
        do {
            try progress!.update(slug, LessonProgress(done: done, total: total, finished: finished))
        } catch {
            write("note: progress not saved (\(error.localizedDescription))\n")
            progress = nil
        }
    }

    /// A code cell as shown before it runs: a numbered header and the highlighted source.
    func codeBlock(_ cell: Cell, number: Int) -> String {
        let header = paint("In [\(number)]", "1;34")
        let code = Highlight.terminal(cell.source, color: style.color)
        let bar = paint("│", "2")
        return header + "\n" + code.split(separator: "\n", omittingEmptySubsequences: false).map { bar + " " + $0 }.joined(separator: "\n") + "\n"
    }

    func paint(_ s: String, _ sgr: String) -> String { style.color ? "\u{1B}[\(sgr)m\(s)\u{1B}[0m" : s }
}

/// Silences a session's output while earlier cells run again on resume.
final class MuteSwitch {
    var on = false
}

/// Keys as lines (a pipe or a test): an empty line is Enter, `r` the REPL, `q` quit; other
/// text counts as Enter. The end of input is `.end` from then on.
public struct LineKeys: KeySource {
    var readLine: () -> String?
    public init(readLine: @escaping () -> String? = { Swift.readLine(strippingNewline: true) }) { self.readLine = readLine }
    public mutating func next() -> LessonKey {
        guard let line = readLine() else { return .end }
        switch line.trimmingCharacters(in: .whitespaces).lowercased() {
        case "r", ":repl": return .repl
        case "q", ":quit", ":q": return .quit
        default: return .next
        }
    }
}
