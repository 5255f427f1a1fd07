// Resolver+Statements: scopes, declarations and control flow checks, statement by statement.
import Diagnostics

extension Resolver {
    mutating func resolve(_ s: Stmt) -> Stmt {
        var out = s
        switch s.kind {
        case .expression(let e): out.kind = .expression(resolve(e))
        case .varDecl(let d): out.kind = .varDecl(resolveVarDecl(d))
        case .fnDecl(let d): out.kind = .fnDecl(resolveFnDecl(d))
        case .assign(let a): out.kind = .assign(resolveAssignment(a))
        case .ifStmt(let i):
            let branches = i.branches.map { IfBranch(condition: resolve($0.condition), body: resolveBlock($0.body)) }
            out.kind = .ifStmt(IfStmt(branches: branches, elseBlock: i.elseBlock.map { resolveBlock($0) }))
        case .whileStmt(let w):
            let cond = resolve(w.condition)
            let body = inLoop { $0.resolveBlock(w.body) }
            out.kind = .whileStmt(WhileStmt(condition: cond, body: body))
        case .forStmt(let loop): out.kind = .forStmt(resolveFor(loop))
        case .breakStmt, .continueStmt:
            if functions[functions.count - 1].loopDepth == 0 {
                let word = s.kind.isBreak ? "break" : "continue"
                report(s.kind.isBreak ? .breakOutsideLoop : .continueOutsideLoop, "`\(word)` outside a loop", s.span,
                       hint: "`\(word)` only works inside `for` or `while`")
            }
        case .returnStmt(let e):
            if !functions[functions.count - 1].isFunction {
                report(.returnOutsideFunction, "`return` outside a function", s.span,
                       hint: "`return` only works inside `fn`")
            }
            out.kind = .returnStmt(e.map { resolve($0) })
        case .importStmt:
            if !isTopLevel {
                report(.importNotAtTopLevel, "`import` inside a block or function", s.span,
                       hint: "put imports at the top level of the file")
            }
        case .assertStmt(let a):
            out.kind = .assertStmt(AssertStmt(condition: resolve(a.condition), message: a.message.map { resolve($0) }))
        }
        return out
    }

    /// The initializer is resolved before the names are declared, so `let x = x + 1` in a block
    /// reads an outer `x`.
    mutating func resolveVarDecl(_ d: VarDecl) -> VarDecl {
        initializing = d.names.map(\.name)
        let value = resolve(d.value)
        initializing = []
        var out = d
        out.value = value
        var seen: Set<String> = []
        out.names = d.names.map { n in
            if !seen.insert(n.name).inserted {
                report(.redeclaration, "'\(n.name)' appears twice in one declaration", n.span,
                       hint: "give each value its own name")
            }
            return declare(n, kind: d.isMutable ? .variable : .constant)
        }
        return out
    }

    /// The name is declared before the body is resolved, so the function can call itself.
    mutating func resolveFnDecl(_ d: FnDecl) -> FnDecl {
        let name = declare(d.name, kind: .function)
        return FnDecl(name: name, function: resolveFunction(d.function))
    }

    /// A new frame: parameters in slots 0..<n, then the body's locals.
    mutating func resolveFunction(_ f: FunctionLiteral) -> FunctionLiteral {
        functions.append(FunctionState(scopes: [], isFunction: true))
        beginScope()
        var out = f
        out.parameters = resolveParameters(f.parameters)
        switch f.body {
        case .expression(let e): out.body = .expression(resolve(e))
        case .block(let b): out.body = .block(resolveBlock(b, newScope: false))
        }
        _ = endScope()
        let state = functions.removeLast()
        out.frame = FrameInfo(slotCount: state.maxSlot, upvalues: state.upvalues)
        return out
    }

    mutating func resolveParameters(_ params: [Parameter]) -> [Parameter] {
        var seen: [String: SourceSpan] = [:]
        var firstDefault: Parameter? = nil
        return params.map { p in
            if let earlier = seen[p.declared.name] {
                report(.duplicateParameter, "duplicate parameter '\(p.declared.name)'", p.declared.span,
                       hint: "each parameter needs its own name (first one at column \(file.location(of: earlier.start).column))")
            }
            seen[p.declared.name] = p.declared.span
            if p.defaultValue == nil, let d = firstDefault {
                report(.defaultBeforeRequired,
                       "parameter '\(p.declared.name)' has no default but comes after '\(d.declared.name)', which has one",
                       p.declared.span, hint: "put parameters with defaults last: fn f(\(p.declared.name), \(d.declared.name): ...)")
            }
            if p.defaultValue != nil, firstDefault == nil { firstDefault = p }
            let value = p.defaultValue.map { resolve($0) }
            let declared = declareParameter(p.declared)
            return Parameter(declared: declared, defaultValue: value)
        }
    }

    /// Parameters always take consecutive slots, even when a name repeats (already reported).
    mutating func declareParameter(_ d: Declared) -> Declared {
        let f = functions.count - 1
        let s = functions[f].scopes.count - 1
        let local = Local(name: d.name, slot: allocateSlots(1), kind: .parameter, declaration: d.span.start)
        functions[f].scopes[s].locals[d.name] = local
        functions[f].scopes[s].order.append(local)
        return Declared(name: d.name, span: d.span, binding: .local(local.slot),
                        captured: knownCaptured.contains(local.declaration))
    }

    mutating func resolveBlock(_ b: Block, newScope: Bool = true) -> Block {
        if newScope { beginScope() }
        var out = b
        out.statements = b.statements.map { resolve($0) }
        if newScope {
            out.scope = endScope()
        } else {
            let f = functions.count - 1
            let scope = functions[f].scopes[functions[f].scopes.count - 1]
            out.scope = ScopeInfo(firstSlot: scope.firstSlot,
                                  capturedSlots: scope.order.filter { knownCaptured.contains($0.declaration) }.map(\.slot))
        }
        return out
    }

    /// Hidden state slots in an outer scope; the loop variables in the body's scope.
    mutating func resolveFor(_ loop: ForStmt) -> ForStmt {
        let iterable = resolve(loop.iterable)
        beginScope()
        let state = allocateSlots(ForStmt.stateSlotCount)
        beginScope()
        var seen: Set<String> = []
        let variables = loop.variables.map { v in
            if !seen.insert(v.name).inserted {
                report(.redeclaration, "loop variable '\(v.name)' appears twice", v.span, hint: "give each its own name")
            }
            return declare(v, kind: .loopVariable)
        }
        var body = loop.body
        body.statements = inLoop { r in loop.body.statements.map { r.resolve($0) } }
        body.scope = endScope()
        _ = endScope()
        return ForStmt(variables: variables, iterable: iterable, body: body, stateSlot: state)
    }

    mutating func inLoop<T>(_ body: (inout Resolver) -> T) -> T {
        functions[functions.count - 1].loopDepth += 1
        defer { functions[functions.count - 1].loopDepth -= 1 }
        return body(&self)
    }
}

extension StmtKind {
    var isBreak: Bool { if case .breakStmt = self { true } else { false } }
}
