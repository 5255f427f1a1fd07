// Inputs that must not crash any renderer: empty data, one point, zero ranges, NaN and
// ±inf, values ≤ 0 on a log axis, extreme sizes. Each renders in the terminal (every mode),
// as SVG and as PNG, and says what it skipped.
import Testing
@testable import Plot

@Suite struct EdgeCaseTests {
    /// Renders `figure` every way and returns the plain terminal text.
    @discardableResult
    func renderEverywhere(_ figure: Figure) throws -> String {
        for mode in ColorMode.allCases {
            for ascii in [false, true] {
                let text = figure.terminal(TerminalOptions(colorMode: mode, ascii: ascii))
                let widest = text.split(separator: "\n").map { stripEscapes(String($0)).count }.max() ?? 0
                #expect(widest <= figure.terminalSize.columns, "line wider than \(figure.terminalSize.columns)")
            }
        }
        #expect(figure.svg().hasSuffix("</svg>\n"))
        let png = try PNGDecoder.decode(figure.png(scale: 1))
        #expect(png.width == figure.pixelSize.width && png.height == figure.pixelSize.height)
        return figure.terminal()
    }

    func stripEscapes(_ s: String) -> String {
        var out = "", skipping = false
        for ch in s {
            if ch == "\u{1b}" { skipping = true } else if skipping { if ch == "m" { skipping = false } } else { out.append(ch) }
        }
        return out
    }

    @Test func emptySeriesAndNoSeriesRender() throws {
        try renderEverywhere(Figure(.lines([])))
        try renderEverywhere(Figure(.lines([try Series("empty", y: [Double]())])))
    }

    @Test func onePointAndAllEqualValuesRender() throws {
        let one = try renderEverywhere(Figure(.lines([try Series(y: [3.0])])))
        #expect(one.contains("3.3") && one.contains("2.7"), "a zero range widens by 10%:\n\(one)")
        try renderEverywhere(Figure(.lines([try Series(y: [0.0, 0, 0, 0])])))
        try renderEverywhere(Figure(.scatter(try Scatter(x: [1.0], y: [1.0]))))
        try renderEverywhere(Figure(.heatmap(try Heatmap(rows: 1, cols: 1, values: [5.0]))))
        try renderEverywhere(Figure(.heatmap(try Heatmap(rows: 2, cols: 2, values: [0.0, 0, 0, 0], scale: .diverging))))
        try renderEverywhere(Figure(.histogram(try Histogram(values: [2.0, 2, 2]))))
    }

    @Test func nonFiniteValuesAreSkippedAndCounted() throws {
        let y: [Double] = [1, .nan, 2, .infinity, 3, -.infinity, 4]
        let text = try renderEverywhere(Figure(.lines([try Series("s", y: y)])))
        #expect(text.contains("note: 3 non-finite points skipped"))
        let figure = Figure(.lines([try Series("s", y: y)]))
        #expect(figure.svg().contains("note: 3 non-finite points skipped"))
        let allNaN = try renderEverywhere(Figure(.lines([try Series(y: [Double.nan, .nan])])))
        #expect(allNaN.contains("note: 2 non-finite points skipped"))
        let heat = try renderEverywhere(Figure(.heatmap(try Heatmap(rows: 2, cols: 2, values: [1.0, .nan, .infinity, 2]))))
        #expect(heat.contains("note: 2 non-finite cells skipped"))
        let images = try renderEverywhere(Figure(.images(try ImageGrid(count: 1, height: 2, width: 2, pixels: [0.0, .nan, 1, 1]))))
        #expect(images.contains("note: 1 non-finite pixel skipped"))
        let hist = try renderEverywhere(Figure(.histogram(try Histogram(values: [1.0, 2, .nan, 3]))))
        #expect(hist.contains("note: 1 value not binned"))
    }

    @Test func valuesAtOrBelowZeroAreSkippedOnALogAxis() throws {
        let figure = Figure(.lines([try Series("loss", y: [1.0, 0.1, 0, -1, 0.01])]), logY: true)
        let text = try renderEverywhere(figure)
        #expect(text.contains("note: 2 points with y ≤ 0 (log axis) skipped"))
        #expect(text.contains("0.01"))
        let allNegative = Figure(.lines([try Series(y: [-1.0, -2])]), logY: true)
        #expect(try renderEverywhere(allNegative).contains("note: 2 points with y ≤ 0 (log axis) skipped"))
    }

    @Test func hugeAndTinySizesAreClamped() throws {
        let series = try Series(y: [1.0, 2, 3])
        let huge = Figure(.lines([series]), terminalSize: TerminalSize(columns: 1_000_000, rows: -5),
                          pixelSize: PixelSize(width: 1_000_000, height: 0))
        #expect(huge.terminalSize == TerminalSize(columns: 400, rows: 6))
        #expect(huge.pixelSize == PixelSize(width: 4096, height: 80))
        try renderEverywhere(huge)
        let tiny = Figure(.lines([series]), title: String(repeating: "long title ", count: 20), xLabel: "x", yLabel: "a long y label",
                          terminalSize: TerminalSize(columns: 0, rows: 0), pixelSize: PixelSize(width: 1, height: 1))
        try renderEverywhere(tiny)
    }

    @Test func emptyAndOddShapedImageGridsRender() throws {
        try renderEverywhere(Figure(.images(try ImageGrid(count: 0, height: 8, width: 8, pixels: [Double]()))))
        try renderEverywhere(Figure(.images(try ImageGrid(count: 3, height: 1, width: 500, pixels: [Double](repeating: 1, count: 1500)))))
        try renderEverywhere(Figure(.images(try ImageGrid(count: 2, height: 300, width: 1, pixels: [Double](repeating: 1, count: 600)))))
        let many = try renderEverywhere(Figure(.images(try ImageGrid(count: 400, height: 28, width: 28, pixels: [Float](repeating: 0.5, count: 400 * 784)))))
        #expect(many.contains("note: showing"))
    }

    @Test func emptyScatterRegionsAndPointsOutsideTheGridRender() throws {
        try renderEverywhere(Figure(.scatter(try Scatter(x: [Double](), y: []))))
        let points = try Scatter(x: [-100.0, 0.5, 100], y: [0.5, 0.5, .nan], labels: [0, 1, 7])
        let regions = try DecisionRegions(x: PlotRange(0, 1), y: PlotRange(0, 1), rows: 1, cols: 1,
                                          values: .probabilities([.nan]), points: points)
        let text = try renderEverywhere(Figure(.regions(regions)))
        #expect(text.contains("note: 1 NaN grid cell skipped"))
    }

    @Test func manySeriesAndClassesReuseThePalette() throws {
        let series = try (0..<25).map { k in try Series("s\(k)", y: (0..<10).map { Double($0 * k) }) }
        try renderEverywhere(Figure(.lines(series)))
        let labels = (0..<50).map { $0 }
        try renderEverywhere(Figure(.scatter(try Scatter(x: labels.map(Double.init), y: labels.map(Double.init), labels: labels))))
    }
}
