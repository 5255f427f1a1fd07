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
    case table(header: [[Inline]], rows: [[[Inline]]])
    case rule
}

public enum Markdown {
    /// Parses Markdown text into blocks.
    public static func parse(_ text: String) -> [Block] {
        var blocks: [Block] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var i = 0
        var paragraph: [String] = []
        func endParagraph() {
            if !paragraph.isEmpty { blocks.append(.paragraph(inlines(paragraph.joined(separator: " ")))) }
            paragraph = []
        }
        while i < lines.count {
            let line = lines[i]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { endParagraph(); i += 1; continue }
            if trimmed.hasPrefix("```") {
                endParagraph()
                let lang = String(trimmed.dropFirst(3)).trimmingCharacters(in: .whitespaces)
                var body: [String] = []
                i += 1
                while i < lines.count, !lines[i].trimmingCharacters(in: .whitespaces).hasPrefix("```") { body.append(lines[i]); i += 1 }
                blocks.append(.code(language: lang, text: body.joined(separator: "\n")))
                i += 1
                continue
            }
            if trimmed.hasPrefix("$$") {
                endParagraph()
                var body = String(trimmed.dropFirst(2))
                if body.hasSuffix("$$") && body.count >= 2 {
                    blocks.append(.math(String(body.dropLast(2)).trimmingCharacters(in: .whitespaces)))
                    i += 1
                    continue
                }
                i += 1
                while i < lines.count, !lines[i].contains("$$") { body += "\n" + lines[i]; i += 1 }
                if i < lines.count { body += "\n" + lines[i].replacingOccurrences(of: "$$", with: "") }
                blocks.append(.math(body.trimmingCharacters(in: .whitespacesAndNewlines)))
                i += 1
                continue
            }
            if let level = headingLevel(trimmed) {
                endParagraph()
                blocks.append(.heading(level: level, inlines(String(trimmed.dropFirst(level + 1)))))
                i += 1
                continue
            }
            if trimmed == "---" || trimmed == "***" || trimmed == "___" {
                endParagraph(); blocks.append(.rule); i += 1; continue
            }
            if trimmed.hasPrefix("|") {
                endParagraph()
                var rows: [String] = []
                while i < lines.count, lines[i].trimmingCharacters(in: .whitespaces).hasPrefix("|") { rows.append(lines[i]); i += 1 }
                blocks.append(table(rows))
                continue
            }
            if trimmed.hasPrefix("> ") || trimmed == ">" {
                endParagraph()
                var body: [String] = []
                while i < lines.count, lines[i].trimmingCharacters(in: .whitespaces).hasPrefix(">") {
                    body.append(String(lines[i].trimmingCharacters(in: .whitespaces).dropFirst()).trimmingCharacters(in: .whitespaces))
                    i += 1
                }
                blocks.append(.quote(inlines(body.joined(separator: " "))))
                continue
            }
            if listItem(trimmed) != nil {
                endParagraph()
                let (block, next) = list(lines, from: i)
                blocks.append(block)
                i = next
                continue
            }
            paragraph.append(trimmed)
            i += 1
        }
        endParagraph()
        return blocks
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

    /// A pipe table; the `|---|` separator row is dropped.
    static func table(_ rows: [String]) -> Block {
        func cells(_ row: String) -> [String] {
            var t = row.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("|") { t.removeFirst() }
            if t.hasSuffix("|") { t.removeLast() }
            return t.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        }
        var parsed = rows.map(cells)
        let header = parsed.isEmpty ? [] : parsed.removeFirst()
        if let sep = parsed.first, sep.allSatisfy({ $0.allSatisfy { "-:".contains($0) } }) { parsed.removeFirst() }
        return .table(header: header.map { inlines($0) }, rows: parsed.map { $0.map { inlines($0) } })
    }
}
