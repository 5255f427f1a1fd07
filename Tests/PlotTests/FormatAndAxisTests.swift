// Number formatting without locale, nice ticks, and the ranges of axes.
import Testing
@testable import Plot

@Suite struct FormatAndAxisTests {
    @Test func fixedDecimals() {
        #expect(NumberFormat.fixed(3.14159, 2) == "3.14")
        #expect(NumberFormat.fixed(-0.001, 2) == "0.00")
        #expect(NumberFormat.fixed(-2.5, 0) == "-3")
        #expect(NumberFormat.fixed(0.125, 2) == "0.13")
        #expect(NumberFormat.fixed(12, 2) == "12.00")
        #expect(NumberFormat.fixed(.nan, 2) == "nan")
        #expect(NumberFormat.trimmed(12.5) == "12.5")
        #expect(NumberFormat.trimmed(3.0) == "3")
        #expect(NumberFormat.trimmed(-0.004) == "0")
    }

    @Test func compactLabels() {
        #expect(NumberFormat.compact(2.4531) == "2.453")
        #expect(NumberFormat.compact(123.456) == "123.5")
        #expect(NumberFormat.compact(0.000123) == "1.23e-4")
        #expect(NumberFormat.compact(1_234_567) == "1.23e6")
        #expect(NumberFormat.compact(-42) == "-42")
        #expect(NumberFormat.compact(0) == "0")
        #expect(NumberFormat.compact(9.9999e-4) == "1e-3")
    }

    @Test func niceLinearTicks() {
        let labels = Axis(lo: 0.13, hi: 2.71).ticks(target: 5).map(\.label)
        #expect(labels == ["0.5", "1", "1.5", "2", "2.5"])
        #expect(Axis(lo: -3, hi: 3).ticks(target: 6).map(\.label) == ["-3", "-2", "-1", "0", "1", "2", "3"])
        #expect(Axis(lo: 0, hi: 0.001).ticks(target: 4).map(\.label).first == "0")
        #expect(Axis(lo: 0.1, hi: 0.35).ticks(target: 5).map(\.label) == ["0.1", "0.15", "0.2", "0.25", "0.3", "0.35"])
    }

    @Test func logTicks() {
        #expect(Axis(lo: 0.09, hi: 2.7, log: true).ticks().map(\.label) == ["0.1", "0.2", "0.5", "1", "2"])
        #expect(Axis(lo: 1e-4, hi: 10, log: true).ticks(target: 5).map(\.label) == ["1e-4", "0.01", "1"])
        // Less than two decades around one power of ten (lesson 4's error curve, 0.04 to 0.55):
        // 1-2-5 ticks on both sides of it, not linear ones bunched in the top decade.
        #expect(Axis(lo: 0.04, hi: 0.55, log: true).ticks().map(\.label) == ["0.05", "0.1", "0.2", "0.5"])
        // Inside one decade with no power of ten: too few 1-2-5 ticks, so linear ones.
        #expect(Axis(lo: 0.25, hi: 0.45, log: true).ticks().map(\.label) == ["0.25", "0.3", "0.35", "0.4", "0.45"])
    }

    @Test func rangesNeverCollapse() {
        #expect(Axis(covering: []) == Axis(lo: 0, hi: 1))
        #expect(Axis(covering: [5, 5]) == Axis(lo: 4.5, hi: 5.5))
        #expect(Axis(covering: [0]) == Axis(lo: -1, hi: 1))
        #expect(Axis(covering: [.nan, 2, .infinity, 4]) == Axis(lo: 2, hi: 4))
        #expect(Axis(covering: [-1, 0.5, 2], log: true).lo == 0.5)
        #expect(Axis(lo: 1, hi: 100, log: true).fraction(10) == 0.5)
        #expect(Axis(lo: 1, hi: 100, log: true).fraction(-1) == nil)
    }
}
