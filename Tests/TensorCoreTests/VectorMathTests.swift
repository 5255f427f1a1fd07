// VectorMathTests: the C kernels of Sources/CVectorMath (eˣ, tanh, σ and the LSTM row forward),
// in every compiled version this CPU runs (baseline x86-64, AVX2 and AVX-512), give exactly the
// bits of the Swift SIMD code they replaced, kept below as the reference: over every float32
// exponent of both signs with a dense sweep of mantissas (the first and last ones of each
// binade included), the specials (±0, ±inf, quiet and signalling NaNs with payloads,
// subnormals, the clamp edges), and LSTM rows of every length around the eight-lane width.
// CAJAL_VECTOR_MATH_ALL=1 sweeps all 2³² bit patterns instead (about a minute in release).
import CVectorMath
import Foundation
import Testing
@testable import TensorCore

// MARK: The levels.

/// A compiled version of the kernels by level, through the C entry points that name it (0
/// baseline x86-64, 1 AVX2, 2 AVX-512). TensorCore's VectorMathLevel names the first two only.
struct KernelLevel: Equatable, CustomStringConvertible, Sendable {
    let raw: Int32

    static let baseline = KernelLevel(raw: 0), avx2 = KernelLevel(raw: 1), avx512 = KernelLevel(raw: 2)
    /// The levels this CPU runs.
    static var available: [KernelLevel] { (0...cajal_vector_math_cpu_level()).map { KernelLevel(raw: $0) } }
    /// The level the dispatching kernels use.
    static var inUse: KernelLevel { KernelLevel(raw: cajal_vector_math_level()) }
    /// True when this CPU runs the AVX-512 versions.
    static var hasAVX512: Bool { cajal_vector_math_cpu_level() >= 2 }

    var description: String { ["baseline", "avx2", "avx512"][Int(raw)] }

    /// `o[i] = f(x[i])` with this level's exp (0), tanh (1) or sigmoid (2).
    func row(_ op: Int32, _ o: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ n: Int) {
        cajal_vector_math_row(raw, op, o, x, n)
    }

    func lstmRow(
        _ z: UnsafeMutablePointer<Float>, _ cPrev: UnsafePointer<Float>, _ cNew: UnsafeMutablePointer<Float>,
        _ tc: UnsafeMutablePointer<Float>, _ hNew: UnsafeMutablePointer<Float>, _ hidden: Int
    ) {
        cajal_vector_math_lstm_row_forward(raw, z, cPrev, cNew, tc, hNew, hidden)
    }

    func binaryRow(
        _ op: BinaryOp, _ o: UnsafeMutablePointer<Float>, _ a: UnsafePointer<Float>, _ sa: Int,
        _ b: UnsafePointer<Float>, _ sb: Int, _ n: Int
    ) {
        cajal_vector_math_binary_row(raw, op.vectorCode!, o, a, sa, b, sb, n)
    }

    func binaryRows(
        _ op: BinaryOp, _ o: UnsafeMutablePointer<Float>, _ ldo: Int, _ a: UnsafePointer<Float>, _ lda: Int, _ sa: Int,
        _ b: UnsafePointer<Float>, _ ldb: Int, _ sb: Int, _ n: Int, rows: Int
    ) {
        cajal_vector_math_binary_rows(raw, op.vectorCode!, o, ldo, a, lda, sa, b, ldb, sb, n, rows)
    }

    func backwardRow(
        _ op: BackwardRow, _ o: UnsafeMutablePointer<Float>, _ y: UnsafePointer<Float>, _ g: UnsafePointer<Float>,
        _ n: Int
    ) {
        cajal_vector_math_backward_row(raw, op.rawValue, o, y, g, n)
    }

    func backwardProductRow(
        _ op: BackwardRow, _ o: UnsafeMutablePointer<Float>, _ y: UnsafePointer<Float>, _ g: UnsafePointer<Float>,
        _ m: UnsafePointer<Float>, _ n: Int
    ) {
        cajal_vector_math_backward_product_row(raw, op.rawValue, o, y, g, m, n)
    }

    func lstmRowBackward(
        _ gh: UnsafeMutablePointer<Float>, _ gAdd: UnsafePointer<Float>?, _ gc: UnsafePointer<Float>,
        _ cPrev: UnsafePointer<Float>, _ gates: UnsafePointer<Float>, _ tc: UnsafePointer<Float>,
        _ dz: UnsafeMutablePointer<Float>, _ dcPrev: UnsafeMutablePointer<Float>, _ hidden: Int
    ) {
        cajal_vector_math_lstm_row_backward(raw, gh, gAdd, gc, cPrev, gates, tc, dz, dcPrev, hidden)
    }

    func columnSums(_ o: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, outer: Int, inner: Int, scale: Double) {
        cajal_vector_math_column_sums(raw, o, x, outer, inner, scale)
    }
}

// MARK: The reference: the Swift SIMD kernels as they were before the C target.

private typealias Lanes = SIMD8<Float>
private typealias IntLanes = SIMD8<Int32>

private let log2e: Float = 1.44269504088896341
private let ln2Hi: Float = 0.693359375
private let ln2Lo: Float = -2.12194440e-4
private let roundMagic: Float = 12582912

@inline(__always)
private func referenceExp(_ v: Lanes) -> Lanes {
    var x = v.replacing(with: 89, where: v .> 89)
    x.replace(with: -104, where: x .< -104)
    let z = x * log2e + roundMagic
    let k = z - roundMagic
    var r = x - k * ln2Hi
    r = r - k * ln2Lo
    var p = r * 1.9875691500e-4 + 1.3981999507e-3
    p = p * r + 8.3334519073e-3
    p = p * r + 4.1665795894e-2
    p = p * r + 1.6666665459e-1
    p = p * r + 5.0000001201e-1
    let er = p * (r * r) + r + 1
    let n = unsafeBitCast(z, to: IntLanes.self) &- 0x4B40_0000
    let n1 = n &>> 1
    let n2 = n &- n1
    let s1 = unsafeBitCast((n1 &+ 127) &<< 23, to: Lanes.self)
    let s2 = unsafeBitCast((n2 &+ 127) &<< 23, to: Lanes.self)
    return er * s1 * s2
}

@inline(__always)
private func referenceMagnitude(_ v: Lanes) -> Lanes {
    unsafeBitCast(unsafeBitCast(v, to: IntLanes.self) & 0x7FFF_FFFF, to: Lanes.self)
}

@inline(__always)
private func referenceTanh(_ v: Lanes) -> Lanes {
    let z = v * v
    var q = z * -5.70498872745e-3 + 2.06390887954e-2
    q = q * z - 5.37397155531e-2
    q = q * z + 1.33314422036e-1
    q = q * z - 3.33332819422e-1
    let small = q * z * v + v
    let ax = referenceMagnitude(v)
    let big = 1 - 2 / (referenceExp(ax + ax) + 1)
    let sign = unsafeBitCast(v, to: IntLanes.self) & IntLanes(repeating: Int32(bitPattern: 0x8000_0000))
    let signedBig = unsafeBitCast(unsafeBitCast(big, to: IntLanes.self) | sign, to: Lanes.self)
    let poly = small.replacing(with: v, where: ax .< 0x1p-12)
    return poly.replacing(with: signedBig, where: .!(ax .< 0.625))
}

@inline(__always)
private func referenceSigmoid(_ v: Lanes) -> Lanes {
    let e = referenceExp(-referenceMagnitude(v))
    let numerator = Lanes(repeating: 1).replacing(with: e, where: v .< 0)
    return numerator / (1 + e)
}

/// The reference over a row; `count` must be a multiple of 8 (the sweeps are).
private func referenceRow(_ op: Int32, _ o: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ count: Int) {
    var i = 0
    while i < count {
        let v = UnsafeRawPointer(x + i).loadUnaligned(as: Lanes.self)
        let y = op == 0 ? referenceExp(v) : op == 1 ? referenceTanh(v) : referenceSigmoid(v)
        UnsafeMutableRawPointer(o + i).storeBytes(of: y, as: Lanes.self)
        i += 8
    }
}

/// The reference LSTM row forward (the Swift code before the one-pass C kernel).
private func referenceLSTMRow(_ z: inout [Float], _ cPrev: [Float], _ hidden: Int) -> (c: [Float], tc: [Float], h: [Float]) {
    func map(_ xs: ArraySlice<Float>, _ f: (Lanes) -> Lanes) -> [Float] {
        var out: [Float] = []
        var i = xs.startIndex
        while i < xs.endIndex {
            var v = Lanes(repeating: 0)
            for j in 0..<min(8, xs.endIndex - i) { v[j] = xs[i + j] }
            let y = f(v)
            for j in 0..<min(8, xs.endIndex - i) { out.append(y[j]) }
            i += 8
        }
        return out
    }
    z.replaceSubrange(0..<(2 * hidden), with: map(z[0..<(2 * hidden)], referenceSigmoid))
    z.replaceSubrange((2 * hidden)..<(3 * hidden), with: map(z[(2 * hidden)..<(3 * hidden)], referenceTanh))
    z.replaceSubrange((3 * hidden)..<(4 * hidden), with: map(z[(3 * hidden)..<(4 * hidden)], referenceSigmoid))
    let c = (0..<hidden).map { j in z[hidden + j] * cPrev[j] + z[j] * z[2 * hidden + j] }
    let tc = map(c[...], referenceTanh)
    let h = (0..<hidden).map { j in z[3 * hidden + j] * tc[j] }
    return (c, tc, h)
}

/// The reference LSTM row backward (the Swift code before the C kernel; its eight-lane loop
/// did these operations in this order too): returns dz (4H) and ∂c (H).
private func referenceLSTMBackward(
    gh: [Float], gc: [Float], cPrev: [Float], gates: [Float], tc: [Float], hidden: Int
) -> (dz: [Float], dc: [Float]) {
    var dz = [Float](repeating: 0, count: 4 * hidden), dcPrev = [Float](repeating: 0, count: hidden)
    for j in 0..<hidden {
        let (dh, t, o) = (gh[j], tc[j], gates[3 * hidden + j])
        let (i, f, g) = (gates[j], gates[hidden + j], gates[2 * hidden + j])
        let dc = gc[j] + dh * o * (1 - t * t)
        dz[j] = dc * g * i * (1 - i)
        dz[hidden + j] = dc * cPrev[j] * f * (1 - f)
        dz[2 * hidden + j] = dc * i * (1 - g * g)
        dz[3 * hidden + j] = dh * t * o * (1 - o)
        dcPrev[j] = dc * f
    }
    return (dz, dcPrev)
}

// MARK: The sweeps.

private let opNames = ["exp", "tanh", "sigmoid"]

/// Runs `op` at every level and the reference over `inputs` (count a multiple of 8); returns
/// the first few inputs where a level's bits differ from the reference's.
private func mismatches(_ op: Int32, _ inputs: [Float]) -> [String] {
    var want = [Float](repeating: 0, count: inputs.count)
    var got = want
    var found: [String] = []
    inputs.withUnsafeBufferPointer { x in referenceRow(op, &want, x.baseAddress!, inputs.count) }
    for level in KernelLevel.available {
        inputs.withUnsafeBufferPointer { x in level.row(op, &got, x.baseAddress!, inputs.count) }
        for i in 0..<inputs.count where got[i].bitPattern != want[i].bitPattern && found.count < 5 {
            found.append("\(opNames[Int(op)]) \(level) at \(inputs[i]) (0x\(String(inputs[i].bitPattern, radix: 16))): "
                + "0x\(String(got[i].bitPattern, radix: 16)), reference 0x\(String(want[i].bitPattern, radix: 16))")
        }
    }
    return found
}

/// Bit patterns `first, first + 1, …` in chunks of about a million, or with `stride` through
/// each of the 512 sign-and-exponent blocks, the first 64 and last 64 mantissas of each
/// included; `body` gets each chunk (a multiple of 8 long).
private func sweep(stride mantissaStride: UInt32, _ body: ([Float]) -> Void) {
    if mantissaStride == 1 {
        var start: UInt64 = 0
        while start < 1 << 32 {
            body((start..<(start + 1 << 20)).map { Float(bitPattern: UInt32($0)) })
            start += 1 << 20
        }
        return
    }
    for block in UInt32(0)..<512 {
        let high = block << 23
        var mantissas = Array(UInt32(0)..<64) + Array(((1 << 23) - 64)..<(1 << 23))
        mantissas += Swift.stride(from: UInt32(64), to: (1 << 23) - 64, by: Int(mantissaStride))
        while mantissas.count % 8 != 0 { mantissas.append(UInt32(mantissas.count % 8)) }
        body(mantissas.map { Float(bitPattern: high | $0) })
    }
}

@Suite struct VectorMath {
    /// With CAJAL_VECTOR_MATH_ALL=1, every float32; else every 61st mantissa of every binade.
    static let stride: UInt32 = ProcessInfo.processInfo.environment["CAJAL_VECTOR_MATH_ALL"] == "1" ? 1 : 61

    @Test(arguments: [Int32(0), 1, 2])
    func theCKernelsGiveTheReferenceBitsOverEveryExponent(op: Int32) {
        var found: [String] = []
        var checked = 0
        sweep(stride: Self.stride) { chunk in
            checked += chunk.count
            if found.count < 5 { found += mismatches(op, chunk) }
        }
        #expect(checked >= (1 << 32) / Int(Self.stride))
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
    }

    @Test(arguments: [Int32(0), 1, 2])
    func theCKernelsGiveTheReferenceBitsOnTheSpecials(op: Int32) {
        var inputs: [Float] = [0, -0.0, .infinity, -.infinity, .nan, -.nan, .signalingNaN, -.signalingNaN,
                               Float(nan: 0x1234, signaling: false), Float(nan: 0x55, signaling: true),
                               .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude,
                               -.leastNormalMagnitude, Float(bitPattern: 0x007F_FFFF), Float(bitPattern: 0x807F_FFFF),
                               .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 88.72, 88.73, 89, 89.000008,
                               -103.99999, -104, -104.00001, -87.3, 0x1p-12, -0x1p-12, Float(0x1p-12).nextDown, 0.625,
                               -0.625, Float(0.625).nextDown, 9, -9, 20, -20, 1, -1, 1e-30, -1e-30]
        while inputs.count % 8 != 0 { inputs.append(0.5) }
        #expect(mismatches(op, inputs).isEmpty, "\(mismatches(op, inputs).joined(separator: "\n"))")
        // A row whose length is not a multiple of 8 goes through the padded tail: each element
        // must equal what the eight-lane loop gives it.
        for n in [1, 7, 9, 15, 17, 31, 33] {
            let xs = Array(inputs.prefix(n))
            var whole = [Float](repeating: 0, count: inputs.count)
            inputs.withUnsafeBufferPointer { KernelLevel.inUse.row(op, &whole, $0.baseAddress!, inputs.count) }
            for level in KernelLevel.available {
                var part = [Float](repeating: 0, count: n)
                xs.withUnsafeBufferPointer { level.row(op, &part, $0.baseAddress!, n) }
                #expect(part.map(\.bitPattern) == whole.prefix(n).map(\.bitPattern), "\(opNames[Int(op)]) \(level) n = \(n)")
            }
        }
    }

    @Test func theDispatchedKernelsAreTheBestOnesTheCPUHas() throws {
        let flags = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let line = flags.split(separator: "\n").first { $0.hasPrefix("flags") }.map { Set($0.split(separator: " ")) } ?? []
        let avx512 = ["avx512f", "avx512dq", "avx512bw", "avx512vl"].allSatisfy { line.contains(Substring($0)) }
        let best: KernelLevel = avx512 ? .avx512 : line.contains("avx2") ? .avx2 : .baseline
        #expect(KernelLevel.available.last == best)
        // CAJAL_VECTOR_MATH (for measuring) may name a lower level.
        let forced = ["baseline": KernelLevel.baseline, "avx2": .avx2, "avx512": .avx512][
            ProcessInfo.processInfo.environment["CAJAL_VECTOR_MATH"] ?? ""]
        #expect(KernelLevel.inUse == forced.map { $0.raw < best.raw ? $0 : best } ?? best)
        #expect((cajal_vector_math_uses_avx512() != 0) == (KernelLevel.inUse == .avx512))
        #expect((cajal_vector_math_uses_avx2() != 0) == (KernelLevel.inUse.raw >= 1))
    }

    @Test func theLSTMRowGivesTheReferenceBits() {
        var rng = RandomGenerator(seed: 18)
        for hidden in [1, 3, 7, 8, 9, 15, 16, 17, 23, 31, 33, 64, 67] {
            for scale: Float in [0.5, 4, 40] {
                let z0 = (0..<(4 * hidden)).map { _ in (Float(rng.uniform()) * 2 - 1) * scale }
                let cPrev = (0..<hidden).map { _ in (Float(rng.uniform()) * 2 - 1) * scale }
                var zWant = z0
                let want = referenceLSTMRow(&zWant, cPrev, hidden)
                for level in KernelLevel.available {
                    var z = z0
                    var (c, tc, h) = ([Float](repeating: 0, count: hidden), [Float](repeating: 0, count: hidden),
                                      [Float](repeating: 0, count: hidden))
                    level.lstmRow(&z, cPrev, &c, &tc, &h, hidden)
                    #expect(z.map(\.bitPattern) == zWant.map(\.bitPattern), "gates, \(level), H = \(hidden)")
                    #expect(c.map(\.bitPattern) == want.c.map(\.bitPattern), "c', \(level), H = \(hidden)")
                    #expect(tc.map(\.bitPattern) == want.tc.map(\.bitPattern), "tanh c', \(level), H = \(hidden)")
                    #expect(h.map(\.bitPattern) == want.h.map(\.bitPattern), "h', \(level), H = \(hidden)")
                }
            }
        }
    }

    @Test func theLSTMRowBackwardGivesTheReferenceBits() {
        var rng = RandomGenerator(seed: 19)
        for hidden in [1, 3, 7, 8, 9, 15, 16, 17, 23, 31, 33, 64, 67] {
            func values(_ n: Int, _ scale: Float) -> [Float] { (0..<n).map { _ in (Float(rng.uniform()) * 2 - 1) * scale } }
            let (gh, gAdd, gc, cPrev) = (values(hidden, 3), values(hidden, 3), values(hidden, 3), values(hidden, 3))
            let gates = values(4 * hidden, 1), tc = values(hidden, 1)
            let plain = referenceLSTMBackward(gh: gh, gc: gc, cPrev: cPrev, gates: gates, tc: tc, hidden: hidden)
            let sum = zip(gh, gAdd).map { $0 + $1 }
            let added = referenceLSTMBackward(gh: sum, gc: gc, cPrev: cPrev, gates: gates, tc: tc, hidden: hidden)
            for level in KernelLevel.available {
                var (h, c, dz, dc) = (gh, gc, [Float](repeating: 0, count: 4 * hidden), [Float](repeating: 0, count: hidden))
                level.lstmRowBackward(&h, nil, c, cPrev, gates, tc, &dz, &dc, hidden)
                #expect(dz.map(\.bitPattern) == plain.dz.map(\.bitPattern), "dz, \(level), H = \(hidden)")
                #expect(dc.map(\.bitPattern) == plain.dc.map(\.bitPattern), "∂c, \(level), H = \(hidden)")
                #expect(h == gh, "∂h' is left alone without gAdd")
                // ∂c written over ∂c' (as the sequence's backward does), ∂h' += gAdd first.
                c.withUnsafeMutableBufferPointer { cb in
                    level.lstmRowBackward(&h, gAdd, cb.baseAddress!, cPrev, gates, tc, &dz, cb.baseAddress!, hidden)
                }
                #expect(h.map(\.bitPattern) == sum.map(\.bitPattern), "∂h' + gAdd, \(level), H = \(hidden)")
                #expect(dz.map(\.bitPattern) == added.dz.map(\.bitPattern), "dz with gAdd, \(level), H = \(hidden)")
                #expect(c.map(\.bitPattern) == added.dc.map(\.bitPattern), "∂c in place, \(level), H = \(hidden)")
            }
        }
    }

    /// The column sums (`cajal_column_sums`, the bias gradients' sum over the batch) in both
    /// versions give, column by column, the bits of one Double running sum from +0 over the rows
    /// in order, then the scale, then one rounding: at every width around the 32- and 4-lane
    /// blocks, with magnitudes far apart (so a different order would show) and the specials,
    /// one per column (which of two NaNs a sum returns is not fixed: x86 returns the first
    /// operand's, and the compiler may order the operands of an add either way; so a column
    /// with two NaNs is only required to give a NaN).
    @Test func columnSumsAreOneColumnAtATimeInBothVersions() {
        var rng = RandomGenerator(seed: 23)
        let specials: [Float] = [.nan, .infinity, -.infinity, -0.0, .greatestFiniteMagnitude, .leastNonzeroMagnitude,
                                 -.leastNonzeroMagnitude, Float(bitPattern: 0x7FC0_1234)]
        for inner in [1, 3, 4, 5, 7, 31, 32, 33, 36, 63, 64, 65, 67, 96, 100, 256] {
            for outer in [0, 1, 2, 7, 32] {
                var x = (0..<(outer * inner)).map { k in (Float(rng.uniform()) * 2 - 1) * [1e-3, 1, 1e3, 1e7][k % 4] }
                if outer == 7 { for c in 0..<inner { x[3 * inner + c] = specials[c % specials.count] } }
                let twoNaNs = outer == 32 && inner > 1
                if twoNaNs { (x[5 * inner + 1], x[9 * inner + 1]) = (Float(bitPattern: 0x7FC0_1234), -.nan) }
                if outer == 2 { for k in 0..<inner { x[k] = -0.0; x[inner + k] = -0.0 } }
                for scale in [1.0, 1 / Double(Swift.max(outer, 1)), 1 / 3.0] {
                    let want = (0..<inner).map { c -> UInt32 in
                        var a = 0.0
                        for r in 0..<outer { a += Double(x[r * inner + c]) }
                        return Float(a * scale).bitPattern
                    }
                    for level in KernelLevel.available {
                        var got = [Float](repeating: 1, count: inner)
                        x.withUnsafeBufferPointer { xb in
                            got.withUnsafeMutableBufferPointer { level.columnSums($0.baseAddress!, xb.baseAddress ?? UnsafePointer(bitPattern: 64)!, outer: outer, inner: inner, scale: scale) }
                        }
                        if twoNaNs {
                            #expect(got[1].isNaN, "two NaNs, \(level)")
                            got[1] = Float(bitPattern: want[1])
                        }
                        #expect(got.map(\.bitPattern) == want, "[\(outer), \(inner)] scale \(scale), \(level)")
                    }
                }
            }
        }
    }
}
