// The data of point plots: Series (line plots), Scatter (points with class labels) and
// DecisionRegions (a classifier's grid of classes or probabilities, with points over it).
// Each initialiser checks lengths and shapes and throws PlotError; NaN and ±inf are allowed
// and skipped when drawn (a note under the plot counts them).

/// Converts any array of binary floating-point numbers (Float, Double) to [Double].
@inlinable
func doubles<T: BinaryFloatingPoint>(_ values: [T]) -> [Double] {
    values.map { Double($0) }
}

/// One line of a line plot: y values, and x values (default 0, 1, 2, …).
public struct Series: Sendable {
    public let name: String
    public let x: [Double]
    public let y: [Double]

    /// `x`, when given, has the same length as `y`.
    public init<T: BinaryFloatingPoint>(_ name: String = "", y: [T], x: [T]? = nil) throws {
        if let x, x.count != y.count {
            throw PlotError.lengthMismatch(what: "series '\(name)' x", expected: y.count, got: x.count)
        }
        self.name = name
        self.y = doubles(y)
        self.x = x.map(doubles) ?? (0..<y.count).map(Double.init)
    }
}

/// Points with integer class labels; class k is drawn in palette colour k.
public struct Scatter: Sendable {
    public let x: [Double]
    public let y: [Double]
    /// One class id ≥ 0 per point (all 0 when none were given).
    public let labels: [Int]
    /// Legend names for class ids 0, 1, …; classes past the end are named by their id.
    public let classNames: [String]

    /// `x`, `y` and `labels` (when given) have the same length; labels are ≥ 0.
    public init<T: BinaryFloatingPoint>(
        x: [T], y: [T], labels: [Int]? = nil, classNames: [String] = []
    ) throws {
        if y.count != x.count {
            throw PlotError.lengthMismatch(what: "scatter y", expected: x.count, got: y.count)
        }
        if let labels, labels.count != x.count {
            throw PlotError.lengthMismatch(what: "scatter labels", expected: x.count, got: labels.count)
        }
        if let bad = labels?.first(where: { $0 < 0 }) {
            throw PlotError.invalidValue(what: "scatter labels", reason: "class ids must be ≥ 0, got \(bad)")
        }
        self.x = doubles(x)
        self.y = doubles(y)
        self.labels = labels ?? Array(repeating: 0, count: x.count)
        self.classNames = classNames
    }

    /// The number of classes: one more than the largest label (0 when there are no points).
    public var classCount: Int { (labels.max() ?? -1) + 1 }

    /// The legend name of class `k`.
    public func className(_ k: Int) -> String {
        k < classNames.count ? classNames[k] : "class \(k)"
    }
}

/// A closed interval lo...hi with finite ends and lo < hi.
public struct PlotRange: Sendable, Equatable {
    public let lo: Double
    public let hi: Double
    public init(_ lo: Double, _ hi: Double, what: String = "range") throws {
        guard lo.isFinite, hi.isFinite, lo < hi else {
            throw PlotError.invalidRange(what: what, lo: lo, hi: hi)
        }
        self.lo = lo
        self.hi = hi
    }
}

/// What a classifier says over a grid: a class id per cell, or the probability of class 1
/// (binary classifiers; drawn as a blend from class 0's colour to class 1's).
public enum RegionValues: Sendable {
    case classes([Int])
    case probabilities([Double])
}

/// The decision regions of a 2-D classifier: a rows × cols grid over x × y, row-major, with
/// row 0 at the bottom (y = y.lo) and column 0 at the left (x = x.lo); cell (i, j) covers
/// x.lo + j·Δx ... x.lo + (j+1)·Δx with Δx = (x.hi − x.lo) / cols, and likewise for y.
/// The data points (optional) are drawn over it in darker class colours.
public struct DecisionRegions: Sendable {
    public let x: PlotRange
    public let y: PlotRange
    public let rows: Int
    public let cols: Int
    public let values: RegionValues
    public let points: Scatter?

    /// values hold rows × cols entries; class ids ≥ 0; probabilities in 0...1 (NaN allowed).
    public init(x: PlotRange, y: PlotRange, rows: Int, cols: Int, values: RegionValues, points: Scatter? = nil) throws {
        guard rows > 0, cols > 0 else {
            throw PlotError.invalidValue(what: "decision regions", reason: "grid must be at least 1 × 1, got \(rows) × \(cols)")
        }
        let count: Int
        switch values {
        case .classes(let ids):
            count = ids.count
            if let bad = ids.first(where: { $0 < 0 }) {
                throw PlotError.invalidValue(what: "decision regions classes", reason: "class ids must be ≥ 0, got \(bad)")
            }
        case .probabilities(let p):
            count = p.count
            if let bad = p.first(where: { $0 < 0 || $0 > 1 }) {
                throw PlotError.invalidValue(what: "decision regions probabilities", reason: "must lie in 0...1, got \(bad)")
            }
        }
        if count != rows * cols {
            throw PlotError.shapeMismatch(what: "decision regions values", shape: [rows, cols], count: count)
        }
        self.x = x
        self.y = y
        self.rows = rows
        self.cols = cols
        self.values = values
        self.points = points
    }

    /// The number of classes shown: from the grid and the points together (2 for probabilities).
    public var classCount: Int {
        let fromGrid: Int
        switch values {
        case .classes(let ids): fromGrid = (ids.max() ?? -1) + 1
        case .probabilities: fromGrid = 2
        }
        return max(fromGrid, points?.classCount ?? 0)
    }
}
