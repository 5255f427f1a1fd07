// Markdown+Terminal: Markdown blocks for a terminal, word-wrapped to a width. With colour:
// bold headings and strong text, italic emphasis, cyan code, magenta math (ANSI SGR). Without
// colour the text stays readable on its own: headings underlined with ═ or ─, code spans
// and math as written (math as Unicode), links as "text (url)" (an autolink once). Lists
// nest: an item's blocks are drawn narrower and hung under its bullet or number.

/// How prose is drawn in the terminal.
public struct TerminalStyle: Sendable, Equatable {
    public var width: Int
    public var color: Bool
    public init(width: Int = 80, color: Bool = false) {
        self.width = max(20, width)
        self.color = color
    }
}

/// A word ready for wrapping: what it prints and how wide it shows. `glued` words join the
/// previous one without a space ("**bold**," is two words, glued).
struct PaintedWord {
    var painted: String
    var width: Int
    var glued: Bool
    /// The word without escape codes, and the SGR codes it is painted with ("" for none).
    var plain: String = ""
    var sgr: String = ""
    /// A hard line break: the next word starts a new line.
    var lineBreak = false
}

extension Markdown {
    /// The blocks for a terminal, separated by blank lines.
    public static func terminal(_ blocks: [Block], style: TerminalStyle = TerminalStyle()) -> String {
        terminalBody(blocks, style, separator: "\n\n") + "\n"
    }

    /// The blocks, each drawn to `style.width`, joined by `separator`.
    static func terminalBody(_ blocks: [Block], _ style: TerminalStyle, separator: String) -> String {
        blocks.map { terminal($0, style) }.joined(separator: separator)
    }

    /// `body` with `first` before its first line and `rest` before the others (blank lines
    /// stay blank, but for a quote's bar).
    static func prefixed(_ body: String, first: String, rest: String, blank: String = "") -> String {
        body.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { k, line in
            line.isEmpty && k > 0 ? blank : (k == 0 ? first : rest) + line
        }.joined(separator: "\n")
    }

    /// The items of a list, each drawn `lead.count` columns narrower and hung under its marker.
    static func terminalItems(_ items: [[Block]], tight: Bool, _ style: TerminalStyle, marker: (Int) -> String) -> String {
        items.enumerated().map { k, item in
            let lead = marker(k)
            var inner = style
            inner.width = max(10, style.width - lead.count)
            let body = terminalBody(item, inner, separator: tight ? "\n" : "\n\n")
            return prefixed(body, first: lead, rest: String(repeating: " ", count: lead.count))
        }.joined(separator: tight ? "\n" : "\n\n")
    }

    static func terminal(_ block: Block, _ style: TerminalStyle) -> String {
        let w = style.width
        switch block {
        case .heading(let level, let text):
            let plain = plainText(text)
            let body = wrap(words(text, style, base: "1"), width: w, indent: "", hanging: "")
            guard level <= 2 else { return body }
            let under = String(repeating: level == 1 ? "═" : "─", count: min(w, plain.count))
            return body + "\n" + (style.color ? "\u{1B}[2m\(under)\u{1B}[0m" : under)
        case .paragraph(let text):
            return wrap(words(text, style), width: w, indent: "", hanging: "")
        case .code(let lang, let text):
            let source = text.hasSuffix("\n") ? String(text.dropLast()) : text
            let code = lang.isEmpty || lang == "cajal" ? Highlight.terminal(source, color: style.color) : source
            return code.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
        case .bullets(let items, let tight):
            return terminalItems(items, tight: tight, style) { _ in "  • " }
        case .numbered(let start, let items, let tight):
            let widest = "\(start + items.count - 1)".count
            return terminalItems(items, tight: tight, style) { k in
                let n = "\(start + k)."
                return "  " + String(repeating: " ", count: widest - n.count + 1) + n + " "
            }
        case .quote(let body):
            let bar = style.color ? "\u{1B}[2m│\u{1B}[0m " : "│ "
            var inner = style
            inner.width = max(10, w - 2)
            return prefixed(terminalBody(body, inner, separator: "\n\n"), first: bar, rest: bar, blank: style.color ? "\u{1B}[2m│\u{1B}[0m" : "│")
        case .math(let tex):
            let shown = MathText.render(tex, display: true)
            return shown.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + (style.color ? "\u{1B}[35m\($0)\u{1B}[0m" : String($0)) }.joined(separator: "\n")
        case .table(let header, let alignments, let rows):
            return terminalTable(header: header, alignments: alignments, rows: rows, style)
        case .rule:
            return String(repeating: "─", count: w)
        case .html(let text):
            return text.hasSuffix("\n") ? String(text.dropLast()) : text
        }
    }

    /// Inline spans without any styling (math as Unicode, links as their text).
    static func plainText(_ inlines: [Inline]) -> String {
        inlines.map { i -> String in
            switch i {
            case .text(let s), .code(let s): return s
            case .strong(let x), .emphasis(let x), .strikethrough(let x): return plainText(x)
            case .link(let x, _, _), .image(let x, _, _): return plainText(x)
            case .math(let tex): return MathText.render(tex)
            case .softBreak, .lineBreak: return " "
            case .html(let s): return s
            }
        }.joined()
    }

    /// Inline spans as painted words. `base` is an SGR code applied to everything (headings).
    static func words(_ inlines: [Inline], _ style: TerminalStyle, base: String? = nil) -> [PaintedWord] {
        var out: [PaintedWord] = []
        var afterSpace = true
        func add(_ text: String, _ sgr: [String]) {
            var glue = !afterSpace && !(text.first?.isWhitespace ?? true)
            afterSpace = text.last?.isWhitespace ?? afterSpace
            for piece in text.split(separator: " ", omittingEmptySubsequences: false) {
                if piece.isEmpty { glue = false; continue }
                let codes = (base.map { [$0] } ?? []) + sgr
                let painted = style.color && !codes.isEmpty ? "\u{1B}[\(codes.joined(separator: ";"))m\(piece)\u{1B}[0m" : String(piece)
                out.append(PaintedWord(painted: painted, width: piece.count, glued: glue && !out.isEmpty, plain: String(piece),
                                       sgr: style.color ? codes.joined(separator: ";") : ""))
                glue = false
            }
        }
        func walk(_ xs: [Inline], _ sgr: [String]) {
            for x in xs {
                switch x {
                case .text(let s): add(s, sgr)
                case .code(let s): add(s, sgr + ["36"])
                case .strong(let y): walk(y, sgr + ["1"])
                case .emphasis(let y): walk(y, sgr + ["3"])
                case .strikethrough(let y): walk(y, sgr + ["9"])
                case .link(let y, let url, _):
                    walk(y, sgr + ["4"])
                    if plainText(y) != url { add(" (\(url))", sgr + ["2"]) }
                case .image(let y, let url, _):
                    add("[image: ", sgr + ["2"])
                    walk(y, sgr)
                    add(" (\(url))]", sgr + ["2"])
                case .math(let tex): add(MathText.render(tex), sgr + ["35"])
                case .softBreak: add(" ", sgr)
                case .lineBreak:
                    out.append(PaintedWord(painted: "", width: 0, glued: false, lineBreak: true))
                    afterSpace = true
                case .html(let s): add(s, sgr)
                }
            }
        }
        walk(inlines, [])
        return out
    }

    /// Words filled into lines of at most `width` columns (a longer word gets a line alone).
    static func wrap(_ words: [PaintedWord], width: Int, indent: String, hanging: String) -> String {
        var lines: [String] = []
        var line = ""
        var used = 0
        var prefix = indent
        var prefixWidth = shownWidth(indent)
        for word in words {
            if word.lineBreak {
                lines.append(prefix + line)
                prefix = hanging
                prefixWidth = shownWidth(hanging)
                line = ""
                used = 0
                continue
            }
            let space = line.isEmpty || word.glued ? 0 : 1
            if !line.isEmpty, !word.glued, prefixWidth + used + space + word.width > width {
                lines.append(prefix + line)
                prefix = hanging
                prefixWidth = shownWidth(hanging)
                line = word.painted
                used = word.width
                continue
            }
            line += (space == 1 ? " " : "") + word.painted
            used += space + word.width
        }
        lines.append(prefix + line)
        return lines.joined(separator: "\n")
    }

    /// The characters of `text` a terminal shows: without its colour codes (ESC [ digits and
    /// semicolons m), counted after they are taken out. (A scan, not a regular expression: wrap
    /// asks for every word, and building the expression each time was most of the rendering.)
    static func shownWidth(_ text: String) -> Int {
        guard text.utf8.contains(0x1B) else { return text.count }
        let scalars = Array(text.unicodeScalars)
        var kept = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            if scalars[i] == "\u{1B}", i + 1 < scalars.count, scalars[i + 1] == "[" {
                var j = i + 2
                while j < scalars.count, scalars[j] == ";" || ("0"..."9").contains(scalars[j]) { j += 1 }
                if j < scalars.count, scalars[j] == "m" { i = j + 1; continue }
            }
            kept.append(scalars[i])
            i += 1
        }
        return String(kept).count
    }
}
