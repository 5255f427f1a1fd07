// Interpreter+Display: where figures go. Plot builtins hand each Figure to the session's
// figure display: by default it is drawn as terminal text through the print output, plain
// (braille, no colour) unless the host sets `figureOptions` (cajal run and the REPL use Plot's
// policy: NO_COLOR, FORCE_COLOR, TERM, CAJAL_PLOT_ASCII); a listener (`onFigure`) takes it instead — the
// notebook keeps figures as SVG for export. The last figure is kept for `savefig`.
// Live figures (`plot(..., live: true)`) and the progress line go through the session's
// TerminalDisplay (TerminalDisplay.swift): redrawn in place on a terminal, and elsewhere only
// the last live figure is shown, once, when the live display ends.
import Foundation
import Plot

/// The session's figure display (a stored property of the VM).
struct FigureDisplay {
    var sink: ((Figure) -> Void)?
    var last: Figure?
    var options = TerminalOptions()
    /// Figures of the default size are fitted to the terminal window when drawn as text.
    var fitWindow = false

    /// The progress line and live frames (a reference: the print output watches it too).
    let terminal = TerminalDisplay()

    /// Shows `figure`: to the listener if there is one, else as terminal text on `output`.
    /// A live figure still pending is shown first (its live display has ended).
    mutating func show(_ figure: Figure, output: (String) -> Void) {
        endLive(output: output)
        last = figure
        if let sink {
            // The listener may draw on the terminal too (the lesson player does).
            terminal.clearStatus()
            sink(figure)
            return
        }
        output(fitted(figure).terminal(options) + "\n")
    }

    /// One frame of a live figure: redrawn in place over the previous frame when the host
    /// draws live figures on its terminal (also when a listener takes the other figures: the
    /// lesson player); otherwise kept, and shown once when the live display ends (`endLive`).
    mutating func showLive(_ figure: Figure, output: (String) -> Void) {
        last = figure
        if terminal.liveListener != nil {
            terminal.liveFrame(figure, options: options, output: output)
            return
        }
        if sink != nil && !terminal.liveInPlace {
            terminal.pendingLive = figure
            return
        }
        terminal.liveFrame(fitted(figure), options: options, output: output)
    }

    /// Ends a live figure: the last frame stays on screen, or the pending one is shown now.
    mutating func endLive(output: (String) -> Void) {
        guard let pending = terminal.endLive() else { return }
        last = pending
        if let sink {
            terminal.clearStatus()
            sink(pending)
            return
        }
        output(fitted(pending).terminal(options) + "\n")
    }

    /// `figure` sized to the window when it has no size of its own and the host asks for it.
    private func fitted(_ figure: Figure) -> Figure {
        var f = figure
        if fitWindow && f.terminalSize == TerminalSize() { f.terminalSize = .fittingWindow() }
        return f
    }
}

extension Interpreter {
    /// Receives every figure a plot builtin shows, instead of the terminal drawing; nil restores
    /// the terminal drawing.
    public var onFigure: ((Figure) -> Void)? {
        get { vm.figures.sink }
        set { vm.figures.sink = newValue }
    }

    /// How figures are drawn as text when nobody listens (plain by default; a terminal host sets
    /// `TerminalOptions.detect()`).
    public var figureOptions: TerminalOptions {
        get { vm.figures.options }
        set { vm.figures.options = newValue }
    }

    /// Draws figures for this process's terminal: colour and ASCII by Plot's policy
    /// (`TerminalOptions.detect()`: NO_COLOR, FORCE_COLOR, TERM, COLORTERM, CAJAL_PLOT_ASCII),
    /// and figures without an explicit `size:` fitted to the window when output is a terminal.
    /// On a terminal, `plot(..., live: true)` frames are also redrawn in place.
    public func drawFiguresForTerminal() {
        vm.figures.options = .detect()
        fitsFiguresToWindow = standardOutputIsTTY()
        drawsLiveFiguresInPlace = standardOutputIsTTY() && ProcessInfo.processInfo.environment["TERM"] != "dumb"
        vm.output = vm.figures.terminal.watch(output)
    }

    /// Whether `plot(..., live: true)` frames are redrawn in place on the print output (with
    /// cursor movements), even when a listener (`onFigure`) takes the other figures — the lesson
    /// player on a terminal. Off: only the last live figure is shown, once, when the live display
    /// ends. Only for print output that goes straight to a terminal.
    public var drawsLiveFiguresInPlace: Bool {
        get { vm.figures.terminal.liveInPlace }
        set { vm.figures.terminal.liveInPlace = newValue }
    }

    /// Whether figures without an explicit `size:` are fitted to the terminal window when drawn
    /// as text by the session (live frames, and every figure when nobody listens).
    public var fitsFiguresToWindow: Bool {
        get { vm.figures.fitWindow }
        set { vm.figures.fitWindow = newValue }
    }

    /// Ends what a run left live, as `live_display` does when its function returns: an
    /// unfinished progress line gets its newline; the last `plot(..., live: true)` frame stays on
    /// screen, or (off a terminal, or to a listener) the last live figure is shown once. Meant to
    /// be called after each run, so a live plot outside `live_display` is shown off a terminal and
    /// the next run's first frame never climbs over the prompt.
    public func endLiveDisplay() {
        vm.figures.terminal.finishStatus()
        vm.figures.endLive(output: vm.output)
    }

    /// Whether `progress` (and `fit`) draw the progress line on standard error. On by default
    /// when standard error is a terminal; a host may turn it off (it is never drawn elsewhere).
    public var showsProgress: Bool {
        get { vm.figures.terminal.statusWriter != nil }
        set {
            let t = vm.figures.terminal
            if !newValue { t.statusWriter = nil } else if t.statusWriter == nil { t.statusWriter = { TerminalDisplay.writeStandardError($0) } }
        }
    }

    /// Called before the progress line or a live frame is written, so that print output a host
    /// buffers (cajal run) reaches the terminal first; nil when print output is not buffered.
    public var flushOutput: (() -> Void)? {
        get { vm.figures.terminal.flushOutput }
        set { vm.figures.terminal.flushOutput = newValue }
    }

    /// Receives every step of `progress` (and `fit`'s progress line) when the host draws the
    /// line itself, as the Jupyter kernel does (one output updated in place). Independent of
    /// `showsProgress`.
    public var onProgress: ((ProgressStep) -> Void)? {
        get { vm.figures.terminal.progressListener }
        set { vm.figures.terminal.progressListener = newValue }
    }

    /// Receives every frame of `plot(..., live: true)` when the host shows live figures itself
    /// (the Jupyter kernel updates one output in place); nil: the terminal redraw, or the last
    /// frame once when the live display ends.
    public var onLiveFigure: ((Figure) -> Void)? {
        get { vm.figures.terminal.liveListener }
        set { vm.figures.terminal.liveListener = newValue }
    }

    /// The last figure shown in this session (what `savefig` writes).
    public var lastFigure: Figure? { vm.figures.last }

    /// Where `print` writes (the REPL may borrow a lesson's session and set its own).
    public var output: (String) -> Void {
        get { vm.figures.terminal.inner ?? vm.output }
        set { vm.output = vm.figures.terminal.watch(newValue) }
    }
}
