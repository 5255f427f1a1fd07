// RandomGenerator: the seeded random stream behind every random tensor. The same seed gives
// the same numbers on every machine: integer arithmetic only, except for normal(), which
// uses Double log/sqrt/cos/sin.

import Foundation

/// A seeded pseudo-random generator: xoshiro256** (Blackman & Vigna 2018) with its 256-bit
/// state filled by SplitMix64 from the 64-bit seed.
///
/// - `nextUInt64()`: one xoshiro256** output.
/// - `uniform()`: `(nextUInt64() >> 11) * 2^-53`, a Double in [0, 1) with 53 random bits.
/// - `normal()`: Box–Muller in Double. Each pair of uniforms (u1, u2) gives
///   `r = sqrt(-2 ln(1 - u1))`, then `r cos(2π u2)` and, on the next call, `r sin(2π u2)`.
/// - `int(below: n)`: Lemire's multiply-shift with rejection, unbiased.
/// - `shuffle`: Fisher–Yates from the last element down, `int(below: i + 1)` for position i.
public struct RandomGenerator: Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64
    private var spareNormal: Double?

    /// A generator whose stream is fixed by `seed`.
    public init(seed: UInt64) {
        var sm = seed
        func splitMix() -> UInt64 {
            sm &+= 0x9E37_79B9_7F4A_7C15
            var z = sm
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix()
        s1 = splitMix()
        s2 = splitMix()
        s3 = splitMix()
        spareNormal = nil
    }

    @inline(__always) private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }

    /// The next 64 random bits (xoshiro256**).
    public mutating func nextUInt64() -> UInt64 {
        let result = RandomGenerator.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = RandomGenerator.rotl(s3, 45)
        return result
    }

    /// A uniform Double in [0, 1) with 53 random bits.
    public mutating func uniform() -> Double {
        Double(nextUInt64() >> 11) * 0x1.0p-53
    }

    /// A standard normal Double (mean 0, std 1), by Box–Muller; values come in pairs.
    public mutating func normal() -> Double {
        if let z = spareNormal {
            spareNormal = nil
            return z
        }
        let u1 = 1.0 - uniform()  // (0, 1]: log never sees 0
        let u2 = uniform()
        let r = (-2.0 * Foundation.log(u1)).squareRoot()
        let theta = 2.0 * Double.pi * u2
        spareNormal = r * Foundation.sin(theta)
        return r * Foundation.cos(theta)
    }

    /// A uniform integer in 0..<n (0 when n ≤ 1), without modulo bias.
    public mutating func int(below n: Int) -> Int {
        if n <= 1 { return 0 }
        let bound = UInt64(n)
        var m = nextUInt64().multipliedFullWidth(by: bound)
        if m.low < bound {
            let threshold = (0 &- bound) % bound
            while m.low < threshold {
                m = nextUInt64().multipliedFullWidth(by: bound)
            }
        }
        return Int(m.high)
    }

    /// Shuffles `xs` in place (Fisher–Yates).
    public mutating func shuffle<T>(_ xs: inout [T]) {
        if xs.count < 2 { return }
        for i in stride(from: xs.count - 1, to: 0, by: -1) {
            let j = int(below: i + 1)
            if i != j { xs.swapAt(i, j) }
        }
    }

    /// A random permutation of 0..<n.
    public mutating func permutation(_ n: Int) -> [Int] {
        var xs = Array(0..<Swift.max(n, 0))
        shuffle(&xs)
        return xs
    }
}
