// Building plot data checks lengths and shapes and throws PlotError with the place named.
import Testing
@testable import Plot

@Suite struct DataCheckTests {
    @Test func mismatchedLengthsAndShapesThrow() {
        #expect(throws: PlotError.lengthMismatch(what: "series 'loss' x", expected: 3, got: 2)) {
            try Series("loss", y: [1.0, 2, 3], x: [0, 1])
        }
        #expect(throws: PlotError.lengthMismatch(what: "scatter labels", expected: 2, got: 1)) {
            try Scatter(x: [1.0, 2], y: [1, 2], labels: [0])
        }
        #expect(throws: PlotError.shapeMismatch(what: "heatmap values", shape: [2, 3], count: 5)) {
            try Heatmap(rows: 2, cols: 3, values: [Double](repeating: 0, count: 5))
        }
        #expect(throws: PlotError.shapeMismatch(what: "image grid pixels", shape: [2, 8, 8], count: 100)) {
            try ImageGrid(count: 2, height: 8, width: 8, pixels: [Float](repeating: 0, count: 100))
        }
        #expect(throws: PlotError.shapeMismatch(what: "decision regions values", shape: [2, 2], count: 3)) {
            try DecisionRegions(x: PlotRange(0, 1), y: PlotRange(0, 1), rows: 2, cols: 2, values: .classes([0, 1, 0]))
        }
        #expect(throws: PlotError.lengthMismatch(what: "confusion matrix row 1", expected: 2, got: 1)) {
            try Heatmap.confusion([[1, 2], [3]])
        }
    }

    @Test func badValuesThrow() {
        #expect(throws: PlotError.invalidRange(what: "range", lo: 1, hi: 1)) { try PlotRange(1, 1) }
        #expect(throws: PlotError.self) { try PlotRange(0, .infinity) }
        #expect(throws: PlotError.self) { try Scatter(x: [1.0], y: [1], labels: [-1]) }
        #expect(throws: PlotError.self) { try Histogram(values: [1.0], bins: 0) }
        #expect(throws: PlotError.self) { try Histogram(edges: [0, 1, 1], counts: [1, 2]) }
        #expect(throws: PlotError.self) { try ImageGrid(count: 1, height: 1, width: 1, pixels: [0.0], scaling: .fixed(1, 0)) }
        #expect(throws: PlotError.self) {
            try DecisionRegions(x: PlotRange(0, 1), y: PlotRange(0, 1), rows: 1, cols: 1, values: .probabilities([1.5]))
        }
    }

    @Test func errorsReadAsOneSentence() {
        #expect(PlotError.shapeMismatch(what: "heatmap values", shape: [2, 3], count: 5).description
            == "heatmap values: shape [2 × 3] needs 6 values, got 5")
        #expect(PlotError.lengthMismatch(what: "series 'loss' x", expected: 3, got: 2).description
            == "series 'loss' x: expected 3 values, got 2")
    }

    @Test func histogramBinsValuesWithTheLastEdgeIncluded() throws {
        let h = try Histogram(values: [0.0, 0.5, 1, 1.5, 2, 2], bins: 2)
        #expect(h.edges == [0, 1, 2])
        #expect(h.counts == [2, 4])
        let clipped = try Histogram(values: [-5.0, 0.5, 9], bins: 1, range: PlotRange(0, 1))
        #expect(clipped.counts == [1] && clipped.skipped == 2)
    }
}
