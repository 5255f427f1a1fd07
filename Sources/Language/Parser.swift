// Parser: tokens to a syntax tree by recursive descent, one function per rule of
// grammar/cajal.ebnf (named like the rule, the rule in its doc comment). This file holds the
// token cursor, newline handling, error reporting and recovery; the rules are in
// Parser+Statements, Parser+Expressions and Parser+Primary.
//
// Newlines end statements, except inside `( )`, `[ ]`, a record literal `{a: 1}`, and right after
// a binary operator or a comma: a stack of modes says whether a newline counts right now.
// On a syntax error the statement being parsed is abandoned and parsing resumes at the next
// statement boundary (jlox's synchronize), so every syntax error in a file is reported.
import Diagnostics

public struct Parser {
    let file: SourceFile
    var tokens: [Token]
    var index = 0
    public internal(set) var diagnostics: [Diagnostic] = []
    /// Do newlines end statements here? (`newlinesCount` caches the top of `newlineModes`.)
    var newlineModes: [Bool] = [true] {
        didSet { newlinesCount = newlineModes.last ?? true }
    }
    var newlinesCount = true
    /// False while parsing a condition or a for-loop's iterable, where `{` starts the block.
    var allowRecord = true
    /// How many syntax errors are "the input stopped too soon" (an unclosed bracket or block,
    /// a missing operand at the end): more input could fix those. See `Completeness`.
    public internal(set) var endOfInputErrors = 0
    /// Errors found after `diagnostics` reached its cap: counted, not kept.
    var unstored = 0

    /// How deeply expressions and blocks nest right now, and the most allowed (the parser and
    /// the resolver recurse once per level; this keeps both far from the thread's stack limit).
    var depth = 0
    static let maxDepth = 100
    /// The tallest expression tree allowed. A chain `1 + 1 + … + 1` or `f()()…()` is built in a
    /// loop, not by recursion, so `maxDepth` does not bound it; the later phases recurse once
    /// per level of the tree, so its height is bounded here (a 100,000-term sum is an error).
    /// At about 2.6 KB of stack per level, 2,000 levels fit the REPL's 8 MiB main thread.
    static let maxHeight = 2_000

    /// Thrown to abandon the current statement; its diagnostic is already recorded.
    struct Failure: Error {}

    public init(file: SourceFile, tokens: [Token]) {
        self.file = file
        self.tokens = tokens.isEmpty || tokens.last?.kind != .eof
            ? tokens + [Token(kind: .eof, span: .point(file.bytes.count))] : tokens
    }

    /// Lexes and parses a whole file: the tree and every lexical and syntax diagnostic.
    public static func parse(_ file: SourceFile) -> (Program, [Diagnostic]) {
        let (tokens, lexDiagnostics) = Lexer.tokenize(file)
        var parser = Parser(file: file, tokens: tokens)
        let statements = parser.program()
        // A syntax error right after a lexical error on the same line is its echo: drop it.
        let kept = parser.diagnostics.filter { p in
            !lexDiagnostics.contains { l in
                guard let ls = l.span, let ps = p.span else { return false }
                return ls.start <= ps.start && file.lineIndex(of: ls.start) == file.lineIndex(of: ps.start)
            }
        }
        let all = (lexDiagnostics + kept).sorted { ($0.span?.start ?? 0) < ($1.span?.start ?? 0) }
        return (Program(file: file, statements: statements), all.cappedErrors(unstored: parser.unstored))
    }

    // MARK: - Token cursor

    /// Skips newline tokens when they do not count in the current mode.
    mutating func skipInsignificantNewlines() {
        if !newlinesCount {
            while tokens[index].kind == .newline { index += 1 }
        }
    }

    mutating func peek() -> Token {
        skipInsignificantNewlines()
        return tokens[index]
    }

    mutating func peekKind() -> TokenKind {
        skipInsignificantNewlines()
        return tokens[index].kind
    }

    /// The kind of the token after the next one (newlines count as tokens here).
    mutating func peekKind(after offset: Int) -> TokenKind {
        skipInsignificantNewlines()
        var i = index
        for _ in 0..<offset where tokens[i].kind != .eof { i += 1 }
        return tokens[i].kind
    }

    @discardableResult
    mutating func advance() -> Token {
        skipInsignificantNewlines()
        let token = tokens[index]
        if token.kind != .eof { index += 1 }
        return token
    }

    mutating func check(_ kind: TokenKind) -> Bool { peekKind() == kind }

    mutating func match(_ kind: TokenKind) -> Token? {
        check(kind) ? advance() : nil
    }

    /// Skips line breaks (after an operator or a comma, before a block's `{`).
    mutating func skipNewlines() {
        while tokens[index].kind == .newline { index += 1 }
    }

    /// The span of the last consumed token.
    var previousSpan: SourceSpan { index > 0 ? tokens[index - 1].span : .point(0) }

    func text(_ token: Token) -> String { file.text(of: token.span) }

    /// Consumes a token of `kind` or fails with "expected X".
    @discardableResult
    mutating func expect(_ kind: TokenKind, _ what: String, hint: String? = nil) throws -> Token {
        if let token = match(kind) { return token }
        throw failExpected(what, hint: hint)
    }

    /// Consumes a name, failing with a keyword-specific message when a keyword stands there.
    mutating func expectName(_ what: String) throws -> Token {
        let token = peek()
        if token.kind == .identifier { return advance() }
        if token.kind.isKeyword {
            throw fail(.keywordAsName, "expected \(what), got keyword '\(token.kind.rawValue)'", token.span,
                       hint: "'\(token.kind.rawValue)' is reserved; pick another name, like '\(token.kind.rawValue)_'")
        }
        throw failExpected(what)
    }

    /// Enters one level of nesting, failing past `maxDepth`.
    mutating func enterNesting() throws {
        if depth >= Parser.maxDepth {
            throw fail(.nestingTooDeep, "nested too deeply (more than \(Parser.maxDepth) levels)", peek().span,
                       hint: "split the expression into smaller parts with `let`")
        }
        depth += 1
    }

    /// Fails when `e`, just built by a chain at `token`, is taller than `maxHeight`.
    mutating func checkHeight(_ e: Expr, at token: SourceSpan) throws {
        if e.height > Parser.maxHeight {
            throw fail(.nestingTooDeep, "nested too deeply (an expression more than \(Parser.maxHeight) levels deep)", token,
                       hint: "split the expression into smaller parts with `let`, or build it in a loop")
        }
    }

    // MARK: - Modes

    mutating func pushNewlines(significant: Bool) { newlineModes.append(significant) }
    mutating func popNewlines() { newlineModes.removeLast() }

    // MARK: - Errors

    mutating func report(_ id: DiagnosticID, _ message: String, _ span: SourceSpan, hint: String? = nil) {
        // Past the cap errors are only counted (`Parser.parse` says how many were left out).
        guard diagnostics.count < 2 * Diagnostic.errorLimit else { unstored += 1; return }
        diagnostics.append(Diagnostic(id: id, message: message, file: file, span: span, hint: hint ?? juxtaposedNumberHint(at: span)))
    }

    /// `2H` (a number written against a name, as in maths) when the error sits at that name:
    /// "write `2 * H`".
    func juxtaposedNumberHint(at span: SourceSpan) -> String? {
        guard index > 0, index < tokens.count, tokens[index].span == span, tokens[index].kind == .identifier,
              tokens[index - 1].kind == .number, tokens[index - 1].span.end == span.start else { return nil }
        let number = file.text(of: tokens[index - 1].span), name = file.text(of: span)
        return "write `\(number) * \(name)`: a number written against a name does not multiply it"
    }

    mutating func fail(_ id: DiagnosticID, _ message: String, _ span: SourceSpan, hint: String? = nil) -> Failure {
        report(id, message, span, hint: hint)
        return Failure()
    }

    /// True when `token` is a statement keyword on a later line than the last consumed token:
    /// the bracket before it was most likely left open.
    func startsLaterStatement(_ token: Token) -> Bool {
        guard Parser.statementKeywords.contains(token.kind) else { return false }
        var i = index - 1
        while i > 0, tokens[i].kind == .newline { i -= 1 }
        return i >= 0 && file.lineIndex(of: token.span.start) > file.lineIndex(of: tokens[i].span.start)
    }

    /// "expected X, found Y" at the next token.
    mutating func failExpected(_ what: String, hint: String? = nil) -> Failure {
        let token = peek()
        if token.kind == .eof { endOfInputErrors += 1 }
        return fail(.expectedToken, "expected \(what), found \(describe(token))", token.span, hint: habitHint(token) ?? hint)
    }

    /// Consumes the bracket closing `open`. At the end of input the error points at `open`
    /// ("unclosed `(`"); elsewhere it says what was expected in `context` ("`,` or `)` in the
    /// argument list").
    @discardableResult
    mutating func expectClose(_ kind: TokenKind, open: Token, in context: String?, hint: String? = nil) throws -> Token {
        if let token = match(kind) { return token }
        if check(.eof) || startsLaterStatement(peek()) {
            if check(.eof) { endOfInputErrors += 1 }
            throw fail(.unclosedBracket, "unclosed `\(open.kind.rawValue)`", open.span,
                       hint: "add `\(kind.rawValue)` to close it")
        }
        throw failExpected(context.map { "`,` or `\(kind.rawValue)` in \($0)" } ?? "`\(kind.rawValue)`", hint: hint)
    }

    /// How a token is named in a message: "`)`", "keyword 'in'", "name 'x'", "the end of the input".
    func describe(_ token: Token) -> String {
        switch token.kind {
        case .identifier: "name '\(Parser.shortened(text(token)))'"
        case .number: "number \(Parser.shortened(text(token)))"
        default: token.kind.display
        }
    }

    /// A token's text for a message, cut to 40 characters (a name may be a megabyte long).
    static func shortened(_ s: String) -> String {
        s.count > 40 ? s.prefix(37) + "…" : s
    }

    // MARK: - Recovery

    static let statementKeywords: Set<TokenKind> = [
        .kwLet, .kwVar, .kwFn, .kwIf, .kwWhile, .kwFor, .kwReturn, .kwImport, .kwAssert, .kwBreak, .kwContinue,
    ]

    /// Skips to the next statement boundary: past a newline or `;` outside braces, or to a `}`
    /// closing the enclosing block, or to a statement keyword that starts a line.
    mutating func synchronize(from start: Int) {
        if index == start, tokens[index].kind != .rightBrace, tokens[index].kind != .eof { index += 1 }
        var depth = 0
        while tokens[index].kind != .eof {
            let kind = tokens[index].kind
            switch kind {
            case .leftBrace: depth += 1
            case .rightBrace:
                if depth == 0 { return }
                depth -= 1
            case .newline, .semicolon:
                if depth == 0 {
                    index += 1
                    return
                }
            default:
                if depth == 0, Parser.statementKeywords.contains(kind), index > 0,
                    tokens[index - 1].kind == .newline { return }
            }
            index += 1
        }
    }
}
