// Export+HTML: an executed lesson as one self-contained HTML page: prose rendered from
// Markdown, each code cell with its number, highlighted source and outputs (printed text,
// values, errors, figures as inline SVG), math as MathML. CSS is inline; nothing is loaded
// from the network (no scripts, fonts, images or math library), so the file can be mailed as
// it is.
import Plot

extension ExecutedLesson {
    /// The page as HTML text.
    public func html() -> String {
        let title = lesson.title ?? name
        var body: [String] = []
        var count = 0
        for (cell, run) in zip(lesson.cells, runs) {
            switch cell.kind {
            case .markdown:
                body.append("<section class=\"prose\">\n\(Markdown.html(Markdown.parse(cell.source)))</section>")
            case .code:
                count += 1
                body.append(htmlCodeCell(cell, run: run, count: count))
            }
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="cajal export">
            <title>\(HTML.escape(title))</title>
            <style>
            \(ExecutedLesson.css)
            </style>
            </head>
            <body>
            <main>
            \(body.joined(separator: "\n"))
            <footer>Exported by <code>cajal export</code> · seed \(seed)</footer>
            </main>
            </body>
            </html>

            """
    }

    func htmlCodeCell(_ cell: Cell, run: CellRun?, count: Int) -> String {
        var out = "<div class=\"cell\">\n<div class=\"input\"><span class=\"prompt\">[\(count)]</span>"
        out += "<pre class=\"code\"><code>\(Highlight.html(cell.source))</code></pre></div>\n"
        for item in run?.items ?? [] {
            out += "<div class=\"output\"><span class=\"prompt\"></span>"
            switch item {
            case .stream(let s): out += "<pre class=\"stream\">\(HTML.escape(dropFinalNewline(s)))</pre>"
            case .value(let s): out += "<pre class=\"result\">\(HTML.escape(s))</pre>"
            case .error(let s): out += "<pre class=\"error\">\(HTML.escape(dropFinalNewline(s)))</pre>"
            case .figure(let f):
                let label = f.title.isEmpty ? "plot" : f.title
                out += "<figure role=\"img\" aria-label=\"\(HTML.escape(label))\">\(f.svg())</figure>"
            }
            out += "</div>\n"
        }
        return out + "</div>"
    }

    func dropFinalNewline(_ s: String) -> String { s.hasSuffix("\n") ? String(s.dropLast()) : s }

    static let css = """
        :root { --ink: #1d2125; --muted: #6a737d; --rule: #e1e4e8; --code-bg: #f6f8fa; --accent: #2f6fb3; }
        body { margin: 0; background: #fff; color: var(--ink);
          font: 16px/1.6 "DejaVu Serif", Georgia, "Times New Roman", serif; }
        main { max-width: 52rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
        h1, h2, h3, h4 { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; line-height: 1.25; }
        h1 { font-size: 2rem; border-bottom: 2px solid var(--rule); padding-bottom: .3rem; }
        h2 { font-size: 1.45rem; border-bottom: 1px solid var(--rule); padding-bottom: .2rem; margin-top: 2rem; }
        a { color: var(--accent); }
        code, pre { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .88rem; }
        p code, li code, td code { background: var(--code-bg); padding: .05rem .3rem; border-radius: 3px; }
        blockquote { margin: 1rem 0; padding: .2rem 1rem; border-left: 4px solid var(--rule); color: var(--muted); }
        table { border-collapse: collapse; margin: 1rem 0; }
        th, td { border: 1px solid var(--rule); padding: .3rem .7rem; text-align: left; }
        th { background: var(--code-bg); }
        math { font-size: 1.1em; }
        math[display="block"] { margin: 1rem 0; overflow-x: auto; overflow-y: hidden; }
        .cell { margin: 1.2rem 0; }
        .input, .output { display: flex; align-items: flex-start; }
        .prompt { flex: 0 0 3.2rem; color: var(--muted); font: .8rem/2.2 "DejaVu Sans Mono", monospace; text-align: right; padding-right: .6rem; }
        .input pre { flex: 1; margin: 0; background: var(--code-bg); border: 1px solid var(--rule); border-radius: 4px;
          padding: .55rem .8rem; overflow-x: auto; }
        .output pre { flex: 1; margin: .3rem 0 0; padding: .2rem .8rem; overflow-x: auto; white-space: pre; }
        .output pre.error { background: #fff5f5; color: #b31d28; border-left: 3px solid #d73a49; }
        .output figure { flex: 1; margin: .5rem 0 0; }
        .output figure svg { max-width: 100%; height: auto; }
        pre.code .k { color: #8f2ea3; font-weight: bold; } pre.code .s { color: #22863a; }
        pre.code .n { color: #b05a00; } pre.code .c { color: #6a737d; font-style: italic; }
        footer { margin-top: 3rem; color: var(--muted); font-size: .85rem; border-top: 1px solid var(--rule); padding-top: .5rem; }
        """
}
