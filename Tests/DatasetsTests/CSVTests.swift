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
        #expect(datasetError { _ = try CSV.parse(text: "1,,3\n") } != nil)
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
