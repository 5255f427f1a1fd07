// Tensor+Format: printing. A summary line (shape, dtype, mean, std, min, max, NaN count),
// then the values NumPy-style — aligned, nested brackets, big tensors cut to their edge
// items with "...", a fixed number of significant digits — and a one-line compact form
// for small tensors at the REPL.

import Foundation

/// How elements are written: chosen once per tensor from the values shown.
enum CellStyle {
    /// All values whole: "3", "-12".
    case integer
    /// Fixed point with `decimals` places, trailing zeros trimmed, points aligned: "0.5 ", "1.  ".
    case fixed(decimals: Int)
    /// Scientific with `digits` significant digits: "1.235e+06".
    case scientific(digits: Int)

    /// NumPy's choice: integers when every finite value is whole and small; scientific when
    /// the largest magnitude is ≥ 1e6, the smallest non-zero < 1e-4, or their ratio > 1e3;
    /// else fixed with enough decimals for `digits` significant digits of the largest.
    init(values: [Float], digits: Int) {
        let finite = values.filter { $0.isFinite }.map { Swift.abs(Double($0)) }
        let maxAbs = finite.max() ?? 0
        let minNonzero = finite.filter { $0 > 0 }.min() ?? 0
        if finite.allSatisfy({ $0 == $0.rounded() }) && maxAbs < 1e6 {
            self = .integer
        } else if maxAbs >= 1e6 || (minNonzero > 0 && (minNonzero < 1e-4 || maxAbs / minNonzero > 1e3)) {
            self = .scientific(digits: digits)
        } else {
            let lead = maxAbs > 0 ? Int(Foundation.log10(maxAbs).rounded(.down)) : 0
            self = .fixed(decimals: Swift.max(1, digits - 1 - lead))
        }
    }

    /// One value, unpadded.
    func format(_ v: Float) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v < 0 ? "-inf" : "inf" }
        switch self {
        case .integer:
            return String(format: "%.0f", Double(v) + 0)
        case .fixed(let d):
            var s = String(format: "%.\(d)f", Double(v))
            while s.hasSuffix("0") { s.removeLast() }
            if s == "-0." { s = "0." }
            return s
        case .scientific(let digits):
            return String(format: "%.\(digits - 1)e", Double(v))
        }
    }
}

/// A number for a summary line: `digits` significant digits, no trailing zeros ("0.2887").
func formatStatistic(_ v: Double, digits: Int = 4) -> String {
    if v.isNaN { return "nan" }
    if v.isInfinite { return v < 0 ? "-inf" : "inf" }
    return String(format: "%.\(digits)g", v + 0)
}

extension Tensor: CustomStringConvertible {
    /// Tensors of at most this many elements print compactly on one line as `description`.
    public static let compactLimit = 16

    /// The compact one-line form for small tensors (`[[1, 2], [3, 4]]`, `0.5`); larger ones
    /// get `formatted()`, summary line first.
    public var description: String { text(digits: 4) }

    /// `description` with `digits` significant digits (clamped to 1...9) instead of 4: what
    /// `print` shows under `print_options(precision: digits)`. With `rows`, a small matrix
    /// (rank 2 or more) prints one row per line with its columns aligned, as NumPy does:
    ///
    ///     [[ 1. , -2.5],
    ///      [ 3. ,  4. ]]
    ///
    /// without it (inside a list, a record or a line of text) it stays on one line.
    public func text(digits: Int, rows: Bool = false) -> String {
        let digits = Swift.min(Swift.max(digits, 1), 9)
        if count > Tensor.compactLimit { return formatted(digits: digits) }
        if rows && rank >= 2 {
            return renderValues(digits: digits, threshold: .max, edgeItems: 3, lineWidth: 75, compact: false)
        }
        return renderValues(digits: digits, threshold: .max, edgeItems: 3, lineWidth: .max, compact: true)
    }

    /// "tensor [2, 3] float32  mean 2.5  std 1.708  min 0  max 5  nan 0": mean, population std,
    /// min and max over the non-NaN elements, with 4 significant digits.
    public func summary() -> String {
        let head = "tensor \(shapeString(shape)) float32"
        var (sum, nans, n) = (0.0, 0, 0)
        var (lo, hi) = (Float.infinity, -Float.infinity)
        let xs = toArray()
        for v in xs {
            if v.isNaN {
                nans += 1
                continue
            }
            sum += Double(v)
            n += 1
            lo = Swift.min(lo, v)
            hi = Swift.max(hi, v)
        }
        if count == 0 { return head + "  empty" }
        if n == 0 { return head + "  nan \(nans)" }
        let mean = sum / Double(n)
        var sq = 0.0
        for v in xs where !v.isNaN { sq += (Double(v) - mean) * (Double(v) - mean) }
        let std = (sq / Double(n)).squareRoot()
        return head + "  mean \(formatStatistic(mean))  std \(formatStatistic(std))"
            + "  min \(formatStatistic(Double(lo)))  max \(formatStatistic(Double(hi)))  nan \(nans)"
    }

    /// The summary line, then the values NumPy-style: nested brackets, aligned columns,
    /// `digits` significant digits; with more than `threshold` elements, only the first and last
    /// `edgeItems` along each axis, with "..." between; rows wrap at `lineWidth` characters.
    /// `digits` is clamped to 1...9 and `edgeItems` to at least 1.
    public func formatted(digits: Int = 4, threshold: Int = 1000, edgeItems: Int = 3, lineWidth: Int = 75) -> String {
        summary() + "\n"
            + renderValues(
                digits: Swift.min(Swift.max(digits, 1), 9), threshold: threshold, edgeItems: Swift.max(edgeItems, 1),
                lineWidth: lineWidth, compact: false)
    }

    /// The positions (per axis) shown: all, or the edges with nil standing for "...".
    private func shownIndices(_ n: Int, truncate: Bool, edge: Int) -> [Int?] {
        if truncate && n > 2 * edge { return (0..<edge).map { $0 } + [nil] + ((n - edge)..<n).map { $0 } }
        return (0..<n).map { $0 }
    }

    private func collectShown(_ axis: Int, _ off: Int, truncate: Bool, edge: Int, into out: inout [Float]) {
        if axis == rank {
            out.append(base[off])
            return
        }
        for i in shownIndices(shape[axis], truncate: truncate, edge: edge) {
            if let i { collectShown(axis + 1, off + i * strides[axis], truncate: truncate, edge: edge, into: &out) }
        }
    }

    private func renderValues(digits: Int, threshold: Int, edgeItems: Int, lineWidth: Int, compact: Bool) -> String {
        if count == 0 { return "[]" }
        let truncate = count > threshold
        var shown: [Float] = []
        collectShown(0, 0, truncate: truncate, edge: edgeItems, into: &shown)
        let style = CellStyle(values: shown, digits: digits)
        var cells = shown.map { style.format($0) }
        if !compact { cells = Tensor.aligned(cells) }
        var next = 0
        return render(0, truncate: truncate, edge: edgeItems, indent: "", lineWidth: lineWidth, compact: compact) {
            defer { next += 1 }
            return cells[next]
        }
    }

    /// Pads cells so decimal points line up: integer parts right-aligned, fractions left-aligned.
    private static func aligned(_ cells: [String]) -> [String] {
        let parts = cells.map { c -> (Substring, Substring) in
            if let dot = c.firstIndex(of: "."), !c.contains("e") { return (c[..<dot], c[dot...]) }
            return (Substring(c), "")
        }
        let wi = parts.map(\.0.count).max() ?? 0
        let wf = parts.map(\.1.count).max() ?? 0
        return parts.map { p in
            String(repeating: " ", count: wi - p.0.count) + p.0 + p.1 + String(repeating: " ", count: wf - p.1.count)
        }
    }

    private func render(
        _ axis: Int, truncate: Bool, edge: Int, indent: String, lineWidth: Int, compact: Bool,
        cell: () -> String
    ) -> String {
        if rank == 0 { return cell() }
        let items = shownIndices(shape[axis], truncate: truncate, edge: edge)
        if axis == rank - 1 {
            let pieces = items.map { $0 == nil ? "..." : cell() }
            return Tensor.wrapRow(pieces, indent: indent + " ", lineWidth: lineWidth)
        }
        let subs = items.map {
            $0 == nil
                ? "..."
                : render(axis + 1, truncate: truncate, edge: edge, indent: indent + " ", lineWidth: lineWidth,
                    compact: compact, cell: cell)
        }
        let sep = compact ? ", " : "," + String(repeating: "\n", count: rank - axis - 1) + indent + " "
        return "[" + subs.joined(separator: sep) + "]"
    }

    /// "[a, b, c]", broken onto continuation lines (indented by `indent`) past `lineWidth`.
    private static func wrapRow(_ pieces: [String], indent: String, lineWidth: Int) -> String {
        var out = "["
        var lineLength = indent.count
        for (i, p) in pieces.enumerated() {
            let piece = p + (i == pieces.count - 1 ? "]" : ",")
            if i > 0 {
                if lineLength + 1 + piece.count > lineWidth {
                    out += "\n" + indent
                    lineLength = indent.count
                } else {
                    out += " "
                    lineLength += 1
                }
            }
            out += piece
            lineLength += piece.count
        }
        return out
    }
}
