// Parser+Statements: the statement rules of grammar/cajal.ebnf.
import Diagnostics

extension Parser {
    /// program = { separator } [ statement { separator { separator } statement } ] { separator } EOF ;
    public mutating func program() -> [Stmt] {
        var statements: [Stmt] = []
        while true {
            separator()
            if check(.eof) { return statements }
            if let token = match(.rightBrace) {
                report(.unmatchedBracket, "unmatched `}`", token.span, hint: "this `}` closes no `{`")
                continue
            }
            if let s = statementWithRecovery() { statements.append(s) }
        }
    }

    /// block = "{" { separator } [ statement { separator { separator } statement } ] { separator } "}" ;
    mutating func block(after context: String) throws -> Block {
        skipNewlines()
        guard let open = match(.leftBrace) else { throw failMissingBrace(after: context) }
        try enterNesting()
        pushNewlines(significant: true)
        let savedRecord = allowRecord
        allowRecord = true
        defer {
            popNewlines()
            allowRecord = savedRecord
            depth -= 1
        }
        var statements: [Stmt] = []
        while true {
            separator()
            if let close = match(.rightBrace) {
                return Block(statements: statements, span: open.span.union(close.span))
            }
            if check(.eof) {
                endOfInputErrors += 1
                report(.unclosedBracket, "unclosed `{`", open.span, hint: "add a `}` to end the block started here")
                return Block(statements: statements, span: open.span.union(previousSpan))
            }
            if let s = statementWithRecovery() { statements.append(s) }
        }
    }

    /// Consumes a comma and any line breaks after it (a line may end after a comma).
    mutating func matchComma() -> Bool {
        guard match(.comma) != nil else { return false }
        skipNewlines()
        return true
    }

    /// separator = NEWLINE | ";" ;
    /// (Skips every separator in a row: empty statements are allowed.)
    mutating func separator() {
        while tokens[index].kind == .newline || tokens[index].kind == .semicolon { index += 1 }
    }

    /// Parses a statement and its terminator; on a syntax error, reports it and skips to the
    /// next statement boundary.
    mutating func statementWithRecovery() -> Stmt? {
        let start = index
        let (modes, record) = (newlineModes, allowRecord)
        do {
            let s = try statement()
            try expectStatementEnd(after: s)
            return s
        } catch {
            newlineModes = modes
            allowRecord = record
            synchronize(from: start)
            return nil
        }
    }

    /// After a statement: a newline, `;`, `}` or the end of input.
    mutating func expectStatementEnd(after s: Stmt) throws {
        switch tokens[index].kind {
        case .newline, .semicolon: index += 1
        case .rightBrace, .eof: break
        default: throw failStatementEnd(after: s)
        }
    }

    /// statement = varDecl | fnDecl | ifStmt | whileStmt | forStmt | returnStmt | breakStmt
    ///           | continueStmt | importStmt | assertStmt | simpleStmt ;
    mutating func statement() throws -> Stmt {
        switch peekKind() {
        case .kwLet, .kwVar: return try varDecl()
        case .kwFn where peekKind(after: 1) == .identifier: return try fnDecl()
        case .kwIf: return try ifStmt()
        case .kwWhile: return try whileStmt()
        case .kwFor: return try forStmt()
        case .kwReturn: return try returnStmt()
        case .kwBreak: return try breakStmt()
        case .kwContinue: return try continueStmt()
        case .kwImport: return try importStmt()
        case .kwAssert: return try assertStmt()
        case .kwElse:
            throw fail(.misplacedStatement, "`else` without `if`", peek().span,
                       hint: "`else` follows the `}` of an if block: if c { ... } else { ... }")
        case .identifier:
            if let s = try foreignStatement() { return s }
            return try simpleStmt()
        default: return try simpleStmt()
        }
    }

    /// varDecl = ( "let" | "var" ) NAME { "," NAME } "=" expression ;
    mutating func varDecl() throws -> Stmt {
        let keyword = advance()
        var names: [Declared] = []
        repeat {
            let name = try expectName("a name after '\(keyword.kind.rawValue)'")
            names.append(Declared(name: text(name), span: name.span))
        } while matchComma()
        guard match(.equal) != nil else {
            let next = peek()
            throw fail(.missingInitializer, "'\(keyword.kind.rawValue) \(names.map(\.name).joined(separator: ", "))' needs a value",
                       next.kind == .newline || next.kind == .eof ? names.last!.span : next.span,
                       hint: "give it a starting value: \(keyword.kind.rawValue) \(names[0].name) = 0")
        }
        skipNewlines()
        let value = try expression()
        let decl = VarDecl(isMutable: keyword.kind == .kwVar, names: names, value: value)
        return Stmt(.varDecl(decl), span: keyword.span.union(value.span))
    }

    /// fnDecl = "fn" NAME parameters functionBody ;
    mutating func fnDecl() throws -> Stmt {
        let keyword = advance()  // `fn` (or `def`/`function`, already reported)
        let nameToken = try expectName("a function name")
        let name = Declared(name: text(nameToken), span: nameToken.span)
        let params = try parameters()
        let body = try functionBody(named: name.name)
        let span = keyword.span.union(previousSpan)
        let function = FunctionLiteral(name: name.name, parameters: params, body: body, span: span)
        return Stmt(.fnDecl(FnDecl(name: name, function: function)), span: span)
    }

    /// parameters = "(" [ parameter { "," parameter } [ "," ] ] ")" ;
    mutating func parameters() throws -> [Parameter] {
        let open = try expect(.leftParen, "`(` to start the parameter list")
        pushNewlines(significant: false)
        defer { popNewlines() }
        var params: [Parameter] = []
        while !check(.rightParen), !check(.eof) {
            params.append(try parameter())
            if match(.comma) == nil { break }
        }
        try expectClose(.rightParen, open: open, in: "the parameter list")
        return params
    }

    /// parameter = NAME [ ":" expression ] ;
    mutating func parameter() throws -> Parameter {
        let name = try expectName("a parameter name")
        var defaultValue: Expr? = nil
        if match(.colon) != nil {
            defaultValue = try expression()
        } else if check(.equal) {
            throw fail(.expectedToken, "a parameter's default is written with `:`", peek().span,
                       hint: "write fn f(\(text(name)): value, ...)")
        }
        return Parameter(declared: Declared(name: text(name), span: name.span), defaultValue: defaultValue)
    }

    /// functionBody = "=" expression | block ;
    mutating func functionBody(named name: String?) throws -> FunctionBody {
        if match(.equal) != nil {
            skipNewlines()
            return .expression(try expression())
        }
        return .block(try block(after: name.map { "the parameters of '\($0)'" } ?? "the parameters"))
    }

    /// ifStmt = "if" expression block [ "else" ( ifStmt | block ) ] ;
    mutating func ifStmt() throws -> Stmt {
        let keyword = advance()
        var branches = [IfBranch(condition: try condition(of: "if"), body: try block(after: "the condition of `if`"))]
        var elseBlock: Block? = nil
        while elseFollows() {
            if let misspelt = peek().kind == .identifier ? advance() : nil {
                report(.elifSpelling, "'\(text(misspelt))' is not a keyword", misspelt.span,
                       hint: "Cajal spells it `else if`")
            } else {
                advance()
                if match(.kwIf) == nil {
                    elseBlock = try block(after: "`else`")
                    break
                }
            }
            branches.append(IfBranch(condition: try condition(of: "else if"),
                                     body: try block(after: "the condition of `else if`")))
        }
        return Stmt(.ifStmt(IfStmt(branches: branches, elseBlock: elseBlock)), span: keyword.span.union(previousSpan))
    }

    /// True when the next token (possibly on the next line) is `else` or a misspelling of `else if`.
    mutating func elseFollows() -> Bool {
        var i = index
        while tokens[i].kind == .newline { i += 1 }
        let token = tokens[i]
        let misspelt = token.kind == .identifier && ["elif", "elseif", "elsif"].contains(text(token))
        guard token.kind == .kwElse || misspelt else { return false }
        index = i
        return true
    }

    /// whileStmt = "while" expression block ;
    mutating func whileStmt() throws -> Stmt {
        let keyword = advance()
        let cond = try condition(of: "while")
        let body = try block(after: "the condition of `while`")
        return Stmt(.whileStmt(WhileStmt(condition: cond, body: body)), span: keyword.span.union(body.span))
    }

    /// forStmt = "for" NAME { "," NAME } "in" expression block ;
    mutating func forStmt() throws -> Stmt {
        let keyword = advance()
        if check(.leftParen) {
            throw fail(.expectedToken, "expected a loop variable after `for`, found `(`", peek().span,
                       hint: "no parentheses: for i in 0..<n { ... }  or  for i, x in enumerate(xs) { ... }")
        }
        var variables: [Declared] = []
        repeat {
            let name = try expectName("a loop variable name")
            variables.append(Declared(name: text(name), span: name.span))
        } while matchComma()
        try expect(.kwIn, "`in` after the loop variable", hint: "loops read: for i in 0..<10 { ... }")
        let iterable = try withoutRecords { try $0.expression() }
        if check(.colon) { throw failPythonColon(after: "for") }
        let body = try block(after: "the `for ... in ...` header")
        let loop = ForStmt(variables: variables, iterable: iterable, body: body)
        return Stmt(.forStmt(loop), span: keyword.span.union(body.span))
    }

    /// returnStmt = "return" [ expression ] ;
    mutating func returnStmt() throws -> Stmt {
        let keyword = advance()
        switch tokens[index].kind {
        case .newline, .semicolon, .rightBrace, .eof: return Stmt(.returnStmt(nil), span: keyword.span)
        default:
            let value = try expression()
            return Stmt(.returnStmt(value), span: keyword.span.union(value.span))
        }
    }

    /// breakStmt = "break" ;
    mutating func breakStmt() throws -> Stmt { Stmt(.breakStmt, span: advance().span) }

    /// continueStmt = "continue" ;
    mutating func continueStmt() throws -> Stmt { Stmt(.continueStmt, span: advance().span) }

    /// importStmt = "import" STRING ;
    mutating func importStmt() throws -> Stmt {
        let keyword = advance()
        let token = peek()
        guard token.kind == .string, case .string(let segments) = token.value, segments.count == 1,
            case .text(let path) = segments[0]
        else {
            throw fail(.expectedToken, "expected a file path in quotes after `import`", token.span,
                       hint: token.kind == .identifier
                           ? "Cajal has no Python modules: tensors, math, plots and the NN library are built in (:help lists them); import loads a .cajal file: import \"helpers.cajal\""
                           : "import \"helpers.cajal\"  (the path is relative to this file)")
        }
        advance()
        return Stmt(.importStmt(ImportStmt(path: path, pathSpan: token.span)), span: keyword.span.union(token.span))
    }

    /// assertStmt = "assert" expression [ "," expression ] ;
    mutating func assertStmt() throws -> Stmt {
        let keyword = advance()
        let cond = try condition(of: "assert", allowRecords: true)
        var message: Expr? = nil
        if match(.comma) != nil {
            skipNewlines()
            message = try expression()
        }
        return Stmt(.assertStmt(AssertStmt(condition: cond, message: message)), span: keyword.span.union(previousSpan))
    }

    /// simpleStmt = expression [ assignOp expression ] ;
    mutating func simpleStmt() throws -> Stmt {
        let target = try expression()
        guard let op = assignOp() else { return Stmt(.expression(target), span: target.span) }
        skipNewlines()
        let value = try expression()
        let span = target.span.union(value.span)
        guard let assignTarget = assignTarget(target) else {
            throw fail(.invalidAssignmentTarget, "cannot assign to this expression", target.span,
                       hint: "only a name (x), a field (r.f) or an element (A[i]) can be assigned to")
        }
        return Stmt(.assign(Assignment(target: assignTarget, op: op, value: value)), span: span)
    }

    /// assignOp = "=" | "+=" | "-=" | "*=" | "/=" ;
    mutating func assignOp() -> AssignOp? {
        let ops: [TokenKind: AssignOp] = [.equal: .assign, .plusEqual: .add, .minusEqual: .subtract,
                                          .starEqual: .multiply, .slashEqual: .divide]
        guard let op = ops[peekKind()] else { return nil }
        advance()
        return op
    }

    func assignTarget(_ e: Expr) -> AssignTarget? {
        switch e.kind {
        case .variable(let v): .variable(v)
        case .field(let object, let name): .field(object, name)
        case .index(let object, let items): .index(object, items)
        default: nil
        }
    }
}
