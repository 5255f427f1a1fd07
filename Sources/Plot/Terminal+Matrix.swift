// Terminal painters for the matrix plots: heatmaps and image grids as "▀" half-blocks (two
// square-ish pixels per cell; the ramp " .:-=+*#%@" without colour or in ASCII), and
// histograms as horizontal bars, one line per bin, UnicodePlots-style.
import Foundation

extension Figure {
    /// The title line (if any) of a matrix plot; returns the first free row.
    func putTitle(_ grid: inout TextGrid) -> Int {
        guard !title.isEmpty else { return 0 }
        grid.putCentered(title, from: 0, to: grid.cols, row: 0)
        return 1
    }

    func heatmapGrid(_ h: Heatmap, _ options: TerminalOptions) -> TextGrid {
        let notes = self.notes
        let (width, height) = (terminalSize.columns, terminalSize.rows)
        let titleRows = title.isEmpty ? 0 : 1
        let availW = width, availPx = max(2, (height - titleRows - 1 - notes.count) * 2)
        var (pw, ph) = (h.cols, h.rows)
        let k = min(availW / h.cols, availPx / h.rows)
        if k >= 1 {
            (pw, ph) = (h.cols * k, h.rows * k)
        } else {
            let f = max(Double(h.cols) / Double(availW), Double(h.rows) / Double(availPx))
            (pw, ph) = (max(1, Int(Double(h.cols) / f)), max(1, Int(Double(h.rows) / f)))
        }
        let color = options.hasColor && !options.ascii
        let norm = ValueNormalizer(h.values, scale: h.scale)
        let stops = ColorMap.stops(h.scale)
        func shade(_ t: Double) -> RGB { color ? ColorMap.color(t, stops) : ColorMap.color(t, ColorMap.grays) }
        var canvas = PixelCanvas(width: pw, height: ph)
        for py in 0..<ph {
            for px in 0..<pw {
                let v = h.values[(py * h.rows / ph) * h.cols + px * h.cols / pw]
                canvas[px, py] = norm(v).map(shade)
            }
        }
        let rows = (ph + 1) / 2
        let lo = NumberFormat.compact(norm.lo), hi = NumberFormat.compact(norm.hi)
        let barWidth = max(4, min(20, width - lo.count - hi.count - 2))
        var grid = TextGrid(cols: min(width, max(pw, lo.count + hi.count + 2 + barWidth)), rows: titleRows + rows + 1 + notes.count)
        var r = putTitle(&grid)
        canvas.draw(into: &grid, col: 0, row: r, color: color)
        if h.annotate && k >= 2 { annotateCells(h, k: k, &grid, row: r, shade: { norm($0).map(shade) }, color: color) }
        r += rows
        grid.put(lo, col: 0, row: r)
        for i in 0..<barWidth {
            let t = Double(i) / Double(barWidth - 1)
            grid[lo.count + 1 + i, r] = color
                ? TextCell(char: "█", fg: TermColor(shade(t)))
                : TextCell(char: PixelCanvas.ramp[min(Int(t * 10), 9)])
        }
        grid.put(hi, col: lo.count + 2 + barWidth, row: r)
        for (i, note) in notes.enumerated() { grid.put(note, col: 0, row: r + 1 + i) }
        return grid
    }

    /// Writes each cell's value, centred, over a heatmap drawn at k pixels per cell (when it
    /// fits the cell's width): black or white on the cell's colour, or plain over the ramp.
    func annotateCells(_ h: Heatmap, k: Int, _ grid: inout TextGrid, row: Int, shade: (Double) -> RGB?, color: Bool) {
        for i in 0..<h.rows {
            for j in 0..<h.cols {
                let v = h.values[i * h.cols + j]
                let text = Self.cellLabel(v)
                guard text.count <= k else { continue }
                let textRow = row + (i * k + k / 2) / 2
                let col = j * k + (k - text.count) / 2
                let bg = shade(v)
                let fg: RGB = (bg?.luminance ?? 0) > 0.5 ? .black : .white
                for (n, ch) in text.enumerated() {
                    grid[col + n, textRow] = color && bg != nil
                        ? TextCell(char: ch, fg: TermColor(fg), bg: TermColor(bg!)) : TextCell(char: ch)
                }
            }
        }
    }

    /// A cell's annotation: whole numbers without decimals, others with 2.
    static func cellLabel(_ v: Double) -> String {
        guard v.isFinite else { return "" }
        return v == v.rounded() && abs(v) < 1e15 ? NumberFormat.fixed(v, 0) : NumberFormat.fixed(v, 2)
    }

    func histogramGrid(_ h: Histogram, _ options: TerminalOptions) -> TextGrid {
        let notes = self.notes
        let (width, height) = (terminalSize.columns, terminalSize.rows)
        let titleRows = title.isEmpty ? 0 : 1, labelRows = xLabel.isEmpty ? 0 : 1
        let avail = max(1, height - titleRows - labelRows - notes.count)
        let group = (h.counts.count + avail - 1) / avail
        var edges: [Double] = [], counts: [Double] = []
        for start in stride(from: 0, to: h.counts.count, by: group) {
            let end = min(start + group, h.counts.count)
            edges.append(h.edges[start])
            counts.append(h.counts[start..<end].reduce(0, +))
        }
        edges.append(h.edges.last!)
        let labels = counts.indices.map { i in
            "[" + NumberFormat.compact(edges[i]) + ", " + NumberFormat.compact(edges[i + 1]) + (i == counts.count - 1 ? "]" : ")")
        }
        let labelWidth = labels.map(\.count).max() ?? 0
        let countLabels = counts.map(NumberFormat.compact)
        let barWidth = max(5, width - labelWidth - 3 - (countLabels.map(\.count).max() ?? 0))
        let top = counts.max() ?? 0
        var grid = TextGrid(cols: width, rows: titleRows + counts.count + labelRows + notes.count)
        var r = putTitle(&grid)
        let fg = options.hasColor ? TermColor.palette(0) : nil
        for (i, count) in counts.enumerated() {
            grid.put(String(repeating: " ", count: labelWidth - labels[i].count) + labels[i] + (options.ascii ? " |" : " ┤"), col: 0, row: r)
            let bar = Self.bar(top > 0 ? count / top * Double(barWidth) : 0, ascii: options.ascii)
            grid.put(bar, col: labelWidth + 2, row: r, fg: fg)
            grid.put(countLabels[i], col: labelWidth + 2 + bar.count + 1, row: r)
            r += 1
        }
        if !xLabel.isEmpty {
            grid.putCentered(xLabel, from: labelWidth + 2, to: width, row: r)
            r += 1
        }
        for note in notes {
            grid.put(note, col: 0, row: r)
            r += 1
        }
        return grid
    }

    /// A bar `length` cells long: full blocks and one eighth-block for the remainder
    /// (or "#" rounded to whole cells in ASCII).
    static func bar(_ length: Double, ascii: Bool) -> String {
        if ascii { return String(repeating: "#", count: Int(length.rounded())) }
        let eighths = Int((length * 8).rounded())
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"][eighths % 8]
        return String(repeating: "█", count: eighths / 8) + partial
    }
}
