// Glyphs: a made-up alphabet for few-shot learning (lesson 13). Each class is a random binary
// glyph; each image of a class is its glyph at a random shift on a slightly larger canvas, plus
// Gaussian noise on every pixel. With hundreds of classes it plays the part Omniglot's 1,623
// hand-drawn characters play for prototypical networks (Snell, Swersky & Zemel 2017): learn an
// embedding on many classes, then recognise new ones from one or five examples.
import TensorCore

public enum Glyphs {
    /// The alphabet: `classes` glyphs of size×size pixels, each pixel on (1) with probability
    /// `density`, else 0, drawn glyph by glyph in row-major order.
    /// - Returns: [classes, size, size] of 0 and 1.
    ///
    /// Cajal: `glyph_alphabet(500, size: 5, density: 0.4)`
    public static func alphabet(
        classes: Int, size: Int = 5, density: Float = 0.4, rng: inout RandomGenerator
    ) throws -> Tensor {
        try Check.count(classes, in: 1...100_000, "glyph_alphabet", "classes")
        try Check.count(size, in: 1...64, "glyph_alphabet", "size")
        try Check.that(density.isFinite && density >= 0 && density <= 1, "glyph_alphabet", "density",
                       "a number in 0...1", formatNumber(density))
        var g = try Grid(zeros: [classes, size, size])
        for j in g.values.indices where rng.uniform() < Double(density) { g.values[j] = 1 }
        return try g.tensor()
    }

    /// Images of glyphs: row i is glyph `labels[i]` of `alphabet` (a [k, s, s] tensor from
    /// `alphabet`, or any k pictures of s×s) placed with its top-left corner at a uniformly random
    /// (row, column) in 0...canvas − s, on a canvas×canvas image of zeros, plus N(0, noise²) on
    /// every pixel. The shift is drawn first (row, then column), then the noise in row-major order.
    /// - Returns: x [n, canvas²] (`.flat`) or [n, 1, canvas, canvas] (`.image`); y [n] = labels.
    ///
    /// Cajal: `glyphs(alphabet, labels, canvas: 8, noise: 0.3)`
    public static func images(
        alphabet: Tensor, labels: [Int], canvas: Int = 8, noise: Float = 0.3, layout: ImageLayout = .flat,
        rng: inout RandomGenerator
    ) throws -> Labeled {
        let shape = alphabet.shape
        try Check.that(shape.count == 3 && shape[1] == shape[2] && shape[0] >= 1 && shape[1] >= 1, "glyphs", "alphabet",
                       "a [classes, size, size] tensor", "shape \(shape)")
        let k = shape[0], s = shape[1]
        try Check.that((1...1_000_000).contains(labels.count), "glyphs", "labels", "1 to 1000000 class indices",
                       "\(labels.count)")
        try Check.count(canvas, in: s...1024, "glyphs", "canvas")
        try Check.number(noise, atLeast: 0, "glyphs", "noise")
        if let bad = labels.first(where: { !(0..<k).contains($0) }) {
            try Check.that(false, "glyphs", "labels", "class indices in 0..<\(k)", "\(bad)")
        }
        let a = alphabet.toArray()
        let n = labels.count, pixels = canvas * canvas
        var x = try Grid(zeros: [n, canvas, canvas])
        for (i, c) in labels.enumerated() {
            let dr = rng.int(below: canvas - s + 1), dc = rng.int(below: canvas - s + 1)
            for p in 0..<s {
                for q in 0..<s { x[i, dr + p, dc + q] = a[(c * s + p) * s + q] }
            }
            for j in (i * pixels)..<((i + 1) * pixels) { x.values[j] += rng.normal(std: noise) }
        }
        let out = layout == .flat ? [n, pixels] : [n, 1, canvas, canvas]
        return Labeled(x: try Grid(shape: out, values: x.values).tensor(),
                       y: try Tensor.vector(labels.map(Float.init)))
    }
}
