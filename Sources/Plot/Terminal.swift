// Terminal rendering: options (colour mode, ASCII fallback), the entry point, and the frame
// shared by line, scatter and region plots — title, box ┌─┐│└┘, min/max labels on both
// axes (and powers of ten between them on a log y axis), legend on the right, axis labels
// and notes underneath.
import Foundation

/// How to draw in a terminal.
public struct TerminalOptions: Sendable, Equatable {
    public var colorMode: ColorMode
    /// ASCII only: no braille and no block characters (markers `*+ox#@%&`, digits for
    /// classes, the ramp " .:-=+*#%@" for images), `+-|` for the box.
    public var ascii: Bool

    public init(colorMode: ColorMode = .none, ascii: Bool = false) {
        self.colorMode = colorMode
        self.ascii = ascii
    }

    /// The options the environment asks for: the colour policy of `ColorMode.detect`, and
    /// ASCII when CAJAL_PLOT_ASCII is set and not "0" or empty.
    public static func detect(
        isTTY: Bool = standardOutputIsTTY(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> TerminalOptions {
        let ascii = environment["CAJAL_PLOT_ASCII"].map { !$0.isEmpty && $0 != "0" } ?? false
        return TerminalOptions(colorMode: ColorMode.detect(isTTY: isTTY, environment: environment), ascii: ascii)
    }

    var hasColor: Bool { colorMode != .none }
}

extension Figure {
    /// The figure as terminal text: lines joined by "\n", no trailing newline, at most
    /// `terminalSize.columns` wide; line, scatter and region plots are exactly
    /// `terminalSize.rows` lines when their notes fit.
    public func terminal(_ options: TerminalOptions = TerminalOptions()) -> String {
        terminalGrid(options).render(options.colorMode)
    }

    func terminalGrid(_ options: TerminalOptions) -> TextGrid {
        switch content {
        case .lines(let series):
            return axesFrame(options, axes: lineAxes(series)) { paintLines(series, $0, $1, options) }
        case .scatter(let s):
            let axes = (Axis(covering: s.x), Axis(covering: s.y, log: logY))
            return axesFrame(options, axes: axes) { paintScatter(s, $0, $1, options) }
        case .regions(let r):
            let axes = (Axis(lo: r.x.lo, hi: r.x.hi), Axis(lo: r.y.lo, hi: r.y.hi))
            return axesFrame(options, axes: axes) { paintRegions(r, $0, $1, options) }
        case .heatmap(let h):
            return heatmapGrid(h, options)
        case .images(let g):
            return imageGrid(g, options)
        case .histogram(let h):
            return histogramGrid(h, options)
        }
    }

    /// Axes over the finite points of all series (positive y only on a log axis).
    func lineAxes(_ series: [Series]) -> (Axis, Axis) {
        var xr = (lo: Double.infinity, hi: -Double.infinity), yr = xr
        for s in series {
            s.x.withUnsafeBufferPointer { xs in
                s.y.withUnsafeBufferPointer { ys in
                    for i in 0..<ys.count where xs[i].isFinite && ys[i].isFinite && (!logY || ys[i] > 0) {
                        xr = (min(xr.lo, xs[i]), max(xr.hi, xs[i]))
                        yr = (min(yr.lo, ys[i]), max(yr.hi, ys[i]))
                    }
                }
            }
        }
        let xs = xr.lo <= xr.hi ? [xr.lo, xr.hi] : [], ys = yr.lo <= yr.hi ? [yr.lo, yr.hi] : []
        return (Axis(covering: xs), Axis(covering: ys, log: logY))
    }

    /// A canvas painter: given the canvas size in cells and the axes, returns the cells of
    /// the plot area, row-major.
    typealias Painter = (_ size: (cols: Int, rows: Int), _ axes: (x: Axis, y: Axis)) -> [TextCell]

    /// Lays out title, box, labels, legend and notes around a plot area filled by `paint`.
    func axesFrame(_ options: TerminalOptions, axes: (Axis, Axis), paint: Painter) -> TextGrid {
        let (width, height) = (terminalSize.columns, terminalSize.rows)
        let notes = self.notes
        let fixedRows = (title.isEmpty ? 0 : 1) + 3 + (xLabel.isEmpty ? 0 : 1) + notes.count
        let rows = max(1, height - fixedRows)
        let yLabel = String(self.yLabel.prefix(max(0, width / 3 - 1)))
        let yTicks = Self.yAxisLabels(axes.1, rows: rows, reserved: yLabel.isEmpty || rows < 3 ? nil : rows / 2, ascii: options.ascii)
        let left = min(max(yTicks.map(\.text.count).max() ?? 0, yLabel.count) + 1, width - 6)
        var legend = legendEntries.map { (String($0.name.prefix(20)), $0.index) }
        var legendWidth = legend.isEmpty ? 0 : (legend.map(\.0.count).max() ?? 0) + 6
        if width - left - 2 - legendWidth < 10 { (legend, legendWidth) = ([], 0) }
        let cols = max(4, width - left - 2 - legendWidth)
        var grid = TextGrid(cols: left + 2 + cols + legendWidth, rows: rows + fixedRows)
        var r = 0
        if !title.isEmpty {
            grid.putCentered(title, from: left, to: left + cols + 2, row: 0)
            r = 1
        }
        drawBox(&grid, col: left, row: r, cols: cols, rows: rows, ascii: options.ascii)
        for tick in yTicks { grid.put(Self.padLeft(tick.text, left - 1), col: 0, row: r + 1 + tick.row) }
        if !yLabel.isEmpty && rows >= 3 { grid.put(Self.padLeft(yLabel, left - 1), col: 0, row: r + 1 + rows / 2) }
        let cells = paint((cols, rows), (axes.0, axes.1))
        for i in 0..<rows {
            for j in 0..<cols { grid[left + 1 + j, r + 1 + i] = cells[i * cols + j] }
        }
        for (i, entry) in legend.prefix(rows).enumerated() {
            for (j, cell) in legendSample(entry.1, options).enumerated() { grid[left + cols + 3 + j, r + 1 + i] = cell }
            grid.put(entry.0, col: left + cols + 6, row: r + 1 + i)
        }
        putBelowBox(&grid, row: r + rows + 2, left: left, cols: cols, x: axes.0, notes: notes)
        return grid
    }

    /// Under the box: the x range at both ends, the x label centred, then the notes.
    func putBelowBox(_ grid: inout TextGrid, row: Int, left: Int, cols: Int, x: Axis, notes: [String]) {
        var r = row
        let xLo = NumberFormat.compact(x.lo), xHi = NumberFormat.compact(x.hi)
        grid.put(xLo, col: left + 1, row: r)
        grid.put(xHi, col: max(left + 2 + xLo.count, left + 1 + cols - xHi.count), row: r)
        r += 1
        if !xLabel.isEmpty {
            grid.putCentered(xLabel, from: left, to: left + cols + 2, row: r)
            r += 1
        }
        for note in notes {
            grid.put(note, col: 0, row: r)
            r += 1
        }
    }

    /// `s` right-aligned in `width` columns (cut on the left when longer).
    static func padLeft(_ s: String, _ width: Int) -> String {
        s.count >= width ? String(s.suffix(max(width, 0))) : String(repeating: " ", count: width - s.count) + s
    }

    func drawBox(_ grid: inout TextGrid, col: Int, row: Int, cols: Int, rows: Int, ascii: Bool) {
        let (h, v): (Character, Character) = ascii ? ("-", "|") : ("─", "│")
        let corners: [Character] = ascii ? ["+", "+", "+", "+"] : ["┌", "┐", "└", "┘"]
        for j in 1...cols {
            grid[col + j, row] = TextCell(char: h)
            grid[col + j, row + rows + 1] = TextCell(char: h)
        }
        for i in 1...rows {
            grid[col, row + i] = TextCell(char: v)
            grid[col + cols + 1, row + i] = TextCell(char: v)
        }
        grid[col, row] = TextCell(char: corners[0])
        grid[col + cols + 1, row] = TextCell(char: corners[1])
        grid[col, row + rows + 1] = TextCell(char: corners[2])
        grid[col + cols + 1, row + rows + 1] = TextCell(char: corners[3])
    }

    /// The legend's two-cell sample for palette index k: what the plot draws for it.
    func legendSample(_ k: Int, _ options: TerminalOptions) -> [TextCell] {
        let isLines: Bool
        if case .lines = content { isLines = true } else { isLines = false }
        let color = options.hasColor ? TermColor.palette(k) : nil
        if options.ascii {
            let c = isLines ? Markers.series(k) : Markers.classMark(k)
            return [TextCell(char: c, fg: color), TextCell(char: isLines ? c : " ", fg: color)]
        }
        if !isLines {
            let c = options.hasColor ? "⣿" : Markers.classMark(k)
            return [TextCell(char: c, fg: color), TextCell(char: " ")]
        }
        var sample = BrailleCanvas(cols: 2, rows: 1)
        sample.line(0, 2, 3, 2, owner: k, dash: options.hasColor ? 0 : Markers.dash(k))
        return (0..<2).map { TextCell(char: BrailleCanvas.glyph(sample.mask(col: $0, row: 0)), fg: color) }
    }
}

/// Characters that tell series and classes apart without colour.
enum Markers {
    static let seriesMarks = Array("*+ox#@%&")
    static let classMarks = Array("0123456789abcdefghijklmnopqrstuvwxyz")

    static func series(_ k: Int) -> Character { seriesMarks[k % seriesMarks.count] }
    static func classMark(_ k: Int) -> Character { classMarks[k % classMarks.count] }

    /// The dash period (in dots) of series k drawn without colour: solid, then 4, 2, 3, …
    static func dash(_ k: Int) -> Int { [0, 4, 2, 3, 6, 5, 8, 7][k % 8] }
}
