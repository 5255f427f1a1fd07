// Builtins+Data: the Datasets room in Cajal — seeded generators (truth tables, parity,
// encoder, blobs, moons, circles, spirals, separable, Reber strings, adding, temporal order,
// sine, bars, shapes) drawing from the session's random generator, the shipped digits and
// iris, file loaders (CSV, .npy, IDX) and minibatches. Every generator returns a record with
// fields x and y (and extras where the set has them), so `let d = moons(200)` then `d.x`.
import Datasets
import Foundation
import TensorCore

/// Runs a Datasets call, turning its DatasetError (or a TensorError) into a VMError.
func dataOp<T>(_ body: () throws -> T) throws -> T {
    do { return try tensorOp(body) } catch let e as DatasetError {
        switch e {
        case .badArgument: throw VMError(.badArgument, e.description)
        default: throw VMError(.tensorError, e.description)
        }
    }
}

extension BuiltinCall {
    /// A Float argument.
    func float(_ i: Int) throws -> Float { Float(try number(i)) }

    /// An image layout argument: "flat" or "image".
    func layout(_ i: Int) throws -> ImageLayout {
        let s = try string(i)
        guard let l = ImageLayout(rawValue: s) else { throw bad(i, "\"flat\" or \"image\" expected, got \"\(s)\"") }
        return l
    }

    /// A record {x, y} of a labeled set.
    func labeled(_ d: Labeled) -> Value {
        vm.newRecord(["x", "y"], [vm.newTensor(d.x), vm.newTensor(d.y)])
    }
}

extension BuiltinTable {
    /// One row for a generator with an `n` first and a body drawing from the session's rng.
    static func generator(_ name: String, _ parameters: [BuiltinParameter], doc: String, example: String,
                          _ body: @escaping (BuiltinCall, inout RandomGenerator) throws -> Value) -> Builtin {
        Builtin(name, parameters, category: "data", doc: doc, example: example) { c in
            try dataOp { try body(c, &c.vm.rng) }
        }.inert()
    }

    static let data: [Builtin] = [
        Builtin("truth_table", [req("function"), opt("inputs", .number(2)), opt("signed", .bool(false))], category: "data",
                doc: "The truth table of \"and\", \"or\", \"xor\", \"nand\" or \"nor\": x [2^inputs, inputs], y [2^inputs, 1]; -1/+1 when signed.",
                example: "let d = truth_table(\"xor\")\nprint(d.x.shape, d.y.T)\n# expect: [4, 2] [[0, 1, 1, 0]]") { c in
            let s = try c.string(0)
            guard let f = BooleanFunction(rawValue: s) else { throw c.bad(0, "\"and\", \"or\", \"xor\", \"nand\" or \"nor\" expected, got \"\(s)\"") }
            let k = try c.int(1), signed = try c.bool(2)
            return c.labeled(try dataOp { try Boolean.truthTable(f, inputs: k, signed: signed) })
        }.inert(),
        Builtin("parity", [req("bits"), opt("signed", .bool(false))], category: "data",
                doc: "n-bit parity: every pattern of `bits` inputs, y 1 when an odd number are 1.",
                example: "let d = parity(3)\nprint(d.x.shape, sum(d.y))\n# expect: [8, 3] 4") { c in
            let k = try c.int(0), signed = try c.bool(1)
            return c.labeled(try dataOp { try Boolean.parity(bits: k, signed: signed) })
        }.inert(),
        Builtin("encoder", [req("size"), opt("signed", .bool(false))], category: "data",
                doc: "The n-log2(n)-n encoder patterns: x = y = the size×size one-hot rows.",
                example: "let d = encoder(8)\nprint(d.x.shape, allclose(d.x, d.y))\n# expect: [8, 8] true") { c in
            let n = try c.int(0), signed = try c.bool(1)
            return c.labeled(try dataOp { try Boolean.encoder(size: n, signed: signed) })
        }.inert(),
        Builtin("symmetry", [opt("bits", .number(6)), opt("signed", .bool(false))], category: "data",
                doc: "Every pattern of `bits` inputs, y 1 for palindromes (RHW 1986).",
                example: "let d = symmetry(6)\nprint(d.x.shape, sum(d.y))\n# expect: [64, 6] 8") { c in
            let k = try c.int(0), signed = try c.bool(1)
            return c.labeled(try dataOp { try Boolean.symmetry(bits: k, signed: signed) })
        }.inert(),
        generator("gaussian_ring", [req("n"), opt("modes", .number(8)), opt("radius", .number(2)), opt("std", .number(0.02))],
                  doc: "Points around `modes` Gaussians on a circle (the GAN ring); y is the mode.",
                  example: "let d = gaussian_ring(80)\nprint(d.x.shape, max(d.y))\n# expect: [80, 2] 7") { c, rng in
            c.labeled(try Points.ring(n: try c.int(0), modes: try c.int(1), radius: try c.float(2), std: try c.float(3), rng: &rng))
        },
        generator("blobs", [req("n"), opt("centers", .number(3)), opt("dims", .number(2)), opt("std", .number(1)), opt("spread", .number(5))],
                  doc: "n points around `centers` random centres (normal noise `std`); y is the centre index.",
                  example: "let d = blobs(90, centers: 3)\nprint(d.x.shape, d.y.shape, max(d.y))\n# expect: [90, 2] [90] 2") { c, rng in
            c.labeled(try Points.blobs(n: try c.int(0), centers: try c.int(1), dims: try c.int(2), std: try c.float(3),
                                       spread: try c.float(4), rng: &rng))
        },
        generator("moons", [req("n"), opt("noise", .number(0.1))],
                  doc: "Two interleaving half circles: x [n, 2], y [n] (0 and 1 alternating).",
                  example: "let d = moons(100, noise: 0.1)\nprint(d.x.shape, sum(d.y))\n# expect: [100, 2] 50") { c, rng in
            c.labeled(try Points.moons(n: try c.int(0), noise: try c.float(1), rng: &rng))
        },
        generator("circles", [req("n"), opt("noise", .number(0.05)), opt("factor", .number(0.5))],
                  doc: "A small circle (class 1, radius `factor`) inside a unit circle (class 0).",
                  example: "print(circles(50).x.shape)\n# expect: [50, 2]") { c, rng in
            c.labeled(try Points.circles(n: try c.int(0), noise: try c.float(1), factor: try c.float(2), rng: &rng))
        },
        generator("spirals", [req("n"), opt("arms", .number(2)), opt("noise", .number(0.02)), opt("turns", .number(1.5))],
                  doc: "Interleaved spiral arms, one class per arm.",
                  example: "let d = spirals(60, arms: 3)\nprint(d.x.shape, max(d.y))\n# expect: [60, 2] 2") { c, rng in
            c.labeled(try Points.spirals(n: try c.int(0), arms: try c.int(1), noise: try c.float(2), turns: try c.float(3), rng: &rng))
        },
        generator("separable", [req("n"), opt("dims", .number(2)), opt("margin", .number(0.1)), opt("bias", .number(0.2))],
                  doc: "Two classes (y ±1) split by a random hyperplane with a margin; also normal, bias, gamma, radius, mistake_bound.",
                  example: "let d = separable(40)\nprint(d.x.shape, d.gamma >= 0.1)\n# expect: [40, 2] true") { c, rng in
            let s = try Points.separable(n: try c.int(0), dims: try c.int(1), margin: try c.float(2), bias: try c.float(3), rng: &rng)
            let vm = c.vm
            return vm.newRecord(["x", "y", "normal", "bias", "margin", "gamma", "radius", "mistake_bound"],
                                [vm.newTensor(s.x), vm.newTensor(s.y), vm.newTensor(s.normal), .number(Double(s.bias)),
                                 .number(Double(s.margin)), .number(Double(s.gamma)), .number(Double(s.radius)),
                                 .number(Double(s.mistakeBound))])
        },
    ]
}
