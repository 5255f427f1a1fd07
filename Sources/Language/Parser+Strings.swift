// Parser+Strings: string literals, whose `{expr:spec}` interpolations are lexed and parsed
// as expressions in place (their spans point into the same file).
import Diagnostics

extension Parser {
    /// stringLiteral = STRING ;
    /// (Interpolations inside are parsed with `expression`.)
    mutating func stringLiteral() throws -> Expr {
        let token = advance()
        guard case .string(let segments) = token.value else { return Expr(.string(""), span: token.span) }
        if segments.count == 1, case .text(let s) = segments[0] { return Expr(.string(s), span: token.span) }
        var parts: [StringPart] = []
        for segment in segments {
            switch segment {
            case .text(let s): parts.append(.literal(s))
            case .code(let span, let format):
                if let e = interpolation(span) { parts.append(.interpolation(e, format: format)) }
            }
        }
        return Expr(.interpolated(parts), span: token.span)
    }

    /// Parses the expression inside `{...}`; nil (with diagnostics) when it is not one.
    mutating func interpolation(_ span: SourceSpan) -> Expr? {
        var lexer = Lexer(file: file, range: span.start..<span.end)
        lexer.run()
        diagnostics.append(contentsOf: lexer.diagnostics)
        var inner = Parser(file: file, tokens: lexer.tokens)
        inner.newlineModes = [false]
        inner.depth = depth + 1
        defer { diagnostics.append(contentsOf: inner.diagnostics) }
        do {
            let e = try inner.expression()
            if !inner.check(.eof) {
                let extra = inner.peek()
                inner.report(.badInterpolation, "unexpected \(inner.describe(extra)) in a `{...}` interpolation",
                             extra.span, hint: "an interpolation holds one expression, like {x + 1} or {loss:.4f}")
                return nil
            }
            return lexer.diagnostics.isEmpty ? e : nil
        } catch {
            return nil
        }
    }
}
