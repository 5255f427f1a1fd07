// A small PNG reader for the tests, written independently of the encoder: checks the
// signature and every chunk's CRC-32, inflates stored deflate blocks, checks Adler-32, and
// undoes filter type 0. Enough to read back Plot's own files and nothing more.

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
        let raw = try inflateStored(idat)
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
