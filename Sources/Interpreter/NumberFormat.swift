// NumberFormat: how numbers print (integral values without `.0`, others with up to 6
// significant digits, exponent form only outside 1e-4 <= |x| < 1e16) and Python-like format
// specs for interpolation (`{x:.4f}`, `{x:>8}`, `{p:%}`).
import Foundation

/// The text of a number as print and the REPL show it: `3`, `0.333333`, `1e-05`, `inf`, `nan`.
public func formatNumber(_ x: Double) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    if x == 0 { return x.sign == .minus ? "-0" : "0" }
    let m = abs(x)
    if x == x.rounded() && m < 1e16 { return String(Int64(x)) }
    if m >= 1e-4 && m < 1e16 {
        let exponent = Int(floor(log10(m)))
        let decimals = max(0, 5 - exponent)
        return trimZeros(String(format: "%.\(decimals)f", x))
    }
    return String(format: "%g", x)
}

/// "0.500000" → "0.5", "2.000" → "2".
func trimZeros(_ s: String) -> String {
    guard s.contains("."), !s.contains("e") else { return s }
    var t = Substring(s)
    while t.hasSuffix("0") { t = t.dropLast() }
    if t.hasSuffix(".") { t = t.dropLast() }
    return String(t)
}

/// A parsed format spec: `[[fill]align][sign][0][width][,][.precision][type]`.
struct FormatSpec: Equatable {
    var fill: Character = " "
    var align: Character?
    var sign: Character?
    var width = 0
    var grouping = false
    var precision: Int?
    var type: Character?

    /// Parses `spec`, or returns nil when it is not a valid spec.
    init?(_ spec: String) {
        var chars = Array(spec)
        var i = 0
        if chars.count >= 2, "<>^".contains(chars[1]) {
            fill = chars[0]
            align = chars[1]
            i = 2
        } else if let c = chars.first, "<>^".contains(c) {
            align = c
            i = 1
        }
        if i < chars.count, "+- ".contains(chars[i]) { sign = chars[i]; i += 1 }
        if i < chars.count, chars[i] == "0", align == nil { fill = "0"; align = "="; i += 1 }
        var digits = ""
        while i < chars.count, chars[i].isASCII, chars[i].isNumber { digits.append(chars[i]); i += 1 }
        width = Int(digits) ?? 0
        if digits.count > 4 { return nil }
        if i < chars.count, chars[i] == "," { grouping = true; i += 1 }
        if i < chars.count, chars[i] == "." {
            i += 1
            var p = ""
            while i < chars.count, chars[i].isASCII, chars[i].isNumber { p.append(chars[i]); i += 1 }
            guard let n = Int(p), p.count <= 2 else { return nil }
            precision = n
        }
        if i < chars.count, "fFeEgGd%s".contains(chars[i]) { type = chars[i]; i += 1 }
        chars = Array(chars[i...])
        if !chars.isEmpty { return nil }
    }

    var isNumeric: Bool { type.map { "fFeEgGd%".contains($0) } ?? false }

    /// Formats a number by this spec.
    func format(_ x: Double) -> String? {
        var body: String
        let m = abs(x)
        switch type {
        case "f", "F": body = String(format: "%.\(precision ?? 6)f", m)
        case "e", "E": body = String(format: "%.\(precision ?? 6)\(type!)", m)
        case "g", "G": body = String(format: "%.\(precision ?? 6)\(type!)", m)
        case "%": body = String(format: "%.\(precision ?? 6)f", m * 100) + "%"
        case "d":
            guard x == x.rounded(), m < 1e18 else { return nil }
            body = String(Int64(m))
        default:
            body = precision.map { String(format: "%.\($0)g", m) } ?? formatNumber(m)
        }
        if !x.isFinite { body = x.isNaN ? "nan" : "inf" }
        if grouping { body = group(body) }
        let signText = x.sign == .minus && !(x == 0 && type == nil) && !x.isNaN ? "-"
            : sign == "+" ? "+" : sign == " " ? " " : ""
        return pad(signText, body, defaultAlign: ">")
    }

    func format(text: String) -> String { pad("", text, defaultAlign: "<") }

    private func group(_ s: String) -> String {
        let parts = s.split(separator: ".", maxSplits: 1)
        let intPart = Array(parts[0])
        guard intPart.allSatisfy(\.isNumber) else { return s }
        var out = ""
        for (k, c) in intPart.enumerated() {
            if k > 0 && (intPart.count - k) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return parts.count > 1 ? out + "." + parts[1] : out
    }

    private func pad(_ sign: String, _ body: String, defaultAlign: Character) -> String {
        let n = sign.count + body.count
        guard width > n else { return sign + body }
        let padding = width - n
        switch align ?? defaultAlign {
        case "<": return sign + body + String(repeating: fill, count: padding)
        case "^":
            let left = padding / 2
            return String(repeating: fill, count: left) + sign + body + String(repeating: fill, count: padding - left)
        case "=": return sign + String(repeating: fill, count: padding) + body
        default: return String(repeating: fill, count: padding) + sign + body
        }
    }
}
