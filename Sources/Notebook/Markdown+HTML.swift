// Markdown+HTML: Markdown blocks as HTML for the exported page. Everything is escaped; math
// is shown as readable Unicode in a <span class="math"> (the page loads nothing from the net).

enum HTML {
    /// Text escaped for HTML element content and attribute values.
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
}

extension Markdown {
    /// The blocks as HTML, one element per block, newline-separated.
    public static func html(_ blocks: [Block]) -> String {
        blocks.map(html).joined(separator: "\n")
    }

    static func html(_ block: Block) -> String {
        switch block {
        case .heading(let level, let text):
            return "<h\(level)>\(html(text))</h\(level)>"
        case .paragraph(let text):
            return "<p>\(html(text))</p>"
        case .code(let lang, let text):
            let body = lang.isEmpty || lang == "cajal" ? Highlight.html(text) : HTML.escape(text)
            return "<pre class=\"code\"><code>\(body)</code></pre>"
        case .bullets(let items):
            return "<ul>\n" + items.map { "<li>\(html($0))</li>" }.joined(separator: "\n") + "\n</ul>"
        case .numbered(let start, let items):
            let attr = start == 1 ? "" : " start=\"\(start)\""
            return "<ol\(attr)>\n" + items.map { "<li>\(html($0))</li>" }.joined(separator: "\n") + "\n</ol>"
        case .quote(let text):
            return "<blockquote><p>\(html(text))</p></blockquote>"
        case .math(let tex):
            return "<div class=\"math display\" title=\"\(HTML.escape(tex))\">\(HTML.escape(MathText.render(tex, display: true)))</div>"
        case .table(let header, let alignments, let rows):
            func cells(_ row: [[Inline]], _ tag: String) -> String {
                row.enumerated().map { j, cell in
                    let align = j < alignments.count ? alignments[j] : .left
                    let style = align == .left ? "" : " style=\"text-align: \(align == .right ? "right" : "center")\""
                    return "<\(tag)\(style)>\(html(cell))</\(tag)>"
                }.joined()
            }
            var out = "<table>\n<thead><tr>" + cells(header, "th") + "</tr></thead>\n<tbody>\n"
            out += rows.map { "<tr>" + cells($0, "td") + "</tr>" }.joined(separator: "\n")
            return out + "\n</tbody>\n</table>"
        case .rule:
            return "<hr>"
        }
    }

    /// Inline spans as HTML.
    static func html(_ inlines: [Inline]) -> String {
        inlines.map { inline in
            switch inline {
            case .text(let s): return HTML.escape(s)
            case .code(let s): return "<code>\(HTML.escape(s))</code>"
            case .strong(let x): return "<strong>\(html(x))</strong>"
            case .emphasis(let x): return "<em>\(html(x))</em>"
            case .link(let x, let url): return "<a href=\"\(HTML.escape(url))\">\(html(x))</a>"
            case .math(let tex): return "<span class=\"math\" title=\"\(HTML.escape(tex))\">\(HTML.escape(MathText.render(tex)))</span>"
            }
        }.joined()
    }
}
