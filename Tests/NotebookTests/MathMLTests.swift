// MathML: the exported page's typeset math. Snapshots of lesson formulas (fractions, sums with
// limits, sub- and superscripts, accents, Greek, fences, cases) inline and in display, and the
// structure of a few on their own, so a change to the MathML writer shows up as a diff.
import Testing
import TestSupport
@testable import Notebook

@Suite struct MathMLTests {
    @Test func lessonFormulasSnapshot() throws {
        let formulas = [
            "\\sigma(z) = \\frac{1}{1 + e^{-z}}",
            "\\frac{\\partial E}{\\partial w_{ij}} = \\delta_j x_i, \\quad \\frac{\\partial E}{\\partial b_j} = \\delta_j",
            "C = \\frac{1}{n} \\sum_{i=1}^{n} (x_i - \\mu)^\\top (x_i - \\mu) \\qquad (64 \\times 64)",
            "\\partial\\, \\overline{c_T} / \\partial c_0",
            "k \\le \\left(\\frac{R}{\\gamma}\\right)^2",
            "y = \\begin{cases} 1 & \\text{if } \\sum_i w_i x_i \\ge \\theta \\\\ 0 & \\text{otherwise} \\end{cases}",
            "h = \\sigma(x W + b), \\qquad \\hat{x} = h V + c, \\qquad L = \\mathrm{mean}\\,(\\hat{x} - x)^2",
            "h'_i = \\frac{m_i h_i}{1 - p}",
            "\\min_G \\max_D \\; \\mathbb{E}_{x \\sim p_\\text{data}} \\log D(x)",
            "\\Delta w(n) = -\\eta \\frac{\\partial E}{\\partial w}(n) + \\alpha\\, \\Delta w(n - 1)",
            "\\sqrt{n_{in} + n_{out}}, \\sqrt[3]{x}, \\binom{n}{k}",
        ]
        let text = formulas.map { tex in
            "\(tex)\ninline:  \(MathML.html(tex, display: false))\ndisplay: \(MathML.html(tex, display: true))"
        }.joined(separator: "\n\n") + "\n"
        try assertSnapshot(text, named: "mathml", in: "NotebookTests")
    }

    @Test func fractionsScriptsAndGreek() {
        #expect(MathML.row("\\frac{a}{b}", display: false) == "<mfrac><mi>a</mi><mi>b</mi></mfrac>")
        #expect(MathML.row("w_{ij}^2", display: false) == "<msubsup><mi>w</mi><mrow><mi>i</mi><mi>j</mi></mrow><mn>2</mn></msubsup>")
        #expect(MathML.row("\\alpha \\Delta 1.5", display: false) == "<mrow><mi>α</mi><mi mathvariant=\"normal\">Δ</mi><mn>1.5</mn></mrow>")
        #expect(MathML.row("\\overline{c}", display: false) == "<mover accent=\"true\"><mi>c</mi><mo>‾</mo></mover>")
    }

    @Test func limitsGoUnderAndOverInDisplayOnly() {
        #expect(MathML.row("\\sum_i x", display: true) == "<mrow><munder><mo>∑</mo><mi>i</mi></munder><mi>x</mi></mrow>")
        #expect(MathML.row("\\sum_i x", display: false) == "<mrow><msub><mo>∑</mo><mi>i</mi></msub><mi>x</mi></mrow>")
    }

    @Test func unknownCommandsAreMarkedAsErrors() {
        #expect(MathML.row("\\frobnicate", display: false) == "<merror><mtext>\\frobnicate</mtext></merror>")
    }

    @Test func theSourceRidesAlongEscaped() {
        #expect(MathML.html("a < b", display: false)
                == "<math><semantics><mrow><mi>a</mi><mo>&lt;</mo><mi>b</mi></mrow><annotation encoding=\"application/x-tex\">a &lt; b</annotation></semantics></math>")
    }
}
