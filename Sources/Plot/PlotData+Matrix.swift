// The data of matrix plots: Heatmap (a matrix with a colour scale), ImageGrid (N grayscale
// images of h × w) and Histogram (bins and counts). Initialisers check shapes and throw
// PlotError; NaN and ±inf are allowed and drawn as "no value".

/// How matrix values map to colours.
public enum ColorScale: Sendable, Equatable {
    /// Low → high along viridis (dark purple → yellow), over the finite min...max.
    case sequential
    /// Centred at 0: −m → blue, 0 → near-white, +m → red, with m = max |v| (weights, gradients).
    case diverging
    /// Black (low) → white (high).
    case grays
}

/// A rows × cols matrix, row-major, row 0 drawn at the top (matrix convention).
public struct Heatmap: Sendable {
    public let rows: Int
    public let cols: Int
    public let values: [Double]
    public let scale: ColorScale
    /// Write each cell's value in it (SVG and PNG): for confusion matrices. Whole numbers are
    /// written without decimals, others with 2.
    public let annotate: Bool
    /// Optional names of rows and columns (class names of a confusion matrix); empty or
    /// exactly rows / cols long.
    public let rowLabels: [String]
    public let colLabels: [String]

    public init<T: BinaryFloatingPoint>(
        rows: Int, cols: Int, values: [T], scale: ColorScale = .sequential, annotate: Bool = false,
        rowLabels: [String] = [], colLabels: [String] = []
    ) throws {
        guard rows > 0, cols > 0, values.count == rows * cols else {
            throw PlotError.shapeMismatch(what: "heatmap values", shape: [rows, cols], count: values.count)
        }
        if !rowLabels.isEmpty && rowLabels.count != rows {
            throw PlotError.lengthMismatch(what: "heatmap row labels", expected: rows, got: rowLabels.count)
        }
        if !colLabels.isEmpty && colLabels.count != cols {
            throw PlotError.lengthMismatch(what: "heatmap column labels", expected: cols, got: colLabels.count)
        }
        self.rows = rows
        self.cols = cols
        self.values = doubles(values)
        self.scale = scale
        self.annotate = annotate
        self.rowLabels = rowLabels
        self.colLabels = colLabels
    }

    /// A confusion matrix: counts[true][predicted], annotated, sequential colours.
    public static func confusion(_ counts: [[Int]], classNames: [String] = []) throws -> Heatmap {
        let n = counts.count
        if let bad = counts.firstIndex(where: { $0.count != n }) {
            throw PlotError.lengthMismatch(what: "confusion matrix row \(bad)", expected: n, got: counts[bad].count)
        }
        return try Heatmap(
            rows: n, cols: n, values: counts.flatMap { $0 }.map(Double.init), annotate: true,
            rowLabels: classNames, colLabels: classNames)
    }
}

/// How an image grid maps pixel values to gray levels.
public enum ImageScaling: Sendable, Equatable {
    /// One min...max over all images (digits, generated samples).
    case shared
    /// Each image over its own min...max (filters, feature maps).
    case perImage
    /// A fixed lo...hi; values outside are clamped.
    case fixed(Double, Double)
}

/// N grayscale images of height × width, flat: image k, row r, column c is at
/// pixels[k·h·w + r·w + c]. Drawn black (low) to white (high), in rows of `columns`.
public struct ImageGrid: Sendable {
    public let count: Int
    public let height: Int
    public let width: Int
    public let pixels: [Double]
    /// Empty, or one title per image.
    public let titles: [String]
    /// Images per row; nil chooses: as many as fit (terminal) or ⌈√N⌉ (SVG, PNG).
    public let columns: Int?
    public let scaling: ImageScaling

    public init<T: BinaryFloatingPoint>(
        count: Int, height: Int, width: Int, pixels: [T], titles: [String] = [],
        columns: Int? = nil, scaling: ImageScaling = .shared
    ) throws {
        guard count >= 0, height > 0, width > 0, pixels.count == count * height * width else {
            throw PlotError.shapeMismatch(what: "image grid pixels", shape: [count, height, width], count: pixels.count)
        }
        if !titles.isEmpty && titles.count != count {
            throw PlotError.lengthMismatch(what: "image grid titles", expected: count, got: titles.count)
        }
        if let columns, columns < 1 {
            throw PlotError.invalidValue(what: "image grid columns", reason: "must be ≥ 1, got \(columns)")
        }
        if case let .fixed(lo, hi) = scaling, !(lo.isFinite && hi.isFinite && lo < hi) {
            throw PlotError.invalidRange(what: "image grid scaling", lo: lo, hi: hi)
        }
        self.count = count
        self.height = height
        self.width = width
        self.pixels = doubles(pixels)
        self.titles = titles
        self.columns = columns
        self.scaling = scaling
    }

    /// Pixel values of image k.
    public func image(_ k: Int) -> ArraySlice<Double> {
        pixels[(k * height * width)..<((k + 1) * height * width)]
    }
}

/// Counts over bins: bin i covers edges[i] ..< edges[i+1] (the last bin includes its right edge).
public struct Histogram: Sendable {
    public let edges: [Double]
    public let counts: [Double]
    /// Values left out of the bins: non-finite ones (when built from values).
    public let skipped: Int

    /// Precomputed bins: edges finite and increasing, one more edge than counts.
    public init(edges: [Double], counts: [Double]) throws {
        guard !counts.isEmpty, edges.count == counts.count + 1 else {
            throw PlotError.lengthMismatch(what: "histogram edges", expected: counts.count + 1, got: edges.count)
        }
        for i in 1..<edges.count where !(edges[i - 1].isFinite && edges[i].isFinite && edges[i - 1] < edges[i]) {
            throw PlotError.invalidRange(what: "histogram bin \(i - 1)", lo: edges[i - 1], hi: edges[i])
        }
        if let bad = counts.first(where: { !($0 >= 0) || !$0.isFinite }) {
            throw PlotError.invalidValue(what: "histogram counts", reason: "must be finite and ≥ 0, got \(bad)")
        }
        self.edges = edges
        self.counts = counts
        self.skipped = 0
    }

    /// Bins `values` into `bins` equal bins over `range` (default: the finite min...max; a
    /// zero range becomes v−0.5...v+0.5). Values outside the range and non-finite ones are
    /// counted in `skipped`.
    public init<T: BinaryFloatingPoint>(values: [T], bins: Int = 10, range: PlotRange? = nil) throws {
        guard bins >= 1, bins <= 10_000 else {
            throw PlotError.invalidValue(what: "histogram bins", reason: "must be in 1...10000, got \(bins)")
        }
        let v = doubles(values)
        let finite = v.filter(\.isFinite)
        var lo = range?.lo ?? finite.min() ?? 0
        var hi = range?.hi ?? finite.max() ?? 1
        if lo == hi { lo -= 0.5; hi += 0.5 }
        var counts = Array(repeating: 0.0, count: bins)
        var skipped = 0
        let width = (hi - lo) / Double(bins)
        for x in v {
            guard x.isFinite, x >= lo, x <= hi else { skipped += 1; continue }
            counts[min(Int((x - lo) / width), bins - 1)] += 1
        }
        self.edges = (0...bins).map { $0 == bins ? hi : lo + Double($0) * width }
        self.counts = counts
        self.skipped = skipped
    }
}
