// JSON: a tiny JSON value and a deterministic writer (keys sorted, one-space indent like
// Jupyter's own files), so exported notebooks are byte-stable and diff well.

indirect enum JSON: Equatable {
    case string(String)
    case number(Int)
    case bool(Bool)
    case null
    case array([JSON])
    case object([String: JSON])

    /// The value as text, pretty-printed with `indent` spaces per level.
    func text(indent: Int = 1) -> String {
        var out = ""
        write(into: &out, level: 0, indent: indent)
        return out + "\n"
    }

    private func write(into out: inout String, level: Int, indent: Int) {
        let pad = String(repeating: " ", count: (level + 1) * indent)
        let close = String(repeating: " ", count: level * indent)
        switch self {
        case .string(let s): out += JSON.quote(s)
        case .number(let n): out += "\(n)"
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .array(let xs):
            if xs.isEmpty { out += "[]"; return }
            out += "[\n"
            for (i, x) in xs.enumerated() {
                out += pad
                x.write(into: &out, level: level + 1, indent: indent)
                out += i + 1 < xs.count ? ",\n" : "\n"
            }
            out += close + "]"
        case .object(let d):
            if d.isEmpty { out += "{}"; return }
            out += "{\n"
            let keys = d.keys.sorted()
            for (i, k) in keys.enumerated() {
                out += pad + JSON.quote(k) + ": "
                d[k]!.write(into: &out, level: level + 1, indent: indent)
                out += i + 1 < keys.count ? ",\n" : "\n"
            }
            out += close + "}"
        }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    /// Text as Jupyter's multi-line string form: a list of lines, each keeping its "\n".
    static func lines(_ text: String) -> JSON {
        var parts: [JSON] = []
        var current = ""
        for c in text {
            current.append(c)
            if c == "\n" { parts.append(.string(current)); current = "" }
        }
        if !current.isEmpty { parts.append(.string(current)) }
        return .array(parts)
    }
}
