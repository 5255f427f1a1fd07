// LexerTests: tokens for each lexical form, and the lexer's own diagnostics.
import Diagnostics
import Testing

@testable import Language

func lex(_ source: String) -> (tokens: String, errors: String) {
    let file = SourceFile(name: "lex.cajal", text: source)
    let (tokens, diagnostics) = Lexer.tokenize(file)
    return (TokenPrinter.print(tokens, file: file), DiagnosticRenderer().render(diagnostics))
}

func kinds(_ source: String) -> [TokenKind] {
    Lexer.tokenize(SourceFile(name: "lex.cajal", text: source)).tokens.map(\.kind)
}

@Test func tokenPrinterShowsEveryKindOfToken() throws {
    let source = """
    let x = 1_000 + 2.5e-3 # comment
    fn f(a, b: 2) = a ** b
    print("total {x:.2f}\\n", A[:, 0], 0..<4, 1...4)
    if not done and x >= 1 or y != 2 { r.lr -= 1 }
    """
    let (tokens, errors) = lex(source)
    #expect(errors.isEmpty)
    try snapshot(tokens, "lexer-all-token-kinds")
}

@Test func numbersInEveryForm() {
    let tokens = Lexer.tokenize(SourceFile(name: "n", text: "12 1.5 1e-3 0.5e2 1_000 2E+2")).tokens
    let values = tokens.compactMap { if case .number(let d) = $0.value { d } else { nil } }
    #expect(values == [12, 1.5, 0.001, 50, 1000, 200])
}

@Test func aDotAfterANumberIsNotAFractionUnlessADigitFollows() {
    #expect(kinds("1...4") == [.number, .dotDotDot, .number, .eof])
    #expect(kinds("0..<4") == [.number, .dotDotLess, .number, .eof])
    #expect(kinds("3.double") == [.number, .dot, .identifier, .eof])
}

@Test func consecutiveLineBreaksAndCommentsMakeOneNewline() {
    #expect(kinds("a\n\n# note\n\nb") == [.identifier, .newline, .identifier, .eof])
}

@Test func keywordsAreNotNames() {
    let words = kinds("let var fn return if else for in while break continue true false nil and or not import assert")
    #expect(words.dropLast().allSatisfy { $0.isKeyword })
    #expect(TokenKind.keywords.count == 19)
    #expect(kinds("lettuce iffy") == [.identifier, .identifier, .eof])
}

@Test func stringEscapesAndInterpolationSegments() {
    let file = SourceFile(name: "s", text: #""a\tb\"c\{d\} {x + 1} and {y:>8}""#)
    let token = Lexer.tokenize(file).tokens[0]
    guard case .string(let segments) = token.value else {
        Issue.record("not a string")
        return
    }
    #expect(segments.count == 4)
    #expect(segments[0] == .text("a\tb\"c{d} "))
    if case .code(let span, let format) = segments[1] {
        #expect(file.text(of: span) == "x + 1")
        #expect(format == nil)
    }
    if case .code(let span, let format) = segments[3] {
        #expect(file.text(of: span) == "y")
        #expect(format == ">8")
    }
}

@Test func interpolationMayHoldBracketsColonsAndStrings() {
    let file = SourceFile(name: "s", text: #""{A[:, 0]} {f("}")} {r:.3f}""#)
    let (tokens, diagnostics) = Lexer.tokenize(file)
    #expect(diagnostics.isEmpty)
    guard case .string(let segments) = tokens[0].value else { return }
    let codes = segments.compactMap { s -> String? in
        if case .code(let span, let f) = s { return file.text(of: span) + (f.map { ":" + $0 } ?? "") }
        return nil
    }
    #expect(codes == ["A[:, 0]", #"f("}")"#, "r:.3f"])
}

@Test func tripleQuotedStringsSpanLinesAndDropTheFirstLineBreak() {
    let tokens = Lexer.tokenize(SourceFile(name: "s", text: "\"\"\"\nline 1\nline 2\"\"\"")).tokens
    #expect(tokens[0].value == .string([.text("line 1\nline 2")]))
}

@Test func invalidUTF8IsReportedAtItsPlaceAndLexingGoesOn() throws {
    let file = SourceFile(name: "bad.cajal", bytes: Array("let a = 1\nlet b = \"".utf8) + [0xFF, 0xC3] + Array("\"\nlet c = 3".utf8))
    let (tokens, diagnostics) = Lexer.tokenize(file)
    #expect(diagnostics.count == 2)
    #expect(diagnostics.allSatisfy { $0.id == .invalidUTF8 && $0.location?.line == 2 })
    #expect(tokens.filter { $0.kind == .kwLet }.count == 3)
    try snapshot(DiagnosticRenderer().render(diagnostics), "lexer-invalid-utf8")
}

@Test func lexerErrorsCarryHints() throws {
    let (_, errors) = lex("a // b\nc = 'x'\nd = 1e\ne = 1__0\nf = $\ng = \"\\q\"\nh = \"{}\"\ni = \"open\nj = !k && l")
    try snapshot(errors, "lexer-errors")
}

@Test func theLexerNeverStopsEarly() {
    let tokens = Lexer.tokenize(SourceFile(name: "s", text: "$ $ $ x")).tokens
    #expect(tokens.map(\.kind) == [.identifier, .eof])
}
