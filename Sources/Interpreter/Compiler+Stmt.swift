// Compiler+Stmt: statements: declarations, assignment to every kind of target (tensor element
// assignment stores the new tensor back, giving value semantics), if/while/for with fused
// compare-and-jump conditions, break/continue/return, assert and import.
import Diagnostics
import Language

extension FunctionCompiler {
    func block(_ b: Block) throws {
        for s in b.statements { try statement(s) }
    }

    func statement(_ s: Stmt) throws {
        currentSpan = s.span
        try scoped {
            switch s.kind {
            case .expression(let e):
                let r = try allocate()
                try expression(e, into: r)
            case .varDecl(let d): try varDecl(d)
            case .fnDecl(let f):
                try declare(f.name) { dst in
                    currentSpan = f.function.span
                    try emit(.closure, dst, try compileFunction(f.function))
                }
            case .assign(let a): try assignment(a)
            case .ifStmt(let i): try ifStatement(i)
            case .whileStmt(let w): try whileLoop(w)
            case .forStmt(let f): try forLoop(f)
            case .breakStmt:
                loops[loops.count - 1].breakJumps.append(try emitJump(.jmp))
            case .continueStmt:
                loops[loops.count - 1].continueJumps.append(try emitJump(.jmp))
            case .returnStmt(let e):
                if let e {
                    let r = try operandRegister(e)
                    currentSpan = s.span
                    try emit(.ret, r)
                } else { try emit(.retNil) }
            case .importStmt(let i):
                currentSpan = i.pathSpan
                try emit(.importFile, 0, constant(i.path))
            case .assertStmt(let a):
                let c = try operandRegister(a.condition)
                var m = Int(noOperand)
                if let msg = a.message { m = try operandRegister(msg) }
                currentSpan = s.span
                try emit(.assert, c, m)
            }
        }
    }

    /// Declares `d`, computing its value with `produce(register)`. Captured locals get a cell
    /// created before the value (so a local function can refer to itself).
    func declare(_ d: Declared, _ produce: (Int) throws -> Void) throws {
        switch d.binding {
        case .local(let slot):
            if d.captured {
                try emit(.loadNil, slot)
                try emit(.newCell, slot, slot)
                boxedSlots.insert(slot)
                try scoped {
                    let t = try allocate()
                    try produce(t)
                    try emit(.setCell, slot, t)
                }
            } else {
                boxedSlots.remove(slot)
                try produce(slot)
            }
        case .global(let g):
            try scoped {
                let t = try allocate()
                try produce(t)
                try emit(.setGlobal, t, g)
            }
        case .upvalue, .unresolved:
            throw unresolved(d.name, d.span)
        }
    }

    func varDecl(_ d: VarDecl) throws {
        if d.names.count == 1 {
            try declare(d.names[0]) { dst in try expression(d.value, into: dst) }
            return
        }
        let v = try operandRegister(d.value)
        let parts = try allocate(d.names.count)
        currentSpan = d.value.span
        try emit(.unpack, parts, v, d.names.count)
        for (i, name) in d.names.enumerated() {
            try declare(name) { dst in if dst != parts + i { try emit(.move, dst, parts + i) } }
        }
    }

    /// Stores register `r` into variable `v`.
    func store(_ r: Int, to v: VariableRef) throws {
        switch v.binding {
        case .local(let slot):
            if v.captured { try emit(.setCell, slot, r) } else if slot != r { try emit(.move, slot, r) }
        case .upvalue(let i): try emit(.setUpval, r, i)
        case .global(let g): try emit(.setGlobal, r, g)
        case .unresolved: throw unresolved(v.name, v.span)
        }
    }

    func arithmeticOp(_ op: AssignOp) -> Op? {
        switch op {
        case .assign: return nil
        case .add: return .add
        case .subtract: return .sub
        case .multiply: return .mul
        case .divide: return .div
        }
    }

    func assignment(_ a: Assignment) throws {
        let arith = arithmeticOp(a.op)
        switch a.target {
        case .variable(let v):
            if case .local(let slot) = v.binding, !v.captured {
                if let arith {
                    let rhs = try operand(a.value)
                    currentSpan = a.value.span
                    try emit(arith, slot, slot, Int(rhs))
                } else { try expression(a.value, into: slot) }
                return
            }
            let t = try allocate()
            if let arith {
                try read(v, into: t)
                let rhs = try operand(a.value)
                try emit(arith, t, t, Int(rhs))
            } else { try expression(a.value, into: t) }
            try store(t, to: v)
        case .field(let base, let name):
            let b = try operandRegister(base)
            let k = constant(name.text)
            let v = try allocate()
            if let arith {
                currentSpan = name.span
                try emit(.getField, v, b, k)
                let rhs = try operand(a.value)
                try emit(arith, v, v, Int(rhs))
            } else { try expression(a.value, into: v) }
            currentSpan = name.span
            try emit(.setField, b, v, k)
        case .index(let base, let items):
            let v = try allocate()
            try assignIndex(base, items, op: arith, value: a.value, valueRegister: v)
        }
    }

    /// `base[items] (op)= value`; stores the updated container back into `base`'s place.
    func assignIndex(_ base: Expr, _ items: [IndexItem], op: Op?, value: Expr?, valueRegister v: Int) throws {
        let b = try allocate()
        try expression(base, into: b)
        try indexItems(items)
        if let value {
            if let op {
                currentSpan = base.span.union(value.span)
                try emit(.getIndex, v, b, items.count)
                let rhs = try operand(value)
                try emit(op, v, v, Int(rhs))
            } else { try expression(value, into: v) }
        }
        currentSpan = base.span
        try emit(.setIndex, b, v, items.count)
        try storeBack(b, into: base)
    }

    /// Writes the container in register `r` back to the place `e` names (tensors are values).
    func storeBack(_ r: Int, into e: Expr) throws {
        switch e.kind {
        case .variable(let v): try store(r, to: v)
        case .field(let base, let name):
            try scoped {
                let b = try operandRegister(base)
                try emit(.setField, b, r, constant(name.text))
            }
        case .index(let base, let items):
            try scoped { try assignIndex(base, items, op: nil, value: nil, valueRegister: r) }
        default: break  // a temporary (a call result): nothing to write back to
        }
    }
}
