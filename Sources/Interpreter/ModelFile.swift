// ModelFile: the `.cjm` model file — named float32 tensors behind a small header and a JSON
// index (format in docs/nn.md). Encoding, checked decoding (a truncated or foreign file is a
// clear error, never a crash) and the atomic write (temporary file, then rename).
import Foundation
import TensorCore

/// One tensor of a model file: its path in the model ("layers[0].w"), whether it was a
/// parameter, and its numbers.
struct ModelEntry {
    var name: String
    var isParam: Bool
    var tensor: Tensor
}

/// The file layout, all integers little-endian:
///
///     bytes 0..<8    magic "CAJALMDL"
///     bytes 8..<12   format version, UInt32 (1)
///     bytes 12..<16  index length L in bytes, UInt32
///     bytes 16..<16+L  the index: UTF-8 JSON {"tensors": [{"name", "shape", "param", "offset"}], "bytes": N}
///     then N bytes   the tensors' elements, float32, row-major, at their offsets (from here)
enum ModelFile {
    static let magic = Array("CAJALMDL".utf8)
    static let version: UInt32 = 1

    static func encode(_ entries: [ModelEntry]) throws -> Data {
        var index: [[String: Any]] = []
        var blob = Data()
        for e in entries {
            index.append(["name": e.name, "shape": e.tensor.shape.array, "param": e.isParam, "offset": blob.count])
            for x in e.tensor.toArray() { withUnsafeBytes(of: x.bitPattern.littleEndian) { blob.append(contentsOf: $0) } }
        }
        let json = try JSONSerialization.data(withJSONObject: ["tensors": index, "bytes": blob.count], options: [.sortedKeys])
        var out = Data(magic)
        withUnsafeBytes(of: version.littleEndian) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt32(json.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(json)
        out.append(blob)
        return out
    }

    /// The entries of a model file; `path` only names the file in errors.
    static func decode(_ data: Data, path: String) throws -> [ModelEntry] {
        let bytes = [UInt8](data)
        func fail(_ why: String) -> VMError { VMError(.tensorError, "\(path): not a Cajal model file: \(why)") }
        guard bytes.count >= 16, Array(bytes[0..<8]) == magic else {
            throw fail("it does not start with CAJALMDL")
        }
        func u32(_ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(bytes[at + $1]) << (8 * UInt32($1)) } }
        guard u32(8) == version else { throw fail("format version \(u32(8)), this Cajal reads version \(version)") }
        let length = Int(u32(12))
        guard bytes.count >= 16 + length else { throw fail("truncated inside the index (\(bytes.count) bytes)") }
        guard let index = try? JSONSerialization.jsonObject(with: Data(bytes[16..<(16 + length)])) as? [String: Any],
              let items = index["tensors"] as? [[String: Any]], let total = index["bytes"] as? Int else {
            throw fail("the index is not valid JSON of the documented form")
        }
        let start = 16 + length
        guard bytes.count == start + total else {
            throw fail("expected \(total) bytes of tensor data, found \(bytes.count - start) (truncated or padded)")
        }
        return try items.map { item in
            guard let name = item["name"] as? String, let shape = item["shape"] as? [Int],
                  let offset = item["offset"] as? Int, shape.allSatisfy({ $0 >= 0 }) else {
                throw fail("an index entry lacks name, shape or offset")
            }
            // Checked arithmetic: the index is untrusted, and `[2**32, 2**32]` or an offset near
            // Int.max must read as "outside the data", never trap.
            var count = 1
            for d in shape {
                let (c, overflow) = count.multipliedReportingOverflow(by: d)
                guard !overflow else { throw fail("tensor '\(name)' has a shape too large to exist (\(shape))") }
                count = c
            }
            let (size, sizeOverflow) = count.multipliedReportingOverflow(by: 4)
            let (end, endOverflow) = offset.addingReportingOverflow(size)
            guard offset >= 0, !sizeOverflow, !endOverflow, end <= total else { throw fail("tensor '\(name)' lies outside the data") }
            let values = (0..<count).map { k -> Float in
                let at = start + offset + 4 * k
                return Float(bitPattern: u32(at))
            }
            return ModelEntry(name: name, isParam: item["param"] as? Bool ?? false,
                              tensor: try tensorOp { try Tensor(shape: shape, values: values) })
        }
    }

    /// Writes `data` to `path` atomically: a temporary file beside it, then a rename, so a
    /// crash never leaves a half-written model.
    static func write(_ data: Data, path: String) throws {
        let url = URL(fileURLWithPath: path)
        let tmp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        do {
            try data.write(to: tmp)
            guard rename(tmp.path, path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: String(cString: strerror(errno))])
            }
        } catch {
            try? FileManager.default.removeItem(at: tmp)
            throw VMError(.tensorError, "\(path): cannot write the model: \(error.localizedDescription)")
        }
    }
}
