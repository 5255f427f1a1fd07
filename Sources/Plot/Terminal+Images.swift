// Terminal painter for image grids: each image as "▀" half-blocks at the largest scale that
// fits (8× up to ¼×, nearest neighbour), titles above, as many per row as fit; when even the
// smallest scale cannot show them all, the first ones and a note saying how many.

extension ImageGrid {
    /// The gray-level normaliser of image k under this grid's scaling.
    func normalizer(_ k: Int) -> ValueNormalizer {
        switch scaling {
        case .shared: return ValueNormalizer(pixels, scale: .grays)
        case .perImage: return ValueNormalizer(image(k), scale: .grays)
        case let .fixed(lo, hi): return ValueNormalizer(lo: lo, hi: hi)
        }
    }

    /// Gray levels 0...1 of every pixel (nil for non-finite), computed once per grid.
    func grayLevels() -> [Double?] {
        var out: [Double?] = []
        out.reserveCapacity(pixels.count)
        let shared = scaling == .perImage ? nil : normalizer(0)
        for k in 0..<count {
            let norm = shared ?? normalizer(k)
            for v in image(k) { out.append(norm(v)) }
        }
        return out
    }
}

extension Figure {
    struct ImageLayout {
        var dw: Int, dh: Int, perRow: Int, shown: Int, bandRows: Int
    }

    /// The largest scale at which all images fit `width` × `rows`; else the first that fits
    /// the width, showing the images that fit.
    static func imageLayout(_ g: ImageGrid, width: Int, rows: Int) -> ImageLayout {
        let scales: [Double] = [8, 6, 4, 3, 2, 1, 0.5, 1.0 / 3, 0.25]
        let titleRows = g.titles.isEmpty ? 0 : 1
        var fallback: ImageLayout?
        for s in scales {
            let dw = max(1, Int(Double(g.width) * s)), dh = max(1, Int(Double(g.height) * s))
            let perRow = g.columns ?? max(1, (width + 1) / (dw + 1))
            guard perRow * (dw + 1) - 1 <= width else { continue }
            let bandRows = (dh + 1) / 2 + titleRows + (titleRows == 0 ? 1 : 0)
            let bands = (g.count + perRow - 1) / perRow
            let layout = ImageLayout(dw: dw, dh: dh, perRow: perRow, shown: g.count, bandRows: bandRows)
            if bands * bandRows - (titleRows == 0 ? 1 : 0) <= rows { return layout }
            if fallback == nil {
                let fit = max(1, (rows + (titleRows == 0 ? 1 : 0)) / bandRows)
                fallback = ImageLayout(dw: dw, dh: dh, perRow: perRow, shown: min(g.count, fit * perRow), bandRows: bandRows)
            }
        }
        let tiny = ImageLayout(dw: max(1, g.width / 4), dh: max(1, g.height / 4), perRow: 1, shown: min(g.count, 1), bandRows: 1)
        return fallback ?? tiny
    }

    func imageGrid(_ g: ImageGrid, _ options: TerminalOptions) -> TextGrid {
        var notes = self.notes
        let (width, height) = (terminalSize.columns, terminalSize.rows)
        let titleRows = title.isEmpty ? 0 : 1
        let layout = Self.imageLayout(g, width: width, rows: height - titleRows - notes.count - 1)
        if layout.shown < g.count { notes.append("note: showing \(layout.shown) of \(g.count) images") }
        let bands = (layout.shown + layout.perRow - 1) / layout.perRow
        let gap = g.titles.isEmpty ? 1 : 0
        let imageRows = max(0, bands * layout.bandRows - gap)
        let gridRows = titleRows + imageRows + notes.count
        var grid = TextGrid(cols: width, rows: gridRows)
        var r = putTitle(&grid)
        let color = options.hasColor && !options.ascii
        let levels = g.grayLevels()
        for k in 0..<layout.shown {
            let col = (k % layout.perRow) * (layout.dw + 1)
            var row = r + (k / layout.perRow) * layout.bandRows
            if !g.titles.isEmpty {
                let t = String(g.titles[k].prefix(layout.dw))
                grid.put(t, col: col + (layout.dw - t.count) / 2, row: row)
                row += 1
            }
            var canvas = PixelCanvas(width: layout.dw, height: layout.dh)
            for py in 0..<layout.dh {
                for px in 0..<layout.dw {
                    let i = k * g.height * g.width + (py * g.height / layout.dh) * g.width + px * g.width / layout.dw
                    canvas[px, py] = levels[i].map { RGB.gray($0) }
                }
            }
            canvas.draw(into: &grid, col: col, row: row, color: color)
        }
        r += imageRows
        for (i, note) in notes.enumerated() { grid.put(note, col: 0, row: r + i) }
        return grid
    }
}

extension RGB {
    /// The gray of level t in 0...1 (0 black, 1 white).
    static func gray(_ t: Double) -> RGB {
        let v = UInt8((min(max(t, 0), 1) * 255).rounded())
        return RGB(v, v, v)
    }
}
