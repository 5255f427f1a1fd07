// Deflate (RFC 1951) with fixed Huffman codes and greedy LZ77 matching, for PNG data. Plot
// images are mostly flat colour, so matches at distance 3 (the previous pixel) and at one
// row up do nearly all the work: a 640 × 400 plot shrinks from 770 KB to a few tens of KB.
// No dependency; the stored-block encoder in PNG.swift remains as the simplest reference.

enum Deflate {
    static let lengthBase: [Int] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra: [Int] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase: [Int] = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtra: [Int] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    /// Writes bits least-significant first, as deflate packs them.
    struct BitWriter {
        var bytes: [UInt8] = []
        var buffer: UInt64 = 0
        var count = 0

        mutating func write(_ value: Int, bits: Int) {
            buffer |= UInt64(value) << UInt64(count)
            count += bits
            while count >= 8 {
                bytes.append(UInt8(buffer & 0xFF))
                buffer >>= 8
                count -= 8
            }
        }

        /// A Huffman code, which deflate sends most-significant bit first.
        mutating func writeCode(_ code: Int, bits: Int) {
            var reversed = 0
            for i in 0..<bits where code & (1 << i) != 0 { reversed |= 1 << (bits - 1 - i) }
            write(reversed, bits: bits)
        }

        mutating func flush() {
            if count > 0 { bytes.append(UInt8(buffer & 0xFF)) }
            buffer = 0
            count = 0
        }
    }

    /// The fixed literal/length code of symbol 0...287 (RFC 1951 §3.2.6).
    static func writeSymbol(_ s: Int, _ w: inout BitWriter) {
        switch s {
        case 0...143: w.writeCode(0x30 + s, bits: 8)
        case 144...255: w.writeCode(0x190 + s - 144, bits: 9)
        case 256...279: w.writeCode(s - 256, bits: 7)
        default: w.writeCode(0xC0 + s - 280, bits: 8)
        }
    }

    /// Index of the largest base ≤ v.
    static func bucket(_ v: Int, _ bases: [Int]) -> Int {
        var i = bases.count - 1
        while bases[i] > v { i -= 1 }
        return i
    }

    static func writeMatch(length: Int, distance: Int, _ w: inout BitWriter) {
        let li = bucket(length, lengthBase)
        writeSymbol(257 + li, &w)
        if lengthExtra[li] > 0 { w.write(length - lengthBase[li], bits: lengthExtra[li]) }
        let di = bucket(distance, distanceBase)
        w.writeCode(di, bits: 5)
        if distanceExtra[di] > 0 { w.write(distance - distanceBase[di], bits: distanceExtra[di]) }
    }

    /// LZ77 match finding: for each 3-byte hash the latest position (`head`) and, per
    /// position, the previous one with the same hash (`prev`), in raw buffers (this is the
    /// hot loop of PNG output).
    struct Matcher {
        let data: UnsafeBufferPointer<UInt8>
        let head: UnsafeMutableBufferPointer<Int32>
        let prev: UnsafeMutableBufferPointer<Int32>

        init(_ data: UnsafeBufferPointer<UInt8>) {
            self.data = data
            head = .allocate(capacity: 1 << 15)
            prev = .allocate(capacity: max(data.count, 1))
            head.initialize(repeating: -1)
            prev.initialize(repeating: -1)
        }

        func release() {
            head.deallocate()
            prev.deallocate()
        }

        func hash(_ i: Int) -> Int { (Int(data[i]) << 10 ^ Int(data[i + 1]) << 5 ^ Int(data[i + 2])) & 0x7FFF }

        func insert(_ i: Int) {
            guard i + 2 < data.count else { return }
            let h = hash(i)
            prev[i] = head[h]
            head[h] = Int32(i)
        }

        /// The longest earlier match for position i within 32 KB, trying up to 16
        /// candidates: (length, distance), length 0 when there is none.
        func longestMatch(_ i: Int) -> (length: Int, distance: Int) {
            guard i + 2 < data.count else { return (0, 0) }
            var best = (length: 0, distance: 0), candidate = Int(head[hash(i)]), tries = 16
            let limit = min(258, data.count - i)
            while candidate >= 0, i - candidate <= 32768, tries > 0 {
                var l = 0
                while l < limit, data[candidate + l] == data[i + l] { l += 1 }
                if l > best.length { best = (l, i - candidate) }
                if l == limit { break }
                candidate = Int(prev[candidate])
                tries -= 1
            }
            return best
        }
    }

    /// One final fixed-Huffman block holding `data`, with greedy matches of 3...258 bytes.
    static func compress(_ data: [UInt8]) -> [UInt8] {
        var w = BitWriter()
        w.bytes.reserveCapacity(data.count / 8 + 64)
        w.write(1, bits: 1)  // BFINAL
        w.write(1, bits: 2)  // BTYPE 01: fixed Huffman codes
        data.withUnsafeBufferPointer { d in
            let matcher = Matcher(d)
            defer { matcher.release() }
            var i = 0
            while i < d.count {
                let match = matcher.longestMatch(i)
                if match.length >= 3 {
                    writeMatch(length: match.length, distance: match.distance, &w)
                    for j in i..<(i + match.length) { matcher.insert(j) }
                    i += match.length
                } else {
                    writeSymbol(Int(d[i]), &w)
                    matcher.insert(i)
                    i += 1
                }
            }
        }
        writeSymbol(256, &w)  // end of block
        w.flush()
        return w.bytes
    }

    /// A zlib stream (RFC 1950): header 78 01, the deflate data, Adler-32 of the input.
    static func zlib(_ data: [UInt8]) -> [UInt8] {
        [0x78, 0x01] + compress(data) + PNG.be32(PNG.adler32(data))
    }
}
