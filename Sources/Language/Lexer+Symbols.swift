// Lexer+Symbols: operators and punctuation, longest match first, with hints for symbols
// other languages use (`//`, `!`, `&&`, `||`, `++`).
import Diagnostics

extension Lexer {
    mutating func scanSymbol() {
        let start = pos
        let c = bytes[pos]
        let next = peek(1)
        func two(_ second: UInt8, _ long: TokenKind, else short: TokenKind?) -> (TokenKind?, Int) {
            next == second ? (long, 2) : (short, 1)
        }
        let (kind, length): (TokenKind?, Int)
        switch c {
        case 0x28: (kind, length) = (.leftParen, 1)  // (
        case 0x29: (kind, length) = (.rightParen, 1)  // )
        case 0x5B: (kind, length) = (.leftBracket, 1)  // [
        case 0x5D: (kind, length) = (.rightBracket, 1)  // ]
        case 0x7B: (kind, length) = (.leftBrace, 1)  // {
        case 0x7D: (kind, length) = (.rightBrace, 1)  // }
        case 0x2C: (kind, length) = (.comma, 1)  // ,
        case 0x3A: (kind, length) = (.colon, 1)  // :
        case 0x3B: (kind, length) = (.semicolon, 1)  // ;
        case 0x25: (kind, length) = (.percent, 1)  // %
        case 0x40: (kind, length) = (.at, 1)  // @
        case 0x3D: (kind, length) = two(0x3D, .equalEqual, else: .equal)  // =
        case 0x3C: (kind, length) = two(0x3D, .lessEqual, else: .less)  // <
        case 0x3E: (kind, length) = two(0x3D, .greaterEqual, else: .greater)  // >
        case 0x21: (kind, length) = two(0x3D, .bangEqual, else: nil)  // !
        case 0x2D: (kind, length) = two(0x3D, .minusEqual, else: .minus)  // -
        case 0x2F: (kind, length) = two(0x3D, .slashEqual, else: .slash)  // /
        case 0x2B: (kind, length) = two(0x3D, .plusEqual, else: .plus)  // +
        case 0x2A:  // *
            (kind, length) = next == 0x2A ? (.starStar, 2) : two(0x3D, .starEqual, else: .star)
        case 0x2E:  // .
            if next == 0x2E, peek(2) == 0x3C {
                (kind, length) = (.dotDotLess, 3)
            } else if next == 0x2E, peek(2) == 0x2E {
                (kind, length) = (.dotDotDot, 3)
            } else {
                (kind, length) = (.dot, 1)
            }
        default: (kind, length) = (nil, 1)
        }
        if length == 1, scanForeignSymbol() { return }
        pos += length
        if let kind {
            add(kind, from: start)
            return
        }
        let text = file.text(of: SourceSpan(start: start, end: pos))
        report(.unexpectedCharacter, "unexpected character '\(text)'", SourceSpan(start: start, end: pos),
               hint: Lexer.characterHints[c])
    }

    static let characterHints: [UInt8: String] = [
        0x21: "Cajal writes `not x` for negation and `!=` for 'not equal'",
        0x26: "Cajal writes `and`",
        0x7C: "Cajal writes `or`",
        0x5E: "for powers write `**`",
        0x24: "names use the letters A-Z, a-z, digits and `_`",
        0x60: "strings use double quotes: \"text\"",
        0x3F: "Cajal has no `?` operator; use `if ... { } else { }`",
        0x7E: "Cajal has no `~` operator",
    ]

    func matches(_ spelling: StaticString) -> Bool {
        var i = pos
        var ok = true
        spelling.withUTF8Buffer { buffer in
            for b in buffer {
                guard i < end, bytes[i] == b else {
                    ok = false
                    return
                }
                i += 1
            }
        }
        return ok
    }

    /// Symbols from other languages (`//`, `&&`, `||`, `++`, a trailing `--`): reported with a
    /// hint; `&&`/`||` become `and`/`or` so parsing carries on, `++`/`--` are dropped.
    mutating func scanForeignSymbol() -> Bool {
        let start = pos
        let (c, next) = (bytes[pos], peek(1))
        guard c == next, [0x2F, 0x26, 0x7C, 0x2B,
                          0x2D].contains(c) else { return false }
        if c == 0x2F {
            skipToLineEnd()
            report(.doubleSlash, "`//` is not a comment or an operator in Cajal", SourceSpan(start: start, end: start + 2),
                   hint: "comments start with `#`; for floor division write floor(a / b)")
            return true
        }
        if c == 0x2D, isIdentifierPart(peek(2)) || peek(2) == 0x28 {
            return false  // `a--b` is `a - (-b)`
        }
        pos += 2
        let spelling = c == 0x26 ? "&&" : c == 0x7C ? "||" : c == 0x2B ? "++" : "--"
        let hints = ["&&": "Cajal writes `and` instead of `&&`", "||": "Cajal writes `or` instead of `||`",
                     "++": "Cajal has no `++`; write `x += 1`", "--": "Cajal has no `--`; write `x -= 1`"]
        report(.unexpectedCharacter, "unexpected '\(spelling)'", SourceSpan(start: start, end: pos), hint: hints[spelling])
        if c == 0x26 { add(.kwAnd, from: start) }
        if c == 0x7C { add(.kwOr, from: start) }
        return true
    }
}
