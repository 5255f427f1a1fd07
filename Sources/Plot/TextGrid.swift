// TextGrid: a rectangle of character cells, each with optional foreground and background
// colours; the terminal renderer draws a whole figure into one and serialises it for a
// colour mode, sending an escape sequence only where the colour changes.

struct TextCell: Equatable {
    var char: Character = " "
    var fg: TermColor?
    var bg: TermColor?
}

struct TextGrid {
    let cols: Int
    let rows: Int
    var cells: [TextCell]

    init(cols: Int, rows: Int) {
        self.cols = cols
        self.rows = rows
        cells = Array(repeating: TextCell(), count: cols * rows)
    }

    subscript(col: Int, row: Int) -> TextCell {
        get { cells[row * cols + col] }
        set {
            guard col >= 0, col < cols, row >= 0, row < rows else { return }
            cells[row * cols + col] = newValue
        }
    }

    /// Writes `text` from column `col` of `row`, clipped to the grid; one cell per Character.
    mutating func put(_ text: String, col: Int, row: Int, fg: TermColor? = nil) {
        guard row >= 0, row < rows else { return }
        var c = col
        for ch in text {
            if c >= cols { break }
            if c >= 0 { self[c, row] = TextCell(char: ch, fg: fg, bg: nil) }
            c += 1
        }
    }

    /// `text` centred within columns from..<to (left-biased), clipped.
    mutating func putCentered(_ text: String, from: Int, to: Int, row: Int) {
        let n = text.count
        put(text, col: from + max(0, (to - from - n) / 2), row: row)
    }

    /// The grid as lines joined by "\n" (no trailing newline). Trailing blank cells without a
    /// background are dropped; each line with colour ends in a reset.
    func render(_ mode: ColorMode) -> String {
        var lines: [String] = []
        lines.reserveCapacity(rows)
        for r in 0..<rows {
            var end = cols
            while end > 0, self[end - 1, r].char == " ", self[end - 1, r].bg == nil || mode == .none { end -= 1 }
            lines.append(renderLine(r, upTo: end, mode))
        }
        return lines.joined(separator: "\n")
    }

    private func renderLine(_ r: Int, upTo end: Int, _ mode: ColorMode) -> String {
        var line = ""
        var current: (TermColor?, TermColor?) = (nil, nil)
        for c in 0..<end {
            let cell = self[c, r]
            let want = mode == .none ? (nil, nil) : (cell.fg, cell.bg)
            if want.0 != current.0 || want.1 != current.1 {
                var params: [String] = []
                if current.0 != nil && want.0 == nil || current.1 != nil && want.1 == nil { params.append("0") }
                let resetting = !params.isEmpty
                if let fg = want.0, resetting || fg != current.0, let p = fg.sgr(mode, background: false) { params.append(p) }
                if let bg = want.1, resetting || bg != current.1, let p = bg.sgr(mode, background: true) { params.append(p) }
                line += "\u{1b}[" + params.joined(separator: ";") + "m"
                current = want
            }
            line.append(cell.char)
        }
        if current.0 != nil || current.1 != nil { line += Ansi.reset }
        return line
    }
}
