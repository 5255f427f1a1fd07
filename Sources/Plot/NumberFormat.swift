// Number formatting with no locale and no Foundation: fixed decimals for SVG coordinates,
// compact labels for axes and legends, tick labels with as many decimals as their step needs.
// Output is the same on every machine.
import Foundation

enum NumberFormat {
    /// `v` rounded half away from zero to `decimals` places, always with that many decimals:
    /// fixed(2.005, 2) → "2.01" (after binary rounding), fixed(-0.001, 2) → "0.00".
    /// Numbers too large for 64-bit integers fall back to Swift's shortest representation.
    static func fixed(_ v: Double, _ decimals: Int) -> String {
        guard v.isFinite else { return v.isNaN ? "nan" : (v < 0 ? "-inf" : "inf") }
        var p: Int64 = 1
        for _ in 0..<decimals { p *= 10 }
        let scaled = (abs(v) * Double(p)).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e15 else { return v.description }
        let n = Int64(scaled)
        let sign = v < 0 && n != 0 ? "-" : ""
        let whole = String(n / p)
        if decimals == 0 { return sign + whole }
        var frac = String(n % p)
        frac = String(repeating: "0", count: decimals - frac.count) + frac
        return sign + whole + "." + frac
    }

    /// fixed(v, decimals) with trailing zeros (and a bare dot) removed: 12.50 → "12.5", 3.00 → "3".
    static func trimmed(_ v: Double, _ decimals: Int = 2) -> String {
        var s = fixed(v, decimals)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s == "-0" ? "0" : s
    }

    /// A compact label with about 4 significant digits: 2.4531 → "2.453", 123.456 → "123.5",
    /// 0.000123 → "1.23e-4", 1234567 → "1.23e6".
    static func compact(_ v: Double) -> String {
        guard v.isFinite else { return fixed(v, 0) }
        if v == 0 { return "0" }
        let e = Int((Foundation.log10(abs(v))).rounded(.down))
        if e >= 6 || e < -3 { return scientific(v) }
        return trimmed(v, max(0, 3 - e))
    }

    /// Mantissa with up to 2 decimals and an exponent: 1.5e-4, -2e6.
    static func scientific(_ v: Double) -> String {
        var e = Int((Foundation.log10(abs(v))).rounded(.down))
        var m = v / pow10(e)
        if abs((m * 100).rounded()) >= 1000 { e += 1; m = v / pow10(e) }
        return trimmed(m, 2) + "e" + String(e)
    }

    /// A tick label for a tick at `v` on an axis stepping by `step`: enough decimals to tell
    /// neighbouring ticks apart (step 0.25 → 2 decimals), scientific for very large or small.
    static func tick(_ v: Double, step: Double) -> String {
        if v == 0 { return "0" }
        let a = abs(v)
        if a >= 1e6 || a < 1e-3 { return scientific(v) }
        var decimals = 0
        while decimals < 8 {
            let scaled = step * pow10(decimals)
            if abs(scaled - scaled.rounded()) < 1e-6 * max(1, scaled) { break }
            decimals += 1
        }
        return trimmed(v, decimals)
    }

    /// 10^e exactly for small |e| (by repeated multiplication).
    static func pow10(_ e: Int) -> Double {
        var r = 1.0
        for _ in 0..<abs(e) { r *= 10 }
        return e < 0 ? 1 / r : r
    }
}
