// Markdown+Inline: inline spans (code, strong, emphasis, links, math) of one block's text.
// Unclosed markers are plain text; code and math spans take their content literally; a
// backslash before ASCII punctuation makes it plain text (`\*`, `\$`, `\|`).
extension Markdown {
    /// Parses the inline spans of `text`.
    public static func inlines(_ text: String) -> [Inline] {
        var scanner = InlineScanner(chars: Array(text))
        return scanner.parse(until: nil)
    }
}

struct InlineScanner {
    let chars: [Character]
    var i = 0

    init(chars: [Character]) { self.chars = chars }

    /// What a backslash escapes (GFM: any ASCII punctuation); `\|` is a plain `|`.
    static let escapable = Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

    /// Spans up to the closing `delimiter` (consumed), or to the end.
    mutating func parse(until delimiter: String?) -> [Inline] {
        var out: [Inline] = []
        var text = ""
        func flush() { if !text.isEmpty { out.append(.text(text)); text = "" } }
        while i < chars.count {
            if let d = delimiter, starts(with: d) { i += d.count; flush(); return out }
            let c = chars[i]
            if c == "\\", i + 1 < chars.count, InlineScanner.escapable.contains(chars[i + 1]) {
                text.append(chars[i + 1]); i += 2; continue
            }
            if c == "`", let end = find("`", from: i + 1) {
                flush(); out.append(.code(String(chars[(i + 1)..<end]))); i = end + 1; continue
            }
            if c == "$", i + 1 < chars.count, chars[i + 1] != " ", let end = find("$", from: i + 1), end > i + 1 {
                flush(); out.append(.math(String(chars[(i + 1)..<end]))); i = end + 1; continue
            }
            if starts(with: "**"), hasClosing("**", from: i + 2) {
                flush(); i += 2; out.append(.strong(parse(until: "**"))); continue
            }
            if (c == "*" || c == "_"), i + 1 < chars.count, chars[i + 1] != " ", opensEmphasis(at: i), hasClosing(String(c), from: i + 1) {
                flush(); i += 1; out.append(.emphasis(parse(until: String(c)))); continue
            }
            if c == "[", let close = find("]", from: i + 1), close + 1 < chars.count, chars[close + 1] == "(",
               let paren = find(")", from: close + 2) {
                flush()
                var inner = InlineScanner(chars: Array(chars[(i + 1)..<close]))
                out.append(.link(inner.parse(until: nil), url: String(chars[(close + 2)..<paren])))
                i = paren + 1
                continue
            }
            text.append(c)
            i += 1
        }
        flush()
        return out
    }

    func starts(with s: String) -> Bool {
        let a = Array(s)
        return i + a.count <= chars.count && Array(chars[i..<(i + a.count)]) == a
    }

    func find(_ c: Character, from start: Int) -> Int? {
        var j = start
        while j < chars.count { if chars[j] == c { return j }; j += 1 }
        return nil
    }

    func hasClosing(_ d: String, from start: Int) -> Bool {
        var probe = self
        probe.i = start
        while probe.i < chars.count {
            if probe.starts(with: d) { return probe.i > start }
            probe.i += 1
        }
        return false
    }

    /// `_` inside a word (snake_case) is not emphasis.
    func opensEmphasis(at j: Int) -> Bool {
        guard chars[j] == "_", j > 0 else { return true }
        return !(chars[j - 1].isLetter || chars[j - 1].isNumber)
    }
}
