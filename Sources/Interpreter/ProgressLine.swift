// ProgressLine: the text of the one-line progress display a training loop shows on the
// terminal, and the durations in it. Pure functions of their inputs, so tests pin every
// character; TerminalDisplay.swift decides when to draw and where.
//
//   epoch 3/20 ━━━━━━━━━━━━╸━━━━━━━━━━━━━━━━━ loss 0.231 · acc 0.94 · 4s left
//
// Plain (NO_COLOR): the rest of the bar is drawn light (`─`) so its length still shows.
// ASCII (CAJAL_PLOT_ASCII=1): `#` for done, `-` for the rest, ` - ` between the parts.
import Plot

/// How the progress line is drawn on this terminal.
public struct ProgressStyle: Sendable, Equatable {
    /// ANSI colours (the done part of the bar coloured, the rest dim).
    public var color: Bool
    /// ASCII only: `#` and `-` for the bar.
    public var ascii: Bool
    /// The terminal understands "clear to end of line" (ESC[K); false for TERM=dumb, where
    /// the line is cleared by overwriting it with spaces.
    public var clearsLine: Bool

    public init(color: Bool = false, ascii: Bool = false, clearsLine: Bool = true) {
        self.color = color
        self.ascii = ascii
        self.clearsLine = clearsLine
    }

    /// The style for standard error: colour by Plot's policy (NO_COLOR, FORCE_COLOR, TERM),
    /// ASCII when CAJAL_PLOT_ASCII is set, no ESC[K on TERM=dumb.
    public static func detect(isTTY: Bool, environment env: [String: String]) -> ProgressStyle {
        let ascii = env["CAJAL_PLOT_ASCII"].map { !$0.isEmpty && $0 != "0" } ?? false
        return ProgressStyle(color: ColorMode.detect(isTTY: isTTY, environment: env) != .none, ascii: ascii,
                             clearsLine: env["TERM"] != "dumb")
    }
}

enum ProgressLine {
    /// Cells of the bar when the window is wide enough; it shrinks to `minimumBar` first,
    /// then the text is cut with "…".
    static let barWidth = 30
    static let minimumBar = 10

    /// The line for `done` of `total` steps: `label`, the bar, `text`, and `time` ("4s left",
    /// or the total time once done), joined by spaces and " · ", at most `columns - 1`
    /// visible characters (the last column is left free so the terminal never wraps).
    /// Escape codes (colour) do not count toward the width.
    static func render(done: Int, total: Int, label: String, text: String, time: String,
                       columns: Int, style: ProgressStyle) -> String {
        let separator = style.ascii ? " - " : " · "
        let tail = [oneLine(text), time].filter { !$0.isEmpty }.joined(separator: separator)
        var head = label.isEmpty ? "" : oneLine(label) + " "
        let room = max(columns - 1, 20)
        var tailText = tail.isEmpty ? "" : " " + tail
        var width = min(barWidth, max(minimumBar, room - head.count - tailText.count))
        if head.count + width > room {
            // A very narrow window: the label and as much bar as fits, no text.
            head = String(head.prefix(room))
            width = room - head.count
            tailText = ""
        } else if head.count + width + tailText.count > room {
            let keep = room - head.count - width - 1
            tailText = keep > 0 ? String(tailText.prefix(keep)) + "…" : ""
        }
        return head + bar(fraction: total > 0 ? Double(done) / Double(total) : 1, width: width, style: style) + tailText
    }

    /// `s` with line breaks, tabs and escape characters turned into spaces: the line must stay
    /// one line, or the carriage return would redraw only its last part.
    static func oneLine(_ s: String) -> String {
        String(s.unicodeScalars.map { $0.value < 32 || $0.value == 127 ? " " : Character($0) })
    }

    /// A bar of `width` cells, `fraction` of it done, in half-cell steps: `━` done, `╸` a half
    /// cell, the rest `━` dim (colour) or `─` (plain); ASCII `#` and `-`.
    static func bar(fraction: Double, width: Int, style: ProgressStyle) -> String {
        let halves = Int((min(max(fraction, 0), 1) * Double(width * 2)).rounded(.down))
        let full = halves / 2, half = halves % 2
        let rest = width - full - half
        if style.ascii {
            return String(repeating: "#", count: full) + String(repeating: "-", count: half + rest)
        }
        let done = String(repeating: "━", count: full) + (half == 1 ? "╸" : "")
        guard style.color else { return done + String(repeating: "─", count: rest) }
        // Magenta while running, green when complete; the rest bright black (dim grey).
        let doneColor = full == width ? "32" : "35"
        let doneText = done.isEmpty ? "" : "\u{1b}[\(doneColor)m" + done + "\u{1b}[0m"
        let restText = rest == 0 ? "" : "\u{1b}[90m" + String(repeating: "━", count: rest) + "\u{1b}[0m"
        return doneText + restText
    }

    /// A duration for people: "0s", "42s", "3m05s", "1h02m".
    static func duration(_ seconds: Double) -> String {
        let s = Int(max(0, seconds).rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m" + pad2(s % 60) + "s" }
        return "\(s / 3600)h" + pad2(s / 60 % 60) + "m"
    }

    private static func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// The time part: "4s left" from the rate since the first step seen, "" when there is no
    /// rate yet, and the total time spent once `done == total`.
    static func time(done: Int, total: Int, firstDone: Int, elapsed: Double) -> String {
        if done >= total { return duration(elapsed) }
        guard done > firstDone, elapsed > 0 else { return "" }
        let perStep = elapsed / Double(done - firstDone)
        return duration(perStep * Double(total - done)) + " left"
    }
}
