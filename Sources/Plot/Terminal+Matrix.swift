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

    /// A heatmap: the matrix as half-block pixels, k × k per cell (k the largest whole factor
    /// that fits, even from 2 up; smaller matrices are sampled down), row labels on the left and
    /// column labels and the x label under it when cells are at least 2 wide, then a colour
    /// bar from min to max and the notes.
    func heatmapGrid(_ h: Heatmap, _ options: TerminalOptions) -> TextGrid {
        let notes = self.notes
        let (width, height) = (terminalSize.columns, terminalSize.rows)
        let titleRows = title.isEmpty ? 0 : 1
        let labelWidth = h.rowLabels.isEmpty ? 0 : min(12, h.rowLabels.map(\.count).max() ?? 0) + 1
        let labelRows = (h.colLabels.isEmpty ? 0 : 1) + (xLabel.isEmpty ? 0 : 1)
        let availW = max(1, width - labelWidth)
        let availPx = max(2, (height - titleRows - 1 - notes.count - labelRows) * 2)
        let fit = min(availW / h.cols, availPx / h.rows)
        let k = fit >= 2 ? fit - fit % 2 : fit  // even, so that cells end on whole text rows
        let color = options.hasColor && !options.ascii
        let norm = ValueNormalizer(h.values, scale: h.scale)
        let stops = ColorMap.stops(h.scale)
        let shade = { (t: Double) -> RGB in color ? ColorMap.color(t, stops) : ColorMap.color(t, ColorMap.grays) }
        let canvas = heatmapCanvas(h, k: k, availW: availW, availPx: availPx) { norm($0).map(shade) }
        let rows = (canvas.height + 1) / 2, labelled = k >= 2
        let lo = NumberFormat.compact(norm.lo), hi = NumberFormat.compact(norm.hi)
        let barWidth = max(4, min(20, width - lo.count - hi.count - 2))
        let gridWidth = min(width, max(labelWidth + canvas.width, lo.count + hi.count + 2 + barWidth))
        var grid = TextGrid(cols: gridWidth, rows: titleRows + rows + (labelled ? labelRows : 0) + 1 + notes.count)
        var r = putTitle(&grid)
        canvas.draw(into: &grid, col: labelWidth, row: r, color: color)
        if labelled {
            if h.annotate { annotateCells(h, k: k, &grid, col: labelWidth, row: r, shade: { norm($0).map(shade) }, color: color) }
            for (i, label) in h.rowLabels.enumerated() {
                grid.put(Self.padLeft(String(label.prefix(labelWidth - 1)), labelWidth - 1), col: 0, row: r + (i * k + k / 2) / 2)
            }
        }
        r += rows
        if labelled && !h.colLabels.isEmpty {
            for (j, label) in h.colLabels.enumerated() {
                grid.putCentered(String(label.prefix(k)), from: labelWidth + j * k, to: labelWidth + (j + 1) * k, row: r)
            }
            r += 1
        }
        if labelled && !xLabel.isEmpty {
            grid.putCentered(xLabel, from: labelWidth, to: labelWidth + canvas.width, row: r)
            r += 1
        }
        putColorBar(&grid, row: r, lo: lo, hi: hi, width: barWidth, color: color, shade: shade)
        for (i, note) in notes.enumerated() { grid.put(note, col: 0, row: r + 1 + i) }
        return grid
    }

    /// The heatmap's pixels: k × k per cell, or sampled down to fit when k = 0.
    func heatmapCanvas(_ h: Heatmap, k: Int, availW: Int, availPx: Int, color: (Double) -> RGB?) -> PixelCanvas {
        var (pw, ph) = (h.cols * k, h.rows * k)
        if k < 1 {
            let f = max(Double(h.cols) / Double(availW), Double(h.rows) / Double(availPx))
            (pw, ph) = (max(1, Int(Double(h.cols) / f)), max(1, Int(Double(h.rows) / f)))
        }
        var canvas = PixelCanvas(width: pw, height: ph)
        for py in 0..<ph {
            for px in 0..<pw { canvas[px, py] = color(h.values[(py * h.rows / ph) * h.cols + px * h.cols / pw]) }
        }
        return canvas
    }

    /// "lo ████ hi": the colour scale in `width` cells (the ramp without colour).
    func putColorBar(_ grid: inout TextGrid, row: Int, lo: String, hi: String, width: Int, color: Bool, shade: (Double) -> RGB) {
        grid.put(lo, col: 0, row: row)
        for i in 0..<width {
            let t = Double(i) / Double(width - 1)
            grid[lo.count + 1 + i, row] = color
                ? TextCell(char: "█", fg: TermColor(shade(t)))
                : TextCell(char: PixelCanvas.ramp[min(Int(t * 10), 9)])
        }
        grid.put(hi, col: lo.count + 2 + width, row: row)
    }

    /// Writes each cell's value, centred, over a heatmap drawn at k pixels per cell (when it
    /// fits the cell's width): black or white on the cell's colour, or plain over the ramp.
    func annotateCells(_ h: Heatmap, k: Int, _ grid: inout TextGrid, col left: Int, row: Int, shade: (Double) -> RGB?, color: Bool) {
        for i in 0..<h.rows {
            for j in 0..<h.cols {
                let v = h.values[i * h.cols + j]
                let text = Self.cellLabel(v)
                guard text.count <= k else { continue }
                let textRow = row + (i * k + k / 2) / 2
                let col = left + j * k + (k - text.count) / 2
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
