// MathText+MathML: TeX math as MathML for the exported page, which every current browser
// typesets without a script or a font from the net. It reads the source with the terminal
// renderer's own scanner (commands, arguments, groups, environment rows) and its tables
// (Greek letters, symbols, functions, accents, fonts), so the page and the terminal agree on
// what a formula says; only the drawing differs: fractions as <mfrac>, scripts as <msub> and
// <msup> (under and over ∑ and max in display math), \left( … \right) as stretching fences,
// environments as <mtable>. The TeX source rides along as an annotation (copy-paste, screen
// readers).
//
//   $\frac{1}{n} \sum_i x_i$  →  <mfrac><mn>1</mn><mi>n</mi></mfrac><msub><mo>∑</mo><mi>i</mi></msub>…

enum MathML {
    /// `tex` as a <math> element: inline, or a block of its own when `display`.
    static func html(_ tex: String, display: Bool) -> String {
        // Math nested past MathText.maxNesting is shown as its source (drawing it costs n²).
        let body = MathText.nesting(tex) <= MathText.maxNesting ? row(tex, display: display) : "<mtext>" + HTML.escape(tex) + "</mtext>"
        let open = display ? "<math display=\"block\">" : "<math>"
        return open + "<semantics>" + body + "<annotation encoding=\"application/x-tex\">" + HTML.escape(tex)
            + "</annotation></semantics></math>"
    }

    /// The elements of `tex`, as one element (an <mrow> when there are several).
    static func row(_ tex: String, display: Bool) -> String {
        var renderer = MathMLRenderer(tex, display: display)
        let elements = renderer.run()
        return elements.count == 1 ? elements[0] : "<mrow>" + elements.joined() + "</mrow>"
    }

    /// Widths of TeX's spacing commands, in em (negative for `\!`).
    static let spaces: [String: String] = [
        ",": "0.1667em", "thinspace": "0.1667em", ":": "0.2222em", ">": "0.2222em", "medspace": "0.2222em",
        ";": "0.2778em", "thickspace": "0.2778em", " ": "0.25em", "enspace": "0.5em", "quad": "1em",
        "qquad": "2em", "!": "-0.1667em", "negthinspace": "-0.1667em",
    ]

    /// The mark each accent puts over (or, for \underline, under) its argument.
    static let accentMarks: [String: String] = [
        "tilde": "~", "widetilde": "~", "hat": "^", "widehat": "^", "check": "ˇ", "bar": "‾",
        "overline": "‾", "underline": "_", "vec": "→", "dot": "˙", "ddot": "¨", "acute": "´", "grave": "`",
        "breve": "˘",
    ]

    /// Big operators and functions whose scripts go under and over them in display math.
    static let limitOperators: Set<String> = [
        "sum", "prod", "coprod", "bigcup", "bigcap", "max", "min", "lim", "sup", "inf", "argmax", "argmin",
        "liminf", "limsup",
    ]

    /// How each environment's columns align.
    static func columnAlign(_ name: String, columns: Int) -> String {
        if name == "cases" { return "left left" }
        if name.hasPrefix("align") || name == "split" {
            return (0..<columns).map { $0 % 2 == 0 ? "right" : "left" }.joined(separator: " ")
        }
        return "center"
    }

    static func mo(_ s: String) -> String { "<mo>\(HTML.escape(s))</mo>" }
    static func mi(_ s: String, upright: Bool = false) -> String {
        "<mi\(upright && s.count == 1 ? " mathvariant=\"normal\"" : "")>\(HTML.escape(s))</mi>"
    }
}

/// One piece of a formula with the scripts attached to it.
struct MathMLItem {
    var base: String
    var sub: String? = nil
    var sup: String? = nil
    /// Scripts go under and over (∑ and max in display math).
    var limits = false

    var xml: String {
        switch (sub, sup) {
        case (nil, nil): return base
        case (let b?, nil): return limits ? "<munder>\(base)\(b)</munder>" : "<msub>\(base)\(b)</msub>"
        case (nil, let p?): return limits ? "<mover>\(base)\(p)</mover>" : "<msup>\(base)\(p)</msup>"
        case (let b?, let p?): return limits ? "<munderover>\(base)\(b)\(p)</munderover>" : "<msubsup>\(base)\(b)\(p)</msubsup>"
        }
    }
}

/// The MathML scanner: the terminal's `MathRenderer` reads the source, this writes elements.
struct MathMLRenderer {
    var scan: MathRenderer
    let display: Bool
    var items: [MathMLItem] = []

    init(_ source: String, display: Bool) {
        scan = MathRenderer(source, display: display)
        self.display = display
    }

    var s: [Character] { scan.s }

    mutating func run() -> [String] {
        while scan.i < s.count { step() }
        return items.map(\.xml)
    }

    mutating func put(_ element: String, limits: Bool = false) {
        items.append(MathMLItem(base: element, limits: limits && display))
    }

    /// A script on the last piece (on an empty base when there is none, or it has one already).
    mutating func attach(_ element: String, superscript: Bool) {
        if items.isEmpty || (superscript ? items[items.count - 1].sup : items[items.count - 1].sub) != nil {
            items.append(MathMLItem(base: "<mrow></mrow>"))
        }
        if superscript { items[items.count - 1].sup = element } else { items[items.count - 1].sub = element }
    }

    func row(_ source: String) -> String { MathML.row(source, display: display) }

    mutating func step() {
        let c = s[scan.i]
        switch c {
        case "\\": command()
        case "^", "_":
            scan.i += 1
            attach(row(scan.argument() ?? ""), superscript: c == "^")
        case "'":
            scan.i += 1
            attach(MathML.mo("′"), superscript: true)
        case "{":
            if let (g, after) = scan.group(at: scan.i) {
                scan.i = after
                put(row(g))
            } else {
                scan.i += 1
            }
        case "}", " ", "\t", "\n", "\r", "~", "&":
            scan.i += 1
        default:
            if c.isASCII && c.isNumber {
                var j = scan.i
                while j < s.count, s[j].isASCII && s[j].isNumber || (s[j] == "." && j + 1 < s.count && s[j + 1].isNumber) { j += 1 }
                put("<mn>\(String(s[scan.i..<j]))</mn>")
                scan.i = j
                return
            }
            scan.i += 1
            if c.isLetter { put(MathML.mi(String(c))) } else { put(MathML.mo(c == "-" ? "−" : c == "*" ? "∗" : String(c))) }
        }
    }

    mutating func command() {
        scan.i += 1
        let name = scan.commandName()
        if name.isEmpty { put(MathML.mo("\\")); return }
        if name == "\\" { return }
        if let width = MathML.spaces[name] { put("<mspace width=\"\(width)\"></mspace>"); return }
        if ["frac", "tfrac", "dfrac", "cfrac"].contains(name) {
            let a = row(scan.argument() ?? ""), b = row(scan.argument() ?? "")
            let style = name == "tfrac" ? " displaystyle=\"false\"" : name == "dfrac" ? " displaystyle=\"true\"" : ""
            put("<mfrac\(style)>\(a)\(b)</mfrac>")
            return
        }
        if name == "sqrt" { root(); return }
        if name == "binom" || name == "tbinom" || name == "dbinom" {
            let n = row(scan.argument() ?? ""), k = row(scan.argument() ?? "")
            put("<mrow><mo>(</mo><mfrac linethickness=\"0\">\(n)\(k)</mfrac><mo>)</mo></mrow>")
            return
        }
        if MathText.textCommands.contains(name) { put("<mtext>\(HTML.escape(scan.argument() ?? ""))</mtext>"); return }
        if MathText.fontCommands.contains(name) { font(name); return }
        if name == "mathbb" || name == "mathcal" || name == "mathscr" {
            let table = name == "mathbb" ? MathText.blackboard : MathText.calligraphic
            put(MathML.mi(String((scan.argument() ?? "").flatMap { table[$0] ?? String($0) }), upright: true))
            return
        }
        if let mark = MathML.accentMarks[name] {
            let body = row(scan.argument() ?? "")
            put(name == "underline" ? "<munder accentunder=\"true\">\(body)\(MathML.mo(mark))</munder>"
                : "<mover accent=\"true\">\(body)\(MathML.mo(mark))</mover>")
            return
        }
        if name == "left" { fenced(); return }
        if MathText.sizing.contains(name) || name == "hline" || name == "nonumber" {
            scan.skipSpaces()
            if scan.i < s.count, s[scan.i] == "." { scan.i += 1 }
            return
        }
        if name == "begin" { environment(); return }
        if name == "end" { _ = scan.argument(); return }
        symbol(name)
    }

    /// A letter-like symbol (`mi`), an operator (`mo`), a function name, or an unknown command
    /// shown as written.
    mutating func symbol(_ name: String) {
        let limits = MathML.limitOperators.contains(name)
        if name == "top" || name == "intercal" {
            put(MathML.mi("T", upright: true))
        } else if let letter = MathText.letters[name] {
            let lowerGreek = letter.unicodeScalars.allSatisfy { (0x3B1...0x3C9).contains($0.value) || (0x3D1...0x3F5).contains($0.value) }
            put(MathML.mi(letter, upright: !lowerGreek))
        } else if let symbol = MathText.symbols[name] {
            put(MathML.mo(symbol), limits: limits)
        } else if MathText.functions.contains(name) {
            put(MathML.mi(name), limits: limits)
        } else {
            put("<merror><mtext>\\\(HTML.escape(name))</mtext></merror>")
        }
    }

    /// `\sqrt{x}` and `\sqrt[n]{x}`.
    mutating func root() {
        scan.skipSpaces()
        var index: String? = nil
        if scan.i < s.count, s[scan.i] == "[", let close = s[scan.i...].firstIndex(of: "]") {
            index = String(s[(scan.i + 1)..<close])
            scan.i = close + 1
        }
        let body = row(scan.argument() ?? "")
        put(index.map { "<mroot>\(body)\(row($0))</mroot>" } ?? "<msqrt>\(body)</msqrt>")
    }

    /// `\mathrm{mean}` and its kin: a word in an upright font is one identifier; other
    /// content keeps its elements (bold as a style).
    mutating func font(_ name: String) {
        let arg = scan.argument() ?? ""
        if ["mathrm", "operatorname", "mathsf", "mathtt"].contains(name), !arg.isEmpty, arg.allSatisfy({ $0.isLetter }) {
            put(MathML.mi(arg, upright: true))
        } else if ["mathbf", "boldsymbol", "bm"].contains(name) {
            put("<mrow style=\"font-weight: bold\">\(row(arg))</mrow>")
        } else {
            put(row(arg))
        }
    }

    /// `\left<d> … \right<d>`: the content between fences that stretch to its height. Without
    /// a matching `\right`, the delimiter is an operator.
    mutating func fenced() {
        let open = scan.delimiter()
        guard let (inner, after) = scan.matchingRight() else {
            if !open.isEmpty { put(MathML.mo(open)) }
            return
        }
        let content = MathMLRenderer.elements(String(s[scan.i..<inner]), display: display)
        scan.i = after
        let close = scan.delimiter()
        let fence = { (d: String) in d.isEmpty ? "" : "<mo fence=\"true\" stretchy=\"true\">\(HTML.escape(d))</mo>" }
        put("<mrow>" + fence(open) + content.joined() + fence(close) + "</mrow>")
    }

    static func elements(_ source: String, display: Bool) -> [String] {
        var r = MathMLRenderer(source, display: display)
        return r.run()
    }

    /// `\begin{name} … \end{name}` as a table between the environment's brackets.
    mutating func environment() {
        let name = scan.argument() ?? ""
        if name == "array" { _ = scan.argument() }
        let bodyStart = scan.i
        guard let (bodyEnd, after) = scan.environmentEnd(name), let brackets = MathText.environmentBrackets[name] else {
            put("<merror><mtext>\\begin{\(HTML.escape(name))}</mtext></merror>")
            return
        }
        scan.i = after
        let rows = MathRenderer.rows(Array(s[bodyStart..<bodyEnd]))
        guard !rows.isEmpty else { return }
        let columns = rows.map(\.count).max() ?? 1
        let table = "<mtable columnalign=\"\(MathML.columnAlign(name, columns: columns))\">"
            + rows.map { "<mtr>" + $0.map { "<mtd>\(row($0))</mtd>" }.joined() + "</mtr>" }.joined() + "</mtable>"
        let fence = { (d: String) in d.isEmpty ? "" : "<mo fence=\"true\" stretchy=\"true\">\(HTML.escape(d))</mo>" }
        put(brackets.0.isEmpty && brackets.1.isEmpty ? table : "<mrow>" + fence(brackets.0) + table + fence(brackets.1) + "</mrow>")
    }
}
