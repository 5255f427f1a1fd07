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

    /// Writes register `r` to variable `v`. An `owning` store (c = `ownedStore`) puts back the
    /// container `v[i] = x` just wrote, which nothing else holds: a tensor there is marked as its
    /// variable's only holder, so the next element assignment can write in place.
    func store(_ r: Int, to v: VariableRef, owning: Bool = false) throws {
        let c = owning ? ownedStore : 0
        switch v.binding {
        case .local(let slot):
            if v.captured { try emit(.setCell, slot, r, c) } else if slot != r { try emit(.move, slot, r, c) }
        case .upvalue(let i): try emit(.setUpval, r, i, c)
        case .global(let g): try emit(.setGlobal, r, g, c)
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
                    let at = try emit(arith, slot, slot, Int(rhs))
                    markConsumed(at, consumedTemporaries(nil, a.value))
                } else { try expression(a.value, into: slot) }
                return
            }
            let t = try allocate()
            if let arith {
                try read(v, into: t)
                let rhs = try operand(a.value)
                let at = try emit(arith, t, t, Int(rhs))
                markConsumed(at, consumedTemporaries(nil, a.value))
            } else { try expression(a.value, into: t) }
            try store(t, to: v)
        case .field(let base, let name):
            if let update = fieldUpdateOp(a.op), isPure(a.value) { return try fieldUpdate(update, base, name, a.value) }
            let b = try operandRegister(base)
            let k = constant(name.text)
            let v = try allocate()
            if let arith {
                currentSpan = name.span
                try emit(.getField, v, b, k)
                let rhs = try operand(a.value)
                let at = try emit(arith, v, v, Int(rhs))
                markConsumed(at, consumedTemporaries(nil, a.value))
            } else { try expression(a.value, into: v) }
            currentSpan = name.span
            try emit(.setField, b, v, k)
        case .index(let base, let items):
            let v = try allocate()
            try assignIndex(base, items, op: arith, value: a.value, valueRegister: v)
        }
    }

    /// The one instruction that does `x.f op= e` (`/=` keeps the read, divide, write sequence).
    func fieldUpdateOp(_ op: AssignOp) -> Op? {
        switch op {
        case .add: return .addField
        case .subtract: return .subField
        case .multiply: return .mulField
        case .assign, .divide: return nil
        }
    }

    /// True when evaluating `e` runs no code and changes nothing a program can see (literals,
    /// names, fields, operators), so `x.f op= e` may read x.f after e instead of before.
    func isPure(_ e: Expr) -> Bool {
        switch e.kind {
        case .number, .string, .bool, .nilLiteral, .variable: return true
        case .field(let b, _): return isPure(b)
        case .unary(_, let x): return isPure(x)
        case .binary(_, let l, let r): return isPure(l) && isPure(r)
        default: return false
        }
    }

    /// `base.name op= value` as one update instruction (VM+Update.swift): in place on a
    /// parameter's data. `p.data -= s * t` first offers scaledUpdate, which does the product and
    /// the update as one pass and skips the `mul` and the update when it can.
    func fieldUpdate(_ op: Op, _ base: Expr, _ name: Name, _ value: Expr) throws {
        let b = try operandRegister(base)
        let k = constant(name.text)
        if op != .mulField, case .binary(.multiply, let l, let r) = value.kind {
            let w = try allocate(2)
            try expression(l, into: w)
            try expression(r, into: w + 1)
            currentSpan = name.span
            try emit(.scaledUpdate, b, w, k)
            currentSpan = value.span
            try emit(.mul, w, w, w + 1)
            currentSpan = name.span
            try emit(op, b, w, k)
            return
        }
        let v = try operand(value)
        currentSpan = name.span
        try emit(op, b, Int(v), k)
    }

    /// `base[items] (op)= value`; stores the updated container back into `base`'s place.
    func assignIndex(_ base: Expr, _ items: [IndexItem], op: Op?, value: Expr?, valueRegister v: Int) throws {
        let b = try allocate()
        try indexBase(base, into: b)
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
        case .variable(let v): try store(r, to: v, owning: true)
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

/// Operand c of a variable read (move, getGlobal, getUpval, getCell) that loads the container
/// of `v[i]` or `v[i] = x`: the reference does not escape, so the tensor keeps its claim to be
/// its variable's only holder (any other read, c = 0, removes the claim).
let ownedRead = 1
/// Operand c of a variable write (move, setGlobal, setUpval, setCell) that puts back the
/// container `v[i] = x` wrote: a tensor there is now held by that variable alone.
let ownedStore = 2
