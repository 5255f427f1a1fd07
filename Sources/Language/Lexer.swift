// Lexer: source bytes to tokens. Comments and blanks vanish; line breaks become `.newline`
// tokens (consecutive ones collapsed) that the parser treats as statement ends where they
// matter. Every problem is a located diagnostic; the lexer never stops early.
//
// Bytes are written as hex literals (0x22 is `"`, 0x7B is `{`): `UInt8(ascii:)` is a function
// call in debug builds, and the lexer is the hottest loop of the front end.
import Diagnostics

public struct Lexer {
    let file: SourceFile
    let bytes: [UInt8]
    var pos: Int
    let end: Int
    public internal(set) var tokens: [Token] = []
    public internal(set) var diagnostics: [Diagnostic] = []
    /// Errors found after `diagnostics` reached its cap: counted, not kept.
    var unstored = 0
    let invalidOffsets: Set<Int>

    /// Lexes `file` (or only `range` of it, for an interpolated expression).
    public init(file: SourceFile, range: Range<Int>? = nil) {
        self.file = file
        self.bytes = file.bytes
        self.pos = range?.lowerBound ?? 0
        self.end = range?.upperBound ?? file.bytes.count
        self.invalidOffsets = Set(file.invalidUTF8.map(\.offset))
    }

    /// Lexes a whole file: tokens ending in `.eof`, and diagnostics (invalid UTF-8 first).
    public static func tokenize(_ file: SourceFile) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        var lexer = Lexer(file: file)
        let invalid = file.invalidUTF8
        lexer.unstored = max(0, invalid.count - 2 * Diagnostic.errorLimit)
        lexer.diagnostics = invalid.prefix(2 * Diagnostic.errorLimit).map { bad in
            Diagnostic(id: .invalidUTF8, message: "invalid UTF-8 byte 0x\(hex(bad.byte)) in the file",
                       file: file, span: SourceSpan(start: bad.offset, end: bad.offset + 3),
                       hint: "save the file as UTF-8 text")
        }
        lexer.run()
        return (lexer.tokens, lexer.diagnostics.cappedErrors(unstored: lexer.unstored))
    }

    /// Scans to the end of the range, appending tokens and a final `.eof`.
    public mutating func run() {
        while pos < end { scanToken() }
        // The end of input sits right after the last token, so "found the end of the input"
        // points at the line that is unfinished, not at a blank line after it.
        let last = tokens.last { $0.kind != .newline }?.span.end ?? (end > 0 ? end : 0)
        tokens.append(Token(kind: .eof, span: .point(last)))
    }

    mutating func scanToken() {
        let start = pos
        let c = bytes[pos]
        switch c {
        case 0x20, 0x09, 0x0D: pos += 1  //   \t \r
        case 0x0A:  // \n
            pos += 1
            if tokens.last?.kind != .newline { add(.newline, from: start) }
        case 0x23: skipToLineEnd()  // #
        case 0x30...0x39: scanNumber()  // 0 9
        case 0x22: scanString()  // "
        case 0x27: scanSingleQuoted()  // '
        case _ where isIdentifierStart(c): scanIdentifier()
        case 0x80...0xFF: scanNonASCII()  // 0x80 0xFF
        default: scanSymbol()
        }
    }

    mutating func add(_ kind: TokenKind, from start: Int, value: TokenValue = .none) {
        tokens.append(Token(kind: kind, span: SourceSpan(start: start, end: pos), value: value))
    }

    mutating func report(_ id: DiagnosticID, _ message: String, _ span: SourceSpan, hint: String? = nil) {
        // Past the cap errors are only counted (`tokenize` says how many were left out).
        guard diagnostics.count < 2 * Diagnostic.errorLimit else { unstored += 1; return }
        diagnostics.append(Diagnostic(id: id, message: message, file: file, span: span, hint: hint))
    }

    func peek(_ offset: Int = 0) -> UInt8 {
        pos + offset < end ? bytes[pos + offset] : 0
    }

    mutating func skipToLineEnd() {
        while pos < end, bytes[pos] != 0x0A { pos += 1 }
    }

    mutating func scanIdentifier() {
        let start = pos
        while pos < end, isIdentifierPart(bytes[pos]) { pos += 1 }
        let text = String(decoding: bytes[start..<pos], as: UTF8.self)
        add(TokenKind.keywords[text] ?? .identifier, from: start)
    }

    /// number = digits [ "." digits ] [ ("e" | "E") ["+" | "-"] digits ], digits may hold `_`.
    mutating func scanNumber() {
        let start = pos
        var ok = scanDigits()
        if peek() == 0x2E, isDigit(peek(1)) {
            pos += 1
            ok = scanDigits() && ok
        }
        if peek() == 0x65 || peek() == 0x45 {
            let save = pos
            pos += 1
            if peek() == 0x2B || peek() == 0x2D { pos += 1 }
            if isDigit(peek()) {
                ok = scanDigits() && ok
            } else if isIdentifierStart(peek()) {
                pos = save  // `2e` followed by a name: let the parser complain about `2 ex`
            } else {
                ok = false
            }
        }
        let text = String(decoding: bytes[start..<pos].filter { $0 != 0x5F }, as: UTF8.self)
        let value = Double(text)
        if !ok || value == nil {
            report(.malformedNumber, "malformed number '\(file.text(of: SourceSpan(start: start, end: pos)))'",
                   SourceSpan(start: start, end: pos),
                   hint: "numbers look like 12, 1.5, 1e-3 or 1_000 (an underscore only between digits)")
        }
        add(.number, from: start, value: .number(value ?? 0))
    }

    /// Scans digits with single underscores between them; false when an underscore is misplaced.
    mutating func scanDigits() -> Bool {
        var ok = true
        var last: UInt8 = 0x5F  // _
        while pos < end, isDigit(bytes[pos]) || bytes[pos] == 0x5F {
            if bytes[pos] == 0x5F, last == 0x5F { ok = false }
            last = bytes[pos]
            pos += 1
        }
        return ok && last != 0x5F
    }

    mutating func scanNonASCII() {
        let start = pos
        pos += 1
        while pos < end, bytes[pos] & 0xC0 == 0x80 { pos += 1 }
        if invalidOffsets.contains(start) { return }  // reported once, up front
        let text = file.text(of: SourceSpan(start: start, end: pos))
        report(.unexpectedCharacter, "unexpected character '\(text)'", SourceSpan(start: start, end: pos),
               hint: "names use the letters A-Z, a-z, digits and `_`; other text belongs in a string")
    }
}

func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

func isIdentifierStart(_ c: UInt8) -> Bool {
    (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A)
        || c == 0x5F
}

func isIdentifierPart(_ c: UInt8) -> Bool { isIdentifierStart(c) || isDigit(c) }

func hex(_ b: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(b >> 4)], digits[Int(b & 15)]])
}
