// Protobuf: the few parts of Protocol Buffers' wire format that an ONNX file needs, written by
// hand (https://protobuf.dev/programming-guides/encoding/). A message is a sequence of fields;
// each field is a key, varint(number << 3 | wire type), then its value: wire type 0 a varint
// (int32, int64, enums, bool), 2 a length-delimited run of bytes (strings, bytes, embedded
// messages), 5 four little-endian bytes (float). Repeated fields are written one key per
// element (proto2's unpacked form, which every reader accepts).

/// Builds one message's bytes, field by field, in the order the calls are made.
struct ProtoWriter {
    private(set) var bytes: [UInt8] = []

    /// An unsigned LEB128 varint: seven bits a byte, low bits first, the high bit set on all
    /// bytes but the last.
    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    private mutating func key(_ field: Int, wireType: Int) { varint(UInt64(field << 3 | wireType)) }

    /// An int32/int64/enum field; negative numbers take ten bytes (two's complement as UInt64).
    mutating func int(_ field: Int, _ value: Int) {
        key(field, wireType: 0)
        varint(UInt64(bitPattern: Int64(value)))
    }

    mutating func float(_ field: Int, _ value: Float) {
        key(field, wireType: 5)
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func lengthDelimited(_ field: Int, _ value: [UInt8]) {
        key(field, wireType: 2)
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    mutating func string(_ field: Int, _ value: String) { lengthDelimited(field, Array(value.utf8)) }

    /// An embedded message, built by `body` on a writer of its own.
    mutating func message(_ field: Int, _ body: (inout ProtoWriter) -> Void) {
        var inner = ProtoWriter()
        body(&inner)
        lengthDelimited(field, inner.bytes)
    }
}
