// VM+Display: the text of a value for print and `str` (strings bare), inside containers
// (strings quoted), and through a format spec in an interpolation.
import Diagnostics
import TensorCore

extension VM {
    /// The text `print` shows: strings without quotes, everything else as `repr`. Inside a
    /// line of text (`"w = {w}"`, `inline`) a small matrix stays on one line.
    func displayString(_ v: Value, inline: Bool = false) throws -> String {
        if let s = stringValue(v) { return s }
        if inline, let t = tensorValue(v) { return tensorText(t, rows: false) }
        return repr(v, depth: 0)
    }

    /// The text of a value inside a list or record (strings quoted).
    func repr(_ v: Value, depth: Int) -> String {
        var path: Set<ObjRef> = []
        return repr(v, depth: depth, path: &path)
    }

    /// `path` holds the containers being printed, so a list that contains itself prints `[...]`.
    func repr(_ v: Value, depth: Int, path: inout Set<ObjRef>) -> String {
        switch v {
        case .nil_: return "nil"
        case .bool(let b): return b ? "true" : "false"
        case .number(let x): return formatNumber(x)
        case .undefined: return "<undefined>"
        case .object(let r):
            guard let o = heap.object(r) else { return "<freed>" }
            if depth > 20 || path.contains(r) { return heap.kind(r) == .record ? "{...}" : "[...]" }
            path.insert(r)
            defer { path.remove(r) }
            switch o {
            case let s as StringObj: return quote(s.value)
            case let l as ListObj: return "[" + l.items.map { repr($0, depth: depth + 1, path: &path) }.joined(separator: ", ") + "]"
            case let rec as RecordObj:
                if rec.names.isEmpty { return "{}" }
                return "{" + zip(rec.names, rec.values).map { "\($0): \(repr($1, depth: depth + 1, path: &path))" }
                    .joined(separator: ", ") + "}"
            case let t as TensorObj: return tensorText(t.tensor, rows: depth == 0)
            case let c as ClosureObj: return "<fn \(c.proto.name)>"
            case let b as BuiltinObj: return "<builtin \(builtins[b.id].name)>"
            case let rg as RangeObj:
                let text = formatNumber(rg.start) + (rg.closed ? "..." : "..<") + formatNumber(rg.stop)
                return rg.step == 1 ? text : "range(\(formatNumber(rg.start)), \(formatNumber(rg.stop)), \(formatNumber(rg.step)))"
            case let s as SliceObj: return s.description
            default: return "<\(heap.kind(r).typeName)>"
            }
        }
    }

    /// A 0-d tensor prints as a number; others use TensorCore's formatting, with the session's
    /// `print_options(precision:)` significant digits; a small matrix shown on its own
    /// (`rows`) prints one row per line.
    func tensorText(_ t: Tensor, rows: Bool) -> String {
        if t.rank == 0, let x = try? t.item() { return formatNumber(Double(x)) }
        return t.text(digits: printDigits, rows: rows)
    }

    /// `{t:.3f}` of a tensor: every element through the spec, in nested brackets
    /// (`[0.046, 2.311]`), as NumPy's array2string with a formatter. Large tensors are refused
    /// rather than printed whole.
    func formatElements(_ t: Tensor, _ spec: FormatSpec, _ specText: String) throws -> String {
        guard t.count <= 10_000 else {
            throw VMError(.badArgument, "format spec '\(specText)' on a tensor of \(t.count) elements would print them all",
                          hint: "format a slice, t[:5], or print(t) for the summary")
        }
        let xs = t.toArray()
        var next = 0
        func render(_ axis: Int) throws -> String {
            if axis == t.rank {
                defer { next += 1 }
                guard let text = spec.format(Double(xs[next])) else {
                    throw VMError(.badArgument, "format 'd' needs whole numbers, got \(formatNumber(Double(xs[next])))",
                                  hint: "use .0f to round")
                }
                return text
            }
            return "[" + (try (0..<t.shape[axis]).map { _ in try render(axis + 1) }).joined(separator: ", ") + "]"
        }
        return try render(0)
    }

    func quote(_ s: String) -> String {
        var out = "\""
        for c in s {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.append(c)
            }
        }
        return out + "\""
    }

    /// `{value:spec}` in an interpolated string.
    func formatValue(_ v: Value, spec: Value) throws -> Value {
        let specText = stringValue(spec) ?? ""
        guard let parsed = FormatSpec(specText) else {
            throw VMError(.badArgument, "invalid format spec '\(specText)'",
                          hint: "specs look like .4f, .3e, .3g, d, >8, <8, 8.3f or %")
        }
        if let x = numberValue(v) {
            guard let text = parsed.format(x) else {
                throw VMError(.badArgument, "format 'd' needs a whole number, got \(formatNumber(x))",
                              hint: "use .0f to round, or int(x)")
            }
            return newString(text)
        }
        if parsed.isNumeric, let t = tensorValue(v) {
            return newString(try formatElements(t, parsed, specText))
        }
        if parsed.isNumeric {
            throw VMError(.badArgument, "format spec '\(specText)' needs a number or a tensor, got \(describe(v))")
        }
        return newString(parsed.format(text: try displayString(v, inline: true)))
    }
}
