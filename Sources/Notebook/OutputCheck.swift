// OutputCheck: comparing what a cell printed with its recorded output. Text must match
// exactly (trailing spaces ignored); numbers match within a tolerance:
// |actual − recorded| ≤ tolerance · max(1, |recorded|) — absolute below 1, relative above —
// or, for a number written with a fraction or an exponent, within one unit of its last
// printed digit (so a float32 result rounding the other way at 6 digits is not drift).
import Foundation

/// A piece of an output line: literal text or a number.
enum LineToken: Equatable {
    case text(String)
    case number(Double, String)
}

/// Splits a line into text and numbers. A number is digits with an optional sign, fraction and
/// exponent, not glued to a letter or `_` in front (so `x2` and `E0201` stay text); `nan`,
/// `inf` and `-inf` count as numbers.
func tokenizeOutputLine(_ line: String) -> [LineToken] {
    let chars = Array(line)
    var tokens: [LineToken] = []
    var text = ""
    var i = 0
    func isWordChar(_ c: Character) -> Bool { c.isLetter || c == "_" || c.isNumber }
    while i < chars.count {
        let prevIsWord = i > 0 && isWordChar(chars[i - 1])
        if !prevIsWord, let (value, end) = scanNumber(chars, at: i) {
            if !text.isEmpty { tokens.append(.text(text)); text = "" }
            tokens.append(.number(value, String(chars[i..<end])))
            i = end
        } else {
            text.append(chars[i])
            i += 1
        }
    }
    if !text.isEmpty { tokens.append(.text(text)) }
    return tokens
}

/// A number starting at `i` (and where it ends), or nil.
private func scanNumber(_ c: [Character], at start: Int) -> (Double, Int)? {
    var i = start
    if i < c.count, c[i] == "-" { i += 1 }
    for word in ["nan", "inf"] {
        let w = Array(word)
        if i + w.count <= c.count, Array(c[i..<i + w.count]) == w, i + w.count == c.count || !c[i + w.count].isLetter {
            let v = word == "nan" ? Double.nan : (start == i ? Double.infinity : -Double.infinity)
            return (v, i + w.count)
        }
    }
    let digitsStart = i
    while i < c.count, c[i].isASCII, c[i].isNumber { i += 1 }
    if i < c.count, c[i] == ".", i + 1 < c.count, c[i + 1].isASCII, c[i + 1].isNumber {
        i += 1
        while i < c.count, c[i].isASCII, c[i].isNumber { i += 1 }
    }
    guard i > digitsStart else { return nil }
    if i < c.count, c[i] == "e" || c[i] == "E" {
        var j = i + 1
        if j < c.count, c[j] == "-" || c[j] == "+" { j += 1 }
        let expStart = j
        while j < c.count, c[j].isASCII, c[j].isNumber { j += 1 }
        if j > expStart { i = j }
    }
    if i < c.count, c[i].isLetter || c[i] == "_" { return nil }
    guard let v = Double(String(c[start..<i])) else { return nil }
    return (v, i)
}

/// Whether an actual output line matches a recorded one within `tolerance`.
public func outputLineMatches(recorded: String, actual: String, tolerance: Double) -> Bool {
    let r = tokenizeOutputLine(trimTrailing(recorded))
    let a = tokenizeOutputLine(trimTrailing(actual))
    guard r.count == a.count else { return false }
    for (x, y) in zip(r, a) {
        switch (x, y) {
        case let (.text(s), .text(t)): if s != t { return false }
        case let (.number(u, written), .number(v, _)):
            if u.isNaN || v.isNaN { if !(u.isNaN && v.isNaN) { return false } ; continue }
            if u.isInfinite || v.isInfinite { if u != v { return false }; continue }
            let allowed = max(tolerance * max(1, abs(u)), lastDigitUnit(written))
            if abs(v - u) > allowed * (1 + 1e-9) { return false }
        default: return false
        }
    }
    return true
}

/// One unit of the last digit of a number written with a fraction or exponent ("0.25" →
/// 0.01, "2.2e-05" → 1e-06); 0 for whole numbers, whose digits are exact.
func lastDigitUnit(_ written: String) -> Double {
    let lower = written.lowercased()
    guard lower.contains(".") || lower.contains("e") else { return 0 }
    let parts = lower.split(separator: "e", maxSplits: 1)
    let mantissa = parts[0]
    let exponent = parts.count == 2 ? Int(parts[1]) ?? 0 : 0
    let decimals = mantissa.split(separator: ".", maxSplits: 1).dropFirst().first?.count ?? 0
    return pow(10, Double(exponent - decimals))
}

func trimTrailing(_ s: String) -> String {
    var s = s
    while let l = s.last, l == " " || l == "\t" { s.removeLast() }
    return s
}

/// Compares a cell's output lines with its recorded lines; nil when they match, else a diff
/// (`-` recorded, `+` actual) of the lines from the first difference on.
public func outputDiff(recorded: [String], actual: [String], tolerance: Double) -> String? {
    var first: Int? = nil
    for i in 0..<max(recorded.count, actual.count) {
        guard i < recorded.count, i < actual.count,
              outputLineMatches(recorded: recorded[i], actual: actual[i], tolerance: tolerance) else { first = i; break }
    }
    guard let start = first else { return nil }
    var lines: [String] = []
    if start > 0 { lines.append("  " + recorded[start - 1]) }
    // Pair lines while both sides have them; show each pair that differs.
    for i in start..<max(recorded.count, actual.count) where lines.count < 40 {
        let r = i < recorded.count ? recorded[i] : nil
        let a = i < actual.count ? actual[i] : nil
        if let r, let a, outputLineMatches(recorded: r, actual: a, tolerance: tolerance) {
            lines.append("  " + a)
            continue
        }
        if let r { lines.append("- " + r) }
        if let a { lines.append("+ " + a) }
    }
    return lines.joined(separator: "\n")
}
