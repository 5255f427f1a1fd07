// A small PNG reader for the tests, written independently of the encoder (cairo, libpng and
// zlib): checks the signature and every chunk's CRC-32, inflates stored, fixed- and
// dynamic-Huffman deflate blocks (RFC 1951), checks Adler-32, and undoes the five row filters
// of 8-bit RGB images. Enough to read back Plot's own files and nothing more.

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
        guard header[8] == 8, header[9] == 2, header[12] == 0 else {
            throw PNGDecodeError(description: "not 8-bit RGB without interlace: \(header[8...12])")
        }
        let raw = try inflate(idat)
        let stride = 3 * w
        guard raw.count == (stride + 1) * h else { throw PNGDecodeError(description: "raw size \(raw.count)") }
        var rgb = [UInt8](repeating: 0, count: stride * h)
        for y in 0..<h {
            let filter = raw[y * (stride + 1)]
            for x in 0..<stride {
                let v = Int(raw[y * (stride + 1) + 1 + x])
                let a = x >= 3 ? Int(rgb[y * stride + x - 3]) : 0
                let b = y > 0 ? Int(rgb[(y - 1) * stride + x]) : 0
                let c = x >= 3 && y > 0 ? Int(rgb[(y - 1) * stride + x - 3]) : 0
                let predicted: Int
                switch filter {
                case 0: predicted = 0
                case 1: predicted = a
                case 2: predicted = b
                case 3: predicted = (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
                default: throw PNGDecodeError(description: "filter \(filter) on row \(y)")
                }
                rgb[y * stride + x] = UInt8((v + predicted) & 0xFF)
            }
        }
        return DecodedPNG(width: w, height: h, bitDepth: header[8], colorType: header[9], rgb: rgb, chunkTypes: types)
    }
}

/// Inflate for stored, fixed- and dynamic-Huffman blocks, from the tables of RFC 1951
/// §3.2.5–3.2.7 (decode side only).
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

    /// A canonical Huffman code (RFC 1951 §3.2.2) from code lengths: how many codes each
    /// length has, and the symbols in code order.
    struct Huffman {
        var counts = [Int](repeating: 0, count: 16)
        var symbols: [Int] = []

        init(lengths: [Int]) {
            for l in lengths { counts[l] += 1 }
            counts[0] = 0
            for l in 1...15 {
                for (symbol, length) in lengths.enumerated() where length == l { symbols.append(symbol) }
            }
        }

        /// The next symbol: codes are read most significant bit first; at each length the
        /// codes of that length are the next `counts[l]` values after the shorter ones.
        func decode(_ r: inout BitReader) throws -> Int {
            var code = 0, first = 0, index = 0
            for l in 1...15 {
                code |= try r.bit()
                let count = counts[l]
                if code - first < count { return symbols[index + code - first] }
                index += count
                first = (first + count) << 1
                code <<= 1
            }
            throw PNGDecodeError(description: "no Huffman code matches")
        }
    }

    static let fixedCodes = (
        literal: Huffman(lengths: (0..<288).map { $0 < 144 ? 8 : $0 < 256 ? 9 : $0 < 280 ? 7 : 8 }),
        distance: Huffman(lengths: Array(repeating: 5, count: 30))
    )

    /// The code-length alphabet's order in a dynamic block header.
    static let lengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    static func dynamicCodes(_ r: inout BitReader) throws -> (literal: Huffman, distance: Huffman) {
        let nlen = try r.bits(5) + 257, ndist = try r.bits(5) + 1, ncode = try r.bits(4) + 4
        var codeLengths = [Int](repeating: 0, count: 19)
        for i in 0..<ncode { codeLengths[lengthOrder[i]] = try r.bits(3) }
        let lengthCode = Huffman(lengths: codeLengths)
        var lengths: [Int] = []
        while lengths.count < nlen + ndist {
            let s = try lengthCode.decode(&r)
            switch s {
            case 0...15: lengths.append(s)
            case 16:
                guard let last = lengths.last else { throw PNGDecodeError(description: "repeat with no length") }
                lengths += Array(repeating: last, count: 3 + (try r.bits(2)))
            case 17: lengths += Array(repeating: 0, count: 3 + (try r.bits(3)))
            default: lengths += Array(repeating: 0, count: 11 + (try r.bits(7)))
            }
        }
        guard lengths.count == nlen + ndist else { throw PNGDecodeError(description: "code lengths overrun") }
        return (Huffman(lengths: Array(lengths[..<nlen])), Huffman(lengths: Array(lengths[nlen...])))
    }

    static func inflate(_ z: [UInt8]) throws -> [UInt8] {
        guard z.count >= 6, (UInt16(z[0]) << 8 | UInt16(z[1])) % 31 == 0, z[0] & 0x0F == 8 else {
            throw PNGDecodeError(description: "bad zlib header")
        }
        var r = BitReader(bytes: Array(z[2..<(z.count - 4)]))
        var out: [UInt8] = [], final = false
        while !final {
            final = try r.bits(1) == 1
            let type = try r.bits(2)
            if type == 0 {
                r.position = (r.position + 7) / 8 * 8
                let len = try r.bits(16), nlen = try r.bits(16)
                guard len ^ nlen == 0xFFFF else { throw PNGDecodeError(description: "bad LEN/NLEN") }
                for _ in 0..<len { out.append(UInt8(try r.bits(8))) }
                continue
            }
            guard type < 3 else { throw PNGDecodeError(description: "reserved block type") }
            let codes = type == 1 ? fixedCodes : try dynamicCodes(&r)
            while true {
                let s = try codes.literal.decode(&r)
                if s < 256 { out.append(UInt8(s)); continue }
                if s == 256 { break }
                guard s - 257 < lengths.count else { throw PNGDecodeError(description: "length symbol \(s)") }
                let (lb, le) = lengths[s - 257]
                let length = lb + (try r.bits(le))
                let (db, de) = distance(try codes.distance.decode(&r))
                let dist = db + (try r.bits(de))
                guard dist <= out.count else { throw PNGDecodeError(description: "distance \(dist) before the start") }
                for _ in 0..<length { out.append(out[out.count - dist]) }
            }
        }
        var a: UInt32 = 1, b: UInt32 = 0
        for x in out { a = (a + UInt32(x)) % 65521; b = (b + a) % 65521 }
        guard u32(z, z.count - 4) == b << 16 | a else { throw PNGDecodeError(description: "bad Adler-32") }
        return out
    }
}
