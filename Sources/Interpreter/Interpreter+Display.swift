// Interpreter+Display: where figures go. Plot builtins hand each Figure to the session's
// figure display: by default it is drawn as terminal text through the print output, plain
// (braille, no colour) unless the host sets `figureOptions` (cajal run and the REPL use Plot's
// policy: NO_COLOR, FORCE_COLOR, TERM, CAJAL_PLOT_ASCII); a listener (`onFigure`) takes it instead — the
// notebook keeps figures as SVG for export. The last figure is kept for `savefig`.
import Plot

/// The session's figure display (a stored property of the VM).
struct FigureDisplay {
    var sink: ((Figure) -> Void)?
    var last: Figure?
    var options = TerminalOptions()
    /// Figures of the default size are fitted to the terminal window when drawn as text.
    var fitWindow = false

    /// Shows `figure`: to the listener if there is one, else as terminal text on `output`.
    mutating func show(_ figure: Figure, output: (String) -> Void) {
        last = figure
        if let sink { sink(figure); return }
        var f = figure
        if fitWindow && f.terminalSize == TerminalSize() { f.terminalSize = .fittingWindow() }
        output(f.terminal(options) + "\n")
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
    public func drawFiguresForTerminal() {
        vm.figures.options = .detect()
        vm.figures.fitWindow = standardOutputIsTTY()
    }

    /// The last figure shown in this session (what `savefig` writes).
    public var lastFigure: Figure? { vm.figures.last }

    /// Where `print` writes (the REPL may borrow a lesson's session and set its own).
    public var output: (String) -> Void {
        get { vm.output }
        set { vm.output = newValue }
    }
}
