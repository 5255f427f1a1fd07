// MathText: TeX math made readable as plain Unicode, for the terminal and for the exported page
// (which loads no math library). Inline math (`$...$`) is one line: Greek letters and symbols by
// name, `\frac{a}{b}` as a/b (parenthesised when a or b is more than one term), super- and
// subscripts as Unicode where every character has a form, accents as combining marks. Display
// math (`$$...$$`) is drawn in two dimensions: fractions stacked over a rule, `\left(` ...
// `\right)` brackets as tall as what they hold, `cases` and matrices as rows.
//
//   $$\delta_o = \frac{\partial E}{\partial o} = (o - t)\, o (1 - o)$$
//
//          ∂E
//     δₒ = ── = (o - t) o (1 - o)
//          ∂o
//
// A command in none of the tables (MathText+Tables.swift) is shown as written, `\foo`.

enum MathText {
    /// `source` as Unicode text: one line unless `display` (then lines joined by newlines,
    /// trailing spaces removed).
    static func render(_ source: String, display: Bool = false) -> String {
        guard nesting(source) <= maxNesting else { return source }
        let box = box(source, display: display)
        return box.lines.map { trimTrailing($0) }.joined(separator: "\n")
    }

    static func box(_ source: String, display: Bool) -> MathBox {
        var renderer = MathRenderer(source, display: display)
        return renderer.run()
    }

    /// How deeply math may nest (groups, `\\left`…`\\right`, environments) to be drawn; deeper
    /// math is shown as its TeX source. The renderers draw each group from a copy of its text,
    /// so n levels cost n² (1,600 nested `\\sqrt{` took 31 s under the fuzzer).
    static let maxNesting = 32

    /// The deepest nesting of `{…}` groups, `\\left`…`\\right` pairs and `\\begin`…`\\end`
    /// environments in `tex` (escaped braces aside), in one pass over its bytes.
    static func nesting(_ tex: String) -> Int {
        let b = Array(tex.utf8)
        var depth = 0, deepest = 0, k = 0
        /// Whether the command at `j` is `w` (not a longer name: `\\leftarrow` opens nothing).
        func word(_ w: String, at j: Int) -> Bool {
            let u = Array(w.utf8), end = j + u.count
            guard end <= b.count, b[j..<end].elementsEqual(u) else { return false }
            return end == b.count || !(UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b[end] | 0x20)
        }
        while k < b.count {
            switch b[k] {
            case UInt8(ascii: "\\"):
                if word("left", at: k + 1) || word("begin", at: k + 1) { depth += 1 }
                if word("right", at: k + 1) || word("end", at: k + 1) { depth -= 1 }
                k += 2
                continue
            case UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: "}"): depth -= 1
            default: break
            }
            deepest = max(deepest, depth)
            k += 1
        }
        return max(deepest, depth)
    }

    /// One line of inline math (a box's rows joined by spaces; inline boxes have one row).
    static func line(_ source: String) -> String {
        box(source, display: false).lines.map { trimTrailing($0) }.joined(separator: " ")
    }

    /// `s` unchanged when it reads as one term (letters, digits, ∂x, √x, decimals), else in parentheses.
    static func atom(_ s: String) -> String {
        let single = s.count <= 1 || s.allSatisfy { $0.isLetter || $0.isNumber || "∂√.′".contains($0) }
        return single ? s : "(" + s + ")"
    }

    static func trimTrailing(_ s: String) -> String {
        var t = Substring(s)
        while t.last == " " { t = t.dropLast() }
        return String(t)
    }
}

/// Lines of text drawn together, with the row (`baseline`) that the text around them sits on.
struct MathBox: Equatable {
    var lines: [String]
    var baseline: Int

    init(_ text: String = "") {
        lines = [text]
        baseline = 0
    }

    init(lines: [String], baseline: Int) {
        self.lines = lines
        self.baseline = baseline
    }

    var width: Int { lines.map(\.count).max() ?? 0 }
    var isEmpty: Bool { lines.count == 1 && lines[0].isEmpty }
    /// The last character on the baseline row (what the next piece follows).
    var last: Character? { lines[baseline].last }

    /// `other` placed after this box, the two baselines on one row.
    mutating func append(_ other: MathBox) {
        let above = max(baseline, other.baseline)
        let below = max(lines.count - baseline, other.lines.count - other.baseline)
        let w = width
        var out: [String] = []
        for row in 0..<(above + below) {
            let a = row - (above - baseline), b = row - (above - other.baseline)
            let left = a >= 0 && a < lines.count ? lines[a] : ""
            let right = b >= 0 && b < other.lines.count ? other.lines[b] : ""
            out.append(right.isEmpty ? left : MathBox.pad(left, to: w) + right)
        }
        lines = out
        baseline = above
    }

    /// A stacked fraction: the numerator centred over a rule as wide as the wider part, the
    /// denominator centred under it; the rule is the baseline.
    static func fraction(_ n: MathBox, _ d: MathBox) -> MathBox {
        let w = max(n.width, d.width, 1)
        func centred(_ b: MathBox) -> [String] {
            let left = String(repeating: " ", count: (w - b.width) / 2)
            return b.lines.map { $0.isEmpty ? "" : left + $0 }
        }
        return MathBox(lines: centred(n) + [String(repeating: "─", count: w)] + centred(d), baseline: n.lines.count)
    }

    /// `inner` between brackets as tall as it is (`(`, `[`, `{`, `|`, `‖` and their right
    /// partners; "" for none).
    static func bracketed(_ inner: MathBox, left: String, right: String) -> MathBox {
        func column(_ d: String, _ height: Int, _ middle: Int) -> MathBox {
            guard !d.isEmpty else { return MathBox(lines: Array(repeating: "", count: height), baseline: middle) }
            guard height > 1, let tall = MathText.tallBrackets[d] else {
                return MathBox(lines: (0..<height).map { $0 == middle ? d : " " }, baseline: middle)
            }
            return MathBox(lines: (0..<height).map { row in
                row == 0 ? tall.top : row == height - 1 ? tall.bottom
                    : row == middle && height % 2 == 1 ? tall.middle : tall.extension
            }, baseline: middle)
        }
        var box = column(left, inner.lines.count, inner.baseline)
        box.append(MathBox(lines: inner.lines.map { pad($0, to: inner.width) }, baseline: inner.baseline))
        if !right.isEmpty { box.append(column(right, inner.lines.count, inner.baseline)) }
        return box
    }

    static func pad(_ s: String, to width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }
}
