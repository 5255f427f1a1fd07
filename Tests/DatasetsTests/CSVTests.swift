// CSV: numbers in, a [rows, columns] tensor out; headers detected; errors name the line.
import Foundation
import Testing
import TensorCore
@testable import Datasets

@Suite struct CSVTests {
    @Test func plainNumbersBecomeARowPerLine() throws {
        let t = try CSV.parse(text: "1,2,3\n4.5, -6 ,7e-1\n")
        #expect(t.header == nil && t.values.shape == [2, 3])
        #expect(t.values.toArray() == [1, 2, 3, 4.5, -6, 0.7])
        #expect(t.lines == [1, 2])
    }

    @Test func aHeaderIsDetectedWhenTheFirstLineHasAWord() throws {
        let t = try CSV.parse(text: "x,y,\"label\"\r\n0.5,1,0\r\n\r\n2,3,1\r\n")
        #expect(t.header == ["x", "y", "label"])
        #expect(t.values.shape == [2, 3] && t.lines == [2, 4])
        let forced = try CSV.parse(text: "1,2\n3,4\n", header: .present)
        #expect(forced.header == ["1", "2"] && forced.values.shape == [1, 2])
    }

    @Test func raggedRowsAndWordsAreErrorsWithLineNumbers() {
        #expect(datasetError { _ = try CSV.parse(text: "1,2\n3,4\n5\n", source: "p.csv") }?.description
            == "p.csv:3: row 3 has 1 columns, expected 2")
        #expect(datasetError { _ = try CSV.parse(text: "1,2\n3,four\n", source: "p.csv") }?.description
            == "p.csv:2: column 2 is \"four\", which is not a number")
        #expect(datasetError { _ = try CSV.parse(text: "a,b\n1,2\n", source: "p.csv", header: .absent) }?.description
            == "p.csv:1: column 1 is \"a\", which is not a number (is the first line a header?)")
    }

    @Test func missingValuesReadAsNaNAsPandasDoes() throws {
        // pandas.read_csv reads an empty field and NA, NaN, null… as NaN; this file used to be refused.
        let t = try CSV.parse(text: "a,b,c\n1,,3\nNA,5,n/a\n7,8,9\n", source: "p.csv")
        let v = t.values.toArray()
        #expect(t.header == ["a", "b", "c"] && t.values.shape == [3, 3])
        #expect(v[0] == 1 && v[1].isNaN && v[2] == 3 && v[3].isNaN && v[4] == 5 && v[5].isNaN && v[8] == 9)
        #expect(t.notes == ["p.csv: read 3 missing values (empty or NA) as nan"])
        let dropped = try CSV.parse(text: "1,,3\nNA,5,6\n7,8,9\n", source: "p.csv", missing: .dropRow)
        #expect(dropped.values.toArray() == [7, 8, 9] && dropped.lines == [3])
        #expect(dropped.notes == ["p.csv: left out 2 rows with a missing value"])
        let marked = try CSV.parse(text: "1,-999\n2,3\n", markers: CSV.missingMarkers.union(["-999"]))
        #expect(marked.values.toArray()[1].isNaN)
        // A first line whose only non-numbers are missing values is data, not a header.
        #expect(try CSV.parse(text: "1,NA\n2,3\n").header == nil)
        #expect(try CSV.parse(text: "1,2\n").notes.isEmpty)
    }

    @Test func carriageReturnAloneEndsALine() throws {
        // Old Mac line ends used to load as one header row.
        let t = try CSV.parse(text: "a,b\r1,2\r3,4\r")
        #expect(t.header == ["a", "b"] && t.values.toArray() == [1, 2, 3, 4] && t.lines == [2, 3])
        #expect(try CSV.parse(text: "1,2\r\n3,4\r\n").lines == [1, 2], "\\r\\n is still one line end")
    }

    @Test func wholeNumbersFloat32RoundsAreNoted() throws {
        let t = try CSV.parse(text: "id,y\n16777216,1\n16777217,2\n123456789,3\n", source: "ids.csv")
        #expect(t.values.toArray()[2] == 16_777_216, "float32 holds 2^24 + 1 as 2^24")
        #expect(t.notes == ["ids.csv:3: column 1 (\"id\") holds 16777217, which float32 rounds to 16777216; "
            + "whole numbers above 2^24 = 16777216 are not all exact in float32"])
        #expect(try CSV.parse(text: "33554432\n").notes.isEmpty, "2^25 is exact")
    }

    @Test func aWholeNumberPastIntIsNotedNotATrap() throws {
        // Found by the csv fuzz target: 3.4e38 is whole in float32 and past Int.max, and the
        // note converted it to Int (SIGILL in `cajal run` with load_csv).
        let t = try CSV.parse(text: "x\n3.4e38\n-inf\n", source: "big.csv")
        #expect(t.values.toArray()[0] == 3.4e38)
        #expect(t.notes == ["big.csv:2: column 1 (\"x\") holds 3.4e38, which float32 rounds to 3.3999999521443642e+38; "
            + "whole numbers above 2^24 = 16777216 are not all exact in float32"], "\(t.notes)")
    }

    @Test func otherDelimitersAndEmptyFiles() throws {
        #expect(try CSV.parse(text: "1;2\n3;4", delimiter: ";").values.toArray() == [1, 2, 3, 4])
        #expect(try CSV.parse(text: "").values.shape == [0, 0])
    }

    @Test func readingAFileThatIsNotThereOrNotTextFails() throws {
        #expect(datasetError { _ = try CSV.read(path: "/nonexistent/x.csv") }
            == .unreadable(path: "/nonexistent/x.csv", reason: "no such file"))
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(datasetError { _ = try CSV.read(path: dir.path) } == .unreadable(path: dir.path, reason: "is a directory"))
        let bin = dir.appendingPathComponent("b.csv")
        try Data([0xFF, 0xFE, 0x00, 0xC3]).write(to: bin)
        #expect(datasetError { _ = try CSV.read(path: bin.path) } == .malformed(path: bin.path, line: nil, message: "is not UTF-8 text"))
    }
}
