// Markdown: the small subset lessons use, parsed into blocks and inline spans so the terminal
// and HTML renderers share one reading. Blocks: ATX headings, paragraphs, fenced code,
// bullet and numbered lists (one level), block quotes, `$$` display math, pipe tables, rules.
// Inlines: `code`, **strong**, *emphasis* / _emphasis_, [links](url), $math$.

/// An inline span of text.
public indirect enum Inline: Equatable, Sendable {
    case text(String)
    case code(String)
    case strong([Inline])
    case emphasis([Inline])
    case link([Inline], url: String)
    case math(String)
}

/// A block of a Markdown document.
public enum Block: Equatable, Sendable {
    case heading(level: Int, [Inline])
    case paragraph([Inline])
    case code(language: String, text: String)
    case bullets([[Inline]])
    case numbered(start: Int, [[Inline]])
    case quote([Inline])
    case math(String)
    /// A pipe table: the header cells, each column's alignment (from the `|:--|--:|` row),
    /// and the body rows.
    case table(header: [[Inline]], alignments: [TableAlignment], rows: [[[Inline]]])
    case rule
}

/// How a table column's cells are aligned: `---` or `:--` left, `--:` right, `:-:` centre.
public enum TableAlignment: Equatable, Sendable {
    case left, center, right
}

public enum Markdown {
    /// Parses Markdown text into blocks.
    public static func parse(_ text: String) -> [Block] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var blocks: [Block] = []
        var paragraph: [String] = []
        func endParagraph() {
            if !paragraph.isEmpty { blocks.append(.paragraph(inlines(paragraph.joined(separator: " ")))) }
            paragraph = []
        }
        var i = 0
        while i < lines.count {
            let trimmed = lines[i].trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                endParagraph()
                i += 1
            } else if let (block, next) = block(lines, at: i) {
                endParagraph()
                blocks.append(block)
                i = next
            } else {
                paragraph.append(trimmed)
                i += 1
            }
        }
        endParagraph()
        return blocks
    }

    /// The block starting at line `i` other than a paragraph, and the line after it; nil when
    /// the line continues or starts a paragraph.
    static func block(_ lines: [String], at i: Int) -> (Block, Int)? {
        let trimmed = lines[i].trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("```") { return fencedCode(lines, at: i) }
        if trimmed.hasPrefix("$$") { return displayMath(lines, at: i) }
        if let level = headingLevel(trimmed) { return (.heading(level: level, inlines(String(trimmed.dropFirst(level + 1)))), i + 1) }
        if trimmed == "---" || trimmed == "***" || trimmed == "___" { return (.rule, i + 1) }
        if trimmed.hasPrefix("|") {
            let rows = lines[i...].prefix { $0.trimmingCharacters(in: .whitespaces).hasPrefix("|") }
            return (table(Array(rows)), i + rows.count)
        }
        if trimmed.hasPrefix("> ") || trimmed == ">" {
            let body = lines[i...].prefix { $0.trimmingCharacters(in: .whitespaces).hasPrefix(">") }
            let text = body.map { String($0.trimmingCharacters(in: .whitespaces).dropFirst()).trimmingCharacters(in: .whitespaces) }
            return (.quote(inlines(text.joined(separator: " "))), i + body.count)
        }
        if listItem(trimmed) != nil { return list(lines, from: i) }
        return nil
    }

    /// A ``` fence up to its closing fence (or the end); the info string is the language.
    static func fencedCode(_ lines: [String], at start: Int) -> (Block, Int) {
        let lang = String(lines[start].trimmingCharacters(in: .whitespaces).dropFirst(3)).trimmingCharacters(in: .whitespaces)
        let body = lines[(start + 1)...].prefix { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("```") }
        return (.code(language: lang, text: body.joined(separator: "\n")), start + 1 + body.count + 1)
    }

    /// `$$ ... $$` on one line or over several.
    static func displayMath(_ lines: [String], at start: Int) -> (Block, Int) {
        var body = String(lines[start].trimmingCharacters(in: .whitespaces).dropFirst(2))
        if body.hasSuffix("$$") { return (.math(String(body.dropLast(2)).trimmingCharacters(in: .whitespaces)), start + 1) }
        var i = start + 1
        while i < lines.count, !lines[i].contains("$$") { body += "\n" + lines[i]; i += 1 }
        if i < lines.count { body += "\n" + lines[i].replacingOccurrences(of: "$$", with: "") }
        return (.math(body.trimmingCharacters(in: .whitespacesAndNewlines)), i + 1)
    }

    static func headingLevel(_ line: String) -> Int? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
        return hashes
    }

    /// A list item's marker: (ordered?, number, text after the marker).
    static func listItem(_ line: String) -> (ordered: Bool, number: Int, text: String)? {
        if line.hasPrefix("- ") || line.hasPrefix("* ") || line.hasPrefix("+ ") { return (false, 0, String(line.dropFirst(2))) }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, digits.count < 4, let n = Int(digits) {
            let rest = line.dropFirst(digits.count)
            if rest.hasPrefix(". ") || rest.hasPrefix(") ") { return (true, n, String(rest.dropFirst(2))) }
        }
        return nil
    }

    /// A list from line `start`: items, with indented continuation lines joined to their item.
    static func list(_ lines: [String], from start: Int) -> (Block, Int) {
        let first = listItem(lines[start].trimmingCharacters(in: .whitespaces))!
        var items: [String] = []
        var i = start
        while i < lines.count {
            let t = lines[i].trimmingCharacters(in: .whitespaces)
            if t.isEmpty { break }
            if let item = listItem(t), item.ordered == first.ordered {
                items.append(item.text)
            } else if lines[i].hasPrefix(" "), !items.isEmpty {
                items[items.count - 1] += " " + t
            } else {
                break
            }
            i += 1
        }
        let parsed = items.map { inlines($0) }
        return (first.ordered ? .numbered(start: first.number, parsed) : .bullets(parsed), i)
    }
}
