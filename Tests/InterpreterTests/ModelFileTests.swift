// ModelFileTests: the .cjm model file — a round trip, and every damaged form (truncated index,
// truncated data, foreign bytes, wrong version) read as a clear error, never a crash.
import Foundation
import Testing
import TensorCore
@testable import Interpreter

private func sample() throws -> Data {
    try ModelFile.encode([
        ModelEntry(name: "w", isParam: true, tensor: try Tensor(shape: [2, 2], values: [1, 2, 3, 4])),
        ModelEntry(name: "layers[0].b", isParam: false, tensor: try Tensor(shape: [3], values: [-1, 0.5, 9])),
    ])
}

private func message(_ data: Data) -> String? {
    do { _ = try ModelFile.decode(data, path: "m.cjm"); return nil } catch let e as VMError { return e.message } catch { return "\(error)" }
}

@Test func aModelFileRoundTripsNamesShapesAndNumbers() throws {
    let entries = try ModelFile.decode(try sample(), path: "m.cjm")
    #expect(entries.map(\.name) == ["w", "layers[0].b"])
    #expect(entries.map(\.isParam) == [true, false])
    #expect(entries[0].tensor.shape == [2, 2] && entries[0].tensor.toArray() == [1, 2, 3, 4])
    #expect(entries[1].tensor.toArray() == [-1, 0.5, 9])
}

@Test func everyTruncationIsAClearError() throws {
    let data = try sample()
    for cut in [0, 5, 15, 16, 40, data.count - 1] {
        let m = message(data.prefix(cut))
        #expect(m?.hasPrefix("m.cjm: not a Cajal model file") == true, "cut at \(cut): \(m ?? "no error")")
    }
}

@Test func foreignBytesAndOtherVersionsAreRejected() throws {
    #expect(message(Data("hello, this is not a model file".utf8))?.contains("does not start with CAJALMDL") == true)
    var v2 = try sample()
    v2[8] = 2
    #expect(message(v2)?.contains("format version 2") == true)
}

/// A model file whose index is `index` (JSON text) over `bytes` bytes of zeros.
private func withIndex(_ index: String, bytes: Int) -> Data {
    let json = Array(index.utf8)
    var out = Data(ModelFile.magic)
    withUnsafeBytes(of: ModelFile.version.littleEndian) { out.append(contentsOf: $0) }
    withUnsafeBytes(of: UInt32(json.count).littleEndian) { out.append(contentsOf: $0) }
    out.append(contentsOf: json)
    out.append(Data(count: bytes))
    return out
}

@Test func hugeOffsetsAndShapesAreClearErrorsNotOverflowTraps() throws {
    let offset = withIndex(#"{"bytes": 16, "tensors": [{"name": "w", "offset": 9223372036854775804, "param": true, "shape": [2]}]}"#, bytes: 16)
    #expect(message(offset)?.contains("tensor 'w' lies outside the data") == true, "\(message(offset) ?? "no error")")
    let shape = withIndex(#"{"bytes": 16, "tensors": [{"name": "w", "offset": 0, "param": true, "shape": [4294967296, 4294967296]}]}"#, bytes: 16)
    #expect(message(shape)?.contains("tensor 'w' has a shape too large to exist") == true, "\(message(shape) ?? "no error")")
    let quarter = withIndex(#"{"bytes": 16, "tensors": [{"name": "w", "offset": 0, "param": true, "shape": [2305843009213693952]}]}"#, bytes: 16)
    #expect(message(quarter)?.contains("tensor 'w' lies outside the data") == true, "\(message(quarter) ?? "no error")")
}
