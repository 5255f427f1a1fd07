// The y-axis labels of the terminal's framed plots: the top and bottom of the range on every
// axis, and on a log axis the powers of ten between them, each on the text row where it
// falls ("10", "1", "0.1", or "10⁻⁵"/"1e-5" when the decades go beyond 0.001...100000), so a
// loss curve over five decades can be read without counting rows.
import Foundation

/// A label on the y axis: its row inside the box (0 at the top) and its text.
struct YAxisLabel: Equatable {
    let row: Int
    let text: String
}

extension Figure {
    /// Labels for a y axis drawn over `rows` text rows of 4 braille dots each; `reserved` is
    /// a row kept free (the axis name's). Labels are at least two rows apart.
    static func yAxisLabels(_ axis: Axis, rows: Int, reserved: Int?, ascii: Bool) -> [YAxisLabel] {
        let labels = [YAxisLabel(row: 0, text: NumberFormat.compact(axis.hi)),
                      YAxisLabel(row: rows - 1, text: NumberFormat.compact(axis.lo))]
        guard axis.log, rows >= 5, axis.lo > 0, axis.hi > axis.lo else { return labels }
        let a = Int((log10(axis.lo) - 1e-9).rounded(.up)), b = Int((log10(axis.hi) + 1e-9).rounded(.down))
        guard a <= b else { return labels }
        // The row of value v, as Figure.dot places it on a canvas 4 × rows dots high.
        func row(_ v: Double) -> Int? {
            guard let f = axis.fraction(v) else { return nil }
            return Int(((1 - f) * Double(4 * rows - 1)).rounded()) / 4
        }
        let plain = a >= -3 && b <= 5
        // Every k-th power of ten (exponents divisible by k), for the smallest k that keeps
        // them two rows apart; those next to the ends or on the reserved row are left out.
        for k in 1...(b - a + 1) {
            let decades = (a...b).filter { $0 % k == 0 }.reversed().compactMap { e -> YAxisLabel? in
                guard let r = row(NumberFormat.pow10(e)), r > 1, r < rows - 2, r != reserved else { return nil }
                return YAxisLabel(row: r, text: decade(e, plain: plain, ascii: ascii))
            }
            if zip(decades, decades.dropFirst()).allSatisfy({ $1.row - $0.row >= 2 }) { return labels + decades }
        }
        return labels
    }

    /// 10^e as a label: the value ("0.01", "1000") when `plain`, else 10⁻⁵ (or 1e-5 in ASCII).
    static func decade(_ e: Int, plain: Bool, ascii: Bool) -> String {
        if plain { return NumberFormat.trimmed(NumberFormat.pow10(e), max(0, -e)) }
        if ascii { return "1e\(e)" }
        let superscripts: [Character: Character] = [
            "-": "⁻", "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹",
        ]
        return "10" + String(String(e).map { superscripts[$0]! })
    }
}
