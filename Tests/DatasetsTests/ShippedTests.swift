// The shipped data: the digits split sizes, frozen pixels and labels, iris class counts, the
// data directory search, and clear errors for damaged files.
import Foundation
import Testing
import TensorCore
@testable import Datasets

@Suite struct ShippedTests {
    @Test func digitsSplitIsTheFirst898RowsAndTheLast899() throws {
        let train = try Shipped.digits(split: .train, directory: shippedData)
        let test = try Shipped.digits(split: .test, directory: shippedData)
        let all = try Shipped.digits(split: .all, directory: shippedData)
        #expect(train.x.shape == [898, 64] && train.y.shape == [898])
        #expect(test.x.shape == [899, 64] && test.y.shape == [899])
        #expect(all.x.shape == [1797, 64])
        #expect(all.x.toArray() == train.x.toArray() + test.x.toArray())
        #expect(all.y.toArray() == train.y.toArray() + test.y.toArray())
    }

    @Test func digitsPixelsAndLabelsAreFrozen() throws {
        // Values read off lessons/data/digits.csv: row 1 starts 0,0,5,13,9,1 (label 0), row 2
        // is a 1, row 899 (the first test row) and row 1797 checked with
        // `sed -n '899p;1797p' lessons/data/digits.csv`.
        let all = try Shipped.digits(split: .all, directory: shippedData)
        let x = all.x.toArray(), y = all.y.toArray()
        let firstPixels: [Float] = [0, 0, 5, 13, 9, 1].map { $0 / 16 }
        #expect(Array(x.prefix(6)) == firstPixels)
        #expect(Array(y.prefix(10)) == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
        #expect(y[898] == 8 && y[1796] == 8)
        #expect(x.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(classCounts(all.y, 10) == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
        let test = try Shipped.digits(split: .test, layout: .image, directory: shippedData)
        #expect(test.x.shape == [899, 1, 8, 8])
        #expect(test.y.toArray()[0] == 8)
    }

    @Test func irisHas150FlowersFiftyOfEachSpecies() throws {
        let iris = try Shipped.iris(directory: shippedData)
        #expect(iris.x.shape == [150, 4] && iris.y.shape == [150])
        #expect(iris.classNames == ["setosa", "versicolor", "virginica"])
        #expect(classCounts(iris.y, 3) == [50, 50, 50])
        #expect(close(Array(iris.x.toArray().prefix(8)), [5.1, 3.5, 1.4, 0.2, 4.9, 3.0, 1.4, 0.2]))
    }

    @Test func theDataDirectoryIsFoundFromTheTestExecutableOrTheEnvironment() throws {
        let found = try DataDirectory.locate(environment: [:])
        #expect(FileManager.default.fileExists(atPath: found.appendingPathComponent("iris.csv").path))
        let viaEnv = try DataDirectory.locate(environment: ["CAJAL_DATA": shippedData.path])
        #expect(viaEnv.path == shippedData.path)
        let viaCwd = try DataDirectory.locate(environment: [:], executable: "/nonexistent/bin/cajal",
                                              currentDirectory: shippedData.appendingPathComponent("../..").path)
        #expect(viaCwd.resolvingSymlinksInPath().path == shippedData.resolvingSymlinksInPath().path)
    }

    @Test func aSymlinkedExecutableIsFollowedToTheRepository() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // a fake executable deep inside this checkout, linked from outside it
        let inside = shippedData.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Tests/DatasetsTests/fixtures/README.md")
        let link = dir.appendingPathComponent("cajal")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: inside)
        let found = try DataDirectory.locate(environment: [:], executable: link.path, currentDirectory: "/")
        #expect(found.resolvingSymlinksInPath().path == shippedData.resolvingSymlinksInPath().path)
    }

    @Test func aMissingDataDirectoryListsWhereItLooked() {
        let e = datasetError {
            _ = try DataDirectory.locate(environment: [:], executable: "/nonexistent/a/cajal", currentDirectory: "/")
        }
        guard case let .dataNotFound(file, searched)? = e else { Issue.record("got \(String(describing: e))"); return }
        #expect(file == "digits.csv" && searched.contains("/nonexistent/a/lessons/data/digits.csv"))
        #expect(e!.description.contains("set CAJAL_DATA"))
        let env = datasetError { _ = try DataDirectory.locate(environment: ["CAJAL_DATA": "/nonexistent"]) }
        #expect(env?.description.contains("/nonexistent/digits.csv (from CAJAL_DATA)") == true)
    }

    /// A copy of the shipped data with digits.csv replaced by `text`.
    func damagedDigits(_ text: String) throws -> URL {
        let dir = try scratchDirectory()
        try text.write(to: dir.appendingPathComponent("digits.csv"), atomically: true, encoding: .utf8)
        return dir
    }

    @Test func aShortRowInDigitsNamesTheLineAndTheColumnCount() throws {
        var lines = try String(contentsOf: shippedData.appendingPathComponent("digits.csv"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        lines[11] = lines[11].split(separator: ",").dropLast().joined(separator: ",")
        let dir = try damagedDigits(lines.joined(separator: "\n"))
        defer { try? FileManager.default.removeItem(at: dir) }
        let e = datasetError { _ = try Shipped.digits(directory: dir) }
        #expect(e?.description == "\(dir.path)/digits.csv:12: row 12 has 64 columns, expected 65")
    }

    @Test func truncatedOrCorruptDigitsAreClearErrors() throws {
        let good = try String(contentsOf: shippedData.appendingPathComponent("digits.csv"), encoding: .utf8)
        let lines = good.split(separator: "\n").map(String.init)
        let cases: [(String, String)] = [
            (lines.prefix(100).joined(separator: "\n"), "has 100 rows, expected 1797"),
            (lines.map { $0.replacingOccurrences(of: ",", with: ";") }.joined(separator: "\n"), ":1: column 1 is \"0;0;5;13;9;1;0;0;0;0;13;15;10;15;5;0;0;3…\", which is not a number"),
            ((["0,0,17" + String(lines[0].dropFirst(5))] + lines.dropFirst()).joined(separator: "\n"),
             ":1: row 1: pixel 3 is 17.0, expected an integer 0...16"),
            ((lines.prefix(5) + ["x" + lines[5]] + lines.dropFirst(6)).joined(separator: "\n"),
             ":6: column 1 is \"x0\", which is not a number"),
            ("", "has 0 rows, expected 1797"),
        ]
        for (text, message) in cases {
            let dir = try damagedDigits(text)
            defer { try? FileManager.default.removeItem(at: dir) }
            let e = datasetError { _ = try Shipped.digits(directory: dir) }
            #expect(e?.description.contains(message) == true, "\(String(describing: e))")
        }
        let missing = datasetError { _ = try Shipped.digits(directory: URL(fileURLWithPath: "/nonexistent")) }
        #expect(missing == .unreadable(path: "/nonexistent/digits.csv", reason: "no such file"))
    }

    @Test func aDamagedIrisHeaderIsAClearError() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "5.1,3.5,1.4,0.2,0\n".write(to: dir.appendingPathComponent("iris.csv"), atomically: true, encoding: .utf8)
        let e = datasetError { _ = try Shipped.iris(directory: dir) }
        #expect(e?.description.contains("expected \"150,4,<3 class names>\"") == true, "\(String(describing: e))")
    }
}
