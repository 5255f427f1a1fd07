// Boolean: every input of a small boolean problem, enumerated in binary counting order —
// truth tables (and, or, xor, nand, nor), n-bit parity, 6-bit symmetry and the encoder
// problems of Rumelhart, Hinton & Williams (1986). No randomness: all patterns, always.
import TensorCore

/// A two-input (or n-input) boolean function.
public enum BooleanFunction: String, Sendable, CaseIterable {
    case and, or, xor, nand, nor

    /// The function on `bits`: `and`/`or`/`nand`/`nor` over all inputs, `xor` is odd parity.
    public func callAsFunction(_ bits: [Bool]) -> Bool {
        switch self {
        case .and: return bits.allSatisfy { $0 }
        case .or: return bits.contains(true)
        case .xor: return bits.filter { $0 }.count % 2 == 1
        case .nand: return !bits.allSatisfy { $0 }
        case .nor: return !bits.contains(true)
        }
    }
}

public enum Boolean {
    /// The 2^k input rows in binary counting order, most significant bit first:
    /// k = 2 gives 00, 01, 10, 11.
    static func patterns(_ k: Int) -> [[Bool]] {
        (0..<(1 << k)).map { i in (0..<k).map { j in (i >> (k - 1 - j)) & 1 == 1 } }
    }

    /// 0/1, or −1/+1 when `signed`.
    static func level(_ b: Bool, signed: Bool) -> Float { b ? 1 : (signed ? -1 : 0) }

    /// The truth table of `function` on `inputs` bits (default 2).
    ///
    /// - Returns: x [2^inputs, inputs], y [2^inputs, 1]; rows in binary counting order
    ///   (00, 01, 10, 11). Inputs and targets are 0/1, or −1/+1 when `signed` (for sign units
    ///   and the perceptron).
    ///
    /// Cajal: `truth_table("xor")` → x [[0,0],[0,1],[1,0],[1,1]], y [[0],[1],[1],[0]]
    public static func truthTable(_ function: BooleanFunction, inputs: Int = 2, signed: Bool = false) throws -> Labeled {
        try Check.count(inputs, in: 1...16, "truth_table", "inputs")
        return try table(inputs: inputs, signed: signed) { function($0) }
    }

    /// n-bit parity: the target is 1 when an odd number of inputs are 1 (XOR is 2-bit parity).
    ///
    /// - Returns: x [2^bits, bits], y [2^bits, 1], binary counting order; 0/1 or ±1 (`signed`).
    public static func parity(bits: Int, signed: Bool = false) throws -> Labeled {
        try Check.count(bits, in: 1...16, "parity", "bits")
        return try table(inputs: bits, signed: signed) { BooleanFunction.xor($0) }
    }

    /// Symmetry (Rumelhart, Hinton & Williams 1986, Nature Fig. 1): the target is 1 when the
    /// input reads the same backwards.
    ///
    /// - Returns: x [2^bits, bits], y [2^bits, 1] (for 6 bits: 64 patterns, 8 symmetric).
    public static func symmetry(bits: Int = 6, signed: Bool = false) throws -> Labeled {
        try Check.count(bits, in: 1...16, "symmetry", "bits")
        return try table(inputs: bits, signed: signed) { $0 == $0.reversed() }
    }

    /// The encoder problem n-m-n: n one-hot patterns that are their own targets
    /// (4-2-4, 8-3-8; the hidden size is the model's business, not the data's).
    ///
    /// - Returns: x [n, n] = identity, y [n, n] = identity (−1 off the diagonal when `signed`).
    public static func encoder(size n: Int, signed: Bool = false) throws -> Labeled {
        try Check.count(n, in: 1...4096, "encoder", "size")
        var g = try Grid(zeros: [n, n], value: signed ? -1 : 0)
        for i in 0..<n { g[i, i] = 1 }
        let t = try g.tensor()
        return Labeled(x: t, y: t)
    }

    /// All 2^inputs patterns with the target `f` gives each.
    static func table(inputs k: Int, signed: Bool, _ f: ([Bool]) -> Bool) throws -> Labeled {
        let rows = patterns(k)
        let x = rows.flatMap { $0.map { level($0, signed: signed) } }
        let y = rows.map { level(f($0), signed: signed) }
        return Labeled(
            x: try Tensor(shape: [rows.count, k], values: x),
            y: try Tensor(shape: [rows.count, 1], values: y))
    }
}
