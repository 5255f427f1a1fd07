// Parser+Primary: postfix forms (calls, indexing, fields, methods) and the primary
// expressions: literals, names, groups, bracket and record literals, anonymous functions.
import Diagnostics

extension Parser {
    /// postfix = primary { arguments | indexSuffix | "." NAME [ arguments ] } ;
    mutating func postfix() throws -> Expr {
        var e = try primary()
        while true {
            try checkHeight(e, at: previousSpan)
            switch tokens[index].kind {  // a newline ends the chain where newlines count
            case .leftParen:
                let args = try arguments()
                e = Expr(.call(e, args), span: e.span.union(previousSpan))
            case .leftBracket:
                let items = try indexSuffix()
                e = Expr(.index(e, items), span: e.span.union(previousSpan))
            case .dot:
                advance()
                let nameToken = try expectName("a field or method name after `.`")
                let name = Name(text(nameToken), span: nameToken.span)
                if tokens[index].kind == .leftParen {
                    let args = try arguments()
                    let call = MethodCall(receiver: e, name: name, arguments: args)
                    e = Expr(.methodCall(call), span: e.span.union(previousSpan))
                } else {
                    e = Expr(.field(e, name), span: e.span.union(name.span))
                }
            case .newline where !newlinesCount:
                skipInsignificantNewlines()
            default:
                return e
            }
        }
    }

    /// arguments = "(" [ argument { "," argument } [ "," ] ] ")" ;
    mutating func arguments() throws -> [Argument] {
        try bracketed { p in
            let open = try p.expect(.leftParen, "`(`")
            var args: [Argument] = []
            var sawNamed = false
            while !p.check(.rightParen), !p.check(.eof) {
                let arg = try p.argument()
                if arg.label != nil {
                    sawNamed = true
                } else if sawNamed {
                    p.report(.positionalAfterNamed, "positional argument after a named one", arg.value.span,
                             hint: "put positional arguments first: f(1, 2, name: 3)")
                }
                args.append(arg)
                if p.match(.comma) == nil { break }
            }
            try p.expectClose(.rightParen, open: open, in: "the argument list",
                              hint: p.check(.equal) ? "named arguments use `:`, as in clip(5, hi: 9)" : nil)
            return args
        }
    }

    /// argument = [ NAME ":" ] expression ;
    mutating func argument() throws -> Argument {
        if peekKind() == .identifier, peekKind(after: 1) == .colon {
            let label = advance()
            advance()
            return Argument(label: Name(text(label), span: label.span), value: try expression())
        }
        return Argument(label: nil, value: try expression())
    }

    /// indexSuffix = "[" indexItem { "," indexItem } "]" ;
    mutating func indexSuffix() throws -> [IndexItem] {
        try bracketed { p in
            let open = try p.expect(.leftBracket, "`[`")
            var items: [IndexItem] = []
            repeat {
                if p.check(.rightBracket) || p.check(.eof) { break }
                items.append(try p.indexItem())
            } while p.match(.comma) != nil
            try p.expectClose(.rightBracket, open: open, in: "the index")
            if items.isEmpty {
                throw p.fail(.expectedExpression, "empty index `[]`", open.span.union(p.previousSpan),
                             hint: "put an index or a slice inside: A[0], A[:, 1]")
            }
            return items
        }
    }

    /// indexItem = "..." | [ expression ] ":" [ expression ] [ ":" [ expression ] ] | expression ;
    mutating func indexItem() throws -> IndexItem {
        let start = peek().span
        if check(.dotDotDot), [.comma, .rightBracket].contains(peekKind(after: 1)) {
            return .ellipsis(advance().span)
        }
        let first: Expr? = check(.colon) ? nil : try expression()
        guard match(.colon) != nil else { return .single(first!) }
        let stop = endsSlicePart() ? nil : try expression()
        var step: Expr? = nil
        if match(.colon) != nil, !endsSlicePart() { step = try expression() }
        return .slice(start: first, stop: stop, step: step, span: start.union(previousSpan))
    }

    mutating func endsSlicePart() -> Bool {
        [.colon, .comma, .rightBracket].contains(peekKind())
    }

    /// primary = NUMBER | STRING | "true" | "false" | "nil" | NAME | group | bracketLiteral
    ///         | recordLiteral | functionLiteral ;
    mutating func primary() throws -> Expr {
        let token = peek()
        switch token.kind {
        case .number:
            advance()
            guard case .number(let d) = token.value else { return Expr(.number(0), span: token.span) }
            return Expr(.number(d), span: token.span)
        case .string: return try stringLiteral()
        case .kwTrue: return Expr(.bool(true), span: advance().span)
        case .kwFalse: return Expr(.bool(false), span: advance().span)
        case .kwNil: return Expr(.nilLiteral, span: advance().span)
        case .identifier:
            advance()
            return Expr(.variable(VariableRef(name: text(token), span: token.span)), span: token.span)
        case .leftParen: return try group()
        case .leftBracket: return try bracketLiteral()
        case .leftBrace where allowRecord: return try recordLiteral()
        case .kwFn: return try functionLiteral()
        default: throw failExpectedExpression(token)
        }
    }

    mutating func failExpectedExpression(_ token: Token) -> Failure {
        if token.kind == .eof { endOfInputErrors += 1 }
        var hint: String? = nil
        switch token.kind {
        case .eof, .newline: hint = "the expression is incomplete"
        case .equal: hint = "`=` assigns; to compare use `==`"
        case .leftBrace: hint = "a `{` here starts a block; put a record literal in parentheses: ({a: 1})"
        case .plus: hint = "Cajal has no unary `+`"
        case .kwReturn where index > 0 && tokens[index - 1].kind == .equal:
            hint = "a one-line function `fn f(x) = expr` returns its expression; drop the `return`"
        case _ where token.kind.isKeyword: hint = "'\(token.kind.rawValue)' is a keyword and cannot be used as a value"
        default: break
        }
        return fail(.expectedExpression, "expected an expression, found \(describe(token))", token.span, hint: hint)
    }

    /// group = "(" expression ")" ;
    mutating func group() throws -> Expr {
        try bracketed { p in
            let open = try p.expect(.leftParen, "`(`")
            let e = try p.expression()
            if p.check(.comma) {
                throw p.fail(.expectedToken, "expected `)`, found `,`", p.peek().span,
                             hint: "Cajal has no tuples; use a list: [a, b]")
            }
            try p.expectClose(.rightParen, open: open, in: nil)
            return Expr(e.kind, span: open.span.union(p.previousSpan))
        }
    }

    /// bracketLiteral = "[" [ expression { "," expression } [ "," ] ] "]" ;
    mutating func bracketLiteral() throws -> Expr {
        try bracketed { p in
            let open = try p.expect(.leftBracket, "`[`")
            var elements: [Expr] = []
            while !p.check(.rightBracket), !p.check(.eof) {
                elements.append(try p.expression())
                if p.match(.comma) == nil { break }
            }
            try p.expectClose(.rightBracket, open: open, in: "the list")
            return Expr(.bracket(elements), span: open.span.union(p.previousSpan))
        }
    }

    /// recordLiteral = "{" [ field { "," field } [ "," ] ] "}" ;
    mutating func recordLiteral() throws -> Expr {
        try bracketed { p in
            let open = try p.expect(.leftBrace, "`{`")
            var fields: [RecordField] = []
            while !p.check(.rightBrace), !p.check(.eof) {
                fields.append(try p.field())
                if p.match(.comma) == nil { break }
            }
            try p.expectClose(.rightBrace, open: open, in: "the record")
            return Expr(.record(fields), span: open.span.union(p.previousSpan))
        }
    }

    /// field = NAME ":" expression ;
    mutating func field() throws -> RecordField {
        if check(.string) {
            throw fail(.expectedToken, "record field names are plain names, not strings", peek().span,
                       hint: "write {lr: 0.1}, not {\"lr\": 0.1}")
        }
        let name = try expectName("a field name")
        try expect(.colon, "`:` after the field name",
                   hint: check(.equal) ? "record fields use `:`: {\(text(name)): ...}" : nil)
        return RecordField(name: Name(text(name), span: name.span), value: try expression())
    }

    /// functionLiteral = "fn" parameters functionBody ;
    mutating func functionLiteral() throws -> Expr {
        let keyword = advance()
        if check(.identifier) {
            throw fail(.expectedToken, "expected `(` after `fn` in an expression, found \(describe(peek()))",
                       peek().span, hint: "an anonymous function has no name: fn(x) = x * 2")
        }
        let params = try parameters()
        let body = try functionBody(named: nil)
        let span = keyword.span.union(previousSpan)
        return Expr(.function(FunctionLiteral(name: nil, parameters: params, body: body, span: span)), span: span)
    }
}
