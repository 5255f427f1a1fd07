// The helpers callers use: file formats from paths, plotting windows, and the grid on
// which a classifier is evaluated for its decision regions.
import Testing
@testable import Plot

@Suite struct HelperTests {
    @Test func formatComesFromThePathExtension() {
        #expect(ImageFormat(path: "out/loss.PNG") == .png)
        #expect(ImageFormat(path: "plot.svg") == .svg)
        #expect(ImageFormat(path: "notes.txt") == nil)
        #expect(ImageFormat(path: "dir.png/file") == nil)
        #expect(ImageFormat(path: "noextension") == nil)
    }

    @Test func fileBytesAreTheSVGTextOrThePNG() throws {
        let figure = try Fixtures.histogramFigure()
        #expect(String(decoding: figure.fileBytes(.svg), as: UTF8.self) == figure.svg())
        #expect(Array(figure.fileBytes(.png).prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
    }

    @Test func coveringRangesPadAndNeverCollapse() throws {
        #expect(try PlotRange.covering([0, 10]) == PlotRange(-1, 11))
        #expect(try PlotRange.covering([3, 3]) == PlotRange(2.5, 3.5))
        let empty = PlotRange.covering([.nan])
        #expect(abs(empty.lo + 0.1) < 1e-12 && abs(empty.hi - 1.1) < 1e-12)
        // At the ends of Double the margin overflows or rounds away; the range is still valid.
        let huge = Double.greatestFiniteMagnitude
        #expect(try PlotRange.covering([-huge, huge]) == PlotRange(-huge, huge))
        #expect(try PlotRange.covering([1e308, 1e308]) == PlotRange(1e308.nextDown, 1e308))
        #expect(try PlotRange.covering([-huge, -huge]) == PlotRange(-huge, (-huge).nextUp))
    }

    @Test func cellCentresFollowTheValuesOrder() throws {
        let (x, y) = DecisionRegions.cellCentres(x: try PlotRange(0, 4), y: try PlotRange(0, 2), rows: 2, cols: 4)
        #expect(x == [0.5, 1.5, 2.5, 3.5, 0.5, 1.5, 2.5, 3.5])
        #expect(y == [0.5, 0.5, 0.5, 0.5, 1.5, 1.5, 1.5, 1.5])
        // A classifier "x > 2" evaluated there puts class 1 on the right half of the picture.
        let regions = try DecisionRegions(x: PlotRange(0, 4), y: PlotRange(0, 2), rows: 2, cols: 4,
                                          values: .classes(x.map { $0 > 2 ? 1 : 0 }))
        let text = Figure(.regions(regions), terminalSize: TerminalSize(columns: 30, rows: 8)).terminal()
        let row = try #require(text.split(separator: "\n").dropFirst(2).first)
        #expect(row.contains("│.....") && row.contains("     │"), "\(text)")
    }
}

@Suite struct WindowSizeTests {
    @Test func figuresFitTheWindow() {
        #expect(TerminalSize.fitting(windowColumns: 120, windowLines: 40) == TerminalSize(columns: 100, rows: 20))
        #expect(TerminalSize.fitting(windowColumns: 60, windowLines: 15) == TerminalSize(columns: 60, rows: 10))
        #expect(TerminalSize.fitting(windowColumns: nil, windowLines: nil) == TerminalSize(columns: 80, rows: 16))
        #expect(TerminalSize.fitting(windowColumns: 5, windowLines: 2) == TerminalSize(columns: 20, rows: 6))
    }
}
