// VectorMathWidthTests: the sixteen-lane AVX-512 versions of Sources/CVectorMath against the
// eight-lane ones (AVX2 and baseline x86-64), bit for bit, where the width could show: eˣ, tanh
// and σ on a strided sample of every float32 bit pattern (and, through the built `cajal`'s
// hidden `__check-vector-math`, a denser one; its default run covers all 2³²), and every
// kernel at every length 0…40 from every offset 0…15 (so every tail length of both widths and
// every misalignment), with both strides of binary_row's operands, every op code, several
// rows, and the memory around each output left alone. On a CPU without AVX-512 F/DQ/BW/VL these
// tests are skipped (the other VectorMath suites compare the levels it has).
//
// One exception, the one VectorMathElementwiseTests makes against the Swift reference: add and
// mul with a NaN in both operands may return either operand's NaN, quieted (IEEE 754 leaves it
// open, x86 returns its first source's, and the compiler orders a commutative operation's
// operands as registers suit it: the eight-lane loop and its padded tail already differ there).
import CVectorMath
import Foundation
import Testing
@testable import TensorCore

private let needsAVX512 = Testing.ConditionTrait.enabled(
    if: KernelLevel.hasAVX512, "this CPU lacks AVX-512 F/DQ/BW/VL: the sixteen-lane versions cannot run here")

/// Bit patterns: every fourth one a special (NaNs of both signs, quiet and signalling, with
/// payloads; ±0; ±inf; subnormals; ±1), the rest random over all 2³².
private struct Patterns {
    var state: UInt64
    static let specials: [UInt32] = [
        0, 0x8000_0000, 0x7F80_0000, 0xFF80_0000, 0x7FC0_0000, 0xFFC0_0000, 0x7F80_0001, 0xFF81_2345, 0x7FC0_1234,
        0xFFFF_FFFF, 1, 0x8000_0001, 0x007F_FFFF, 0x807F_FFFF, 0x0080_0000, 0x3F80_0000, 0xBF80_0000, 0x42B2_0000,
        0xC2D0_0000,
    ]
    mutating func next() -> UInt32 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return UInt32(truncatingIfNeeded: z ^ (z >> 31))
    }
    mutating func float() -> Float {
        let r = next()
        return Float(bitPattern: r % 4 == 0 ? Self.specials[Int(next() % UInt32(Self.specials.count))] : next())
    }
    mutating func floats(_ n: Int) -> [Float] { (0..<n).map { _ in float() } }
    /// Ordinary values in ±scale, with a special now and then (LSTM rows).
    mutating func ordinary(_ n: Int, _ scale: Float) -> [Float] {
        (0..<n).map { _ in next() % 16 == 0 ? float() : (Float(next() >> 8) * 0x1p-24 * 2 - 1) * scale }
    }
}

private func hex(_ x: Float) -> String { "0x" + String(x.bitPattern, radix: 16) }

/// The levels compared: the eight-lane ones this CPU runs, each against AVX-512.
private var eightLane: [KernelLevel] { KernelLevel.available.filter { $0 != .avx512 } }

/// Where `got` differs from `want` in its bits, described; with `nanPair(i)` true, element i
/// may hold either NaN.
private func differences(_ what: String, _ got: [Float], _ want: [Float], nanPair: (Int) -> Bool = { _ in false }) -> [String] {
    var found: [String] = []
    for i in 0..<want.count where got[i].bitPattern != want[i].bitPattern && found.count < 5 {
        if got[i].isNaN && want[i].isNaN && nanPair(i) { continue }
        found.append("\(what) at [\(i)]: \(hex(got[i])), \(hex(want[i]))")
    }
    return found
}

@Suite struct VectorMathWidth {
    static let ops: [(Int32, String)] = [(0, "exp"), (1, "tanh"), (2, "sigmoid")]

    /// Every 1021st bit pattern (4.2 million, NaNs of both signs with thousands of payloads,
    /// subnormals, both zeros and infinities among them).
    @Test(needsAVX512, arguments: [Int32(0), 1, 2])
    func eXTanhAndSigmoidGiveTheEightLaneBitsOnAStridedSampleOfEveryFloat(op: Int32) {
        let chunk = 1 << 16
        var x = [Float](repeating: 0, count: chunk), wide = x, narrow = x
        var found: [String] = []
        var next: UInt64 = 0, checked = 0
        while next < 1 << 32 {
            var count = 0
            while count < chunk && next < 1 << 32 {
                x[count] = Float(bitPattern: UInt32(next))
                count += 1
                next += 1021
            }
            KernelLevel.avx512.row(op, &wide, x, count)
            for level in eightLane {
                level.row(op, &narrow, x, count)
                for i in 0..<count where wide[i].bitPattern != narrow[i].bitPattern && found.count < 5 {
                    found.append("\(Self.ops[Int(op)].1)(\(hex(x[i]))): avx512 \(hex(wide[i])), \(level) \(hex(narrow[i]))")
                }
            }
            checked += count
        }
        #expect(checked == Int((UInt64(1) << 32 + 1020) / 1021))
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
    }

    /// The rows, the binary operations (every op code, two rows or a row and a scalar on either
    /// side) and the fused derivatives at every length 0…40 from every offset 0…15: the same
    /// bits at every level, and nothing written outside the row.
    @Test(needsAVX512)
    func everyRowKernelGivesTheEightLaneBitsAtEveryLengthAndOffset() {
        var rng = Patterns(state: 13)
        let sentinel = Float(bitPattern: 0x7FA5_A5A5)
        var found: [String] = []
        /// Runs `body` at each level into a sentinel-filled buffer of 72; compares each with avx512.
        func compare(_ what: String, nanPair: (Int) -> Bool = { _ in false }, _ body: (KernelLevel, UnsafeMutablePointer<Float>) -> Void) {
            func run(_ level: KernelLevel) -> [Float] {
                var o = [Float](repeating: sentinel, count: 72)
                o.withUnsafeMutableBufferPointer { body(level, $0.baseAddress!) }
                return o
            }
            let wide = run(.avx512)
            for level in eightLane where found.count < 10 {
                found += differences("\(what), avx512 against \(level)", wide, run(level), nanPair: nanPair)
            }
        }
        for n in 0...40 {
            for offset in 0..<16 {
                let a = rng.floats(72), b = rng.floats(72)
                let outside = { (i: Int) in i < offset || i >= offset + n }
                for (op, name) in Self.ops {
                    compare("\(name) n = \(n) offset \(offset)") { level, o in
                        a.withUnsafeBufferPointer { level.row(op, o + offset, $0.baseAddress! + offset, n) }
                    }
                }
                for op in VectorMathElementwise.vectorOps {
                    let commutes = op == .add || op == .mul
                    for (sa, sb) in [(1, 1), (1, 0), (0, 1)] {
                        // Operand i of the row: a[offset + i·sa], b[3 + i·sb].
                        let pair = { (i: Int) in commutes && !outside(i) && a[offset + (i - offset) * sa].isNaN && b[3 + (i - offset) * sb].isNaN }
                        compare("\(op) (\(sa), \(sb)) n = \(n) offset \(offset)", nanPair: pair) { level, o in
                            a.withUnsafeBufferPointer { ap in
                                b.withUnsafeBufferPointer { bp in level.binaryRow(op, o + offset, ap.baseAddress! + offset, sa, bp.baseAddress! + 3, sb, n) }
                            }
                        }
                    }
                }
                for op in [BackwardRow.sigmoid, .tanh, .relu] {
                    compare("\(op) backward n = \(n) offset \(offset)") { level, o in
                        a.withUnsafeBufferPointer { ap in
                            b.withUnsafeBufferPointer { bp in level.backwardRow(op, o + offset, ap.baseAddress! + offset, bp.baseAddress! + 5, n) }
                        }
                    }
                    // Where two of y, g and m are NaNs, which payload survives is the compiler's
                    // choice of operand order at each level (as for the commutative binary rows).
                    let twoNaNs = { (i: Int) in
                        !outside(i) && [a[i], b[5 + i - offset], a[31 + i - offset]].filter(\.isNaN).count >= 2
                    }
                    compare("\(op) backward of a product n = \(n) offset \(offset)", nanPair: twoNaNs) { level, o in
                        a.withUnsafeBufferPointer { ap in
                            b.withUnsafeBufferPointer { bp in
                                level.backwardProductRow(op, o + offset, ap.baseAddress! + offset, bp.baseAddress! + 5, ap.baseAddress! + 31, n)
                            }
                        }
                    }
                }
            }
        }
        #expect(found.isEmpty, "\(found.prefix(10).joined(separator: "\n"))")
    }

    /// binary_rows: 0…3 rows of every length 0…40 with the rows apart by more than their
    /// length (and a scalar operand per row), the same bits at every level.
    @Test(needsAVX512)
    func binaryRowsGiveTheEightLaneBits() {
        var rng = Patterns(state: 14)
        var found: [String] = []
        for n in 0...40 {
            for rows in 0...3 {
                let a = rng.floats(200), b = rng.floats(200)
                for op in VectorMathElementwise.vectorOps {
                    for (sa, sb) in [(1, 1), (1, 0), (0, 1)] {
                        func run(_ level: KernelLevel) -> [Float] {
                            var o = [Float](repeating: -7, count: 200)
                            level.binaryRows(op, &o, 47, a, 43, sa, b, sa == 1 && sb == 0 ? 1 : 41, sb, n, rows: rows)
                            return o
                        }
                        let wide = run(.avx512)
                        for level in eightLane {
                            let commutes = op == .add || op == .mul
                            found += differences("\(op) (\(sa), \(sb)) n = \(n) rows \(rows), \(level)", wide, run(level),
                                                 nanPair: { _ in commutes })
                        }
                    }
                }
            }
        }
        #expect(found.isEmpty, "\(found.prefix(10).joined(separator: "\n"))")
    }

    /// The LSTM row forward and backward (with and without gAdd) at every hidden size 0…40
    /// from offsets 0…15. A few inputs are specials; where two NaNs meet in a product (f·c,
    /// dc·g·i, ...), which one comes out is the compiler's order of a commutative multiply
    /// (the baseline version differs there already), so a NaN output matches any NaN.
    @Test(needsAVX512)
    func theLSTMRowsGiveTheEightLaneBitsAtEveryWidth() {
        var rng = Patterns(state: 15)
        var found: [String] = []
        let anyNaN = { (_: Int) in true }
        for hidden in 0...40 {
            for offset in [0, 1, 5, 8, 15] {
                let z0 = rng.ordinary(4 * hidden + 16, 6), cPrev = rng.ordinary(hidden + 16, 3)
                func forward(_ level: KernelLevel) -> [Float] {
                    var z = z0, out = [Float](repeating: 9, count: 3 * hidden + 48)
                    z.withUnsafeMutableBufferPointer { zp in
                        out.withUnsafeMutableBufferPointer { op in
                            level.lstmRow(zp.baseAddress! + offset, Array(cPrev[offset...]), op.baseAddress! + offset,
                                          op.baseAddress! + hidden + 16 + offset, op.baseAddress! + 2 * hidden + 32 + offset, hidden)
                        }
                    }
                    return z + out
                }
                let wide = forward(.avx512)
                for level in eightLane {
                    found += differences("LSTM forward H = \(hidden) offset \(offset), \(level)", wide, forward(level), nanPair: anyNaN)
                }

                let gh = rng.ordinary(hidden + 16, 3), gAdd = rng.ordinary(hidden + 16, 3), gc = rng.ordinary(hidden + 16, 3)
                let gates = rng.ordinary(4 * hidden + 16, 1), tc = rng.ordinary(hidden + 16, 1)
                for withAdd in [false, true] {
                    func backward(_ level: KernelLevel) -> [Float] {
                        var h = gh, dz = [Float](repeating: 9, count: 4 * hidden + 16), dc = [Float](repeating: 9, count: hidden + 16)
                        h.withUnsafeMutableBufferPointer { hp in
                            dz.withUnsafeMutableBufferPointer { dzp in
                                dc.withUnsafeMutableBufferPointer { dcp in
                                    gAdd.withUnsafeBufferPointer { ap in
                                        level.lstmRowBackward(hp.baseAddress! + offset, withAdd ? ap.baseAddress! + offset : nil,
                                                              Array(gc[offset...]), Array(cPrev[offset...]), Array(gates[offset...]),
                                                              Array(tc[offset...]), dzp.baseAddress! + offset, dcp.baseAddress! + offset, hidden)
                                    }
                                }
                            }
                        }
                        return h + dz + dc
                    }
                    let wide = backward(.avx512)
                    for level in eightLane {
                        found += differences("LSTM backward H = \(hidden) offset \(offset) gAdd \(withAdd), \(level)", wide, backward(level),
                                             nanPair: anyNaN)
                    }
                }
            }
        }
        #expect(found.isEmpty, "\(found.prefix(10).joined(separator: "\n"))")
    }

    /// Column sums at every width 0…70 (the 32- and 4-column blocks and the single columns,
    /// from offsets 0…3), each column's one Double sum in row order at every level (the
    /// AVX-512 level calls the AVX2 version: Dispatch.c).
    @Test(needsAVX512)
    func columnSumsGiveTheEightLaneBitsAtEveryWidth() {
        var rng = Patterns(state: 16)
        var found: [String] = []
        for inner in 0...70 {
            for outer in [0, 1, 3, 17] {
                for offset in 0..<4 {
                    let x = rng.ordinary(outer * inner + 4, 1000)
                    func run(_ level: KernelLevel) -> [Float] {
                        var o = [Float](repeating: 5, count: inner + 8)
                        x.withUnsafeBufferPointer { xp in
                            o.withUnsafeMutableBufferPointer {
                                level.columnSums($0.baseAddress! + offset, xp.baseAddress! + offset, outer: outer, inner: inner, scale: 1 / 3.0)
                            }
                        }
                        return o
                    }
                    let wide = run(.avx512)
                    // Two NaNs in a column: either may come out (x86 returns an add's first operand's).
                    let twoNaNs = (0..<inner).map { c in (0..<outer).filter { x[offset + $0 * inner + c].isNaN }.count > 1 }
                    for level in eightLane {
                        found += differences("column sums [\(outer), \(inner)] offset \(offset), \(level)", wide, run(level),
                                             nanPair: { i in i >= offset && i < offset + inner && twoNaNs[i - offset] })
                    }
                }
            }
        }
        #expect(found.isEmpty, "\(found.prefix(10).joined(separator: "\n"))")
    }

    /// The built `cajal`'s `__check-vector-math` (every 257th bit pattern here; all 2³² by
    /// default) compares AVX-512 with AVX2 in a release build of the kernels.
    @Test(.enabled(if: KernelLevel.hasAVX512 && GEMMSplitTests.cajal != nil, "needs the built cajal on a CPU with AVX-512"))
    func theHiddenCheckFindsTheSameBitsOnEvery257thFloat() throws {
        let (status, text) = try GEMMSplitTests.runHidden(["__check-vector-math", "--stride", "257"], unset: ["CAJAL_VECTOR_MATH"])
        #expect(status == 0, "\(text)")
        #expect(text.contains("comparing avx512 with avx2, stride 257"), "\(text)")
        for name in ["exp", "tanh", "sigmoid"] { #expect(text.contains("\(name): 16711936 inputs, 0 differ"), "\(text)") }
    }
}
