// Terminal plots on a log y axis label the powers of ten between the ends of the range, on
// the rows where they fall (issue: only the extremes were labelled, so a loss curve over
// several decades could not be read).
import Testing
import TestSupport
@testable import Plot

@Suite struct LogAxisLabelTests {
    /// A loss falling over seven decades, 10 down to 1e-6, over 100 steps.
    static func decadesFigure() throws -> Figure {
        let loss = (0..<100).map { (i: Int) -> Double in 10 * NumberFormat.pow10(-7 * i / 99) * (1 + 0.3 * Double(i % 3)) }
        return Figure(.lines([try Series("train", y: loss)]), title: "loss", xLabel: "step", yLabel: "loss", logY: true,
                      terminalSize: TerminalSize(columns: 50, rows: 16))
    }

    @Test(arguments: ["plain", "ascii"])
    func decadesAreLabelledOnTheirRows(mode: String) throws {
        let text = try Self.decadesFigure().terminal(TerminalOptions(ascii: mode == "ascii"))
        try assertSnapshot(text, named: "terminal-log-decades-\(mode)", in: "PlotTests")
        // Seven decades over 12 rows: every second power of ten, 10⁻² and 10⁻⁴ (10⁰ and 10⁻⁶
        // would sit next to the ends, 16 and 1e-6).
        if mode == "plain" { #expect(text.contains("10⁻² │") && text.contains("10⁻⁴ │")) }
        else { #expect(text.contains("1e-2 |") && text.contains("1e-4 |")) }
    }

    @Test func labelsFallOnTheRowOfTheirValueAndKeepApart() {
        // 12 rows of 4 dots: 10^e at fraction (e + 6) / 7 lands on dot round((1 − f) · 47),
        // row dot / 4: 10⁻¹ on row 3, 10⁻² on 5, 10⁻³ on 6 (the axis name's: left out),
        // 10⁻⁴ on 8; 10⁰ (row 1) and 10⁻⁵ (row 10) sit next to the ends and are left out.
        let labels = Figure.yAxisLabels(Axis(lo: 1e-6, hi: 10, log: true), rows: 12, reserved: 6, ascii: false)
        #expect(labels == [YAxisLabel(row: 0, text: "10"), YAxisLabel(row: 11, text: "1e-6"),
                           YAxisLabel(row: 3, text: "10⁻¹"), YAxisLabel(row: 5, text: "10⁻²"), YAxisLabel(row: 8, text: "10⁻⁴")])
        let ascii = Figure.yAxisLabels(Axis(lo: 1e-6, hi: 10, log: true), rows: 12, reserved: 6, ascii: true)
        #expect(ascii.map(\.text) == ["10", "1e-6", "1e-1", "1e-2", "1e-4"])
    }

    @Test func crowdedDecadesAreThinnedToEveryOtherOne() {
        // Twelve decades over 10 rows: every second (or third) power of ten, two rows apart.
        let labels = Figure.yAxisLabels(Axis(lo: 1e-10, hi: 100, log: true), rows: 10, reserved: nil, ascii: true)
        let rows = labels.map(\.row).sorted()
        #expect(labels.count > 3 && zip(rows, rows.dropFirst()).allSatisfy { $1 - $0 >= 2 }, "\(labels)")
        let exponents = labels.dropFirst(2).map { Int($0.text.dropFirst(2))! }
        #expect(Set(zip(exponents, exponents.dropFirst()).map { $0 - $1 }).count == 1, "evenly spaced: \(exponents)")
    }

    @Test func decadesWithinAThousandthToAHundredThousandAreWrittenAsValues() {
        let labels = Figure.yAxisLabels(Axis(lo: 0.002, hi: 500, log: true), rows: 20, reserved: nil, ascii: false)
        #expect(labels.dropFirst(2).map(\.text) == ["100", "10", "1", "0.1", "0.01"])
    }

    @Test func linearAxesKeepTheirTwoEnds() {
        #expect(Figure.yAxisLabels(Axis(lo: 0, hi: 5), rows: 12, reserved: nil, ascii: false)
                == [YAxisLabel(row: 0, text: "5"), YAxisLabel(row: 11, text: "0")])
    }
}
