// Helpers for callers (the interpreter's plot builtins, notebook export): choosing the file
// format from a path, and the grid a classifier must be evaluated on to draw its regions.

/// The image file formats a figure can be saved as.
public enum ImageFormat: String, Sendable, CaseIterable {
    case svg, png

    /// The format named by a path's extension (case-insensitive), or nil:
    /// "out/loss.PNG" → .png, "plot.svg" → .svg, "notes.txt" → nil.
    public init?(path: String) {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        self.init(rawValue: path[path.index(after: dot)...].lowercased())
    }
}

extension Figure {
    /// The bytes of the figure in `format` (SVG as UTF-8 text).
    public func fileBytes(_ format: ImageFormat) -> [UInt8] {
        switch format {
        case .svg: return Array(svg().utf8)
        case .png: return png()
        }
    }
}

extension PlotRange {
    /// The finite min...max of `values` widened by `margin` × its span on each side (by 0.5
    /// when the span is 0; 0...1 when there are no finite values): a plotting window around data.
    public static func covering(_ values: [Double], margin: Double = 0.1) -> PlotRange {
        var lo = Double.infinity, hi = -Double.infinity
        for v in values where v.isFinite {
            lo = min(lo, v)
            hi = max(hi, v)
        }
        if lo > hi { (lo, hi) = (0, 1) }
        let pad = hi > lo ? (hi - lo) * max(margin, 0) : 0.5
        // Near ±Double.greatestFiniteMagnitude the margin overflows or rounds away: then the
        // data's own ends, or a single value and its neighbouring double.
        for (a, b) in [(lo - pad, hi + pad), (lo, hi), (lo.nextDown, hi), (lo, hi.nextUp)] {
            if let range = try? PlotRange(a, b) { return range }
        }
        preconditionFailure("a finite value has a finite neighbouring double on one side")
    }
}

extension DecisionRegions {
    /// The centres of the cells of a rows × cols grid over x × y, in the order `values` must
    /// follow (row-major, row 0 at the bottom): evaluate the classifier at these points,
    /// then build DecisionRegions from its answers.
    ///
    ///     let (gx, gy) = DecisionRegions.cellCentres(x: xr, y: yr, rows: 60, cols: 80)
    ///     // classes[i] = model(gx[i], gy[i])
    public static func cellCentres(x: PlotRange, y: PlotRange, rows: Int, cols: Int) -> (x: [Double], y: [Double]) {
        let (rows, cols) = (max(rows, 0), max(cols, 0))
        var xs: [Double] = [], ys: [Double] = []
        xs.reserveCapacity(rows * cols)
        ys.reserveCapacity(rows * cols)
        for i in 0..<rows {
            let cy = y.lo + (Double(i) + 0.5) * (y.hi - y.lo) / Double(rows)
            for j in 0..<cols {
                xs.append(x.lo + (Double(j) + 0.5) * (x.hi - x.lo) / Double(cols))
                ys.append(cy)
            }
        }
        return (xs, ys)
    }
}
