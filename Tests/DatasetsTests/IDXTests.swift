// IDX (MNIST's format): files written by Python's struct module, our own round trip, and
// clear errors for truncated, compressed and foreign files.
import Foundation
import Testing
import TensorCore
@testable import Datasets

@Suite struct IDXTests {
    @Test func readsUbyteImagesLabelsAndFloatsWrittenElsewhere() throws {
        let images = try IDX.read(path: fixture("images_2x3x4.idx"))
        #expect(images.shape == [2, 3, 4] && images.toArray() == (0..<24).map(Float.init))
        let labels = try IDX.read(path: fixture("labels_2.idx"))
        #expect(labels.shape == [2] && labels.toArray() == [7, 3])
        #expect(try IDX.read(path: fixture("float_3.idx")).toArray() == [1.5, -2.0, 1e-3])
    }

    @Test func aTensorSurvivesARoundTripInBothWritableTypes() throws {
        let t = try Tensor(shape: [2, 2, 3], values: [0, 1, 2.5, 254.6, 255, 300, -4, 7, 8, 9, 10, 11])
        let f = try IDX.decode(IDX.encode(t, type: .float))
        #expect(f.shape == [2, 2, 3] && f.toArray() == t.toArray())
        let u = try IDX.decode(IDX.encode(t, type: .ubyte))
        #expect(u.toArray() == [0, 1, 3, 255, 255, 255, 0, 7, 8, 9, 10, 11])  // rounded (halves up), clamped
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("t.idx").path
        try IDX.write(t, path: path)
        #expect(try IDX.read(path: path).toArray() == t.toArray())
    }

    @Test func truncatedForeignAndOddFilesAreClearErrors() throws {
        let good = try Data(contentsOf: URL(fileURLWithPath: fixture("images_2x3x4.idx")))
        let cases: [(Data, String)] = [
            (Data([0, 0]), "is 2 bytes long; an IDX file starts with a 4-byte magic number"),
            (good.prefix(30), "header says [2, 3, 4] of ubyte = 24 bytes of data, but 14 bytes follow (truncated?)"),
            (good + Data([1]), "but 25 bytes follow"),
            (good.prefix(10), "too short for the 3 dimensions"),
            (Data([0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0]), "starts with bytes 89 50 4e 47, not an IDX magic number"),
            (Data([0x1F, 0x8B, 8, 0]), "is gzip-compressed; unpack it first"),
            (Data([0, 0, 0x07, 1, 0, 0, 0, 1, 0]), "not an IDX magic number"),
            (Data([0, 0, 0x08, 0]), "claims 0 dimensions"),
            (Data([0, 0, 0x0E, 2, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]), "has dimensions [4294967295, 4294967295], too large to hold"),
        ]
        for (bytes, message) in cases {
            let e = datasetError { _ = try IDX.decode(bytes, source: "f.idx") }
            #expect(e?.description.hasPrefix("f.idx: ") == true && e?.description.contains(message) == true,
                    "\(String(describing: e)) should say \(message)")
        }
    }
}
