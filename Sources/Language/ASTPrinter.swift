// ASTPrinter: the tree as S-expressions, one statement per line, blocks indented. With
// `resolved: true` it also shows what the resolver decided: `x@L0` (local slot 0), `x@U1`
// (upvalue 1), `x@G5` (global 5), `*` on captured locals, and each frame's slot count and
// captures. Used by parser and resolver tests and the REPL's `:ast`.

public struct ASTPrinter {
    public var resolved: Bool

    public init(resolved: Bool = false) { self.resolved = resolved }

    public static func print(_ program: Program, resolved: Bool = false) -> String {
        ASTPrinter(resolved: resolved).print(program)
    }

    public func print(_ program: Program) -> String {
        var lines: [String] = []
        if resolved { lines.append("(program \(frame(program.frame)))") }
        for s in program.statements { lines.append(stmt(s, indent: 0)) }
        return lines.joined(separator: "\n")
    }

    public func print(_ e: Expr) -> String { expr(e) }

    // MARK: - Statements

    func stmt(_ s: Stmt, indent: Int) -> String {
        let pad = String(repeating: "  ", count: indent)
        return pad + stmtBody(s, indent: indent)
    }

    func stmtBody(_ s: Stmt, indent: Int) -> String {
        switch s.kind {
        case .expression(let e): return expr(e)
        case .varDecl(let d):
            let names = d.names.count == 1 ? declared(d.names[0]) : "(" + d.names.map(declared).joined(separator: " ") + ")"
            return "(\(d.isMutable ? "var" : "let") \(names) \(expr(d.value)))"
        case .fnDecl(let d): return "(fn \(declared(d.name)) " + functionRest(d.function, indent: indent) + ")"
        case .assign(let a): return "(\(a.op.rawValue) \(target(a.target)) \(expr(a.value)))"
        case .ifStmt(let i): return ifStmt(i, indent: indent)
        case .whileStmt(let w): return "(while \(expr(w.condition)) \(block(w.body, indent: indent)))"
        case .forStmt(let f):
            let vars = "(" + f.variables.map(declared).joined(separator: " ") + ")"
            let state = resolved ? " [state \(f.stateSlot)]" : ""
            return "(for\(state) \(vars) \(expr(f.iterable)) \(block(f.body, indent: indent)))"
        case .breakStmt: return "(break)"
        case .continueStmt: return "(continue)"
        case .returnStmt(let e): return e.map { "(return \(expr($0)))" } ?? "(return)"
        case .importStmt(let i): return "(import \(quote(i.path)))"
        case .assertStmt(let a):
            return "(assert \(expr(a.condition))" + (a.message.map { " " + expr($0) } ?? "") + ")"
        }
    }

    func ifStmt(_ i: IfStmt, indent: Int) -> String {
        var out = "(if"
        for (n, branch) in i.branches.enumerated() {
            let body = "\(expr(branch.condition)) \(block(branch.body, indent: indent))"
            out += n == 0 ? " " + body : " (else-if " + body + ")"
        }
        if let e = i.elseBlock { out += " (else \(block(e, indent: indent)))" }
        return out + ")"
    }

    func block(_ b: Block, indent: Int) -> String {
        let scope = resolved ? " [first \(b.scope.firstSlot)\(b.scope.capturedSlots.isEmpty ? "" : " captured \(b.scope.capturedSlots.map(String.init).joined(separator: ","))")]" : ""
        if b.statements.isEmpty { return "(block\(scope))" }
        let inner = b.statements.map { "\n" + stmt($0, indent: indent + 1) }.joined()
        return "(block\(scope)\(inner))"
    }

    func functionRest(_ f: FunctionLiteral, indent: Int) -> String {
        let info = resolved ? frame(f.frame) + " " : ""
        let params = "(" + f.parameters.map { p in
            p.defaultValue.map { "(\(declared(p.declared)) \(expr($0)))" } ?? declared(p.declared)
        }.joined(separator: " ") + ")"
        switch f.body {
        case .expression(let e): return info + params + " " + expr(e)
        case .block(let b): return info + params + " " + block(b, indent: indent)
        }
    }

    func frame(_ f: FrameInfo) -> String {
        var s = "[slots \(f.slotCount)"
        if !f.upvalues.isEmpty {
            s += " upvalues " + f.upvalues.map { u in
                switch u.source {
                case .local(let i): "\(u.name)<-L\(i)"
                case .upvalue(let i): "\(u.name)<-U\(i)"
                }
            }.joined(separator: ",")
        }
        return s + "]"
    }

    func target(_ t: AssignTarget) -> String {
        switch t {
        case .variable(let v): variable(v)
        case .field(let object, let name): "(. \(expr(object)) \(name.text))"
        case .index(let object, let items): "(index \(expr(object)) \(items.map(indexItem).joined(separator: " ")))"
        }
    }

    // MARK: - Names

    func declared(_ d: Declared) -> String {
        d.name + (resolved ? binding(d.binding) + (d.captured ? "*" : "") : "")
    }

    func variable(_ v: VariableRef) -> String {
        v.name + (resolved ? binding(v.binding) + (v.captured ? "*" : "") : "")
    }

    func binding(_ b: Binding) -> String {
        switch b {
        case .unresolved: "@?"
        case .local(let i): "@L\(i)"
        case .upvalue(let i): "@U\(i)"
        case .global(let i): "@G\(i)"
        }
    }
}
