// Markdown rendering: the parse of each block kind (cmark-gfm's tree, math kept apart), and
// whole-string snapshots of documents rendered for a plain terminal, a colour terminal and HTML.
// The page's prose is compared with the `cmark-gfm` program's own HTML for every lesson.
import Foundation
import Testing
import TestSupport
@testable import Notebook

let markdownSample = """
    # The perceptron

    Rosenblatt's rule changes the weights only after a **mistake**: for a point $x$ with label
    $y \\in \\{-1, 1\\}$ the update is `w += y * x`, and *nothing else* happens. See
    [Novikoff 1962](https://example.org/novikoff) for the bound on the number of mistakes.

    ## The bound

    $$ k \\le \\left(\\frac{R}{\\gamma}\\right)^2 $$

    - $R$ is the largest norm of an input, a long item that has to wrap onto a second line to fit the width
    - $\\gamma$ is the margin
    - snake_case stays plain

    1. shuffle
    2. sweep

    > History: the Mark I Perceptron had 400 photocells.

    | lesson | published | here |
    | --- | --- | --- |
    | XOR | 558 sweeps | `325` |

    ```cajal
    let w = zeros([2])   # weights
    for i in 0..<3 { print("step {i}") }
    ```

    ---
    """

/// A lesson's prose as GitHub writes it: nested lists, a GFM table, inline code, strikethrough,
/// an autolink, a hard line break, and math that cmark must not read as emphasis.
let gfmSample = """
    # Nested lists and tables

    1. first, with `code`
       - nested bullet
       - another, ~~struck~~ and $x_i * w_i$
    2. second, see https://example.org/cajal

    | layer | shape | note |
    | :-- | --: | :-: |
    | `Linear(2, 3)` | [2, 3] | $W x + b$ |
    | `relu` | | *none* |

    A hard\u{20}\u{20}
    break, then $a_1 * b_1$ and *emphasis*.

    - loose item

    - another loose item
      > quoted inside
    """

@Suite struct MarkdownTests {
    @Test func blocksAreRecognised() {
        let blocks = Markdown.parse(markdownSample)
        #expect(blocks.count == 10)
        #expect(blocks[0] == .heading(level: 1, [.text("The perceptron")]))
        #expect(blocks[3] == .math("k \\le \\left(\\frac{R}{\\gamma}\\right)^2"))
        guard case .bullets(let items, let tight) = blocks[4] else { Issue.record("expected a list"); return }
        #expect(tight)
        #expect(items[2] == [.paragraph([.text("snake_case stays plain")])])
        #expect(blocks[5] == .numbered(start: 1, [[.paragraph([.text("shuffle")])], [.paragraph([.text("sweep")])]], tight: true))
        #expect(blocks[9] == .rule)
    }

    @Test func listsNest() {
        let blocks = Markdown.parse("1. first\n   - nested bullet\n   - another\n2. second")
        #expect(blocks == [.numbered(start: 1, [
            [.paragraph([.text("first")]), .bullets([[.paragraph([.text("nested bullet")])], [.paragraph([.text("another")])]], tight: true)],
            [.paragraph([.text("second")])],
        ], tight: true)])
        #expect(Markdown.terminal(blocks) == """
              1. first
                   • nested bullet
                   • another
              2. second

            """)
    }

    @Test func inlineSpans() {
        #expect(Markdown.inlines("a **b *c*** `d*e` $x_i$ [f](g) 2 * 3 * 4") == [
            .text("a "), .strong([.text("b "), .emphasis([.text("c")])]), .text(" "), .code("d*e"), .text(" "),
            .math("x_i"), .text(" "), .link([.text("f")], url: "g", title: ""), .text(" 2 * 3 * 4"),
        ])
        #expect(Markdown.inlines("costs $5 and $6") == [.text("costs "), .math("5 and "), .text("6")])
        #expect(Markdown.inlines("a \\| b \\# c \\$5 \\n") == [.text("a | b # c $5 \\n")], "ASCII punctuation is escaped, letters are not")
        #expect(Markdown.inlines("~~gone~~ www.example.org") == [
            .strikethrough([.text("gone")]), .text(" "), .link([.text("www.example.org")], url: "http://www.example.org", title: ""),
        ])
    }

    @Test func mathIsNotMarkdown() {
        // Underscores and stars inside math are TeX, not emphasis; inside code, `$` is text.
        #expect(Markdown.inlines("$a_1 * b_2$ and $c_1 * d_2$") == [.math("a_1 * b_2"), .text(" and "), .math("c_1 * d_2")])
        #expect(Markdown.inlines("`$x$` costs \\$5") == [.code("$x$"), .text(" costs $5")])
        #expect(Markdown.parse("```\nlet s = \"$x$\"\n```") == [.code(language: "", text: "let s = \"$x$\"\n")])
        // Display math between two lines of text is a block of its own; inline `$$…$$` is math.
        #expect(Markdown.parse("before\n$$x_1 * y$$\nafter") == [.paragraph([.text("before")]), .math("x_1 * y"), .paragraph([.text("after")])])
        #expect(Markdown.parse("$$\na\n\\\\ b\n$$") == [.math("a\n\\\\ b")])
        #expect(Markdown.inlines("so $$x^2$$ here") == [.text("so "), .math("x^2"), .text(" here")])
        // An indented code block keeps the source of what looked like math.
        #expect(Markdown.parse("    cost $x$ and $y$") == [.code(language: "", text: "cost $x$ and $y$\n")])
    }

    @Test func mathIsMadeReadable() {
        #expect(MathText.render("\\sigma(z) = \\frac{1}{1 + e^{-z}}") == "σ(z) = 1/(1 + e^(-z))")
        #expect(MathText.render("\\sum_i w_i x_i \\le \\eta^2") == "∑ᵢ wᵢ xᵢ ≤ η²")
        #expect(MathText.render("W^T \\cdot x") == "Wᵀ · x")
    }

    @Test func terminalPlainSnapshot() throws {
        let text = Markdown.terminal(Markdown.parse(markdownSample), style: TerminalStyle(width: 60, color: false))
        try assertSnapshot(text, named: "markdown-terminal-plain", in: "NotebookTests")
    }

    @Test func terminalColourSnapshot() throws {
        let text = Markdown.terminal(Markdown.parse(markdownSample), style: TerminalStyle(width: 60, color: true))
        try assertSnapshot(text, named: "markdown-terminal-colour", in: "NotebookTests")
    }

    @Test func htmlSnapshot() throws {
        try assertSnapshot(Markdown.html(Markdown.parse(markdownSample)), named: "markdown-html", in: "NotebookTests")
    }

    @Test func htmlEscapesEverythingAndLeavesRawHTMLOut() {
        // As cmark-gfm's safe renderer (GitHub's): raw HTML never reaches the page.
        #expect(Markdown.html(Markdown.parse("a <script>alert(1)</script> & `<b>`")) ==
                "<p>a <!-- raw HTML omitted -->alert(1)<!-- raw HTML omitted --> &amp; <code>&lt;b&gt;</code></p>\n")
        #expect(Markdown.html(Markdown.parse("[x](javascript:alert(1)) [y](a b)")) == "<p><a href=\"\">x</a> [y](a b)</p>\n")
    }

    @Test func gfmTerminalSnapshot() throws {
        let text = Markdown.terminal(Markdown.parse(gfmSample), style: TerminalStyle(width: 60, color: false))
        try assertSnapshot(text, named: "markdown-gfm-terminal", in: "NotebookTests")
    }

    @Test(.enabled(if: OutsideTools.runs(cmarkGfm != nil), "cmark-gfm is not installed (apt-get install cmark-gfm)"))
    func htmlIsCmarkGfmsOwn() throws {
        let program = try #require(cmarkGfm, "CAJAL_REQUIRE_TOOLS=1 but cmark-gfm is not installed (apt-get install cmark-gfm)")
        var sources = [("markdownSample", markdownSample), ("gfmSample", gfmSample), ("tableSample", tableSample)]
        for (name, text) in try repositoryLessons() {
            for cell in try Lesson.parse(text).cells where cell.kind == .markdown { sources.append(("\(name):\(cell.line)", cell.source)) }
        }
        #expect(sources.count > 100)
        for (name, source) in sources {
            let ours = Markdown.html(Markdown.parse(source), highlight: false)
            let theirs = try cmarkGfmHTML(source, program: program)
            #expect(ours == theirs, "\(name): our HTML differs from cmark-gfm's")
        }
    }


    @Test func wrappedLinesFitTheWidth() {
        let text = Markdown.terminal(Markdown.parse(markdownSample), style: TerminalStyle(width: 40, color: false))
        // Prose and tables fit; code blocks (indented four spaces) are shown as written.
        for line in text.split(separator: "\n") where !line.hasPrefix("    ") {
            #expect(line.count <= 40, "too wide: \(line)")
        }
    }

    @Test func aPrefixsShownWidthLeavesOutItsColourCodesAsTheRegularExpressionDid() {
        // wrap measures its indent without colour codes; the scan must count as the regular
        // expression it replaced did, also where a code sits before a combining mark.
        let samples = ["plain", "\u{1B}[1mbold\u{1B}[0m", "  \u{1B}[2m│\u{1B}[0m ", "a\u{1B}[1m\u{301}", "\u{1B}[x",
                       "\u{1B}[12;3", "\u{1B}[", "\u{1B}\u{1B}[m", "🙂\u{1B}[38;5;1m🙂", "e\u{301}\u{1B}[0m", ""]
        for s in samples {
            let byRegex = s.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression).count
            #expect(Markdown.shownWidth(s) == byRegex, "\(s.debugDescription)")
        }
    }

    /// Quotes and lists nested deeper than `CmarkWalker.maxNesting`, each level's depth.
    static func nesting(_ blocks: [Block]) -> Int {
        blocks.map { b -> Int in
            switch b {
            case .quote(let inner): return 1 + nesting(inner)
            case .bullets(let items, _), .numbered(_, let items, _): return 1 + (items.map(nesting).max() ?? 0)
            default: return 0
            }
        }.max() ?? 0
    }

    @Test func quotesAndListsNestedThousandsDeepAreDrawnAtSixteenLevelsInLinearWork() {
        // Each renderer redraws a nested block's text once per level around it: 20,000 levels of
        // `> ` took time quadratic in the depth (a 16 KB fuzz input ran for seconds). Past 16
        // levels the blocks are drawn at the 16th, their text in order; that bounds the work
        // at 16 passes over the text, and the walker does not recurse past it either.
        let depth = 20_000
        let sources = [String(repeating: "> ", count: depth) + "deep\n\nshallow",
                       String(repeating: "- ", count: depth) + "deep\n\nshallow",
                       (0..<depth).map { String(repeating: " ", count: 2 * min($0, 40)) + "- item \($0)" }.joined(separator: "\n")]
        for source in sources {
            let blocks = Markdown.parse(source)
            #expect(Self.nesting(blocks) == CmarkWalker.maxNesting, "\(source.prefix(12))")
            let text = Markdown.terminal(blocks, style: TerminalStyle(width: 60, color: true))
            #expect(text.contains("deep") || text.contains("item 19999"))
            #expect(text.utf8.count < 64 * source.utf8.count, "the drawing is linear in the text: \(text.utf8.count)")
            _ = Markdown.html(blocks, highlight: false)
        }
        // Nesting of realistic depth is drawn as before: three levels of quote, three bars.
        #expect(Markdown.terminal(Markdown.parse("> > > three"), style: TerminalStyle(width: 40)) == "│ │ │ three\n")
    }

    @Test func aLongLineOfInlineMathIsProtectedInLinearWork() {
        // Each math span asked whether its line is a table row by looking back to the line's
        // start: a line of n spans took n² steps (4,000 `$a$` took a second under the fuzzer).
        // 100,000 spans on one 400 KB line would take many minutes that way; in one pass over
        // the text it is a fraction of a second.
        let line = String(repeating: "$a$ ", count: 100_000)
        let clock = ContinuousClock()
        let start = clock.now
        let (text, spans) = MathSpans.protect(line + "\n| $x \\| y$ | z |")
        let elapsed = clock.now - start
        #expect(spans.count == 100_001)
        #expect(spans.last?.tex == "x | y", "a table row's `\\|` is still a pipe in math")
        #expect(spans.first?.tex == "a")
        #expect(text.hasPrefix(MathSpans.token(0) + " " + MathSpans.token(1)))
        #expect(elapsed < .seconds(20), "\(elapsed)")
    }
}

let cmarkGfm: String? = ["/usr/bin/cmark-gfm", "/usr/local/bin/cmark-gfm"].first { FileManager.default.isExecutableFile(atPath: $0) }

/// What the `cmark-gfm` program makes of `source` (with the table, strikethrough and autolink
/// extensions), math aside: the math pre-pass runs first, and each math token in cmark-gfm's
/// output is replaced by the MathML our renderer writes (a display formula's lone paragraph by
/// its block).
func cmarkGfmHTML(_ source: String, program: String) throws -> String {
    let (protected, spans) = MathSpans.protect(source)
    let path = temporaryFile("prose.md")
    try protected.write(toFile: path, atomically: true, encoding: .utf8)
    let result = run(program, ["--extension", "table", "--extension", "strikethrough", "--extension", "autolink", path])
    guard result.status == 0 else { throw CmarkGfmFailed(output: result.out) }
    var html = result.out
    for (k, span) in spans.enumerated() {
        let token = MathSpans.token(k)
        if span.display { html = html.replacingOccurrences(of: "<p>\(token)</p>", with: MathML.html(span.tex, display: true)) }
        html = html.replacingOccurrences(of: token, with: MathML.html(span.tex, display: false))
    }
    return html
}

struct CmarkGfmFailed: Error {
    var output: String
}
