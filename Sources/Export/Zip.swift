// Zip: the writing half of PKWARE's .ZIP format (APPNOTE.TXT, sections 4.3 and 4.4), enough
// for NumPy's .npz: every member "stored" (method 0, no compression), no ZIP64, one fixed
// timestamp (1980-01-01 00:00, the format's epoch) so the same arrays give the same bytes.
// Layout: for each member a local header and its bytes, then the central directory (one
// entry per member, pointing back at its local header), then the end-of-directory record.
// Integers are little-endian.
import Foundation

public enum Zip {
    /// The archive holding `members` (name, bytes) in order. Throws when the archive would need
    /// ZIP64 (a member or the whole file of 4 GiB or more, or 65,535 members or more).
    public static func stored(_ members: [(name: String, data: Data)]) throws -> Data {
        var out = Data()
        var directory = Data()
        func u16(_ v: Int, _ d: inout Data) { withUnsafeBytes(of: UInt16(v).littleEndian) { d.append(contentsOf: $0) } }
        func u32(_ v: UInt32, _ d: inout Data) { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
        guard members.count < 0xFFFF else { throw ExportError.tooLarge("\(members.count) arrays (a .npz without ZIP64 holds fewer than 65,535)") }
        let (time, date) = (0, 1 << 5 | 1)  // MS-DOS time 00:00:00, date 1980-01-01
        for m in members {
            let name = Array(m.name.utf8)
            guard m.data.count < 0xFFFF_FFFF, out.count < 0xFFFF_FFFF else {
                throw ExportError.tooLarge("array '\(m.name)' ends beyond 4 GiB (this writer has no ZIP64)")
            }
            let crc = CRC32.checksum(m.data)
            let offset = UInt32(out.count)
            // local file header
            u32(0x0403_4B50, &out)
            u16(20, &out); u16(0, &out); u16(0, &out); u16(time, &out); u16(date, &out)
            u32(crc, &out); u32(UInt32(m.data.count), &out); u32(UInt32(m.data.count), &out)
            u16(name.count, &out); u16(0, &out)
            out.append(contentsOf: name)
            out.append(m.data)
            // its central directory entry
            u32(0x0201_4B50, &directory)
            u16(20, &directory); u16(20, &directory); u16(0, &directory); u16(0, &directory)
            u16(time, &directory); u16(date, &directory)
            u32(crc, &directory); u32(UInt32(m.data.count), &directory); u32(UInt32(m.data.count), &directory)
            u16(name.count, &directory); u16(0, &directory); u16(0, &directory)
            u16(0, &directory); u16(0, &directory); u32(0, &directory)
            u32(offset, &directory)
            directory.append(contentsOf: name)
        }
        guard out.count + directory.count < 0xFFFF_FFFF else { throw ExportError.tooLarge("the archive reaches 4 GiB (this writer has no ZIP64)") }
        let directoryOffset = UInt32(out.count)
        out.append(directory)
        // end of central directory record
        u32(0x0605_4B50, &out)
        u16(0, &out); u16(0, &out); u16(members.count, &out); u16(members.count, &out)
        u32(UInt32(directory.count), &out); u32(directoryOffset, &out); u16(0, &out)
        return out
    }
}

/// CRC-32 as ZIP (and PNG, and zlib) computes it: reflected polynomial 0xEDB88320, initial
/// value and final XOR 0xFFFFFFFF. CRC32.checksum(Data("123456789".utf8)) == 0xCBF43926.
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ data: Data) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in data { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}
