// Lexer+Symbols: operators and punctuation, longest match first, with hints for symbols
// other languages use (`//`, `!`, `&&`, `||`, `++`).
import Diagnostics

extension Lexer {
    /// Symbols by spelling, longest first so that `..<` wins over `.`.
    static let symbols: [(String, TokenKind)] = TokenKind.allCases
        .filter { !$0.isKeyword && ![.number, .string, .identifier, .newline, .eof].contains($0) }
        .map { ($0.rawValue, $0) }
        .sorted { $0.0.utf8.count > $1.0.utf8.count }

    mutating func scanSymbol() {
        let start = pos
        if scanForeignSymbol() { return }
        for (spelling, kind) in Lexer.symbols where matches(spelling) {
            pos += spelling.utf8.count
            add(kind, from: start)
            return
        }
        pos += 1
        let text = file.text(of: SourceSpan(start: start, end: pos))
        report(.unexpectedCharacter, "unexpected character '\(text)'", SourceSpan(start: start, end: pos),
               hint: Lexer.characterHints[bytes[start]])
    }

    static let characterHints: [UInt8: String] = [
        UInt8(ascii: "!"): "Cajal writes `not x` for negation and `!=` for 'not equal'",
        UInt8(ascii: "&"): "Cajal writes `and`",
        UInt8(ascii: "|"): "Cajal writes `or`",
        UInt8(ascii: "^"): "for powers write `**`",
        UInt8(ascii: "$"): "names use the letters A-Z, a-z, digits and `_`",
        UInt8(ascii: "`"): "strings use double quotes: \"text\"",
        UInt8(ascii: "?"): "Cajal has no `?` operator; use `if ... { } else { }`",
        UInt8(ascii: "~"): "Cajal has no `~` operator",
    ]

    func matches(_ spelling: String) -> Bool {
        var i = pos
        for b in spelling.utf8 {
            guard i < end, bytes[i] == b else { return false }
            i += 1
        }
        return true
    }

    /// Symbols from other languages: report with a hint and emit what was probably meant.
    mutating func scanForeignSymbol() -> Bool {
        let start = pos
        if matches("//") {
            skipToLineEnd()
            report(.doubleSlash, "`//` is not a comment or an operator in Cajal", SourceSpan(start: start, end: start + 2),
                   hint: "comments start with `#`; for floor division write floor(a / b)")
            return true
        }
        let replacements: [(String, TokenKind, String)] = [
            ("&&", .kwAnd, "Cajal writes `and` instead of `&&`"),
            ("||", .kwOr, "Cajal writes `or` instead of `||`"),
            ("++", .plusEqual, "Cajal has no `++`; write `x += 1`"),
            ("--", .minusEqual, "Cajal has no `--`; write `x -= 1`"),
        ]
        for (spelling, kind, hint) in replacements where matches(spelling) {
            if spelling == "--", isIdentifierPart(peek(2)) || peek(2) == UInt8(ascii: "(") {
                return false  // `a--b` is `a - (-b)`
            }
            pos += 2
            report(.unexpectedCharacter, "unexpected '\(spelling)'", SourceSpan(start: start, end: pos), hint: hint)
            if kind == .plusEqual || kind == .minusEqual {
                return true  // `x++` as a statement: drop it (the error is reported)
            }
            add(kind, from: start)
            return true
        }
        return false
    }
}
