// The plot builtins as a lesson uses them: figures reach the listener with their options,
// savefig writes the last one, and bad arguments read like every other builtin's.
import Foundation
import Interpreter
import Plot
import Testing

@Suite struct PlotBuiltinTests {
    /// Evaluates `source` in a fresh session that collects figures; the figures and the error.
    func figures(_ source: String) -> ([Figure], String?) {
        let interpreter = Interpreter(seed: 0, output: { _ in })
        var shown: [Figure] = []
        interpreter.onFigure = { shown.append($0) }
        let result = interpreter.evaluate(source, name: "t.cajal")
        return (shown, result.diagnostics.first.map { $0.message })
    }

    @Test func everyKindReachesTheListener() {
        let (shown, error) = figures("""
            plot([[1, 2, 3], [3, 2, 1]], legend: ["up", "down"], title: "two", logy: true)
            scatter([0, 1], [1, 0], labels: [0, 1], classes: ["a", "b"])
            regions([[0, 1], [0.2, 0.9]], [-1, 1], [-1, 1])
            heatmap([[1, -1], [0, 2]], scale: "diverging")
            images(zeros([3, 4, 4]), per_image: true)
            hist(randn([100]), bins: 7, xlabel: "value")
            """)
        #expect(error == nil)
        #expect(shown.count == 6)
        #expect(shown[0].title == "two" && shown[0].logY)
        if case .lines(let series) = shown[0].content { #expect(series.map(\.name) == ["up", "down"]) } else { Issue.record("not lines") }
        if case .regions(let r) = shown[2].content { #expect(r.rows == 2 && r.cols == 2) } else { Issue.record("not regions") }
        #expect(shown[5].xLabel == "value")
    }

    @Test func savefigWritesTheLastFigure() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plots-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let (_, error) = figures("plot([1, 2]); savefig(\"\(dir.path)/a.svg\"); savefig(\"\(dir.path)/a.png\")")
        #expect(error == nil)
        #expect(try String(contentsOf: dir.appendingPathComponent("a.svg"), encoding: .utf8).hasPrefix("<svg"))
        #expect(try Data(contentsOf: dir.appendingPathComponent("a.png")).prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
    }

    @Test func badArgumentsSpeakTheOneDialect() {
        #expect(figures("savefig(\"x.svg\")").1 == "savefig: no figure has been shown yet")
        #expect(figures("plot([1]); savefig(\"x.jpg\")").1 == "bad argument #1 to 'savefig' (path ending in .svg or .png expected, got \"x.jpg\")")
        #expect(figures("heatmap([1, 2])").1 == "bad argument #1 to 'heatmap' (2-D tensor expected, got shape [2])")
        #expect(figures("scatter([1, 2], [1])").1?.hasPrefix("bad argument #2 to 'scatter'") == true)
        #expect(figures("hist([1, 2], bins: 0)").1 == "bad argument #2 to 'hist' (bins between 1 and 10000 expected, got 0)")
        #expect(figures("regions([[0, 1]], [-1, 1], [-1, 1], points: [1, 2])").1 == "bad argument #4 to 'regions' (points of shape [n, 2] expected, got shape [2])")
    }
}
