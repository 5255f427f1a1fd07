// MathText: TeX commands made readable. Inline renderings of each kind of command, display math
// drawn in two dimensions (a snapshot), and the lessons' own prose: every lesson's Markdown
// rendered for the terminal and as HTML must show no `\command`, so a lesson that uses a
// command the renderer does not know fails here instead of showing `\foo` to a learner.
import Foundation
import Testing
import TestSupport
@testable import Notebook

/// Every lesson file of the repository: (folder name, text).
func repositoryLessons() throws -> [(String, String)] {
    let dir = repositoryRoot.appendingPathComponent("lessons")
    let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    return try names.compactMap { name in
        let path = dir.appendingPathComponent(name).appendingPathComponent("lesson.cajal").path
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return (name, try String(contentsOfFile: path, encoding: .utf8))
    }
}

/// Blocks without their code (code spans and fenced blocks may hold backslashes that are Cajal,
/// not TeX).
func withoutCode(_ blocks: [Block]) -> [Block] {
    func strip(_ xs: [Inline]) -> [Inline] {
        xs.map { x in
            switch x {
            case .code: return .text("")
            case .strong(let y): return .strong(strip(y))
            case .emphasis(let y): return .emphasis(strip(y))
            case .strikethrough(let y): return .strikethrough(strip(y))
            case .link(let y, let url, let title): return .link(strip(y), url: url, title: title)
            default: return x
            }
        }
    }
    return blocks.compactMap { b in
        switch b {
        case .code: return nil
        case .heading(let l, let x): return .heading(level: l, strip(x))
        case .paragraph(let x): return .paragraph(strip(x))
        case .bullets(let items, let tight): return .bullets(items.map(withoutCode), tight: tight)
        case .numbered(let n, let items, let tight): return .numbered(start: n, items.map(withoutCode), tight: tight)
        case .quote(let x): return .quote(withoutCode(x))
        case .table(let h, let a, let rows): return .table(header: h.map(strip), alignments: a, rows: rows.map { $0.map(strip) })
        default: return b
        }
    }
}

/// `\name` commands (and a lone backslash) left in `text`, one per line they occur on.
func leftoverCommands(_ text: String) -> [String] {
    text.split(separator: "\n").filter { $0.contains("\\") }.map { String($0) }
}

@Suite struct MathTextTests {
    @Test func symbolsAndSpacing() {
        #expect(MathText.render("\\sum_i w_i x_i \\ge \\theta") == "∑ᵢ wᵢ xᵢ ≥ θ")
        #expect(MathText.render("\\prod_{t=1}^{T} W") == "∏ₜ₌₁ᵀ W")
        #expect(MathText.render("b \\le 0, \\qquad w_1 + b > 0, \\quad x") == "b ≤ 0,    w₁ + b > 0,  x")
        #expect(MathText.render("(0,0) \\mapsto 0") == "(0,0) ↦ 0")
        #expect(MathText.render("W \\sim U[-1/\\sqrt{n}, 1/\\sqrt{n}]") == "W ∼ U[-1/√n, 1/√n]")
        #expect(MathText.render("\\partial E / \\partial w = (o - t)\\, o") == "∂E / ∂w = (o - t) o")
        #expect(MathText.render("\\alpha\\, \\Delta w(n - 1)") == "α Δw(n - 1)")
        #expect(MathText.render("x \\in \\{0, 1\\}, \\|w\\| \\le R") == "x ∈ {0, 1}, ‖w‖ ≤ R")
        #expect(MathText.render("\\tanh(c_t) \\odot o, \\; \\max_i") == "tanh(cₜ) ⊙ o, maxᵢ")
    }

    @Test func fractionsAndRootsInline() {
        #expect(MathText.render("x_1 - \\tfrac12 > 0") == "x₁ - 1/2 > 0")
        #expect(MathText.render("\\dfrac{a + b}{2}") == "(a + b)/2")
        #expect(MathText.render("\\frac{\\partial E}{\\partial w}") == "∂E/∂w")
        #expect(MathText.render("\\frac{a}{b}\\frac{c}{d}") == "a/b · c/d")
        #expect(MathText.render("\\sqrt{n_{in} + n_{out}}") == "√(nᵢₙ + nₒᵤₜ)")
        #expect(MathText.render("\\sqrt{3} \\approx 1.73") == "√3 ≈ 1.73")
        #expect(MathText.render("\\sigma(z) = \\frac{1}{1 + e^{-z}}") == "σ(z) = 1/(1 + e^(-z))")
    }

    @Test func accentsFontsAndText() {
        #expect(MathText.render("\\tilde{w} \\leftarrow \\tilde{w} + y\\,\\tilde{x}") == "w\u{303} ← w\u{303} + y x\u{303}")
        #expect(MathText.render("\\hat{x} = h V + c") == "x\u{302} = h V + c")
        #expect(MathText.render("\\overline{c}") == "c\u{305}")
        // The mark goes on the base letters only, never on `_` or a subscript (lesson 10's c̄_T).
        #expect(MathText.render("\\overline{c_T}") == "c\u{305}_T")
        #expect(MathText.render("\\overline{c_t}") == "c\u{305}ₜ")
        #expect(MathText.render("\\bar{xy}") == "x\u{304}y\u{304}")
        #expect(MathText.render("\\hat{(a)}") == "(a\u{302})")
        #expect(MathText.render("\\operatorname{sign}(x) + \\mathrm{mean}\\,(x)") == "sign(x) + mean (x)")
        #expect(MathText.render("\\text{if } y \\le 0") == "if y ≤ 0")
        #expect(MathText.render("x \\in \\mathbb{R}^n") == "x ∈ ℝⁿ")
        #expect(MathText.render("W^\\top x") == "Wᵀ x")
    }

    @Test func bracketsAndEnvironmentsInline() {
        #expect(MathText.render("k \\le \\left(\\frac{R}{\\gamma}\\right)^2") == "k ≤ (R/γ)²")
        #expect(MathText.render("y = \\begin{cases} 1 & x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}") == "y = {1 x > 0; 0 otherwise")
        #expect(MathText.render("\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}") == "(a b; c d)")
    }

    @Test func unknownCommandsAreShownAsWritten() {
        #expect(MathText.render("\\frobnicate x") == "\\frobnicate x")
        #expect(MathText.render("\\begin{tikzpicture} x \\end{tikzpicture}") == "\\begin{tikzpicture} x")
    }

    @Test func displayMathIsDrawnInTwoDimensions() throws {
        let formulas = [
            "\\delta_o = \\frac{\\partial E}{\\partial o}\\frac{\\partial o}{\\partial z_o} = (o - t)\\, o (1 - o)",
            "k \\le \\left(\\frac{R}{\\gamma}\\right)^2",
            "y = \\begin{cases} 1 & \\text{if } \\sum_i w_i x_i \\ge \\theta \\\\ 0 & \\text{otherwise} \\end{cases}",
            "\\Delta w(n) = -\\eta \\frac{\\partial E}{\\partial w}(n) + \\alpha\\, \\Delta w(n - 1),",
            "\\frac{\\partial h_T}{\\partial h_0} = \\prod_{t=1}^{T} W \\, \\mathrm{diag}(1 - h_t^2)",
            "\\sigma(z) = \\frac{1}{1 + e^{-z}}, \\qquad x_1 - \\tfrac12 > 0",
            "A = \\begin{bmatrix} 1 & -2 \\\\ 30 & 4 \\\\ 5 & 6 \\end{bmatrix}",
        ]
        let text = formulas.map { MathText.render($0, display: true) }.joined(separator: "\n\n") + "\n"
        try assertSnapshot(text, named: "math-display", in: "NotebookTests")
    }

    @Test func everyLessonsProseShowsNoTeXCommandInTheTerminal() throws {
        let lessons = try repositoryLessons()
        #expect(lessons.count >= 10)
        var leftovers: [String] = []
        for (name, text) in lessons {
            let lesson = try Lesson.parse(text)
            for cell in lesson.cells where cell.kind == .markdown {
                let blocks = withoutCode(Markdown.parse(cell.source))
                let shown = Markdown.terminal(blocks, style: TerminalStyle(width: 100, color: false))
                leftovers += leftoverCommands(shown).map { "\(name) (cell at line \(cell.line)): \($0)" }
            }
        }
        #expect(leftovers.isEmpty, "TeX left in the terminal text:\n\(leftovers.joined(separator: "\n"))")
    }

    @Test func everyLessonsProseShowsNoTeXCommandInTheExportedPage() throws {
        var leftovers: [String] = []
        for (name, text) in try repositoryLessons() {
            for cell in try Lesson.parse(text).cells where cell.kind == .markdown {
                // The TeX source stays in the MathML annotation on purpose (copy and screen readers
                // get it); what is typeset must not show a command, nor an <merror> for one.
                let page = Markdown.html(withoutCode(Markdown.parse(cell.source)))
                    .replacingOccurrences(of: "<annotation encoding=\"application/x-tex\">[^<]*</annotation>", with: "",
                                          options: .regularExpression)
                #expect(!page.contains("<merror"), "\(name) (cell at line \(cell.line)): a formula MathML cannot typeset")
                leftovers += leftoverCommands(page).map { "\(name) (cell at line \(cell.line)): \($0)" }
            }
        }
        #expect(leftovers.isEmpty, "TeX left in the page:\n\(leftovers.joined(separator: "\n"))")
    }

    @Test func mathNestedPastThirtyTwoLevelsIsShownAsWrittenInLinearWork() {
        // Each group was drawn from a copy of its text, so n nested groups cost n²: 1,600
        // nested `\\sqrt{` took 31 s of CPU under the fuzzer (a 12 KB input). Past 32 levels
        // the TeX is shown as written, found by one pass over it.
        let deep = String(repeating: "\\sqrt{", count: 20_000) + "x" + String(repeating: "}", count: 20_000)
        #expect(MathText.nesting(deep) == 20_000)
        let clock = ContinuousClock()
        let start = clock.now
        #expect(MathText.render(deep) == deep)
        #expect(MathText.render(deep, display: true) == deep)
        #expect(MathML.html(deep, display: false).contains("<mtext>\\sqrt{\\sqrt{"))
        _ = Markdown.html(Markdown.parse("$" + deep + "$ and $$" + deep + "$$"), highlight: false)
        let elapsed = clock.now - start
        #expect(elapsed < .seconds(20), "\(elapsed)")
        // Nesting as deep as a formula gets is drawn as before; \\leftarrow opens no pair.
        #expect(MathText.render("\\sqrt{\\sqrt{x}}") == "√√x")
        #expect(MathText.nesting("\\left( \\frac{a}{b} \\right) \\leftarrow \\leftarrow \\begin{cases} x \\end{cases}") == 2)
        #expect(MathText.render(String(repeating: "\\leftarrow ", count: 40)).hasPrefix("← ← ←"))
    }
}
