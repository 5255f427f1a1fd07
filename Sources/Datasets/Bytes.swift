// Bytes: reading fixed-width numbers out of a byte buffer (either byte order) for the binary
// loaders, and the atomic file write (temporary file in the same directory, then rename) that
// every writer uses so a crash never leaves a half-written file under the real name.
import Foundation

/// The element types the binary formats store, and how to turn one into a Float.
enum Scalar: Equatable {
    case uint8, int8, bool, int16, uint16, int32, uint32, int64, uint64, float16, float32, float64

    var size: Int {
        switch self {
        case .uint8, .int8, .bool: 1
        case .int16, .uint16, .float16: 2
        case .int32, .uint32, .float32: 4
        case .int64, .uint64, .float64: 8
        }
    }
}

extension Data {
    /// Converts `count` elements of type `type` starting at byte `start` to floats.
    /// The caller has checked that the bytes are there.
    func floats(from start: Int, count: Int, type: Scalar, bigEndian: Bool) -> [Float] {
        if count == 0 { return [] }
        return [Float](unsafeUninitializedCapacity: count) { out, initialized in
            withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
                let base = raw.baseAddress!.advanced(by: start)
                if type == .float32 && bigEndian == (1.bigEndian == 1) {  // native layout: copy
                    UnsafeMutableRawPointer(out.baseAddress!).copyMemory(from: base, byteCount: 4 * count)
                } else {
                    for i in 0..<count { out[i] = Data.decode(base.advanced(by: i * type.size), type, bigEndian) }
                }
            }
            initialized = count
        }
    }

    /// The float32 values as bytes in the requested byte order.
    static func bytes(of values: UnsafeBufferPointer<Float>, bigEndian: Bool) -> Data {
        if bigEndian == (1.bigEndian == 1) { return Data(buffer: values) }
        var swapped = [UInt32](repeating: 0, count: values.count)
        for i in 0..<values.count { swapped[i] = values[i].bitPattern.byteSwapped }
        return swapped.withUnsafeBufferPointer { Data(buffer: $0) }
    }

    @inline(__always)
    static func decode(_ p: UnsafeRawPointer, _ type: Scalar, _ big: Bool) -> Float {
        func u<T: FixedWidthInteger>(_: T.Type) -> T {
            let v = p.loadUnaligned(as: T.self)
            return big ? T(bigEndian: v) : T(littleEndian: v)
        }
        switch type {
        case .uint8: return Float(p.load(as: UInt8.self))
        case .int8: return Float(p.load(as: Int8.self))
        case .bool: return p.load(as: UInt8.self) == 0 ? 0 : 1
        case .int16: return Float(u(Int16.self))
        case .uint16: return Float(u(UInt16.self))
        case .int32: return Float(u(Int32.self))
        case .uint32: return Float(u(UInt32.self))
        case .int64: return Float(u(Int64.self))
        case .uint64: return Float(u(UInt64.self))
        case .float16: return halfToFloat(u(UInt16.self))
        case .float32: return Float(bitPattern: u(UInt32.self))
        case .float64: return Float(Double(bitPattern: u(UInt64.self)))
        }
    }

    /// IEEE half precision to float (Float16 itself is missing on some platforms).
    static func halfToFloat(_ h: UInt16) -> Float {
        let sign: Float = h & 0x8000 != 0 ? -1 : 1
        let e = Int((h >> 10) & 0x1F), m = Float(h & 0x3FF)
        if e == 0 { return sign * m * 0x1p-24 }
        if e == 31 { return m == 0 ? sign * .infinity : .nan }
        return sign * (1 + m / 1024) * Float(sign: .plus, exponent: e - 15, significand: 1)
    }

    /// A big-endian UInt32 at byte `offset` (the caller has checked the length).
    func bigEndianUInt32(at offset: Int) -> UInt32 {
        (UInt32(self[startIndex + offset]) << 24) | (UInt32(self[startIndex + offset + 1]) << 16)
            | (UInt32(self[startIndex + offset + 2]) << 8) | UInt32(self[startIndex + offset + 3])
    }

    /// The first `n` bytes as hex, for "starts with 89 50 4e 47" messages.
    func hexPrefix(_ n: Int) -> String {
        prefix(n).map { String(format: "%02x", $0) }.joined(separator: " ")
    }
}

/// The product of `dims`, or nil on overflow.
func checkedProduct(_ dims: [Int]) -> Int? {
    var n = 1
    for d in dims {
        let (p, o) = n.multipliedReportingOverflow(by: d)
        if o { return nil }
        n = p
    }
    return n
}

/// Writes `data` to `path` atomically: a temporary file beside it, then rename(2) over the
/// target. On failure the temporary file is removed and the target is untouched.
func atomicWrite(_ data: Data, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let dir = url.deletingLastPathComponent()
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else {
        throw DatasetError.writeFailed(path: path, reason: "directory \(dir.path) does not exist")
    }
    let unique = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
    let tmp = dir.appendingPathComponent(".\(url.lastPathComponent).tmp-\(unique)")
    guard FileManager.default.createFile(atPath: tmp.path, contents: data) else {
        throw DatasetError.writeFailed(path: path, reason: "cannot create a temporary file in \(dir.path)")
    }
    if rename(tmp.path, path) != 0 {
        let reason = String(cString: strerror(errno))
        try? FileManager.default.removeItem(at: tmp)
        throw DatasetError.writeFailed(path: path, reason: reason)
    }
}
