// IDX: LeCun's MNIST file format, for learners who have the files. A 4-byte magic number
// (0, 0, element type, number of dimensions), the dimensions as big-endian UInt32, then the
// elements big-endian in row-major order. Reading checks every count against the bytes present.
import Foundation
import TensorCore

public enum IDX {
    /// The element type codes of the format.
    public enum ElementType: UInt8, Sendable, CaseIterable {
        case ubyte = 0x08, byte = 0x09, short = 0x0B, int = 0x0C, float = 0x0D, double = 0x0E

        var scalar: Scalar {
            switch self {
            case .ubyte: .uint8
            case .byte: .int8
            case .short: .int16
            case .int: .int32
            case .float: .float32
            case .double: .float64
            }
        }
    }

    /// Reads an IDX file (e.g. train-images-idx3-ubyte → [60000, 28, 28], values 0..255 as
    /// floats; labels idx1 → [60000]). Gzipped files must be unpacked first.
    ///
    /// Cajal: `read_idx("mnist/train-images-idx3-ubyte") / 255`
    public static func read(path: String) throws -> Tensor {
        try decode(readBytes(path), source: path)
    }

    /// Decodes IDX bytes; `source` names them in errors.
    public static func decode(_ data: Data, source: String = "<idx>") throws -> Tensor {
        func bad(_ m: String) -> DatasetError { .malformed(path: source, line: nil, message: m) }
        guard data.count >= 4 else {
            throw bad("is \(data.count) bytes long; an IDX file starts with a 4-byte magic number")
        }
        let b = [UInt8](data.prefix(4))
        if b[0] == 0x1F && b[1] == 0x8B { throw bad("is gzip-compressed; unpack it first (gunzip)") }
        guard b[0] == 0, b[1] == 0, let type = ElementType(rawValue: b[2]) else {
            throw bad("starts with bytes \(data.hexPrefix(4)), not an IDX magic number (00 00 <type 08..0e> <dims>)")
        }
        let rank = Int(b[3])
        guard (1...16).contains(rank) else { throw bad("claims \(rank) dimensions; expected 1 to 16") }
        guard data.count >= 4 + 4 * rank else {
            throw bad("is \(data.count) bytes long, too short for the \(rank) dimensions its header announces")
        }
        let shape = (0..<rank).map { Int(data.bigEndianUInt32(at: 4 + 4 * $0)) }
        let start = 4 + 4 * rank
        guard let count = checkedProduct(shape), let bytes = checkedProduct([count, type.scalar.size]) else {
            throw bad("has dimensions \(shapeString(shape)), too large to hold")
        }
        let have = data.count - start
        guard have == bytes else {
            throw bad("header says \(shapeString(shape)) of \(type) = \(bytes) bytes of data, but \(have) bytes follow"
                      + (have < bytes ? " (truncated?)" : ""))
        }
        try MemoryLimit.check(count: count, op: "load_idx", what: "its float32 copy of shape \(shapeString(shape))")
        let values = data.floats(from: start, count: count, type: type.scalar, bigEndian: true)
        return try Tensor(shape: shape, values: values)
    }

    /// Encodes a tensor as IDX with element type `ubyte` (values rounded, halves away from zero, clamped to
    /// 0...255) or `float` (float32).
    public static func encode(_ t: Tensor, type: ElementType = .float) throws -> Data {
        guard type == .ubyte || type == .float else {
            throw DatasetError.unsupported(what: "IDX", message: "writing \(type) is not supported; use ubyte or float")
        }
        guard (1...16).contains(t.rank), t.shape.allSatisfy({ $0 <= Int(UInt32.max) }) else {
            throw DatasetError.unsupported(
                what: "IDX", message: "shape \(shapeString(t.shape)) cannot be stored (rank 1...16, dims < 2^32)")
        }
        var out = Data([0, 0, type.rawValue, UInt8(t.rank)])
        for d in t.shape { withUnsafeBytes(of: UInt32(d).bigEndian) { out.append(contentsOf: $0) } }
        if type == .ubyte {
            out.append(contentsOf: t.toArray().map { UInt8($0.isNaN ? 0 : min(max($0.rounded(), 0), 255)) })
        } else {
            out.append(t.withContiguousBuffer { Data.bytes(of: $0, bigEndian: true) })
        }
        return out
    }

    /// Writes a tensor as an IDX file, atomically.
    public static func write(_ t: Tensor, path: String, type: ElementType = .float) throws {
        try atomicWrite(encode(t, type: type), to: path)
    }
}
