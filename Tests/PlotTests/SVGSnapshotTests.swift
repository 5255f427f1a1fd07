// SVG output of every plot kind as whole-text snapshots, and the properties every SVG keeps:
// well-formed root, escaped text, numbers with at most 2 decimals.
import Testing
import TestSupport
@testable import Plot

@Suite struct SVGSnapshotTests {
    @Test(arguments: Fixtures.all.map(\.name))
    func everyKindMatchesItsSnapshot(kind: String) throws {
        let figure = try Fixtures.all.first { $0.name == kind }!.make()
        try assertSnapshot(figure.svg(), named: "svg-\(kind)", in: "PlotTests")
    }

    @Test func titlesAndLabelsAreEscaped() throws {
        let figure = Figure(.lines([try Series("a<b & \"c\"", y: [1.0, 2])]), title: "x < y & z > w")
        let svg = figure.svg()
        #expect(svg.contains(">x &lt; y &amp; z &gt; w</text>"))
        #expect(svg.contains(">a&lt;b &amp; &quot;c&quot;</text>"))
        #expect(!svg.contains("x < y"))
    }

    @Test func numbersHaveAtMostTwoDecimals() throws {
        let svg = try Fixtures.lossFigure().svg()
        let long = svg.split(whereSeparator: { !"0123456789.".contains($0) }).filter { part in
            guard let dot = part.firstIndex(of: ".") else { return false }
            return part.distance(from: dot, to: part.endIndex) > 3
        }
        #expect(long.isEmpty, "numbers with more than 2 decimals: \(long.prefix(5))")
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"400\""))
        #expect(svg.hasSuffix("</svg>\n"))
    }
}

@Suite struct SVGDecimationTests {
    @Test func denseSeriesKeepAtMostFourPointsPerPixelColumn() throws {
        let y = (0..<10_000).map { Double($0 % 17) }
        let svg = Figure(.lines([try Series(y: y)])).svg()
        let points = try #require(svg.split(separator: "\n").first { $0.hasPrefix("<polyline") })
            .split(separator: "\"")[1].split(separator: " ")
        #expect(points.count <= 4 * 640)
        #expect(points.count >= 2 * 500, "each of the ~560 columns keeps at least its extremes")
        // Every column still reaches the full 0...16 range: the lowest and highest y appear
        // about as often as there are columns.
        let ys = points.map { Double($0.split(separator: ",")[1])! }
        let (top, bottom) = (ys.min()!, ys.max()!)
        #expect(ys.filter { $0 == top }.count >= 500 && ys.filter { $0 == bottom }.count >= 500)
    }

    @Test func sparseSeriesAreUntouched() {
        let points: [(x: Double, y: Double)] = [(0, 0), (10, 5), (20, 3), (30, 9), (40, 1)]
        #expect(Figure.decimated(points).map(\.x) == [0, 10, 20, 30, 40])
        let column: [(x: Double, y: Double)] = [(5.1, 3), (5.2, 9), (5.3, 1), (5.4, 4), (5.5, 2), (6.0, 0)]
        #expect(Figure.decimated(column).map(\.y) == [3, 9, 1, 2, 0])
    }
}
