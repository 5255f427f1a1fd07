// NPY: NumPy's .npy format, read and write. A file is the magic "\x93NUMPY", a version
// (1.0: 2-byte header length; 2.0 and 3.0: 4-byte), a header that is a Python dict literal
// {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), } padded so the data starts at a
// multiple of 64, then the elements. Reading accepts <f4 <f8 <f2 <i8 <i4 <i2 |i1 |u1 <u2 <u4
// <u8 |b1 (and their big-endian '>' forms), C or Fortran order, into float32. Writing always
// produces version 1.0 (2.0 when the header needs it), <f4, C order, atomically.
import Foundation
import TensorCore

public enum NPY {
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY

    /// Reads a .npy file into a float32 tensor of the stored shape (C order).
    ///
    /// Cajal: `load_npy("weights.npy")`
    public static func read(path: String) throws -> Tensor {
        try decode(readBytes(path), source: path)
    }

    /// Decodes .npy bytes; `source` names them in errors.
    public static func decode(_ data: Data, source: String = "<npy>") throws -> Tensor {
        func bad(_ m: String) -> DatasetError { .malformed(path: source, line: nil, message: m) }
        let bytes = [UInt8](data.prefix(12))
        guard bytes.count >= 8, Array(bytes[0..<6]) == magic else {
            if data.count < 8, magic.starts(with: bytes) {
                throw bad("is \(data.count) bytes long, truncated inside the .npy magic number")
            }
            throw bad("starts with bytes \(data.hexPrefix(6)), not the .npy magic number (93 4e 55 4d 50 59 = \\x93NUMPY)")
        }
        let (major, minor) = (bytes[6], bytes[7])
        guard [1, 2, 3].contains(major), minor == 0 else {
            throw bad(".npy format version \(major).\(minor) is not supported (expected 1.0, 2.0 or 3.0)")
        }
        let lenSize = major == 1 ? 2 : 4
        guard data.count >= 8 + lenSize else { throw bad("is \(data.count) bytes long, truncated in the header length") }
        var headerLength = 0
        for i in 0..<lenSize { headerLength |= Int(data[data.startIndex + 8 + i]) << (8 * i) }
        let start = 8 + lenSize + headerLength
        guard data.count >= start else {
            throw bad("is \(data.count) bytes long, but its header claims to end at byte \(start) (truncated?)")
        }
        let headerBytes = data.subdata(in: (data.startIndex + 8 + lenSize)..<(data.startIndex + start))
        guard let header = String(data: headerBytes, encoding: major == 3 ? .utf8 : .isoLatin1) else {
            throw bad("header is not text")
        }
        let h = try Header.parse(header, source: source)
        guard let count = checkedProduct(h.shape), let need = checkedProduct([count, h.type.size]) else {
            throw bad("shape \(shapeString(h.shape)) is too large to hold")
        }
        let have = data.count - start
        guard have == need else {
            throw bad("header says \(shapeString(h.shape)) of '\(h.descr)' = \(need) bytes of data, but \(have) bytes follow"
                      + (have < need ? " (truncated?)" : ""))
        }
        try MemoryLimit.check(count: count, op: "load_npy", what: "its float32 copy of shape \(shapeString(h.shape))")
        var values = data.floats(from: start, count: count, type: h.type, bigEndian: h.bigEndian)
        if h.fortranOrder && h.shape.count > 1 { values = cOrder(fromFortran: values, shape: h.shape) }
        return try Tensor(shape: h.shape, values: values)
    }

    /// Reorders column-major (Fortran) elements into row-major order.
    static func cOrder(fromFortran v: [Float], shape: [Int]) -> [Float] {
        var fStrides = [Int](repeating: 1, count: shape.count)
        for i in 1..<shape.count { fStrides[i] = fStrides[i - 1] * shape[i - 1] }
        var out = [Float](repeating: 0, count: v.count)
        var index = [Int](repeating: 0, count: shape.count)
        for c in 0..<v.count {
            var f = 0
            for i in 0..<shape.count { f += index[i] * fStrides[i] }
            out[c] = v[f]
            var a = shape.count - 1
            while a >= 0 {
                index[a] += 1
                if index[a] < shape[a] { break }
                index[a] = 0
                a -= 1
            }
        }
        return out
    }

    /// The .npy bytes of `t`: version 1.0 (2.0 if the header exceeds 65,535 bytes), '<f4',
    /// C order, data aligned to 64 bytes.
    public static func encode(_ t: Tensor) -> Data {
        let shapeText = t.shape.count == 1 ? "(\(t.shape[0]),)" : "(" + t.shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shapeText), }"
        let v2 = header.utf8.count + 1 + 10 > 65_535
        let prefix = 8 + (v2 ? 4 : 2)
        let padding = (64 - (prefix + header.utf8.count + 1) % 64) % 64
        header += String(repeating: " ", count: padding) + "\n"
        var out = Data(magic + [v2 ? 2 : 1, 0])
        let n = header.utf8.count
        if v2 {
            withUnsafeBytes(of: UInt32(n).littleEndian) { out.append(contentsOf: $0) }
        } else {
            withUnsafeBytes(of: UInt16(n).littleEndian) { out.append(contentsOf: $0) }
        }
        out.append(contentsOf: Array(header.utf8))
        out.append(t.withContiguousBuffer { Data.bytes(of: $0, bigEndian: false) })
        return out
    }

    /// Writes `t` as a .npy file (float32, C order), atomically: a temporary file in the same
    /// directory, renamed over `path` once complete.
    ///
    /// Cajal: `save_npy(W, "weights.npy")`
    public static func write(_ t: Tensor, path: String) throws {
        try atomicWrite(encode(t), to: path)
    }
}
