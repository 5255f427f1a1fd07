// MathText+Render: the scanner that turns TeX source into a MathBox, one token at a time:
// commands (by the tables in MathText+Tables.swift), groups, scripts, fractions, roots,
// `\left`/`\right` pairs and environments (cases, matrices, aligned rows). Spaces are kept as
// the source has them, at most one in a row; `\quad` and `\qquad` add their own.

struct MathRenderer {
    let s: [Character]
    let display: Bool
    var i = 0
    var box = MathBox()
    /// A space was seen; it is written before the next piece (never at the start).
    var pendingSpace = false
    /// The last piece was a fraction (two in a row get a separator so they do not merge).
    var afterFraction = false
    /// The rows of `box` the last piece took (a script after a tall piece goes to its top or
    /// bottom row).
    var lastRows = 0..<1

    init(_ source: String, display: Bool) {
        s = Array(source)
        self.display = display
    }

    mutating func run() -> MathBox {
        while i < s.count { step() }
        return box
    }

    // MARK: output

    mutating func put(_ piece: MathBox, fraction: Bool = false) {
        guard !piece.isEmpty else { return }
        if fraction && afterFraction && !display {
            pendingSpace = false
            box.append(MathBox(" · "))
        } else if (pendingSpace || (fraction && afterFraction)) && !box.isEmpty && box.last != " " && piece.lines[piece.baseline].first != " " {
            box.append(MathBox(" "))
        }
        pendingSpace = false
        box.append(piece)
        let top = box.baseline - piece.baseline
        lastRows = top..<(top + piece.lines.count)
        afterFraction = fraction
    }

    mutating func put(_ text: String) { put(MathBox(text)) }

    /// `n` spaces from a spacing command (they replace a pending space).
    mutating func putSpaces(_ n: Int) {
        pendingSpace = false
        guard n > 0, !box.isEmpty else { return }
        box.append(MathBox(String(repeating: " ", count: n)))
    }

    // MARK: tokens

    mutating func step() {
        let c = s[i]
        switch c {
        case "\\": command()
        case "^", "_":
            i += 1
            script(superscript: c == "^")
        case "{":
            if let (g, after) = group(at: i) {
                i = after
                put(MathText.box(g, display: display))
            } else {
                i += 1
            }
        case "}": i += 1
        case " ", "\t", "\n", "\r", "~", "&":
            i += 1
            pendingSpace = true
        default:
            i += 1
            put(String(c))
        }
    }

    /// A command's name after its backslash: letters, or one other character.
    mutating func commandName() -> String {
        guard i < s.count else { return "" }
        var j = i
        while j < s.count, s[j].isASCII, s[j].isLetter { j += 1 }
        if j == i { j += 1 }
        defer { i = j }
        return String(s[i..<j])
    }

    mutating func command() {
        i += 1
        let name = commandName()
        if name.isEmpty { put("\\"); return }
        if name == "\\" { pendingSpace = true; return }
        if let n = MathText.spaces[name] { putSpaces(n); return }
        if ["frac", "tfrac", "dfrac", "cfrac"].contains(name) { fraction(stacked: display && name != "tfrac"); return }
        if name == "sqrt" { root(); return }
        if name == "binom" || name == "tbinom" || name == "dbinom" {
            let n = MathText.line(argument() ?? ""), k = MathText.line(argument() ?? "")
            put("C(\(n), \(k))")
            return
        }
        if MathText.textCommands.contains(name) { put(argument() ?? ""); return }
        if MathText.fontCommands.contains(name) { put(MathText.box(argument() ?? "", display: display)); return }
        if name == "mathbb" || name == "mathcal" || name == "mathscr" {
            let table = name == "mathbb" ? MathText.blackboard : MathText.calligraphic
            put(String(MathText.line(argument() ?? "").flatMap { table[$0] ?? String($0) }))
            return
        }
        if let mark = MathText.accents[name] { accent(mark); return }
        if name == "left" && display { leftRight(); return }
        if MathText.sizing.contains(name) || name == "hline" || name == "nonumber" {
            skipSpaces()
            if i < s.count, s[i] == "." { i += 1 }
            return
        }
        if name == "begin" { environment(); return }
        if name == "end" { _ = argument(); return }
        symbol(name)
    }

    /// A symbol, a function name, or an unknown command shown as written.
    mutating func symbol(_ name: String) {
        if let letter = MathText.letters[name] {
            put(letter)
            // TeX drops the space after a control word: `\partial E` is ∂E.
            var j = i
            while j < s.count, s[j] == " " { j += 1 }
            if j > i, j < s.count, s[j].isLetter || s[j].isNumber { i = j }
        } else if let symbol = MathText.symbols[name] {
            put(symbol)
        } else if MathText.functions.contains(name) {
            put(name)
        } else {
            put("\\" + name)
        }
    }

    mutating func skipSpaces() {
        while i < s.count, s[i] == " " || s[i] == "\n" { i += 1 }
    }

    /// The source of the next argument: a `{...}` group, a command, or one character.
    mutating func argument() -> String? {
        skipSpaces()
        guard i < s.count else { return nil }
        if s[i] == "{", let (g, after) = group(at: i) {
            i = after
            return g
        }
        if s[i] == "\\" {
            let start = i
            i += 1
            _ = commandName()
            return String(s[start..<i])
        }
        if s[i] == "}" { return nil }
        i += 1
        return String(s[i - 1])
    }

    /// A `{...}` group at `j` (nested braces balanced, `\{` and `\}` skipped): its text and
    /// the index after it.
    func group(at j: Int) -> (String, Int)? {
        guard j < s.count, s[j] == "{" else { return nil }
        var depth = 0
        var k = j
        while k < s.count {
            if s[k] == "\\" { k += 2; continue }
            if s[k] == "{" { depth += 1 } else if s[k] == "}" {
                depth -= 1
                if depth == 0 { return (String(s[(j + 1)..<k]), k + 1) }
            }
            k += 1
        }
        return nil
    }

    // MARK: constructs

    /// `^x` or `_x`: Unicode script characters when every character has one, else `^(…)`.
    mutating func script(superscript: Bool) {
        let marker = superscript ? "^" : "_"
        guard let arg = argument() else { put(marker); return }
        let text = MathText.line(arg)
        let table = superscript ? MathText.superscripts : MathText.subscripts
        let mapped = text.compactMap { table[$0] }
        pendingSpace = false
        let shown = !text.isEmpty && mapped.count == text.count ? String(mapped) : marker + (text.count == 1 ? text : "(" + text + ")")
        guard lastRows.count > 1 else { put(shown); return }
        // After a tall piece (a bracketed fraction): at its top row, or its bottom row.
        let above = box.baseline - lastRows.lowerBound, below = lastRows.upperBound - 1 - box.baseline
        let empty = { (n: Int) in [String](repeating: "", count: n) }
        put(superscript ? MathBox(lines: [shown] + empty(above), baseline: above) : MathBox(lines: empty(below) + [shown], baseline: 0))
    }

    /// `\frac{a}{b}`: stacked over a rule in display math, else a/b with each side a term.
    mutating func fraction(stacked: Bool) {
        let a = argument() ?? "", b = argument() ?? ""
        if stacked {
            put(MathBox.fraction(MathText.box(a, display: true), MathText.box(b, display: true)), fraction: true)
        } else {
            put(MathBox(MathText.atom(MathText.line(a)) + "/" + MathText.atom(MathText.line(b))), fraction: true)
        }
    }

    /// `\sqrt{x}` as √x (√(x + 1) for more than one term); `\sqrt[3]{x}` as ∛x.
    mutating func root() {
        var sign = "√"
        skipSpaces()
        if i < s.count, s[i] == "[", let close = s[i...].firstIndex(of: "]") {
            let n = String(s[(i + 1)..<close])
            sign = n == "3" ? "∛" : n == "4" ? "∜" : String(n.compactMap { MathText.superscripts[$0] }) + "√"
            i = close + 1
        }
        put(sign + MathText.atom(MathText.line(argument() ?? "")))
    }

    /// An accent on each character of its argument (x̃, x̂, c̅ₜ), but not on what is no base
    /// letter: a sub- or superscript (`c_T` gives c̅_T, not c̅_̅T̅), punctuation or a space.
    mutating func accent(_ mark: Character) {
        let text = Array(MathText.line(argument() ?? ""))
        let scripts = Set(MathText.subscripts.values).union(MathText.superscripts.values)
        var marked = "", k = 0
        while k < text.count {
            let c = text[k]
            if (c == "_" || c == "^") && k + 1 < text.count {
                // The script's atom stays as it is: one character or a parenthesised group.
                var end = k + 1
                if text[end] == "(" {
                    var depth = 0
                    while end < text.count {
                        if text[end] == "(" { depth += 1 } else if text[end] == ")" { depth -= 1; if depth == 0 { break } }
                        end += 1
                    }
                }
                end = min(end, text.count - 1)
                marked += String(text[k...end])
                k = end + 1
                continue
            }
            marked.append(c)
            if (c.isLetter || c.isNumber) && !scripts.contains(c) { marked.append(mark) }
            k += 1
        }
        put(marked)
    }
}
