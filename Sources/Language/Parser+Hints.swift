// Parser+Hints: conditions, and the common mistakes the parser recognises and explains
// (`=` for `==`, a missing `{`, Python's `:` and `elif`, `def`/`function`, `print x`).
import Diagnostics

extension Parser {
    /// Parses the condition of `if`/`while`/`assert`. Outside parentheses `{` starts the block,
    /// not a record. `x = 1` here is reported as a likely `==` and read as one.
    mutating func condition(of keyword: String, allowRecords: Bool = false) throws -> Expr {
        let looksLikeRecord = check(.leftBrace) && peekKind(after: 1) == .identifier && peekKind(after: 2) == .colon
        if (check(.leftBrace) && !looksLikeRecord) || check(.newline) || check(.eof) {
            throw fail(.expectedExpression, "expected a condition after `\(keyword)`, found \(describe(peek()))",
                       peek().span, hint: "write the test before the block: \(keyword) x > 0 { ... }")
        }
        let cond = try allowRecords ? expression() : withoutRecords { try $0.expression() }
        if let eq = match(.equal) {
            let rhs = try withoutRecords { try $0.rangeExpr() }
            report(.assignmentInCondition, "`=` assigns; to compare in a condition use `==`", eq.span,
                   hint: "write `\(keyword) \(file.text(of: cond.span)) == \(file.text(of: rhs.span))`")
            return Expr(.binary(.equal, cond, rhs), span: cond.span.union(rhs.span))
        }
        if keyword != "assert", check(.colon) { throw failPythonColon(after: keyword) }
        return cond
    }

    /// Runs `body` with record literals disallowed (unless re-enabled by brackets inside).
    mutating func withoutRecords<T>(_ body: (inout Parser) throws -> T) throws -> T {
        let saved = allowRecord
        allowRecord = false
        defer { allowRecord = saved }
        return try body(&self)
    }

    /// Runs `body` with newlines insignificant and records allowed (inside brackets).
    mutating func bracketed<T>(_ body: (inout Parser) throws -> T) throws -> T {
        let saved = allowRecord
        allowRecord = true
        pushNewlines(significant: false)
        defer {
            allowRecord = saved
            popNewlines()
        }
        return try body(&self)
    }

    mutating func failPythonColon(after keyword: String) -> Failure {
        fail(.colonAfterCondition, "unexpected `:` after the `\(keyword)` header", peek().span,
             hint: "Cajal uses braces, not a colon: \(keyword) ... { ... }")
    }

    mutating func failMissingBrace(after context: String) -> Failure {
        let token = peek()
        if token.kind == .colon {
            return fail(.colonAfterCondition, "unexpected `:` after \(context)", token.span,
                        hint: "Cajal uses braces, not a colon: { ... }")
        }
        return fail(.missingBrace, "expected `{` after \(context), found \(describe(token))", token.span,
                    hint: "a block is written in braces: { ... }")
    }

    /// Something follows a complete statement on the same line.
    mutating func failStatementEnd(after s: Stmt) -> Failure {
        let token = tokens[index]
        var hint = "put each statement on its own line, or separate them with `;`"
        if case .expression(let e) = s.kind, case .variable(let v) = e.kind, startsExpression(token.kind) {
            hint = "to call '\(v.name)', put the arguments in parentheses: \(v.name)(...)"
        } else if case .assign = s.kind, token.kind == .equal {
            hint = "Cajal has no chained assignment; assign each name on its own line"
        } else if token.kind == .equal, case .expression = s.kind {
            hint = "only a name (x), a field (r.f) or an element (A[i]) can be assigned to"
        }
        hint = habitHint(token) ?? hint
        return fail(.expectedStatementEnd, "expected a newline or `;` after the statement, found \(describe(token))",
                    token.span, hint: hint)
    }

    /// A hint when `token` shows another language's habit just before it: Python's f-string
    /// prefix (`f"value {x}"`) or `lambda v: …`.
    func habitHint(_ token: Token) -> String? {
        guard index > 0, index < tokens.count, tokens[index].span == token.span else { return nil }
        let previous = tokens[index - 1]
        guard previous.kind == .identifier else { return nil }
        let word = text(previous)
        if token.kind == .string, ["f", "F", "r", "b"].contains(word), previous.span.end == token.span.start {
            return "Cajal strings interpolate by themselves: write \"value {x}\", without the \(word)"
        }
        if word == "lambda" {
            return "anonymous functions are written fn(v) = v + 1, not lambda v: v + 1"
        }
        return nil
    }

    func startsExpression(_ kind: TokenKind) -> Bool {
        [.number, .string, .identifier, .kwTrue, .kwFalse, .kwNil, .leftBracket].contains(kind)
    }

    /// Statements spelt as in another language: `def f(x):`, `function f(x)`, a stray `elif`.
    mutating func foreignStatement() throws -> Stmt? {
        let token = peek()
        let word = text(token)
        if ["def", "function", "func", "fun"].contains(word), peekKind(after: 1) == .identifier {
            report(.functionKeyword, "'\(word)' is not a keyword", token.span,
                   hint: "functions are declared with `fn`: fn name(x) { ... }")
            return try fnDecl()
        }
        if ["elif", "elseif", "elsif"].contains(word) {
            throw fail(.elifSpelling, "'\(word)' is not a keyword", token.span,
                       hint: "Cajal spells it `else if`, right after the `}` of the if block")
        }
        return nil
    }
}
