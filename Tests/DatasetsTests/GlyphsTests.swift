// Glyphs: frozen values for seed 42, the alphabet's density, every image is its glyph at a
// shift inside the canvas (noise off), and bad alphabets or labels are errors, not traps.
import Testing
import TensorCore
@testable import Datasets

@Suite struct GlyphsTests {
    @Test func alphabetIsFrozenBinaryAndAsDenseAsAsked() throws {
        var r = RandomGenerator(seed: 42)
        let a = try Glyphs.alphabet(classes: 500, rng: &r)
        #expect(a.shape == [500, 5, 5])
        let v = a.toArray()
        #expect(v.allSatisfy { $0 == 0 || $0 == 1 })
        #expect(Array(v.prefix(10)) == [1, 1, 0, 0, 0, 0, 0, 0, 0, 0])
        let on = Double(v.reduce(0, +)) / Double(v.count)
        #expect(Swift.abs(on - 0.4) < 0.02)  // 12,500 pixels: the standard error is 0.0044
        var same = RandomGenerator(seed: 42)
        #expect(try Glyphs.alphabet(classes: 500, rng: &same).toArray() == v)
    }

    @Test func imagesAreTheirGlyphShiftedInsideTheCanvas() throws {
        var r = RandomGenerator(seed: 3)
        let a = try Glyphs.alphabet(classes: 20, rng: &r)
        let labels = (0..<400).map { $0 % 20 }
        let d = try Glyphs.images(alphabet: a, labels: labels, canvas: 8, noise: 0, rng: &r)
        #expect(d.x.shape == [400, 64] && d.y.toArray() == labels.map(Float.init))
        let x = d.x.toArray(), g = a.toArray()
        var shifts = Set<[Int]>()
        for (i, c) in labels.enumerated() {
            let img = Array(x[(i * 64)..<(i * 64 + 64)])
            // Some shift (dr, dc) in 0...3 places glyph c exactly, and nothing is drawn outside it.
            let fits = (0...3).flatMap { dr in (0...3).map { dc in [dr, dc] } }.filter { s in
                (0..<8).allSatisfy { p in
                    (0..<8).allSatisfy { q in
                        let inside = (s[0]..<s[0] + 5).contains(p) && (s[1]..<s[1] + 5).contains(q)
                        let want: Float = inside ? g[c * 25 + (p - s[0]) * 5 + (q - s[1])] : 0
                        return img[p * 8 + q] == want
                    }
                }
            }
            #expect(!fits.isEmpty)
            if fits.count == 1 { shifts.insert(fits[0]) }
        }
        #expect(shifts.count == 16)  // every shift 0...3 × 0...3 occurs
    }

    @Test func imagesAreFrozenForSeed42AndNoiseHasTheAskedSpread() throws {
        var r = RandomGenerator(seed: 42)
        let a = try Glyphs.alphabet(classes: 3, rng: &r)
        let d = try Glyphs.images(alphabet: a, labels: [2, 0], layout: .image, rng: &r)
        #expect(d.x.shape == [2, 1, 8, 8])
        #expect(close(Array(d.x.toArray().prefix(6)), [0.0989484, 0.0617803, -0.587697, 0.440587, -0.225379, -0.242486]))
        // A blank glyph leaves only the noise: its spread is the one asked for.
        let blank = try Glyphs.alphabet(classes: 1, density: 0, rng: &r)
        let noise = try Glyphs.images(alphabet: blank, labels: Array(repeating: 0, count: 500), noise: 0.3, rng: &r).x.toArray()
        let sd = (noise.map { Double($0) * Double($0) }.reduce(0, +) / Double(noise.count)).squareRoot()
        #expect(Swift.abs(sd - 0.3) < 0.01)  // 32,000 pixels: the standard error is 0.0012
    }

    @Test func badAlphabetsAndLabelsAreErrors() throws {
        var r = RandomGenerator(seed: 0)
        let a = try Glyphs.alphabet(classes: 4, rng: &r)
        #expect(datasetError { _ = try Glyphs.alphabet(classes: 0, rng: &r) } != nil)
        #expect(datasetError { _ = try Glyphs.alphabet(classes: 3, density: 1.5, rng: &r) } != nil)
        #expect(datasetError { _ = try Glyphs.images(alphabet: a, labels: [4], rng: &r) }
            == .badArgument(function: "glyphs", name: "labels", expected: "class indices in 0..<4", got: "4"))
        #expect(datasetError { _ = try Glyphs.images(alphabet: a, labels: [], rng: &r) } != nil)
        #expect(datasetError { _ = try Glyphs.images(alphabet: a, labels: [0], canvas: 4, rng: &r) } != nil)
        let flat = try Tensor(shape: [4, 25], values: [Float](repeating: 0, count: 100))
        #expect(datasetError { _ = try Glyphs.images(alphabet: flat, labels: [0], rng: &r) } != nil)
    }
}
