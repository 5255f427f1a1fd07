// Markdown+Table: pipe tables in the terminal (cmark-gfm's table extension reads them: cells
// split at `|`, an escaped `\|` is a `|` inside its cell, and the `| :-- | --: | :-: |` row
// gives each column's alignment). For a terminal the columns are separated by `│` under a
// `─┼─` rule, and cells wrap within their column so that the table is never wider than the
// terminal; when a row takes several lines, rows are set apart by a line of bars.
//
//   claim                              │ published   │ here
//   ───────────────────────────────────┼─────────────┼────────────────────
//   nets of threshold units compute    │ a theorem   │ 256 of 256
//   every Boolean function             │             │ functions
//                                      │             │
//   XOR and XNOR are the 2-input       │ a proof     │ codes 6 and 9
//   functions no unit computes         │             │ missing
import Foundation

extension Markdown {
    /// The table for a terminal of `style.width` columns (see the file header).
    static func terminalTable(header: [[Inline]], alignments: [TableAlignment], rows: [[[Inline]]], _ style: TerminalStyle) -> String {
        let columns = ([header] + rows).map(\.count).max() ?? 0
        guard columns > 0 else { return "" }
        func cellWords(_ row: [[Inline]], bold: Bool) -> [[PaintedWord]] {
            (0..<columns).map { j in j < row.count ? words(row[j], style, base: bold ? "1" : nil) : [] }
        }
        let cells = [cellWords(header, bold: true)] + rows.map { cellWords($0, bold: false) }
        let natural = (0..<columns).map { j in cells.map { lineWidth($0[j]) }.max() ?? 0 }
        let longest = (0..<columns).map { j in cells.map { longestUnit($0[j]) }.max() ?? 0 }
        let widths = columnWidths(natural: natural, minimum: longest, available: style.width - 2 - 3 * (columns - 1))
        let laidOut = cells.map { row in (0..<columns).map { j in cellLines(row[j], width: widths[j]) } }
        let dim = { (s: String) in style.color ? "\u{1B}[2m\(s)\u{1B}[0m" : s }
        func lines(_ row: [[(String, Int)]]) -> [String] {
            let height = row.map(\.count).max() ?? 1
            return (0..<height).map { k in
                (0..<columns).map { j -> String in
                    let (text, used) = k < row[j].count ? row[j][k] : ("", 0)
                    let room = widths[j] - used
                    let align = j < alignments.count ? alignments[j] : .left
                    let left = align == .right ? room : align == .center ? room / 2 : 0
                    return String(repeating: " ", count: left) + text + String(repeating: " ", count: room - left)
                }.joined(separator: " " + dim("│") + " ")
            }
        }
        let rule = dim(widths.map { String(repeating: "─", count: $0) }.joined(separator: "─┼─"))
        let body = laidOut.dropFirst().map(lines)
        let spaced = body.contains { $0.count > 1 }
        let gap = widths.map { String(repeating: " ", count: $0) }.joined(separator: " " + dim("│") + " ")
        var out = lines(laidOut[0]) + [rule]
        for (r, row) in body.enumerated() {
            if spaced && r > 0 { out.append(gap) }
            out += row
        }
        return out.map { "  " + trimTrailingSpaces($0) }.joined(separator: "\n")
    }

    /// How wide `words` are on one line.
    static func lineWidth(_ words: [PaintedWord]) -> Int {
        words.enumerated().reduce(0) { sum, w in sum + w.element.width + (w.offset > 0 && !w.element.glued ? 1 : 0) }
    }

    /// The widest run of glued words (what a line break cannot split).
    static func longestUnit(_ words: [PaintedWord]) -> Int {
        var longest = 0, run = 0
        for w in words {
            run = w.glued ? run + w.width : w.width
            longest = max(longest, run)
        }
        return longest
    }

    /// Column widths that fit in `available` columns: the natural widths when they fit. Else
    /// the columns narrower than an equal share of the room keep their width (a short column is
    /// never wrapped to make room), and the others share what is left: each keeps its longest
    /// word and the rest goes in proportion to what each lacks; when even the longest words do
    /// not fit, evenly (and long words are broken).
    static func columnWidths(natural: [Int], minimum: [Int], available: Int) -> [Int] {
        let natural = natural.map { max($0, 1) }
        let room = max(available, natural.count)
        if natural.reduce(0, +) <= room { return natural }
        var widths = natural
        var open = Array(natural.indices)
        var left = room
        while true {
            let share = left / open.count
            let narrow = open.filter { natural[$0] <= share }
            if narrow.isEmpty { break }
            for j in narrow { left -= natural[j] }
            open.removeAll { narrow.contains($0) }
        }
        let least = open.map { min(natural[$0], max(minimum[$0], 1)) }
        guard least.reduce(0, +) <= left else {
            for (k, j) in open.enumerated() { widths[j] = max(1, left / open.count + (k < left % open.count ? 1 : 0)) }
            return widths
        }
        let lack = zip(open, least).map { natural[$0] - $1 }
        let totalLack = max(lack.reduce(0, +), 1), extra = left - least.reduce(0, +)
        for (k, j) in open.enumerated() { widths[j] = least[k] + extra * lack[k] / totalLack }
        var spare = left - open.reduce(0) { $0 + widths[$1] }
        for j in open.sorted(by: { natural[$0] - widths[$0] > natural[$1] - widths[$1] }) where spare > 0 && widths[j] < natural[j] {
            widths[j] += 1
            spare -= 1
        }
        return widths
    }

    /// A cell's words filled into lines of at most `width` columns (words longer than that are
    /// broken); each line with how wide it shows.
    static func cellLines(_ words: [PaintedWord], width: Int) -> [(String, Int)] {
        var lines: [(String, Int)] = []
        var line = "", used = 0
        for word in words.flatMap({ broken($0, width: width) }) {
            let space = line.isEmpty || word.glued ? 0 : 1
            if !line.isEmpty, used + space + word.width > width {
                lines.append((line, used))
                line = word.painted
                used = word.width
                continue
            }
            line += (space == 1 ? " " : "") + word.painted
            used += space + word.width
        }
        lines.append((line, used))
        return lines
    }

    /// `word` in pieces of at most `width` characters, each painted as the word was.
    static func broken(_ word: PaintedWord, width: Int) -> [PaintedWord] {
        guard word.width > width, width > 0, word.plain.count == word.width else { return [word] }
        let chars = Array(word.plain)
        return stride(from: 0, to: chars.count, by: width).map { start in
            let piece = String(chars[start..<min(start + width, chars.count)])
            let painted = word.sgr.isEmpty ? piece : "\u{1B}[\(word.sgr)m\(piece)\u{1B}[0m"
            return PaintedWord(painted: painted, width: piece.count, glued: start == 0 && word.glued, plain: piece, sgr: word.sgr)
        }
    }

    static func trimTrailingSpaces(_ s: String) -> String {
        var t = Substring(s)
        while t.last == " " { t = t.dropLast() }
        return String(t)
    }
}
