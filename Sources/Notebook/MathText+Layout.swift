// MathText+Layout: the parts of display math that take more than one row — `\left( ... \right)`
// with brackets as tall as their content, and environments (`cases`, the matrix family,
// `aligned` and its kin) as rows of aligned cells. Inline, the same constructs stay on one
// line: rows separated by "; ", cases as `{1 if x; 0 otherwise`.
import Foundation

extension MathRenderer {
    /// `\left<d> ... \right<d>` in display math: the content between brackets of its height.
    /// Without a matching `\right`, `\left` is dropped and the bracket shown as it is.
    mutating func leftRight() {
        let open = delimiter()
        if let (inner, after) = matchingRight() {
            let box = MathText.box(String(s[i..<inner]), display: true)
            i = after
            let close = delimiter()
            put(MathBox.bracketed(box, left: open, right: close))
        } else {
            put(open)
        }
    }

    /// After a `\left<d>`: where the content before its matching `\right` ends, and the position
    /// after that `\right` (nested pairs counted); nil without a match. The terminal layout and
    /// the MathML renderer share it.
    func matchingRight() -> (inner: Int, after: Int)? {
        var depth = 1
        var k = i
        while k < s.count {
            guard s[k] == "\\" else { k += 1; continue }
            var j = k + 1
            while j < s.count, s[j].isASCII, s[j].isLetter { j += 1 }
            let name = String(s[(k + 1)..<j])
            if name == "left" { depth += 1 } else if name == "right" {
                depth -= 1
                if depth == 0 { return (k, j) }
            }
            k = max(j, k + 2)
        }
        return nil
    }

    /// The delimiter after `\left` or `\right` as shown ("" for `.`).
    mutating func delimiter() -> String {
        skipSpaces()
        guard i < s.count else { return "" }
        if s[i] == "." { i += 1; return "" }
        if s[i] == "\\" {
            i += 1
            let name = commandName()
            return MathText.symbols[name] ?? "\\" + name
        }
        i += 1
        return String(s[i - 1])
    }

    /// `\begin{name} ... \end{name}`: rows split at `\\`, cells at `&`, laid out by `layout`.
    /// An environment not in the table is shown as written.
    mutating func environment() {
        let name = argument() ?? ""
        if name == "array" { _ = argument() }  // the column spec
        let bodyStart = i
        guard let (bodyEnd, after) = environmentEnd(name) else {
            put("\\begin{\(name)}")
            return
        }
        i = after
        guard let brackets = MathText.environmentBrackets[name] else {
            put("\\begin{\(name)}")
            i = bodyStart
            return
        }
        let rows = MathRenderer.rows(Array(s[bodyStart..<bodyEnd])).map { $0.map { MathText.line($0) } }
        guard !rows.isEmpty else { return }
        put(layout(rows, name: name, brackets: brackets))
    }

    /// Where the body of the environment `name` (begun just before `i`) ends, and the index
    /// after its `\end{name}`; nested environments of the same name are skipped.
    func environmentEnd(_ name: String) -> (Int, Int)? {
        var depth = 1
        var k = i
        let begin = Array("\\begin{\(name)}"), end = Array("\\end{\(name)}")
        func at(_ word: [Character]) -> Bool { k + word.count <= s.count && Array(s[k..<(k + word.count)]) == word }
        while k < s.count {
            if at(begin) { depth += 1; k += begin.count; continue }
            if at(end) {
                depth -= 1
                if depth == 0 { return (k, k + end.count) }
                k += end.count
                continue
            }
            k += s[k] == "\\" ? 2 : 1
        }
        return nil
    }

    /// The rows and cells of an environment body (top-level `\\` and `&` only); empty rows dropped.
    static func rows(_ body: [Character]) -> [[String]] {
        var rows: [[String]] = []
        var cells: [String] = []
        var cell = ""
        var depth = 0
        var k = 0
        func endRow() {
            cells.append(cell.trimmingCharacters(in: .whitespacesAndNewlines))
            if !(cells.count == 1 && cells[0].isEmpty) { rows.append(cells) }
            cells = []
            cell = ""
        }
        while k < body.count {
            let c = body[k]
            if c == "\\", k + 1 < body.count {
                if body[k + 1] == "\\" && depth == 0 { endRow(); k += 2; continue }
                cell.append(c)
                cell.append(body[k + 1])
                k += 2
                continue
            }
            if c == "{" { depth += 1 } else if c == "}" { depth -= 1 }
            if c == "&" && depth == 0 {
                cells.append(cell.trimmingCharacters(in: .whitespacesAndNewlines))
                cell = ""
            } else {
                cell.append(c)
            }
            k += 1
        }
        endRow()
        return rows
    }

    /// Rows of rendered cells: columns padded (numbers in matrices to the right), cases as
    /// value and condition two spaces apart; in display math one row per line between
    /// brackets, inline one line.
    func layout(_ rows: [[String]], name: String, brackets: (String, String)) -> MathBox {
        let columns = rows.map(\.count).max() ?? 0
        let matrix = name.hasSuffix("matrix") || name == "array"
        let aligned = name.hasPrefix("align") || name == "split"
        guard display else {
            let text = rows.map { $0.joined(separator: aligned ? "" : " ") }.joined(separator: "; ")
            return MathBox(brackets.0 + text + brackets.1)
        }
        var widths = [Int](repeating: 0, count: columns)
        for row in rows { for (j, cell) in row.enumerated() { widths[j] = max(widths[j], cell.count) } }
        let lines = rows.map { row in
            (0..<columns).map { j -> String in
                let cell = j < row.count ? row[j] : ""
                let room = String(repeating: " ", count: widths[j] - cell.count)
                return matrix || (aligned && j % 2 == 0) ? room + cell : cell + room
            }.joined(separator: aligned ? " " : "  ")
        }
        let inner = MathBox(lines: lines, baseline: (lines.count - 1) / 2)
        let left = brackets.0.isEmpty ? "" : brackets.0
        var box = MathBox.bracketed(inner, left: left, right: brackets.1)
        if name == "cases" {
            // A space between the brace and the rows.
            box = MathBox(lines: box.lines.map { line in line.isEmpty ? line : String(line.prefix(1)) + " " + line.dropFirst() },
                          baseline: box.baseline)
        }
        return box
    }
}
