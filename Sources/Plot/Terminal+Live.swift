// Live plots: redraw a figure in place in a terminal, for training loops that update a loss
// curve every few steps. The cursor moves up over the previous drawing, clears to the end of
// the screen, and draws again.

extension Figure {
    /// Text that replaces a drawing of `previousHeight` lines (0 for the first frame) with
    /// this figure: "ESC[nF" (cursor to the start of the line n up), "ESC[J" (clear to the end
    /// of the screen), the figure, and a final newline. The figure's height is the number of
    /// "\n" in the result.
    public func terminalRedraw(previousHeight: Int, options: TerminalOptions = TerminalOptions()) -> String {
        let up = previousHeight > 0 ? "\u{1b}[\(previousHeight)F" : ""
        return up + "\u{1b}[J" + terminal(options) + "\n"
    }
}

/// Redraws a figure in place frame after frame, on a terminal only. Keep one per live plot:
///
///     var live = LivePlot(options: .detect())
///     for epoch in 1...epochs {
///         ...
///         print(live.frame(figure(losses)), terminator: "")
///     }
///     print(live.finish(figure(losses)), terminator: "")
///
/// On a tty each frame replaces the last and `finish` returns "" (the last frame stays).
/// Elsewhere (a pipe, a file, a notebook) frames are "" and `finish` returns the figure once,
/// so logs hold one plot instead of hundreds.
public struct LivePlot: Sendable {
    public let isTTY: Bool
    public let options: TerminalOptions
    /// Lines of the drawing now on screen.
    public private(set) var height = 0

    public init(isTTY: Bool = standardOutputIsTTY(), options: TerminalOptions = TerminalOptions()) {
        self.isTTY = isTTY
        self.options = options
    }

    /// The text to write for a new frame of `figure`.
    public mutating func frame(_ figure: Figure) -> String {
        guard isTTY else { return "" }
        let text = figure.terminalRedraw(previousHeight: height, options: options)
        height = text.reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
        return text
    }

    /// The text to write when the loop ends.
    public func finish(_ figure: Figure) -> String {
        isTTY ? "" : figure.terminal(options) + "\n"
    }
}
