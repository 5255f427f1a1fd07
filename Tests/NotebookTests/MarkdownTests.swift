// Markdown rendering: the parse of each block kind, and whole-string snapshots of one
// document rendered for a plain terminal, a colour terminal and HTML.
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

@Suite struct MarkdownTests {
    @Test func blocksAreRecognised() {
        let blocks = Markdown.parse(markdownSample)
        #expect(blocks.count == 10)
        #expect(blocks[0] == .heading(level: 1, [.text("The perceptron")]))
        #expect(blocks[3] == .math("k \\le \\left(\\frac{R}{\\gamma}\\right)^2"))
        guard case .bullets(let items) = blocks[4] else { Issue.record("expected a list"); return }
        #expect(items[2] == [.text("snake_case stays plain")])
        #expect(blocks[5] == .numbered(start: 1, [[.text("shuffle")], [.text("sweep")]]))
        #expect(blocks[9] == .rule)
    }

    @Test func inlineSpans() {
        #expect(Markdown.inlines("a **b *c*** `d*e` $x_i$ [f](g) 2 * 3 * 4") == [
            .text("a "), .strong([.text("b "), .emphasis([.text("c")])]), .text(" "), .code("d*e"), .text(" "),
            .math("x_i"), .text(" "), .link([.text("f")], url: "g"), .text(" 2 * 3 * 4"),
        ])
        #expect(Markdown.inlines("costs $5 and $6") == [.text("costs "), .math("5 and "), .text("6")])
        #expect(Markdown.inlines("a \\| b \\# c \\$5 \\n") == [.text("a | b # c $5 \\n")], "ASCII punctuation is escaped, letters are not")
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

    @Test func htmlEscapesEverything() {
        #expect(Markdown.html(Markdown.parse("a <script>alert(1)</script> & `<b>`")) ==
                "<p>a &lt;script&gt;alert(1)&lt;/script&gt; &amp; <code>&lt;b&gt;</code></p>")
    }

    @Test func wrappedLinesFitTheWidth() {
        let text = Markdown.terminal(Markdown.parse(markdownSample), style: TerminalStyle(width: 40, color: false))
        // Prose and tables fit; code blocks (indented four spaces) are shown as written.
        for line in text.split(separator: "\n") where !line.hasPrefix("    ") {
            #expect(line.count <= 40, "too wide: \(line)")
        }
    }
}
