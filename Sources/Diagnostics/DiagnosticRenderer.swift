// DiagnosticRenderer: the one formatter that turns a Diagnostic into text for a terminal.
//
//   lesson.cajal:3:9: error: undeclared variable 'totl'
//      3 | let y = totl + 1
//        |         ^~~~
//   hint: did you mean 'total'?
//     in clip (lesson.cajal:4:10)

/// Renders diagnostics. Colour is the caller's policy (a TTY, NO_COLOR); this only obeys it.
public struct DiagnosticRenderer: Sendable {
    public var color: Bool
    /// Shows the stable ID as `error[E0301]:` instead of `error:`.
    public var showID: Bool

    public init(color: Bool = false, showID: Bool = false) {
        self.color = color
        self.showID = showID
    }

    /// Renders one diagnostic; the result ends without a newline.
    public func render(_ d: Diagnostic) -> String {
        var lines: [String] = [headline(d)]
        if let file = d.file, let span = d.span {
            lines.append(contentsOf: excerpt(file: file, span: span))
        }
        if let hint = d.hint { lines.append(paint("hint:", "1;36") + " " + hint) }
        for note in d.notes { lines.append(paint("note:", "1") + " " + note) }
        for frame in d.stackTrace {
            lines.append("  in \(frame.function) (\(frame.fileName):\(frame.location))")
        }
        return lines.joined(separator: "\n")
    }

    /// Renders several diagnostics separated by newlines, ending with a newline.
    public func render(_ ds: [Diagnostic]) -> String {
        ds.map { render($0) + "\n" }.joined()
    }

    private func headline(_ d: Diagnostic) -> String {
        var place = ""
        if let file = d.file {
            place = file.name + ":"
            if let loc = d.location { place += "\(loc.line):\(loc.column):" }
            place += " "
        }
        let label = showID ? "\(d.severity.rawValue)[\(d.id)]:" : "\(d.severity.rawValue):"
        let code = d.severity == .error ? "1;31" : d.severity == .warning ? "1;35" : "1"
        return paint(place, "1") + paint(label, code) + " " + paint(d.message, "1")
    }

    /// The most characters of a source line shown; a longer line is cut to a window around the
    /// caret, with `…` where text was left out (a 20 KB line must not be echoed by every error).
    public static let lineWindow = 100

    /// The source line and a caret line under the span (first line of the span only).
    private func excerpt(file: SourceFile, span: SourceSpan) -> [String] {
        let start = file.location(of: span.start)
        var text = Substring(file.lineText(start.line))
        let lineEndOffset = start.line < file.lineStarts.count
            ? file.lineStarts[start.line] - 1 : file.bytes.count
        let endOffset = min(max(span.end, span.start), max(span.start, lineEndOffset))
        var width = max(1, file.location(of: endOffset).column - start.column)
        var column = start.column
        let window = DiagnosticRenderer.lineWindow
        if text.count > window {
            let first = max(0, min(column - 1 - window / 3, text.count - window))
            let cut = text.dropFirst(first).prefix(window)
            let (before, after) = (first > 0, first + window < text.count)
            text = (before ? "…" : "") + cut + (after ? "…" : "")
            column += (before ? 1 : 0) - first
            width = min(width, window + (before ? 1 : 0) - column + 1)
        }
        let number = String(start.line)
        let gutter = String(repeating: " ", count: number.count)
        // Keep tabs in the padding so the caret lines up under tabbed source.
        let padding = String(text.prefix(column - 1).map { $0 == "\t" ? "\t" : " " })
        let marker = "^" + String(repeating: "~", count: max(1, width) - 1)
        return [
            paint(" \(number) |", "34") + " " + text,
            paint(" \(gutter) |", "34") + " " + padding + paint(marker, "1;32"),
        ]
    }

    private func paint(_ s: String, _ code: String) -> String {
        guard color, !s.isEmpty else { return s }
        return "\u{1B}[\(code)m\(s)\u{1B}[0m"
    }
}
