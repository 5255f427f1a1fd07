// Axis: a linear or log-10 scale from data values to fractions 0...1 of a plot's side, with
// data ranges that never collapse and "nice" ticks (1, 2, 5 × 10^k; decades on log axes).
import Foundation

struct Axis: Equatable {
    var lo: Double
    var hi: Double
    var log: Bool

    /// An axis over the finite values of `values` (positive ones when `log`), widened by
    /// `pad` × the span on each side. No values → 0...1 (1...10 on log); all equal at v →
    /// v−1...v+1 for v = 0, else v ± 10% (v/√10...v·√10 on log).
    init(covering values: [Double], log: Bool = false, pad: Double = 0) {
        self.log = log
        var lo = Double.infinity, hi = -Double.infinity
        for v in values where v.isFinite && (!log || v > 0) {
            lo = min(lo, v)
            hi = max(hi, v)
        }
        if lo > hi { (lo, hi) = log ? (1, 10) : (0, 1) }
        if lo == hi {
            if log { (lo, hi) = (lo / 10.0.squareRoot(), hi * 10.0.squareRoot()) }
            else if lo == 0 { (lo, hi) = (-1, 1) }
            else { (lo, hi) = (lo - abs(lo) * 0.1, hi + abs(hi) * 0.1) }
        }
        self.lo = lo
        self.hi = hi
        if pad > 0 {
            let (a, b) = (transform(lo), transform(hi))
            let d = (b - a) * pad
            self.lo = inverse(a - d)
            self.hi = inverse(b + d)
        }
    }

    init(lo: Double, hi: Double, log: Bool = false) {
        self.lo = lo
        self.hi = hi
        self.log = log
    }

    func transform(_ v: Double) -> Double { log ? Foundation.log10(v) : v }
    func inverse(_ t: Double) -> Double { log ? Foundation.pow(10, t) : t }

    /// Where `v` falls: 0 at lo, 1 at hi (outside for values outside). nil for a non-finite
    /// value, or a value ≤ 0 on a log axis.
    func fraction(_ v: Double) -> Double? {
        guard v.isFinite, !log || v > 0 else { return nil }
        let a = transform(lo), b = transform(hi)
        return (transform(v) - a) / (b - a)
    }

    /// Ticks inside lo...hi, about `target` of them, with their labels. Linear: multiples of
    /// a step 1, 2 or 5 × 10^k. Log: 1, 2, 5 × 10^k when the range holds one to three powers of
    /// ten (and at least three such ticks), powers of ten over more, else linear ticks.
    func ticks(target: Int = 5) -> [(value: Double, label: String)] {
        if log {
            let a = Int(Foundation.ceil(Foundation.log10(lo) - 1e-9))
            let b = Int(Foundation.floor(Foundation.log10(hi) + 1e-9))
            if b - a >= 0 && b - a <= 2 {
                var out: [(Double, String)] = []
                for e in (a - 1)...b {
                    for m in [1.0, 2, 5] {
                        let v = m * NumberFormat.pow10(e)
                        if v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9) { out.append((v, NumberFormat.compact(v))) }
                    }
                }
                if out.count >= 3 { return out }
            }
            if b - a >= 1 {
                let stride = max(1, (b - a + target) / target)
                return Swift.stride(from: a, through: b, by: stride).map { e in
                    let v = NumberFormat.pow10(e)
                    return (v, e >= -3 && e <= 5 ? NumberFormat.trimmed(v, max(0, -e)) : "1e\(e)")
                }
            }
        }
        let step = Axis.niceStep((hi - lo) / Double(max(target, 1)))
        var out: [(Double, String)] = []
        var k = Foundation.ceil(lo / step - 1e-9)
        while k * step <= hi + step * 1e-9, out.count < 50 {
            let v = abs(k * step) < step * 1e-9 ? 0 : k * step
            out.append((v, NumberFormat.tick(v, step: step)))
            k += 1
        }
        return out
    }

    /// The nice number (1, 2, 5 or 10 × 10^k) nearest to `raw` (Heckbert's rounding).
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let e = Foundation.floor(Foundation.log10(raw))
        let base = Foundation.pow(10, e)
        let f = raw / base
        let nice: Double = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10
        return nice * base
    }
}
