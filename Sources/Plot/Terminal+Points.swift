// Terminal painters for the point plots: lines and scatter on a braille canvas, decision
// regions as half-block pixels (or characters without colour) with the data points over them.

extension Figure {
    /// Maps a data point to a dot of a w × h canvas (y = 0 at the top); nil when it cannot be
    /// shown. Coordinates are clamped to a margin around the canvas so lines stay short.
    static func dot(_ x: Double, _ y: Double, _ axes: (x: Axis, y: Axis), _ w: Int, _ h: Int) -> (Int, Int)? {
        guard let fx = axes.x.fraction(x), let fy = axes.y.fraction(y) else { return nil }
        let px = (fx * Double(w - 1)).rounded(), py = ((1 - fy) * Double(h - 1)).rounded()
        return (Int(min(max(px, -1), Double(w))), Int(min(max(py, -1), Double(h))))
    }

    func paintLines(_ series: [Series], _ size: (cols: Int, rows: Int), _ axes: (x: Axis, y: Axis), _ options: TerminalOptions) -> [TextCell] {
        var canvas = BrailleCanvas(cols: size.cols, rows: size.rows)
        let dashed = !options.hasColor && !options.ascii
        for (k, s) in series.enumerated() {
            var previous: (Int, Int)?
            let (xs, ys) = (s.x, s.y)
            for i in 0..<ys.count {
                guard let p = Self.dot(xs[i], ys[i], axes, canvas.pixelWidth, canvas.pixelHeight) else {
                    previous = nil
                    continue
                }
                if let q = previous, q.0 == p.0, q.1 == p.1 { continue }  // many points share a dot: draw once
                let q = previous ?? p
                canvas.line(q.0, q.1, p.0, p.1, owner: k, dash: dashed ? Markers.dash(k) : 0)
                previous = p
            }
        }
        return brailleCells(canvas, options) { options.ascii ? Markers.series($0) : nil }
    }

    func paintScatter(_ s: Scatter, _ size: (cols: Int, rows: Int), _ axes: (x: Axis, y: Axis), _ options: TerminalOptions) -> [TextCell] {
        var canvas = BrailleCanvas(cols: size.cols, rows: size.rows)
        for i in s.x.indices {
            if let p = Self.dot(s.x[i], s.y[i], axes, canvas.pixelWidth, canvas.pixelHeight) {
                canvas.set(p.0, p.1, owner: s.labels[i])
            }
        }
        let byClass = options.ascii || (!options.hasColor && s.classCount > 1)
        return brailleCells(canvas, options) { byClass ? Markers.classMark($0) : nil }
    }

    /// Cells of a braille canvas: the braille glyph, or `mark(owner)` when it gives a
    /// character; coloured by owner in colour modes.
    func brailleCells(_ canvas: BrailleCanvas, _ options: TerminalOptions, mark: (Int) -> Character?) -> [TextCell] {
        var cells = Array(repeating: TextCell(), count: canvas.cols * canvas.rows)
        let blank: Character = options.ascii || mark(0) != nil ? " " : BrailleCanvas.glyph(0)
        for r in 0..<canvas.rows {
            for c in 0..<canvas.cols {
                let m = canvas.mask(col: c, row: r)
                let owner = canvas.owner(col: c, row: r)
                let char: Character = m == 0 ? blank : mark(owner) ?? BrailleCanvas.glyph(m)
                let fg = m != 0 && options.hasColor ? TermColor.palette(owner) : nil
                cells[r * canvas.cols + c] = TextCell(char: char, fg: fg)
            }
        }
        return cells
    }

    /// The region colour at fractions (fx, fy) of the grid (fy = 0 at the bottom); nil for NaN.
    static func regionColor(_ r: DecisionRegions, _ fx: Double, _ fy: Double) -> (RGB, Int)? {
        let j = min(max(Int(fx * Double(r.cols)), 0), r.cols - 1)
        let i = min(max(Int(fy * Double(r.rows)), 0), r.rows - 1)
        switch r.values {
        case .classes(let ids):
            return (Palette.light(ids[i * r.cols + j]), ids[i * r.cols + j])
        case .probabilities(let p):
            let v = p[i * r.cols + j]
            return v.isNaN ? nil : (Palette.light(0).mixed(with: Palette.light(1), v), v < 0.5 ? 0 : 1)
        }
    }

    static let regionChars = Array(". :-~'=^")

    func paintRegions(_ r: DecisionRegions, _ size: (cols: Int, rows: Int), _ axes: (x: Axis, y: Axis), _ options: TerminalOptions) -> [TextCell] {
        if options.hasColor && !options.ascii {
            var canvas = PixelCanvas(width: size.cols, height: size.rows * 2)
            for py in 0..<canvas.height {
                for px in 0..<canvas.width {
                    let fx = (Double(px) + 0.5) / Double(canvas.width), fy = 1 - (Double(py) + 0.5) / Double(canvas.height)
                    canvas[px, py] = Self.regionColor(r, fx, fy)?.0
                }
            }
            if let s = r.points {
                for i in s.x.indices {
                    if let p = Self.dot(s.x[i], s.y[i], axes, canvas.width, canvas.height) { canvas[p.0, p.1] = Palette.color(s.labels[i]) }
                }
            }
            var grid = TextGrid(cols: size.cols, rows: size.rows)
            canvas.draw(into: &grid, col: 0, row: 0, color: true)
            return grid.cells
        }
        var cells = Array(repeating: TextCell(), count: size.cols * size.rows)
        for row in 0..<size.rows {
            for col in 0..<size.cols {
                let fx = (Double(col) + 0.5) / Double(size.cols), fy = 1 - (Double(row) + 0.5) / Double(size.rows)
                guard let (color, k) = Self.regionColor(r, fx, fy) else { cells[row * size.cols + col].char = "?"; continue }
                cells[row * size.cols + col] = TextCell(
                    char: Self.regionChars[k % Self.regionChars.count], fg: nil, bg: options.hasColor ? TermColor(color) : nil)
            }
        }
        if let s = r.points {
            for i in s.x.indices {
                guard let p = Self.dot(s.x[i], s.y[i], axes, size.cols, size.rows), p.0 >= 0, p.0 < size.cols, p.1 >= 0, p.1 < size.rows else { continue }
                let k = s.labels[i]
                cells[p.1 * size.cols + p.0].char = Markers.classMark(k)
                cells[p.1 * size.cols + p.0].fg = options.hasColor ? TermColor.palette(k) : nil
            }
        }
        return cells
    }
}
