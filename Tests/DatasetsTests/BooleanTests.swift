// Boolean problems: every pattern, in binary counting order, with the right targets.
import Testing
import TensorCore
@testable import Datasets

@Suite struct BooleanTests {
    @Test func truthTablesListAllFourPatternsInCountingOrder() throws {
        let expected: [BooleanFunction: [Float]] = [
            .and: [0, 0, 0, 1], .or: [0, 1, 1, 1], .xor: [0, 1, 1, 0], .nand: [1, 1, 1, 0], .nor: [1, 0, 0, 0],
        ]
        for (f, y) in expected {
            let t = try Boolean.truthTable(f)
            #expect(t.x.shape == [4, 2] && t.y.shape == [4, 1])
            #expect(t.x.toArray() == [0, 0, 0, 1, 1, 0, 1, 1])
            #expect(t.y.toArray() == y, "\(f)")
        }
    }

    @Test func signedTruthTablesUseMinusOneForFalse() throws {
        let t = try Boolean.truthTable(.xor, signed: true)
        #expect(t.x.toArray() == [-1, -1, -1, 1, 1, -1, 1, 1])
        #expect(t.y.toArray() == [-1, 1, 1, -1])
    }

    @Test func parityIsOneForAnOddNumberOfOnes() throws {
        let p = try Boolean.parity(bits: 4)
        #expect(p.x.shape == [16, 4] && p.y.shape == [16, 1])
        let x = p.x.toArray(), y = p.y.toArray()
        for i in 0..<16 {
            let ones = x[(i * 4)..<(i * 4 + 4)].reduce(0, +)
            #expect(y[i] == Float(Int(ones) % 2))
        }
        #expect(y.reduce(0, +) == 8)
    }

    @Test func sixBitSymmetryHasEightSymmetricPatterns() throws {
        let s = try Boolean.symmetry(bits: 6)
        #expect(s.x.shape == [64, 6])
        #expect(s.y.toArray().reduce(0, +) == 8)
    }

    @Test func encoderPatternsAreTheirOwnTargets() throws {
        for n in [4, 8] {
            let e = try Boolean.encoder(size: n)
            #expect(e.x.shape == [n, n])
            #expect(e.x.toArray() == e.y.toArray())
            #expect(e.x.toArray().reduce(0, +) == Float(n))
            #expect(try e.x.element(at: [2, 2]) == 1 && e.x.element(at: [2, 1]) == 0)
        }
    }

    @Test func tooManyInputsIsABadArgument() {
        let e = datasetError { _ = try Boolean.parity(bits: 40) }
        #expect(e == .badArgument(function: "parity", name: "bits", expected: "an integer in 1...16", got: "40"))
        #expect(e?.description == "bad argument 'bits' to 'parity' (an integer in 1...16 expected, got 40)")
    }
}
