// Colours: RGB values, the series/class palette, the colour scales of heatmaps and images,
// and the small operations renderers need (blend, luminance, hex text).

/// An sRGB colour, 8 bits per channel.
public struct RGB: Sendable, Equatable, Hashable {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8
    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }
    init(hex: UInt32) {
        self.init(UInt8(hex >> 16 & 0xFF), UInt8(hex >> 8 & 0xFF), UInt8(hex & 0xFF))
    }

    static let white = RGB(255, 255, 255)
    static let black = RGB(0, 0, 0)

    /// "#rrggbb", lower case.
    public var hex: String {
        let digits = Array("0123456789abcdef")
        var s = "#"
        for v in [r, g, b] {
            s.append(digits[Int(v >> 4)])
            s.append(digits[Int(v & 0xF)])
        }
        return s
    }

    /// (1 − t)·self + t·other, per channel, rounded; t clamped to 0...1.
    func mixed(with other: RGB, _ t: Double) -> RGB {
        let t = min(max(t, 0), 1)
        func m(_ a: UInt8, _ b: UInt8) -> UInt8 {
            UInt8((Double(a) * (1 - t) + Double(b) * t).rounded())
        }
        return RGB(m(r, other.r), m(g, other.g), m(b, other.b))
    }

    /// Relative brightness 0...1 (Rec. 601 weights), to choose black or white text over a cell.
    var luminance: Double {
        (0.299 * Double(r) + 0.587 * Double(g) + 0.114 * Double(b)) / 255
    }
}

/// Series and class colours: matplotlib's "tab10", repeating after 10.
enum Palette {
    static let colors: [RGB] = [
        0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd,
        0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf,
    ].map { RGB(hex: $0) }

    static func color(_ k: Int) -> RGB { colors[((k % colors.count) + colors.count) % colors.count] }

    /// A class's region colour: its palette colour lightened towards white.
    static func light(_ k: Int) -> RGB { color(k).mixed(with: .white, 0.6) }
}

/// Colour scales: a value t in 0...1 → colour, by linear interpolation between stops.
enum ColorMap {
    /// viridis at 9 evenly spaced stops (from matplotlib's table).
    static let viridis: [RGB] = [
        0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21918c,
        0x28ae80, 0x5ec962, 0xaddc30, 0xfde725,
    ].map { RGB(hex: $0) }
    /// Blue → near-white → red (ColorBrewer RdBu reversed): t = 0.5 is zero.
    static let diverging: [RGB] = [
        0x2166ac, 0x4393c3, 0x92c5de, 0xd1e5f0, 0xf7f7f7,
        0xfddbc7, 0xf4a582, 0xd6604d, 0xb2182b,
    ].map { RGB(hex: $0) }
    static let grays: [RGB] = [.black, .white]

    static func stops(_ scale: ColorScale) -> [RGB] {
        switch scale {
        case .sequential: return viridis
        case .diverging: return diverging
        case .grays: return grays
        }
    }

    /// The colour at t (clamped to 0...1) along `stops`.
    static func color(_ t: Double, _ stops: [RGB]) -> RGB {
        let t = t.isFinite ? min(max(t, 0), 1) : 0
        let x = t * Double(stops.count - 1)
        let i = min(Int(x), stops.count - 2)
        return stops[i].mixed(with: stops[i + 1], x - Double(i))
    }
}

/// Maps values to 0...1 for a colour scale: over min...max of the finite values, or for
/// `.diverging` over −m...m with m = max |v| so that 0 sits at the middle.
struct ValueNormalizer {
    let lo: Double
    let hi: Double

    init(_ values: some Sequence<Double>, scale: ColorScale) {
        var lo = Double.infinity, hi = -Double.infinity
        for v in values where v.isFinite {
            lo = min(lo, v)
            hi = max(hi, v)
        }
        if lo > hi { (lo, hi) = (0, 1) }
        if scale == .diverging {
            let m = max(abs(lo), abs(hi))
            (lo, hi) = m == 0 ? (-1, 1) : (-m, m)
        }
        self.lo = lo
        self.hi = hi
    }

    init(lo: Double, hi: Double) {
        self.lo = lo
        self.hi = hi
    }

    /// (v − lo) / (hi − lo) clamped to 0...1; a zero range gives 0.5; nil for NaN and ±inf.
    func callAsFunction(_ v: Double) -> Double? {
        guard v.isFinite else { return nil }
        guard hi > lo else { return 0.5 }
        return min(max((v - lo) / (hi - lo), 0), 1)
    }
}
