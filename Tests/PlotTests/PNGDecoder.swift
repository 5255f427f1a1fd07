// A small PNG reader for the tests, written independently of the encoder: checks the
// signature and every chunk's CRC-32, inflates stored and fixed-Huffman deflate blocks
// (not dynamic ones), checks Adler-32, and undoes filter type 0. Enough to read back Plot's
// own files and nothing more.

struct DecodedPNG {
    let width: Int
    let height: Int
    let bitDepth: UInt8
    let colorType: UInt8
    /// Row-major RGB, 3 bytes a pixel.
    let rgb: [UInt8]
    /// Chunk types in file order.
    let chunkTypes: [String]

    func pixel(_ x: Int, _ y: Int) -> [UInt8] {
        let i = 3 * (y * width + x)
        return Array(rgb[i..<(i + 3)])
    }
}

struct PNGDecodeError: Error, CustomStringConvertible {
    let description: String
}

enum PNGDecoder {
    static func crc(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            c ^= UInt32(b)
            for _ in 0..<8 { c = (c >> 1) ^ (c & 1 == 1 ? 0xEDB8_8320 : 0) }
        }
        return ~c
    }

    static func u32(_ b: [UInt8], _ i: Int) -> UInt32 {
        UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3])
    }

    static func decode(_ file: [UInt8]) throws -> DecodedPNG {
        guard file.count > 8, Array(file[0..<8]) == [137, 80, 78, 71, 13, 10, 26, 10] else {
            throw PNGDecodeError(description: "bad signature")
        }
        var i = 8, types: [String] = [], idat: [UInt8] = [], header: [UInt8] = []
        while i + 12 <= file.count {
            let length = Int(u32(file, i))
            let type = String(decoding: file[(i + 4)..<(i + 8)], as: UTF8.self)
            guard i + 12 + length <= file.count else { throw PNGDecodeError(description: "chunk \(type) overruns the file") }
            let body = Array(file[(i + 8)..<(i + 8 + length)])
            guard crc(file[(i + 4)..<(i + 8 + length)]) == u32(file, i + 8 + length) else {
                throw PNGDecodeError(description: "bad CRC in \(type)")
            }
            types.append(type)
            if type == "IHDR" { header = body }
            if type == "IDAT" { idat += body }
            i += 12 + length
        }
        guard header.count == 13, types.first == "IHDR", types.last == "IEND" else { throw PNGDecodeError(description: "bad chunk order \(types)") }
        let (w, h) = (Int(u32(header, 0)), Int(u32(header, 4)))
        let raw = try inflate(idat)
        guard raw.count == (3 * w + 1) * h else { throw PNGDecodeError(description: "raw size \(raw.count)") }
        var rgb: [UInt8] = []
        let stride = 3 * w + 1
        for y in 0..<h {
            let start: Int = y * stride
            guard raw[start] == 0 else { throw PNGDecodeError(description: "filter \(raw[start]) on row \(y)") }
            rgb.append(contentsOf: raw[(start + 1)..<(start + stride)])
        }
        return DecodedPNG(width: w, height: h, bitDepth: header[8], colorType: header[9], rgb: rgb, chunkTypes: types)
    }

    /// Inflates a zlib stream made only of stored blocks, checking LEN/NLEN and Adler-32.
    static func inflateStored(_ z: [UInt8]) throws -> [UInt8] {
        guard z.count >= 6, (UInt16(z[0]) << 8 | UInt16(z[1])) % 31 == 0, z[0] & 0x0F == 8 else {
            throw PNGDecodeError(description: "bad zlib header")
        }
        var out: [UInt8] = [], i = 2, final = false
        while !final {
            guard i + 5 <= z.count else { throw PNGDecodeError(description: "truncated deflate") }
            final = z[i] & 1 == 1
            guard (z[i] >> 1) & 3 == 0 else { throw PNGDecodeError(description: "not a stored block") }
            let len = Int(z[i + 1]) | Int(z[i + 2]) << 8, nlen = Int(z[i + 3]) | Int(z[i + 4]) << 8
            guard len ^ nlen == 0xFFFF, i + 5 + len <= z.count else { throw PNGDecodeError(description: "bad LEN/NLEN") }
            out += z[(i + 5)..<(i + 5 + len)]
            i += 5 + len
        }
        var a: UInt32 = 1, b: UInt32 = 0
        for x in out { a = (a + UInt32(x)) % 65521; b = (b + a) % 65521 }
        guard i + 4 == z.count, u32(z, i) == b << 16 | a else { throw PNGDecodeError(description: "bad Adler-32") }
        return out
    }
}

/// Inflate for stored and fixed-Huffman blocks, reading the tables of RFC 1951 §3.2.5–3.2.6
/// directly (decode side, independent of Plot's encoder).
extension PNGDecoder {
    struct BitReader {
        let bytes: [UInt8]
        var position = 0  // in bits

        mutating func bit() throws -> Int {
            guard position / 8 < bytes.count else { throw PNGDecodeError(description: "deflate ran out of bits") }
            let b = Int(bytes[position / 8] >> UInt8(position % 8)) & 1
            position += 1
            return b
        }

        /// `n` bits, least significant first (extra bits, header fields).
        mutating func bits(_ n: Int) throws -> Int {
            var v = 0
            for i in 0..<n { v |= try bit() << i }
            return v
        }

        /// `n` bits, most significant first (Huffman codes).
        mutating func code(_ n: Int) throws -> Int {
            var v = 0
            for _ in 0..<n { v = v << 1 | (try bit()) }
            return v
        }
    }

    static let lengths: [(base: Int, extra: Int)] = [
        (3, 0), (4, 0), (5, 0), (6, 0), (7, 0), (8, 0), (9, 0), (10, 0), (11, 1), (13, 1), (15, 1), (17, 1),
        (19, 2), (23, 2), (27, 2), (31, 2), (35, 3), (43, 3), (51, 3), (59, 3), (67, 4), (83, 4), (99, 4), (115, 4),
        (131, 5), (163, 5), (195, 5), (227, 5), (258, 0),
    ]

    static func distance(_ code: Int) -> (base: Int, extra: Int) {
        if code < 4 { return (code + 1, 0) }
        let extra = code / 2 - 1
        return ((2 + code % 2) << extra + 1, extra)
    }

    /// A fixed-code literal/length symbol: 7-bit codes 0...23 → 256...279; 8-bit 48...191 →
    /// 0...143, 192...199 → 280...287; 9-bit 400...511 → 144...255.
    static func fixedSymbol(_ r: inout BitReader) throws -> Int {
        var c = try r.code(7)
        if c <= 23 { return 256 + c }
        c = c << 1 | (try r.bit())
        if c >= 48 && c <= 191 { return c - 48 }
        if c >= 192 && c <= 199 { return 280 + c - 192 }
        c = c << 1 | (try r.bit())
        return 144 + c - 400
    }

    static func inflate(_ z: [UInt8]) throws -> [UInt8] {
        guard z.count >= 6, (UInt16(z[0]) << 8 | UInt16(z[1])) % 31 == 0, z[0] & 0x0F == 8 else {
            throw PNGDecodeError(description: "bad zlib header")
        }
        var r = BitReader(bytes: Array(z[2..<(z.count - 4)]))
        var out: [UInt8] = [], final = false
        while !final {
            final = try r.bits(1) == 1
            switch try r.bits(2) {
            case 0:
                r.position = (r.position + 7) / 8 * 8
                let len = try r.bits(16), nlen = try r.bits(16)
                guard len ^ nlen == 0xFFFF else { throw PNGDecodeError(description: "bad LEN/NLEN") }
                for _ in 0..<len { out.append(UInt8(try r.bits(8))) }
            case 1:
                while true {
                    let s = try fixedSymbol(&r)
                    if s < 256 { out.append(UInt8(s)); continue }
                    if s == 256 { break }
                    let (lb, le) = lengths[s - 257]
                    let length = lb + (try r.bits(le))
                    let (db, de) = distance(try r.code(5))
                    let dist = db + (try r.bits(de))
                    guard dist <= out.count else { throw PNGDecodeError(description: "distance \(dist) before the start") }
                    for _ in 0..<length { out.append(out[out.count - dist]) }
                }
            default:
                throw PNGDecodeError(description: "dynamic or reserved block type")
            }
        }
        var a: UInt32 = 1, b: UInt32 = 0
        for x in out { a = (a + UInt32(x)) % 65521; b = (b + a) % 65521 }
        guard u32(z, z.count - 4) == b << 16 | a else { throw PNGDecodeError(description: "bad Adler-32") }
        return out
    }
}
