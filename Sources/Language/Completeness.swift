// Completeness: is this input a whole program yet? The REPL asks before running a line (to
// show a continuation prompt) and a Jupyter kernel answers `is_complete_request` with it.
import Diagnostics

public enum Completeness: String, Sendable {
    /// Parses cleanly: run it.
    case complete
    /// Ends inside an open bracket, block or `"""` string, or right after an operator: wait for
    /// more lines.
    case incomplete
    /// Has a syntax error that more input cannot fix: run it to show the error.
    case invalid

    /// Classifies `source`. Only problems at the very end of the input (an unclosed `{`, `(`,
    /// `[` or `"""`, a missing operand at the end) count as incomplete.
    public static func check(_ source: String) -> Completeness {
        let file = SourceFile(name: "<input>", text: source)
        let (tokens, lexical) = Lexer.tokenize(file)
        var parser = Parser(file: file, tokens: tokens)
        _ = parser.program()
        if lexical.isEmpty, parser.diagnostics.isEmpty { return .complete }
        let end = file.bytes.count
        let lexicalAtEnd = lexical.allSatisfy { d in
            guard let span = d.span else { return false }
            if d.id == .unterminatedString { return span.end >= end && file.text(of: span).hasPrefix("\"\"\"") }
            if d.id == .badInterpolation, d.message.hasPrefix("unterminated") {
                return stringStillOpen(file.bytes, at: span.start)
            }
            return false
        }
        let syntaxAtEnd = parser.diagnostics.count == parser.endOfInputErrors
        return lexicalAtEnd && syntaxAtEnd ? .incomplete : .invalid
    }

    /// True when an unterminated `{` in a string sits inside a `"""` string left open.
    static func stringStillOpen(_ bytes: [UInt8], at offset: Int) -> Bool {
        var quotes = 0
        var i = 0
        while i + 2 < offset {
            if bytes[i] == 0x22, bytes[i + 1] == 0x22, bytes[i + 2] == 0x22 {
                quotes += 1
                i += 3
            } else {
                i += 1
            }
        }
        return quotes % 2 == 1
    }
}
