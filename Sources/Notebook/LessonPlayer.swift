// LessonPlayer: `cajal lesson N`, a lesson cell by cell. Prose is rendered for the terminal;
// each code cell is shown, then run on Enter with its output and plots inline. A one-line key
// bar under each cell (as `less` and Jupyter's command mode have) names the keys: Enter runs
// the cell, `s` skips it, `b` goes back one cell, `g` jumps to a section, `r` opens the REPL on
// the lesson's own session (every variable live; leaving it comes back here and shows the cell
// again), `?` or `h` explains the keys, `q` quits. A cell stopped with Ctrl-C (or failing
// unexpectedly) stays current, to be run again or skipped; the lesson counts as done only when
// every code cell ran cleanly. Progress is saved after every cell. On a terminal, live plots
// (`fit(..., live: true)`) are redrawn in place while their cell runs, and a "running" line
// shows until the cell prints something.
// Keys come from a `KeySource`: single keypresses on a terminal, lines from a pipe (so tests
// can script a walk); at the end of piped input the rest of the lesson runs without waiting.
import Foundation
import Interpreter
import Plot

/// What the learner pressed.
public enum LessonKey: Equatable, Sendable {
    /// Enter: run the current cell (or go on).
    case next
    /// `s`: go on to the next cell without running this one.
    case skip
    /// `b`: back to the previous cell.
    case back
    /// `g`: jump to a section (its number is asked next).
    case section
    /// `?` or `h`: the keys explained.
    case help
    case repl, quit, end
}

/// Where keys come from.
public protocol KeySource {
    mutating func next() -> LessonKey
    /// A number typed and ended with Enter (after `g`); nil when none is given.
    mutating func number() -> Int?
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
    /// Show a "running" line while a cell runs, erased by its first output (a terminal only:
    /// it is drawn with a carriage return and an erase-line sequence).
    public var showsRunning = false
    /// The window's height when known: if the prose before the first cell is taller, the
    /// lesson's title is shown again above the first key bar.
    public var windowRows: Int?

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

    /// A code cell with the prose shown before it.
    struct Step {
        var prose: [Cell]
        var code: Cell
    }

    /// What to show before the next key bar.
    enum Show { case proseAndCell, cell, nothing }

    /// Plays the lesson; returns 0 (finished or quit) or the exit code of the last cell run when
    /// it failed unexpectedly. `resumeAfter` code cells run again quietly first (their prose and
    /// output are not shown), so a learner who quit comes back where they were with every
    /// variable restored.
    public mutating func play(keys: inout some KeySource, seed: UInt64? = nil, resumeAfter: Int = 0) -> Int32 {
        let out = write
        let options = figureOptions
        let fit = fitFigure
        let mute = MuteSwitch()
        let running = MuteSwitch()
        let session = LessonSession(seed: seed ?? lesson.seed ?? 0, fileName: fileName) { item in
            if mute.on { return }
            if running.on {
                out("\r\u{1B}[K")
                running.on = false
            }
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
        var steps: [Step] = []
        var prose: [Cell] = []
        for cell in lesson.cells {
            if cell.kind == .markdown { prose.append(cell) } else { steps.append(Step(prose: prose, code: cell)); prose = [] }
        }
        let trailing = prose
        let total = steps.count
        var at = 0
        var clean = Set<Int>()
        var waiting = true
        var status: Int32 = 0
        var show = Show.proseAndCell
        let resume = min(resumeAfter, total)
        if resume > 0 {
            write(paint("resuming at cell \(resume + 1) of \(total): the first \(resume) ran again quietly "
                        + "(cajal lesson \(slug) --restart starts over)", "2") + "\n\n")
            mute.on = true
            while at < resume {
                let run = session.run(steps[at].code)
                if run.outcome != .success && !steps[at].code.options.expectsError {
                    mute.on = false
                    for case .error(let e) in run.items { write(e.hasSuffix("\n") ? e : e + "\n") }
                    show = .cell
                    break
                }
                clean.insert(at)
                at += 1
            }
            mute.on = false
        }
        var linesBeforeFirstBar = 0
        while true {
            if at == total {
                if show != .nothing {
                    if show == .proseAndCell { for m in trailing { write(Markdown.terminal(Markdown.parse(m.source), style: style) + "\n") } }
                    let left = (0..<total).filter { !clean.contains($0) }
                    save(done: total, total: total, finished: left.isEmpty)
                    var end = paint("end of the lesson", "1") + " — \(total) code cells run"
                    if !left.isEmpty {
                        end = paint("end of the lesson", "1") + " — \(total - left.count) of \(total) code cells ran cleanly; "
                            + "not yet: " + left.map { "\($0 + 1)" }.joined(separator: ", ")
                            + " (the lesson is done when every cell has run)"
                    }
                    write(end + "\n")
                }
                show = .nothing
                guard waiting else { return status }
                write(keyBar(nil, of: total, again: false))
                switch keys.next() {
                case .next, .skip, .quit, .end: return status
                case .back:
                    at = total - 1
                    show = .cell
                case .section:
                    if let s = chooseSection(&keys, steps: steps) { at = s; show = .proseAndCell }
                case .repl:
                    visitREPL(session)
                    show = .cell
                case .help: write(helpText)
                }
                continue
            }
            let cell = steps[at].code
            if show == .proseAndCell {
                for m in steps[at].prose {
                    let text = Markdown.terminal(Markdown.parse(m.source), style: style) + "\n"
                    if at == 0 { linesBeforeFirstBar += text.split(separator: "\n", omittingEmptySubsequences: false).count - 1 }
                    write(text)
                }
            }
            if show != .nothing { write(codeBlock(cell, number: at + 1)) }
            if at == 0 && show == .proseAndCell, let rows = windowRows, let title = lesson.title {
                linesBeforeFirstBar += cell.source.split(separator: "\n", omittingEmptySubsequences: false).count + 1
                if linesBeforeFirstBar + 1 > rows { write(paint("lesson: \(title)", "1") + "\n") }
            }
            show = .nothing
            if waiting {
                write(keyBar(at, of: total, again: status != 0 && !clean.contains(at)))
                switch keys.next() {
                case .next: break
                case .end: waiting = false
                case .quit:
                    save(done: at, total: total, finished: clean.count == total)
                    write("progress saved: \(at) of \(total) cells; run 'cajal lesson \(slug)' to come back\n")
                    return status
                case .skip:
                    write(paint("skipped cell \(at + 1)", "2") + "\n\n")
                    at += 1
                    status = 0
                    show = .proseAndCell
                    save(done: at, total: total, finished: clean.count == total)
                    continue
                case .back:
                    if at > 0 { at -= 1 } else { write(paint("this is the first cell", "2") + "\n") }
                    status = 0
                    show = .cell
                    continue
                case .section:
                    if let s = chooseSection(&keys, steps: steps) {
                        at = s
                        status = 0
                        show = .proseAndCell
                    }
                    continue
                case .repl:
                    visitREPL(session)
                    show = .cell
                    continue
                case .help:
                    write(helpText)
                    continue
                }
            }
            if showsRunning {
                write(paint("running cell \(at + 1)… Ctrl-C stops it", "2"))
                running.on = true
            }
            let run = session.run(cell)
            if running.on {
                write("\r\u{1B}[K")
                running.on = false
            }
            let ok = run.outcome == .success || cell.options.expectsError
            status = ok ? 0 : run.outcome.exitCode
            write("\n")
            if ok { clean.insert(at) } else { clean.remove(at) }
            if run.interrupted || (!ok && waiting) {
                let why = run.interrupted ? "stopped by Ctrl-C" : "failed"
                write(paint("cell \(at + 1) \(why): Enter runs it again, s skips it (the lesson is done when every cell has run)", "2") + "\n")
                save(done: at, total: total, finished: clean.count == total)
                if !waiting { return status }
                continue
            }
            at += 1
            show = .proseAndCell
            save(done: at, total: total, finished: clean.count == total)
        }
    }

    /// The one-line key bar under a cell (`at` nil: the end of the lesson).
    func keyBar(_ at: Int?, of total: Int, again: Bool) -> String {
        guard let at else { return paint("[end] Enter: leave · b: back · g: section · r: REPL · ?: help", "2") + "\n" }
        let run = again ? "Enter: run again" : "Enter: run"
        return paint("[\(at + 1)/\(total)] \(run) · s: skip · b: back · g: section · r: REPL · ?: help · q: quit", "2") + "\n"
    }

    /// What `?` and `h` show.
    var helpText: String {
        """
        keys (no Enter needed on a terminal):
          Enter   run the cell shown (again, after Ctrl-C or an error); at the end, leave
          s       skip this cell and go on (the lesson is done only when every cell has run)
          b       back to the previous cell
          g       go to a section: its number, then Enter
          r       the REPL on the lesson's session (every variable live); Ctrl-D or :quit comes back
          q       quit; progress is saved and 'cajal lesson \(slug)' comes back here
          ? or h  this help
        Ctrl-C while a cell runs stops it; the cell stays, to run again or skip.

        """
    }

    /// The lesson's sections: each heading of its prose and the code cell that follows it.
    static func sections(_ steps: [Step]) -> [(title: String, cell: Int)] {
        var found: [(title: String, cell: Int)] = []
        for (n, step) in steps.enumerated() {
            for m in step.prose {
                for line in m.source.split(separator: "\n") {
                    let text = line.trimmingCharacters(in: .whitespaces)
                    if let level = Markdown.headingLevel(text), level <= 2 {
                        let title = text.dropFirst(level + 1).trimmingCharacters(in: .whitespaces)
                        if found.last?.cell != n { found.append((title, n)) } else { found[found.count - 1].title = title }
                    }
                }
            }
        }
        return found
    }

    /// `g`: lists the sections and reads the learner's choice; the code cell to go to, or nil.
    func chooseSection(_ keys: inout some KeySource, steps: [Step]) -> Int? {
        let sections = Self.sections(steps)
        guard !sections.isEmpty else {
            write("this lesson has no sections\n")
            return nil
        }
        var text = "sections:\n"
        for (n, s) in sections.enumerated() { text += "  \(n + 1). \(s.title) (cell \(s.cell + 1))\n" }
        write(text + "section number, then Enter: ")
        guard let n = keys.number() else {
            write("\n")
            return nil
        }
        write("\n")
        guard (1...sections.count).contains(n) else {
            write("no section \(n) (1 to \(sections.count))\n")
            return nil
        }
        return sections[n - 1].cell
    }

    /// `r`: the REPL on the session, then back to the lesson.
    func visitREPL(_ session: LessonSession) {
        guard let openREPL else {
            write("the REPL is not available here\n")
            return
        }
        write(paint("REPL on the lesson's session: every variable is live; Ctrl-D or :quit comes back", "2") + "\n")
        openREPL(session.interpreter)
        session.reclaim()
        write(paint("back in the lesson", "2") + "\n")
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

/// Keys as lines (a pipe or a test): an empty line is Enter, `s` skip, `b` back, `g` (or
/// `g N`) a section, `?`/`h` help, `r` the REPL, `q` quit; other text counts as Enter. The end
/// of input is `.end` from then on.
public struct LineKeys: KeySource {
    var readLine: () -> String?
    var pendingNumber: Int?
    public init(readLine: @escaping () -> String? = { Swift.readLine(strippingNewline: true) }) { self.readLine = readLine }
    public mutating func next() -> LessonKey {
        guard let line = readLine() else { return .end }
        let words = line.trimmingCharacters(in: .whitespaces).lowercased().split(separator: " ")
        switch words.first.map(String.init) ?? "" {
        case "r", ":repl": return .repl
        case "q", ":quit", ":q": return .quit
        case "s", "skip": return .skip
        case "b", "back": return .back
        case "?", "h", "help": return .help
        case "g", "go":
            pendingNumber = words.count > 1 ? Int(words[1]) : nil
            return .section
        default: return .next
        }
    }
    public mutating func number() -> Int? {
        if let n = pendingNumber {
            pendingNumber = nil
            return n
        }
        return readLine().flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }
}
