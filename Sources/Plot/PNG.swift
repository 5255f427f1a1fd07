// PNG output with no dependencies: the rasterized scene as 8-bit RGB, each row with filter
// type 0, in a zlib stream (fixed-Huffman deflate from Deflate.swift, or stored blocks),
// with CRC-32 per chunk and Adler-32 over the data. Byte-for-byte the same on every machine.

extension Figure {
    /// The figure as PNG file bytes, `pixelSize` wide and high. `compressed: false` stores
    /// the pixels uncompressed (3 bytes a pixel: 640 × 400 ≈ 770 KB); the default deflates
    /// them (a typical plot: 10–40 KB).
    public func png(compressed: Bool = true) -> [UInt8] {
        let raster = Raster.draw(scene())
        return PNG.encode(width: raster.width, height: raster.height, rgb: raster.bytes,
                          deflate: compressed ? Deflate.zlib : PNG.zlibStored)
    }
}

enum PNG {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    static func be32(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
    }

    static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// CRC-32 (ISO 3309, as in PNG and zlib's crc32) of `bytes`.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        crcTable.withUnsafeBufferPointer { table in
            bytes.withUnsafeBufferPointer { p in
                for b in p { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
            }
        }
        return c ^ 0xFFFF_FFFF
    }

    /// Adler-32 (RFC 1950) of `bytes`: B·65536 + A, A = 1 + Σ bytes, B = Σ A, both mod 65521.
    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        bytes.withUnsafeBufferPointer { p in
            var i = 0
            while i < p.count {
                let end = min(i + 5552, p.count)  // the longest run without UInt32 overflow
                while i < end {
                    a &+= UInt32(p[i])
                    b &+= a
                    i += 1
                }
                a %= 65521
                b %= 65521
            }
        }
        return b << 16 | a
    }

    /// A zlib stream (RFC 1950) of stored deflate blocks (RFC 1951 BTYPE 00) of at most
    /// 65,535 bytes each: header 78 01, per block BFINAL, LEN, ~LEN and the bytes, then Adler-32.
    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        out.reserveCapacity(data.count + data.count / 65535 * 5 + 16)
        var i = 0
        repeat {
            let n = min(65535, data.count - i)
            out.append(i + n >= data.count ? 1 : 0)
            out += [UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8((~n >> 8) & 0xFF)]
            out += data[i..<(i + n)]
            i += n
        } while i < data.count
        return out + be32(adler32(data))
    }

    static func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + body
        return be32(UInt32(body.count)) + typed + be32(crc32(typed))
    }

    /// A PNG file of an 8-bit RGB image; `rgb` holds width × height × 3 bytes, row-major.
    static func encode(width: Int, height: Int, rgb: [UInt8], deflate: ([UInt8]) -> [UInt8] = PNG.zlibStored) -> [UInt8] {
        precondition(rgb.count == width * height * 3, "raster size")
        let stride = width * 3
        var raw = [UInt8](repeating: 0, count: (stride + 1) * height)  // filter byte 0 leads each row
        raw.withUnsafeMutableBufferPointer { out in
            rgb.withUnsafeBufferPointer { src in
                for y in 0..<height {
                    let dst = UnsafeMutableBufferPointer(rebasing: out[(y * (stride + 1) + 1)..<((y + 1) * (stride + 1))])
                    _ = dst.initialize(from: src[(y * stride)..<((y + 1) * stride)])
                }
            }
        }
        let header = be32(UInt32(width)) + be32(UInt32(height)) + [8, 2, 0, 0, 0]
        return signature + chunk("IHDR", header) + chunk("IDAT", deflate(raw)) + chunk("IEND", [])
    }
}
