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
