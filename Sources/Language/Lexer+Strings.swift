// Lexer+Strings: string literals. `"..."` stays on one line, `"""..."""` may span lines; both
// take the escapes \n \t \\ \" \{ \} and interpolations `{expr}` / `{expr:spec}`, whose text is
// kept as a span for the parser to read as an expression.
import Diagnostics

extension Lexer {
    mutating func scanString() {
        let start = pos
        let triple = matches("\"\"\"")
        pos += triple ? 3 : 1
        if triple, peek() == 0x0A { pos += 1 }  // a leading line break is not content
        var segments: [StringSegment] = []
        var text: [UInt8] = []
        while true {
            guard pos < end, triple || bytes[pos] != 0x0A else {
                report(.unterminatedString, "unterminated string", SourceSpan(start: start, end: pos),
                       hint: triple ? "close it with `\"\"\"`"
                           : "close it with `\"` on the same line; use \"\"\"...\"\"\" for text over several lines")
                break
            }
            let c = bytes[pos]
            if triple ? matches("\"\"\"") : c == 0x22 {
                pos += triple ? 3 : 1
                break
            }
            switch c {
            case 0x5C: scanEscape(into: &text)
            case 0x7B:
                if !text.isEmpty { segments.append(.text(String(decoding: text, as: UTF8.self))) }
                text = []
                if let segment = scanInterpolation(triple: triple) { segments.append(segment) }
            case 0x7D:
                report(.badInterpolation, "unmatched `}` in a string", SourceSpan(start: pos, end: pos + 1),
                       hint: "write `\\}` for a literal brace")
                text.append(c)
                pos += 1
            default:
                text.append(c)
                pos += 1
            }
        }
        if !text.isEmpty || segments.isEmpty { segments.append(.text(String(decoding: text, as: UTF8.self))) }
        add(.string, from: start, value: .string(segments))
    }

    mutating func scanEscape(into text: inout [UInt8]) {
        let start = pos
        pos += 1
        let escapes: [UInt8: UInt8] = [
            0x6E: 0x0A, 0x74: 0x09,
            0x5C: 0x5C, 0x22: 0x22,
            0x7B: 0x7B, 0x7D: 0x7D,
        ]
        if pos < end, let replacement = escapes[bytes[pos]] {
            text.append(replacement)
            pos += 1
            return
        }
        if pos < end, bytes[pos] != 0x0A {
            pos += 1
            while pos < end, bytes[pos] & 0xC0 == 0x80 { pos += 1 }
        }
        report(.invalidEscape, "invalid escape '\(file.text(of: SourceSpan(start: start, end: pos)))' in a string",
               SourceSpan(start: start, end: pos), hint: "the escapes are \\n \\t \\\\ \\\" \\{ \\}")
    }

    /// Scans `{expr}` or `{expr:spec}` from the `{`; brackets nest, and strings inside are skipped.
    mutating func scanInterpolation(triple: Bool) -> StringSegment? {
        let open = pos
        pos += 1
        var depth = 0
        var colon: Int? = nil
        while pos < end {
            let c = bytes[pos]
            if c == 0x0A, !triple { break }
            switch c {
            case 0x28, 0x5B, 0x7B: depth += 1
            case 0x29, 0x5D: depth -= 1
            case 0x7D:
                if depth == 0 { return finishInterpolation(open: open, colon: colon) }
                depth -= 1
            case 0x3A where depth == 0 && colon == nil: colon = pos
            case 0x22: skipNestedString(triple: triple)
                continue
            default: break
            }
            pos += 1
        }
        report(.badInterpolation, "unterminated `{` in a string", SourceSpan(start: open, end: open + 1),
               hint: "close the interpolation with `}`, or write `\\{` for a literal brace")
        return nil
    }

    mutating func finishInterpolation(open: Int, colon: Int?) -> StringSegment? {
        let close = pos
        pos += 1
        let codeEnd = colon ?? close
        let code = SourceSpan(start: open + 1, end: codeEnd)
        let format = colon.map { file.text(of: SourceSpan(start: $0 + 1, end: close)) }
        if file.text(of: code).allSatisfy({ $0 == " " || $0 == "\t" }) {
            report(.badInterpolation, "empty `{}` in a string", SourceSpan(start: open, end: close + 1),
                   hint: "put an expression inside, like {x}, or write `\\{\\}` for literal braces")
            return nil
        }
        return .code(code, format: format)
    }

    /// Skips a `"..."` inside an interpolation, from its opening quote to after its closing one.
    mutating func skipNestedString(triple: Bool) {
        pos += 1
        while pos < end, bytes[pos] != 0x22 {
            if bytes[pos] == 0x0A, !triple { return }
            pos += bytes[pos] == 0x5C ? 2 : 1
        }
        pos = min(pos + 1, end)
    }

    /// `'text'`: reported (strings use double quotes) and lexed as a string to carry on.
    mutating func scanSingleQuoted() {
        let start = pos
        pos += 1
        while pos < end, bytes[pos] != 0x27, bytes[pos] != 0x0A { pos += 1 }
        let innerEnd = pos
        if pos < end, bytes[pos] == 0x27 { pos += 1 }
        report(.singleQuote, "strings use double quotes, not single quotes", SourceSpan(start: start, end: pos),
               hint: "write \"text\"")
        let inner = file.text(of: SourceSpan(start: start + 1, end: innerEnd))
        add(.string, from: start, value: .string([.text(inner)]))
    }
}
