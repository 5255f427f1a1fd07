// Markdown+Math: the math pre-pass. TeX is not Markdown: in `$x_i * y_i$` cmark would see
// emphasis, and in `$\{a\}$` escapes. So before cmark reads the prose, every math span is
// replaced by a token cmark takes as a plain word (private-use characters around a number),
// and the walker of cmark's tree turns tokens back into math.
//
// - `$$…$$` starting a line (possibly running over several lines) is display math. At the
//   top level it becomes a paragraph of its own (blank lines are added around its token), so
//   it is a block even between two lines of text.
// - `$…$` is inline math when the character after the opening `$` is not a space and a
//   closing `$` follows in the same paragraph; `$$…$$` inside a line is math too.
// - Nothing inside code is touched: fenced blocks and code spans are copied as they are, and
//   a backslash escape (`\$`) is left for cmark. A token that lands in a code block after all
//   (an indented block) is put back as the source it stood for.
// - In a table row, `\|` inside math is a `|` (GFM unescapes the pipe before inline parsing).

/// A math span taken out of the prose: its TeX, whether it was display math, and the source
/// text it replaced.
struct MathSpan: Equatable {
    var tex: String
    var display: Bool
    var source: String
}

enum MathSpans {
    static let open: Character = "\u{E000}"
    static let close: Character = "\u{E001}"

    static func token(_ k: Int) -> String { "\(open)\(k)\(close)" }

    /// `text` with its math replaced by tokens, and the spans in token order.
    static func protect(_ text: String) -> (text: String, spans: [MathSpan]) {
        var spans: [MathSpan] = []
        var out: [String] = []
        var prose: [String] = []
        var fence: String? = nil
        var blankAfter = false
        func flushProse() {
            if !prose.isEmpty { out += inline(prose.joined(separator: "\n"), &spans).components(separatedBy: "\n") }
            prose = []
        }
        let lines = text.components(separatedBy: "\n")
        var i = 0
        while i < lines.count {
            let line = lines[i]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let indent = String(line.prefix { $0 == " " || $0 == "\t" })
            if let f = fence {
                out.append(line)
                if trimmed.hasPrefix(f), trimmed.allSatisfy({ $0 == f.first }) { fence = nil }
                i += 1
                continue
            }
            if blankAfter && !trimmed.isEmpty { out.append("") }
            blankAfter = false
            if let f = fenceOpening(trimmed), indent.count < 4 {
                flushProse()
                fence = f
                out.append(line)
                i += 1
                continue
            }
            if trimmed.hasPrefix("$$") {
                flushProse()
                var body = String(trimmed.dropFirst(2))
                var source = line
                if body.hasSuffix("$$") && body.count >= 2 {
                    body = String(body.dropLast(2))
                } else {
                    var j = i + 1
                    while j < lines.count, !lines[j].contains("$$") { body += "\n" + lines[j]; source += "\n" + lines[j]; j += 1 }
                    if j < lines.count { body += "\n" + lines[j].replacingOccurrences(of: "$$", with: ""); source += "\n" + lines[j] }
                    i = j
                }
                spans.append(MathSpan(tex: body.trimmingCharacters(in: .whitespacesAndNewlines), display: true, source: source))
                if indent.isEmpty {
                    if let last = out.last, !last.trimmingCharacters(in: .whitespaces).isEmpty { out.append("") }
                    blankAfter = true
                }
                out.append(indent + token(spans.count - 1))
                i += 1
                continue
            }
            prose.append(line)
            i += 1
        }
        flushProse()
        return (out.joined(separator: "\n"), spans)
    }

    /// The fence a line opens (three or more backticks or tildes), nil for other lines.
    static func fenceOpening(_ trimmed: String) -> String? {
        for mark in ["`", "~"] {
            let run = trimmed.prefix { String($0) == mark }.count
            if run >= 3 { return String(repeating: mark, count: run) }
        }
        return nil
    }

    /// Inline math of a run of prose lines replaced by tokens.
    static func inline(_ text: String, _ spans: inout [MathSpan]) -> String {
        let chars = Array(text)
        var out = ""
        var i = 0
        func find(_ pattern: String, from start: Int) -> Int? {
            let p = Array(pattern)
            var j = start
            while j + p.count <= chars.count {
                if chars[j..<(j + p.count)].elementsEqual(p) { return j }
                j += 1
            }
            return nil
        }
        // Whether each line is a table row (its first character after spaces is `|`), found in
        // one pass: looking back to the line's start for every span made a long line of math
        // quadratic (a line of 4,000 `$a$` took a second).
        var tableRow: [Bool] = []
        var lineOf = [Int](repeating: 0, count: chars.count + 1)
        var lineStart = 0
        for (k, c) in chars.enumerated() where c == "\n" || k == chars.count - 1 {
            let end = c == "\n" ? k : k + 1
            var first = lineStart
            while first < end, chars[first] == " " { first += 1 }
            for m in lineStart..<end { lineOf[m] = tableRow.count }
            lineOf[end] = tableRow.count
            tableRow.append(first < end && chars[first] == "|")
            lineStart = k + 1
        }
        /// Whether the line holding position `j` is a table row.
        func inTableRow(_ j: Int) -> Bool {
            tableRow.isEmpty ? false : tableRow[lineOf[j]]
        }
        func take(_ start: Int, _ end: Int, marker: Int, display: Bool) -> Bool {
            var tex = String(chars[(start + marker)..<end])
            if tex.contains("\n\n") { return false }
            if inTableRow(start) { tex = tex.replacingOccurrences(of: "\\|", with: "|") }
            spans.append(MathSpan(tex: display ? tex.trimmingCharacters(in: .whitespacesAndNewlines) : tex, display: display,
                                  source: String(chars[start..<(end + marker)])))
            out += token(spans.count - 1)
            i = end + marker
            return true
        }
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count {
                out.append(c)
                out.append(chars[i + 1])
                i += 2
                continue
            }
            if c == "`" {
                let run = chars[i...].prefix { $0 == "`" }.count
                var j = i + run
                var closing: Int? = nil
                while j < chars.count {
                    if chars[j] == "`" {
                        let r = chars[j...].prefix { $0 == "`" }.count
                        if r == run { closing = j; break }
                        j += r
                    } else {
                        j += 1
                    }
                }
                let end = closing.map { $0 + run } ?? (i + run)
                out += String(chars[i..<end])
                i = end
                continue
            }
            if c == "$", i + 1 < chars.count {
                if chars[i + 1] == "$", let end = find("$$", from: i + 2), end > i + 2, take(i, end, marker: 2, display: true) { continue }
                if chars[i + 1] != " ", chars[i + 1] != "$", let end = find("$", from: i + 1), end > i + 1, take(i, end, marker: 1, display: false) { continue }
            }
            out.append(c)
            i += 1
        }
        return out
    }

    /// The math span a text literal is exactly (a display paragraph), if it is one.
    static func only(_ literal: String, _ spans: [MathSpan]) -> MathSpan? {
        let t = literal.trimmingCharacters(in: .whitespaces)
        guard t.first == open, t.last == close, let k = Int(t.dropFirst().dropLast()), k < spans.count else { return nil }
        return spans[k]
    }

    /// A text literal split at its tokens: text pieces and span numbers.
    static func pieces(_ literal: String, count: Int) -> [(text: String, span: Int?)] {
        guard literal.contains(open) else { return [(literal, nil)] }
        var out: [(text: String, span: Int?)] = []
        var text = ""
        var rest = Substring(literal)
        while let start = rest.firstIndex(of: open) {
            text += rest[..<start]
            let after = rest[rest.index(after: start)...]
            guard let end = after.firstIndex(of: close), let k = Int(after[..<end]), k < count else {
                text.append(open)
                rest = after
                continue
            }
            if !text.isEmpty { out.append((text, nil)); text = "" }
            out.append(("", k))
            rest = after[after.index(after: end)...]
        }
        text += rest
        if !text.isEmpty { out.append((text, nil)) }
        return out
    }

    /// A text literal as inlines: text, with each token turned back into math.
    static func restore(_ literal: String, _ spans: [MathSpan]) -> [Inline] {
        pieces(literal, count: spans.count).map { $0.span.map { .math(spans[$0].tex) } ?? .text($0.text) }
    }

    /// A literal with each token put back as the source it replaced (for code, URLs, HTML).
    static func source(_ literal: String, _ spans: [MathSpan]) -> String {
        pieces(literal, count: spans.count).map { $0.span.map { spans[$0].source } ?? $0.text }.joined()
    }
}
