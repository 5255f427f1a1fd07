// TerminalDisplay: what a session draws on the terminal beside its printed output — the
// progress line (written to standard error, only when that is a terminal) and live figures
// (redrawn in place on standard output, only when the host says it is a terminal). Neither
// goes through `print`'s text when the output is not a terminal, so recorded lesson outputs,
// grader reports and tests never see a progress line or an intermediate frame.
//
// The three streams share one screen, so the display keeps them apart:
// - before any other output (a print, a figure) an unfinished progress line is erased, and it
//   is drawn again, below that output, at the next progress step;
// - a live frame replaces the previous one only if nothing was printed after it; otherwise
//   the new frame starts below;
// - the host's buffered print output is flushed before the progress line is written.
import Foundation
import Plot

/// One step of the progress line, for a host that draws it itself.
public struct ProgressStep: Sendable {
    public var done: Int
    public var total: Int
    /// The line as the terminal shows it, plain (no colour, no cursor movement).
    public var line: String
}

final class TerminalDisplay {
    /// Writes the progress line; nil: no progress display (not a terminal, or turned off).
    var statusWriter: ((String) -> Void)?
    var style: ProgressStyle
    /// Columns of the window the progress line is drawn in.
    var columns: () -> Int = TerminalDisplay.standardErrorColumns
    /// Seconds on a monotonic clock (tests replace it).
    var now: () -> Double = TerminalDisplay.monotonicSeconds
    /// Flushes the host's print output (set by hosts that buffer it).
    var flushOutput: (() -> Void)?
    /// Redraws are at most this often, except the first and the last of a bar.
    var minimumInterval = 0.1

    /// Draw `plot(..., live: true)` frames in place (the host's print output is a terminal).
    var liveInPlace = false

    /// A host that draws the progress line itself (the Jupyter kernel) gets every step here,
    /// with the line rendered plain, 80 columns wide.
    var progressListener: ((ProgressStep) -> Void)?
    /// A host that shows live frames itself (the Jupyter kernel updates one output in place)
    /// gets every frame here, instead of the terminal redraw or the pending last frame.
    var liveListener: ((Figure) -> Void)?

    /// The bar being drawn: when it started and at which step, and when it was last drawn.
    private struct Bar {
        var start: Double
        var firstDone: Int
        var lastDone: Int
        var lastDraw: Double
    }
    private var bar: Bar?
    /// A progress line is on screen without its newline (the cursor is at its end).
    private(set) var statusVisible = false
    /// Visible characters of that line (for terminals without ESC[K).
    private var statusWidth = 0

    /// Lines of the last live frame, directly above the cursor; 0 when there is none or
    /// other output came after it.
    private(set) var liveHeight = 0
    /// The last live figure not drawn yet (not a terminal, or a listener takes figures): it
    /// is shown once when the live display ends.
    var pendingLive: Figure?
    /// The print output the session was given; the session's `vm.output` calls it through
    /// `watchedOutput` so the display sees every print.
    private(set) var inner: ((String) -> Void)?
    private var writingFrame = false

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let tty = isatty(2) == 1
        style = ProgressStyle.detect(isTTY: tty, environment: environment)
        if tty { statusWriter = { TerminalDisplay.writeStandardError($0) } }
    }

    // MARK: progress

    /// Draws (or redraws) the progress line for `done` of `total` steps. A bar starts at its
    /// first call (or when `done` goes back); it is redrawn at most every `minimumInterval`
    /// seconds, and finished with a newline when `done == total`.
    func progress(done: Int, total: Int, label: String, text: String) {
        let t = now()
        if bar == nil || done < bar!.lastDone {
            bar = Bar(start: t, firstDone: done, lastDone: done, lastDraw: -.infinity)
        }
        bar!.lastDone = done
        let finished = done >= total
        defer { if finished { bar = nil } }
        if let listener = progressListener {
            let time = ProgressLine.time(done: done, total: total, firstDone: bar!.firstDone, elapsed: t - bar!.start)
            let line = ProgressLine.render(done: done, total: total, label: label, text: text, time: time,
                                           columns: 80, style: ProgressStyle())
            listener(ProgressStep(done: done, total: total, line: line))
        }
        guard let write = statusWriter else { return }
        if !finished, statusVisible, t - bar!.lastDraw < minimumInterval { return }
        bar!.lastDraw = t
        let time = ProgressLine.time(done: done, total: total, firstDone: bar!.firstDone, elapsed: t - bar!.start)
        let line = ProgressLine.render(done: done, total: total, label: label, text: text, time: time,
                                       columns: columns(), style: style)
        flushOutput?()
        write(eraseStatus() + line + (finished ? "\n" : ""))
        statusVisible = !finished
        statusWidth = finished ? 0 : visibleWidth(line)
    }

    /// Text that takes the cursor back to the start of the progress line and clears it.
    private func eraseStatus() -> String {
        guard statusVisible else { return "\r" }
        if style.clearsLine { return "\r\u{1b}[K" }
        return "\r" + String(repeating: " ", count: statusWidth) + "\r"
    }

    /// Erases an unfinished progress line (before other output takes its place).
    func clearStatus() {
        guard statusVisible, let write = statusWriter else { return }
        write(eraseStatus())
        statusVisible = false
    }

    /// Ends the bar: an unfinished line keeps what it shows and gets its newline.
    func finishStatus() {
        if statusVisible, let write = statusWriter { write("\n") }
        statusVisible = false
        bar = nil
    }

    // MARK: live figures

    /// Shows one frame of a live figure. In place: erases the progress line, moves up over
    /// the previous frame (if nothing came after it) and draws this one. Elsewhere: keeps it
    /// as the pending figure.
    func liveFrame(_ figure: Figure, options: TerminalOptions, output: (String) -> Void) {
        if let liveListener {
            liveListener(figure)
            return
        }
        guard liveInPlace else {
            pendingLive = figure
            return
        }
        clearStatus()
        let text = figure.terminalRedraw(previousHeight: liveHeight, options: options)
        writingFrame = true
        output(text)
        writingFrame = false
        liveHeight = text.reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
        flushOutput?()
    }

    /// Ends the live figure: the last frame stays on screen; a pending figure is returned to
    /// be shown once.
    func endLive() -> Figure? {
        defer { pendingLive = nil }
        liveHeight = 0
        return pendingLive
    }

    // MARK: watching the print output

    /// A print output that tells this display before passing text on to `output`.
    func watch(_ output: @escaping (String) -> Void) -> (String) -> Void {
        inner = output
        return { [unowned self] text in
            if !self.writingFrame { self.otherOutput() }
            self.inner?(text)
        }
    }

    /// Something other than a live frame is about to be printed.
    private func otherOutput() {
        clearStatus()
        liveHeight = 0
    }

    // MARK: defaults

    static func writeStandardError(_ s: String) {
        var bytes = Array(s.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBufferPointer { p in write(2, p.baseAddress! + offset, p.count - offset) }
            if n <= 0 { return }
            offset += n
        }
    }

    static func standardErrorColumns() -> Int {
        var size = winsize()
        if ioctl(2, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return ProcessInfo.processInfo.environment["COLUMNS"].flatMap { Int($0) } ?? 80
    }

    static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// Characters of `s` a terminal shows (escape sequences left out).
    private func visibleWidth(_ s: String) -> Int {
        var n = 0, inEscape = false
        for c in s.unicodeScalars {
            if inEscape { if c == "m" { inEscape = false } } else if c == "\u{1b}" { inEscape = true } else { n += 1 }
        }
        return n
    }
}
