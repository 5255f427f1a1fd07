// Highlight: a cheap Cajal tokenizer for colouring code cells (terminal and HTML). It only
// colours; it never decides what code means (the Language room does that).

/// A highlighted piece of code.
struct CodePiece: Equatable {
    enum Kind: Equatable { case plain, keyword, string, number, comment, builtinName }
    var kind: Kind
    var text: String
}

enum Highlight {
    static let keywords: Set<String> = [
        "let", "var", "fn", "return", "if", "else", "for", "in", "while", "break", "continue",
        "true", "false", "nil", "and", "or", "not", "import", "assert",
    ]

    /// Splits code into pieces; concatenating their texts gives the code back.
    static func pieces(_ code: String) -> [CodePiece] {
        let c = Array(code)
        var out: [CodePiece] = []
        var i = 0
        func add(_ kind: CodePiece.Kind, _ text: String) {
            if let last = out.last, last.kind == kind { out[out.count - 1].text += text } else { out.append(CodePiece(kind: kind, text: text)) }
        }
        while i < c.count {
            let ch = c[i]
            if ch == "#" {
                var j = i
                while j < c.count, c[j] != "\n" { j += 1 }
                add(.comment, String(c[i..<j])); i = j
            } else if ch == "\"" {
                var j = i + 1
                while j < c.count, c[j] != "\"", c[j] != "\n" { j += c[j] == "\\" ? 2 : 1 }
                j = min(j + 1, c.count)
                add(.string, String(c[i..<j])); i = j
            } else if ch.isASCII && ch.isNumber {
                var j = i
                while j < c.count, c[j].isNumber || c[j] == "." && j + 1 < c.count && c[j + 1].isNumber || c[j] == "e" || c[j] == "_" { j += 1 }
                add(.number, String(c[i..<j])); i = j
            } else if ch.isLetter || ch == "_" {
                var j = i
                while j < c.count, c[j].isLetter || c[j].isNumber || c[j] == "_" { j += 1 }
                let word = String(c[i..<j])
                add(keywords.contains(word) ? .keyword : .plain, word); i = j
            } else {
                add(.plain, String(ch)); i += 1
            }
        }
        return out
    }

    /// ANSI colours of the terminal rendering.
    static func ansi(_ kind: CodePiece.Kind) -> String? {
        switch kind {
        case .plain, .builtinName: return nil
        case .keyword: return "35"
        case .string: return "32"
        case .number: return "33"
        case .comment: return "2;3"
        }
    }

    /// The code for a terminal: coloured when `color`, else as written.
    static func terminal(_ code: String, color: Bool) -> String {
        guard color else { return code }
        return pieces(code).map { p in
            guard let a = ansi(p.kind) else { return p.text }
            // Colour each line separately so a piece spanning lines never bleeds into the margin.
            return p.text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? "" : "\u{1B}[\(a)m\($0)\u{1B}[0m" }.joined(separator: "\n")
        }.joined()
    }

    /// The code as HTML spans (class names `k`, `s`, `n`, `c`), escaped.
    static func html(_ code: String) -> String {
        pieces(code).map { p in
            let t = HTML.escape(p.text)
            switch p.kind {
            case .plain, .builtinName: return t
            case .keyword: return "<span class=\"k\">\(t)</span>"
            case .string: return "<span class=\"s\">\(t)</span>"
            case .number: return "<span class=\"n\">\(t)</span>"
            case .comment: return "<span class=\"c\">\(t)</span>"
            }
        }.joined()
    }
}
