// RandomGeneratorTests: the seeded stream is frozen, so any change to it fails here.
//
// The expected values come from an independent Python implementation of SplitMix64 seeding,
// xoshiro256**, `(x >> 11) * 2**-53`, Box–Muller with (1 − u1, u2) and Lemire's bounded
// integers, run with CPython 3; the script is reproduced in docs/tensors.md under
// "Random numbers".
import Testing
@testable import TensorCore

@Suite struct RandomGeneratorTests {
    @Test func firstOutputsOfSeed42AreFrozen() {
        var r = RandomGenerator(seed: 42)
        let got = (0..<4).map { _ in r.nextUInt64() }
        #expect(got == [0x1578_0b2e_0c2e_c716, 0x6104_d986_6d11_3a7e, 0xae17_5332_39e4_99a1, 0xecb8_ad47_03b3_60a1])
    }

    @Test func seedZeroIsUsable() {
        var r = RandomGenerator(seed: 0)
        #expect(r.nextUInt64() == 0x99ec_5f36_cb75_f2b4)
        #expect(r.nextUInt64() == 0xbf6e_1f78_4956_452a)
    }

    @Test func uniformUsesTheTop53Bits() {
        var r = RandomGenerator(seed: 42)
        let got = (0..<4).map { _ in r.uniform() }
        #expect(got == [0.08386297105988216, 0.3789802506626686, 0.6800434110281394, 0.9246929453253876])
    }

    @Test func normalIsBoxMullerInPairs() {
        var r = RandomGenerator(seed: 7)
        let got = (0..<5).map { _ in r.normal() }
        let want = [-0.2790239910251981, 1.5277231859624536, 1.8997685786889567, -0.2266957459968598, 2.136306014732201]
        for (g, w) in zip(got, want) { #expect(Swift.abs(g - w) < 1e-14) }
    }

    @Test func boundedIntegersAreFrozen() {
        var r = RandomGenerator(seed: 2024)
        #expect((0..<8).map { _ in r.int(below: 10) } == [0, 7, 0, 1, 7, 2, 3, 2])
    }

    @Test func shuffleIsAPermutationAndDeterministic() {
        var a = RandomGenerator(seed: 5)
        var b = RandomGenerator(seed: 5)
        let p = a.permutation(50)
        #expect(p.sorted() == Array(0..<50))
        #expect(p == b.permutation(50))
        #expect(p != Array(0..<50))
    }

    @Test func randomTensorsFollowTheStream() throws {
        var r = RandomGenerator(seed: 42)
        let u = try Tensor.uniform([2, 2], low: -1, high: 1, rng: &r)
        expectTensor(u, [2, 2], [0.08386297105988216, 0.3789802506626686, 0.6800434110281394, 0.9246929453253876].map { Float(-1 + 2 * $0) })
        var s = RandomGenerator(seed: 7)
        let n = try Tensor.normal([3], mean: 1, std: 2, rng: &s)
        expectTensor(n, [3], [-0.2790239910251981, 1.5277231859624536, 1.8997685786889567].map { Float(1 + 2 * $0) })
        var t = RandomGenerator(seed: 42)
        let b = try Tensor.bernoulli([4], p: 0.5, rng: &t)
        #expect(b.toArray() == [1, 1, 0, 0])
    }

    @Test func bigSamplesHaveTheRightMoments() throws {
        var r = RandomGenerator(seed: 1)
        let n = try Tensor.normal([20000], mean: 3, std: 2, rng: &r)
        #expect(Swift.abs(try n.reduce(.mean).item() - 3) < 0.05)
        #expect(Swift.abs(try n.reduce(.std).item() - 2) < 0.05)
        let u = try Tensor.uniform([20000], low: 0, high: 1, rng: &r)
        #expect(Swift.abs(try u.reduce(.mean).item() - 0.5) < 0.01)
        #expect(try u.reduce(.min).item() >= 0 && u.reduce(.max).item() < 1)
    }
}
