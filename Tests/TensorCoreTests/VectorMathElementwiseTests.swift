// VectorMathElementwiseTests: the elementwise kernels of Sources/CVectorMath beside the
// functions of VectorMathTests — the binary operations (add, sub, mul, div, maximum, minimum,
// the comparisons) over two rows or a row and a scalar on either side, and the fused
// derivatives of σ, tanh and relu — give, in every compiled version, exactly the bits of the
// Swift code they replaced, one element at a time: on every pair of special values (NaNs of
// both signs with payloads, quiet and signalling, ±0, ±inf, subnormals, the largest floats),
// on random values of every magnitude, at lengths around the eight- and sixteen-lane widths, in place and
// with the output on either input. Then the same through Tensor's operations, whose layouts
// pick the C kernels or the Swift loop.
import Foundation
import Testing
@testable import TensorCore

// MARK: The reference: the Swift closures of binaryKernel and the loops of the fused derivatives before the C kernels.

private func reference(_ op: BinaryOp, _ x: Float, _ y: Float) -> Float {
    switch op {
    case .add: x + y
    case .sub: x - y
    case .mul: x * y
    case .div: x / y
    case .maximum: x > y ? x : (x != x ? x : y)
    case .minimum: x < y ? x : (x != x ? x : y)
    case .eq: x == y ? 1 : 0
    case .ne: x != y ? 1 : 0
    case .lt: x < y ? 1 : 0
    case .le: x <= y ? 1 : 0
    case .gt: x > y ? 1 : 0
    case .ge: x >= y ? 1 : 0
    case .pow: Foundation.pow(x, y)
    case .mod: floatMod(x, y)
    }
}

private func reference(_ op: BackwardRow, _ y: Float, _ g: Float) -> Float {
    switch op {
    case .sigmoid: g * y * (1 - y)
    case .tanh: g * (1 - y * y)
    case .relu: y > 0 ? g : 0
    }
}

private let specials: [Float] = [
    0, -0.0, 1, -1, 0.5, -3, 2, .infinity, -.infinity, .nan, -.nan, .signalingNaN, -.signalingNaN,
    Float(nan: 0x1234, signaling: false), -Float(nan: 0x2A, signaling: false), Float(nan: 0x55, signaling: true),
    .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude, -.leastNormalMagnitude,
    Float(bitPattern: 0x007F_FFFF), Float(bitPattern: 0x8040_0001), .greatestFiniteMagnitude,
    -.greatestFiniteMagnitude, 0x1p-64, 0x1p64, 1e-30, -7.25,
]

/// Random floats of every magnitude and sign (a random exponent and mantissa), and a few
/// ordinary ones in [−2, 2].
private func randomValues(_ n: Int, seed: UInt64) -> [Float] {
    var rng = RandomGenerator(seed: seed)
    return (0..<n).map { i in
        let u = Float(rng.uniform())
        if i % 3 == 0 { return u * 4 - 2 }
        let bits = UInt32(truncatingIfNeeded: UInt64(u * 0x1p24) &* 0x9E37_79B9) ^ UInt32(i &* 2_654_435_761 % 4_294_967_291)
        return Float(bitPattern: bits)
    }
}

/// Every pair of specials (`a` runs through the specials, `b` through them again for each),
/// then random pairs: two rows of the same length.
private func pairs() -> (a: [Float], b: [Float]) {
    var a: [Float] = [], b: [Float] = []
    for x in specials {
        for y in specials {
            a.append(x)
            b.append(y)
        }
    }
    return (a + randomValues(203, seed: 7), b + randomValues(203, seed: 8))
}

private func hex(_ x: Float) -> String { "0x" + String(x.bitPattern, radix: 16) }

/// x quieted, as an arithmetic operation returns a NaN operand.
private func quieted(_ x: Float) -> UInt32 { x.bitPattern | 0x0040_0000 }

/// The first few elements where `got` differs in its bits from `want`, described. With
/// `eitherNaN` (add and mul), an element whose operands `a` and `b` are both NaN may hold
/// either one, quieted: IEEE 754 (2019, §6.2.3) asks for one of the input NaNs without saying
/// which, x86 returns its first source operand's, and compilers order the operands of a
/// commutative operation as registers suit them — the Swift loops these kernels replaced
/// returned the row's NaN in their scalar-on-the-left loop for add (`addps` with the splat as
/// the second source) and the left operand's elsewhere. Every other element must match.
private func differences(
    _ what: String, _ got: [Float], _ want: [Float], _ a: [Float], _ b: [Float], eitherNaN: Bool = false
) -> [String] {
    var found: [String] = []
    for i in 0..<want.count where got[i].bitPattern != want[i].bitPattern && found.count < 5 {
        if eitherNaN && a[i].isNaN && b[i].isNaN && [quieted(a[i]), quieted(b[i])].contains(got[i].bitPattern) { continue }
        found.append("\(what) at [\(i)] \(hex(a[i])), \(hex(b[i])): \(hex(got[i])), reference \(hex(want[i]))")
    }
    return found
}

@Suite struct VectorMathElementwise {
    static let vectorOps = BinaryOp.allCases.filter { $0.vectorCode != nil }

    @Test(arguments: vectorOps)
    func twoRowsGiveTheBitsOfOneElementAtATime(op: BinaryOp) {
        let (a, b) = pairs()
        var found: [String] = []
        for n in [1, 7, 8, 9, 15, 16, 17, 31, 33, a.count] {
            let (x, y) = (Array(a.prefix(n)), Array(b.prefix(n)))
            let want = zip(x, y).map { reference(op, $0, $1) }
            for level in KernelLevel.available {
                var o = [Float](repeating: 7, count: n)
                level.binaryRow(op, &o, x, 1, y, 1, n)
                found += differences("\(op) \(level) n = \(n)", o, want, x, y, eitherNaN: op.commutes)
                // In place: the output is the left operand, then the right one.
                var left = x
                left.withUnsafeMutableBufferPointer { p in level.binaryRow(op, p.baseAddress!, p.baseAddress!, 1, y, 1, n) }
                found += differences("\(op) \(level) into a, n = \(n)", left, want, x, y, eitherNaN: op.commutes)
                var right = y
                right.withUnsafeMutableBufferPointer { p in level.binaryRow(op, p.baseAddress!, x, 1, p.baseAddress!, 1, n) }
                found += differences("\(op) \(level) into b, n = \(n)", right, want, x, y, eitherNaN: op.commutes)
            }
        }
        #expect(found.isEmpty, "\(found.prefix(10).joined(separator: "\n"))")
    }

    @Test(arguments: vectorOps)
    func aScalarOnEitherSideGivesTheBitsOfOneElementAtATime(op: BinaryOp) {
        let row = specials + randomValues(45, seed: 9)
        var found: [String] = []
        for s in specials + randomValues(6, seed: 10) {
            let scalars = [Float](repeating: s, count: row.count)
            for n in [3, 8, 13, 16, 21, row.count] {
                let x = Array(row.prefix(n))
                for level in KernelLevel.available {
                    var o = [Float](repeating: 7, count: n)
                    level.binaryRow(op, &o, x, 1, [s], 0, n)
                    found += differences("\(op) \(level) row op \(hex(s))", o, x.map { reference(op, $0, s) }, x, scalars, eitherNaN: op.commutes)
                    level.binaryRow(op, &o, [s], 0, x, 1, n)
                    found += differences("\(op) \(level) \(hex(s)) op row", o, x.map { reference(op, s, $0) }, scalars, x, eitherNaN: op.commutes)
                    var inPlace = x
                    inPlace.withUnsafeMutableBufferPointer { p in level.binaryRow(op, p.baseAddress!, p.baseAddress!, 1, [s], 0, n) }
                    found += differences("\(op) \(level) row op= \(hex(s))", inPlace, x.map { reference(op, $0, s) }, x, scalars, eitherNaN: op.commutes)
                }
            }
        }
        #expect(found.isEmpty, "\(found.prefix(10).joined(separator: "\n"))")
    }

    @Test(arguments: [BackwardRow.sigmoid, .tanh, .relu])
    func theFusedDerivativesGiveTheBitsOfOneElementAtATime(op: BackwardRow) {
        let (y, g) = pairs()
        var found: [String] = []
        for n in [1, 7, 9, 16, 17, 31, y.count] {
            let (ys, gs) = (Array(y.prefix(n)), Array(g.prefix(n)))
            let want = zip(ys, gs).map { reference(op, $0, $1) }
            for level in KernelLevel.available {
                var o = [Float](repeating: 7, count: n)
                level.backwardRow(op, &o, ys, gs, n)
                found += differences("\(op) \(level) n = \(n)", o, want, ys, gs)
                var onG = gs
                onG.withUnsafeMutableBufferPointer { p in level.backwardRow(op, p.baseAddress!, ys, p.baseAddress!, n) }
                found += differences("\(op) \(level) into g, n = \(n)", onG, want, ys, gs)
            }
        }
        #expect(found.isEmpty, "\(found.prefix(10).joined(separator: "\n"))")
    }

    /// The product's derivative and then the row in one pass (the sweep's `propagateProduct`):
    /// the bits of g·m rounded to float and then the row, at every level, into a fresh buffer
    /// and over each of its inputs. Where that reference is a NaN, any NaN: which operand's
    /// payload a product of two NaNs keeps is the compiler's choice (as for binary rows).
    @Test(arguments: [BackwardRow.sigmoid, .tanh, .relu])
    func theProductDerivativesGiveTheBitsOfTheProductThenTheRow(op: BackwardRow) {
        let (y, g) = pairs()
        let factors = specials + randomValues(203, seed: 11)
        let m = y.indices.map { factors[($0 * 7) % factors.count] }   // the specials spread over the pairs
        var found: [String] = []
        func check(_ what: String, _ got: [Float], _ want: [Float]) {
            for i in want.indices where found.count < 10 {
                if got[i].bitPattern == want[i].bitPattern || (got[i].isNaN && want[i].isNaN) { continue }
                found.append("\(what) at [\(i)] y \(hex(y[i])), g \(hex(g[i])), m \(hex(m[i])): \(hex(got[i])), reference \(hex(want[i]))")
            }
        }
        for n in [1, 7, 9, 16, 17, 31, y.count] {
            let (ys, gs, ms) = (Array(y.prefix(n)), Array(g.prefix(n)), Array(m.prefix(n)))
            let want = (0..<n).map { reference(op, ys[$0], gs[$0] * ms[$0]) }
            for level in KernelLevel.available {
                var o = [Float](repeating: 7, count: n)
                level.backwardProductRow(op, &o, ys, gs, ms, n)
                check("\(op) \(level) n = \(n)", o, want)
                var (onY, onG, onM) = (ys, gs, ms)
                onY.withUnsafeMutableBufferPointer { p in level.backwardProductRow(op, p.baseAddress!, p.baseAddress!, gs, ms, n) }
                onG.withUnsafeMutableBufferPointer { p in level.backwardProductRow(op, p.baseAddress!, ys, p.baseAddress!, ms, n) }
                onM.withUnsafeMutableBufferPointer { p in level.backwardProductRow(op, p.baseAddress!, ys, gs, p.baseAddress!, n) }
                check("\(op) \(level) into y, n = \(n)", onY, want)
                check("\(op) \(level) into g, n = \(n)", onG, want)
                check("\(op) \(level) into m, n = \(n)", onM, want)
            }
        }
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
    }

    /// Tensor's own paths: same shapes, a scalar on either side (as a tensor and as a Float),
    /// the bias row ([N, D] with [D]), a column broadcast and a reversed view (the Swift loop),
    /// in place; pow and mod keep their Swift loops too.
    @Test(arguments: BinaryOp.allCases)
    func tensorOperationsGiveTheBitsOfOneElementAtATime(op: BinaryOp) throws {
        let (a, b) = pairs()
        let (rows, n) = (a.count / 13, 13 * (a.count / 13))
        let x = T([rows, 13], Array(a.prefix(n))), y = T([rows, 13], Array(b.prefix(n)))
        /// `t` against the reference on the operands `lhs(i)` and `rhs(i)` of element i.
        func expectBits(_ t: Tensor, _ what: String, _ lhs: (Int) -> Float, _ rhs: (Int) -> Float) {
            let (l, r) = ((0..<n).map(lhs), (0..<n).map(rhs))
            let want = zip(l, r).map { reference(op, $0, $1) }
            let found = differences("\(op) \(what)", t.toArray(), want, l, r, eitherNaN: op.commutes)
            #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
        }
        let (s, t) = (specials[9], specials[13])
        expectBits(try Tensor.binary(op, x, y), "same shape", { a[$0] }, { b[$0] })
        expectBits(Tensor.binary(op, x, s), "row op scalar", { a[$0] }, { _ in s })
        expectBits(Tensor.binary(op, t, y), "scalar op row", { _ in t }, { b[$0] })
        expectBits(try Tensor.binary(op, x, Tensor(scalar: t)), "row op [] tensor", { a[$0] }, { _ in t })
        expectBits(try Tensor.binary(op, T([1, 1], [s]), y), "[1, 1] tensor op row", { _ in s }, { b[$0] })
        let bias = T([13], Array(b.prefix(13)))
        expectBits(try Tensor.binary(op, x, bias), "[N, 13] op [13]", { a[$0] }, { b[$0 % 13] })
        expectBits(try Tensor.binary(op, bias, x), "[13] op [N, 13]", { b[$0 % 13] }, { a[$0] })
        let column = T([rows, 1], Array(b.prefix(rows)))
        expectBits(try Tensor.binary(op, x, column), "[N, 13] op [N, 1]", { a[$0] }, { b[$0 / 13] })
        let reversed = try y.sliced([.all, .range(start: nil, stop: nil, step: -1)])
        expectBits(try Tensor.binary(op, x, reversed), "op reversed view", { a[$0] }, { b[$0 / 13 * 13 + 12 - $0 % 13] })
        var z = x
        try z.formBinary(op, y)
        expectBits(z, "in place", { a[$0] }, { b[$0] })
        var w = x
        try w.formBinary(op, bias)
        expectBits(w, "in place, bias row", { a[$0] }, { b[$0 % 13] })
    }
}

extension BinaryOp {
    /// add and mul, whose operands a compiler may swap (see `differences`).
    fileprivate var commutes: Bool { self == .add || self == .mul }
}
