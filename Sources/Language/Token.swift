// Token: the lexer's output, one word or symbol of a program with its place, and the token
// printer used by tests and the REPL's `:tokens`.
import Diagnostics

public enum TokenKind: String, Sendable, CaseIterable {
    case number, string, identifier, newline, eof

    case kwLet = "let", kwVar = "var", kwFn = "fn", kwReturn = "return", kwIf = "if"
    case kwElse = "else", kwFor = "for", kwIn = "in", kwWhile = "while", kwBreak = "break"
    case kwContinue = "continue", kwTrue = "true", kwFalse = "false", kwNil = "nil"
    case kwAnd = "and", kwOr = "or", kwNot = "not", kwImport = "import", kwAssert = "assert"

    case leftParen = "(", rightParen = ")", leftBracket = "[", rightBracket = "]"
    case leftBrace = "{", rightBrace = "}", comma = ",", dot = ".", colon = ":"
    case semicolon = ";", equal = "=", plusEqual = "+=", minusEqual = "-=", starEqual = "*="
    case slashEqual = "/=", plus = "+", minus = "-", star = "*", slash = "/", percent = "%"
    case at = "@", starStar = "**", equalEqual = "==", bangEqual = "!=", less = "<"
    case lessEqual = "<=", greater = ">", greaterEqual = ">=", dotDotLess = "..<"
    case dotDotDot = "..."

    /// The reserved words, by spelling.
    public static let keywords: [String: TokenKind] = Dictionary(
        uniqueKeysWithValues: allCases.filter(\.isKeyword).map { ($0.rawValue, $0) })

    public var isKeyword: Bool { String(describing: self).hasPrefix("kw") }

    /// How the token is named in messages: "`)`", "keyword 'in'", "a number".
    public var display: String {
        switch self {
        case .number: "a number"
        case .string: "a string"
        case .identifier: "a name"
        case .newline: "a newline"
        case .eof: "the end of the input"
        default: isKeyword ? "keyword '\(rawValue)'" : "`\(rawValue)`"
        }
    }
}

/// A piece of a string literal as lexed: literal text (escapes applied), or the source span
/// of an interpolated expression with its optional format spec.
public enum StringSegment: Sendable, Equatable {
    case text(String)
    case code(SourceSpan, format: String?)
}

public enum TokenValue: Sendable, Equatable {
    case none
    case number(Double)
    case string([StringSegment])
}

public struct Token: Sendable {
    public var kind: TokenKind
    public var span: SourceSpan
    public var value: TokenValue

    public init(kind: TokenKind, span: SourceSpan, value: TokenValue = .none) {
        self.kind = kind
        self.span = span
        self.value = value
    }
}

/// Prints tokens one per line: `line:col kind text`.
public enum TokenPrinter {
    public static func print(_ tokens: [Token], file: SourceFile) -> String {
        tokens.map { token in
            let loc = file.location(of: token.span.start)
            var line = "\(loc) \(token.kind.isKeyword ? "keyword" : token.kind.rawValue)"
            switch token.value {
            case .number(let d): line += " \(formatNumber(d))"
            case .string(let segments): line += " " + segments.map(describe).joined(separator: " ")
            case .none:
                if token.kind == .identifier || token.kind.isKeyword { line += " \(file.text(of: token.span))" }
            }
            return line
        }.joined(separator: "\n")
    }

    private static func describe(_ segment: StringSegment) -> String {
        switch segment {
        case .text(let s): quote(s)
        case .code(let span, let format): "{\(span)\(format.map { ":" + $0 } ?? "")}"
        }
    }
}

/// Shows a number as a learner wrote it: integral values without `.0`.
func formatNumber(_ d: Double) -> String {
    if d.isFinite, d == d.rounded(), abs(d) < 1e16 { return String(Int64(d)) }
    return String(d)
}

/// A string in double quotes with `\n`, `\t`, `\\`, `\"` escaped.
func quote(_ s: String) -> String {
    var out = "\""
    for c in s.unicodeScalars {
        switch c {
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\\": out += "\\\\"
        case "\"": out += "\\\""
        default: out.unicodeScalars.append(c)
        }
    }
    return out + "\""
}
