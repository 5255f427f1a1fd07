// Markdown+HTML: Markdown blocks as HTML for the exported page, written the way cmark-gfm's
// own HTML renderer writes them (same tags, attributes, escapes and line breaks; raw HTML left
// out as its safe mode does), so a page reads as GitHub shows the prose. Two things differ on
// purpose: math is typeset as MathML (no script, nothing loaded), and Cajal code blocks are
// highlighted unless `highlight` is off (then they are cmark's plain `<pre><code>`).

enum HTML {
    /// Text escaped for HTML element content and attribute values (the four characters
    /// cmark escapes).
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A URL for an `href` or `src` attribute as cmark writes it: characters that may stand in
    /// a URL kept, `&` and `'` as entities, everything else percent-encoded byte by byte.
    static func escapeHref(_ url: String) -> String {
        var out = ""
        for byte in url.utf8 {
            switch byte {
            case UInt8(ascii: "&"): out += "&amp;"
            case UInt8(ascii: "'"): out += "&#x27;"
            default:
                let c = Character(Unicode.Scalar(byte))
                if byte < 0x80, c.isLetter || c.isNumber || hrefSafe.contains(c) {
                    out.append(c)
                } else {
                    out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
                }
            }
        }
        return out
    }

    static let hrefSafe = Set("-_.+!*(),%#@?=;:/$~")

    /// Whether cmark's safe mode drops a URL: script and file schemes, and data other than
    /// images.
    static func isDangerous(_ url: String) -> Bool {
        let u = url.lowercased()
        if ["javascript:", "vbscript:", "file:"].contains(where: u.hasPrefix) { return true }
        guard u.hasPrefix("data:") else { return false }
        return !["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"].contains(where: u.hasPrefix)
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}

extension Markdown {
    /// The blocks as HTML. With `highlight` (the default), Cajal code blocks are coloured.
    public static func html(_ blocks: [Block], highlight: Bool = true) -> String {
        var writer = HTMLWriter(highlight: highlight)
        writer.blocks(blocks, tight: false)
        return writer.out
    }
}

/// cmark's HTML renderer, step for step: `cr()` starts a new line unless one was just started.
struct HTMLWriter {
    let highlight: Bool
    var out = ""

    mutating func cr() {
        if !out.isEmpty && out.last != "\n" { out += "\n" }
    }

    mutating func blocks(_ blocks: [Block], tight: Bool) {
        for b in blocks { block(b, tight: tight) }
    }

    mutating func block(_ block: Block, tight: Bool) {
        switch block {
        case .heading(let level, let text):
            cr()
            out += "<h\(level)>" + inlines(text) + "</h\(level)>\n"
        case .paragraph(let text):
            if tight {
                out += inlines(text)
            } else {
                cr()
                out += "<p>" + inlines(text) + "</p>\n"
            }
        case .code(let language, let text):
            cr()
            if highlight && (language.isEmpty || language == "cajal") {
                let shown = text.hasSuffix("\n") ? String(text.dropLast()) : text
                out += "<pre class=\"code\"><code>" + Highlight.html(shown) + "\n</code></pre>\n"
            } else {
                let attr = language.isEmpty ? "" : " class=\"language-\(HTML.escape(language))\""
                out += "<pre><code\(attr)>" + HTML.escape(text) + "</code></pre>\n"
            }
        case .bullets(let items, let t):
            list("<ul>\n", "</ul>\n", items, tight: t)
        case .numbered(let start, let items, let t):
            list(start == 1 ? "<ol>\n" : "<ol start=\"\(start)\">\n", "</ol>\n", items, tight: t)
        case .quote(let body):
            cr()
            out += "<blockquote>\n"
            blocks(body, tight: false)
            cr()
            out += "</blockquote>\n"
        case .math(let tex):
            cr()
            out += MathML.html(tex, display: true) + "\n"
        case .table(let header, let alignments, let rows):
            cr()
            out += "<table>\n<thead>\n"
            tableRow(header, alignments, tag: "th")
            out += "</thead>\n"
            if !rows.isEmpty {
                out += "<tbody>\n"
                for row in rows { tableRow(row, alignments, tag: "td") }
                out += "</tbody>\n"
            }
            out += "</table>\n"
        case .rule:
            cr()
            out += "<hr />\n"
        case .html:
            cr()
            out += "<!-- raw HTML omitted -->"
            cr()
        }
    }

    mutating func list(_ open: String, _ close: String, _ items: [[Block]], tight: Bool) {
        cr()
        out += open
        for item in items {
            cr()
            out += "<li>"
            blocks(item, tight: tight)
            out += "</li>\n"
        }
        out += close
    }

    mutating func tableRow(_ cells: [[Inline]], _ alignments: [TableAlignment], tag: String) {
        out += "<tr>\n"
        for (j, cell) in cells.enumerated() {
            let align: String
            switch j < alignments.count ? alignments[j] : .unspecified {
            case .unspecified: align = ""
            case .left: align = " align=\"left\""
            case .center: align = " align=\"center\""
            case .right: align = " align=\"right\""
            }
            out += "<\(tag)\(align)>" + inlines(cell) + "</\(tag)>\n"
        }
        out += "</tr>\n"
    }

    func inlines(_ xs: [Inline]) -> String {
        xs.map { x in
            switch x {
            case .text(let s): return HTML.escape(s)
            case .code(let s): return "<code>\(HTML.escape(s))</code>"
            case .strong(let y): return "<strong>\(inlines(y))</strong>"
            case .emphasis(let y): return "<em>\(inlines(y))</em>"
            case .strikethrough(let y): return "<del>\(inlines(y))</del>"
            case .link(let y, let url, let title):
                let href = HTML.isDangerous(url) ? "" : HTML.escapeHref(url)
                return "<a href=\"\(href)\"\(title.isEmpty ? "" : " title=\"\(HTML.escape(title))\"")>\(inlines(y))</a>"
            case .image(let y, let url, let title):
                let src = HTML.isDangerous(url) ? "" : HTML.escapeHref(url)
                return "<img src=\"\(src)\" alt=\"\(HTML.escape(Markdown.plainText(y)))\"\(title.isEmpty ? "" : " title=\"\(HTML.escape(title))\"") />"
            case .math(let tex): return MathML.html(tex, display: false)
            case .softBreak: return "\n"
            case .lineBreak: return "<br />\n"
            case .html: return "<!-- raw HTML omitted -->"
            }
        }.joined()
    }
}
