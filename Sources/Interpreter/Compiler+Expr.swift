// Compiler+Expr: expressions. `expression(e, into: r)` leaves e's value in register r;
// `operand(e)` gives an RK operand (a constant, a plain local's own register, or a temporary).
import Diagnostics
import Language

extension FunctionCompiler {
    /// An RK operand for `e`: constants and uncaptured locals are read in place.
    func operand(_ e: Expr) throws -> UInt16 {
        switch e.kind {
        case .number(let x): if let k = constantOperand(constant(x)) { return k }
        case .string(let s): if let k = constantOperand(constant(s)) { return k }
        case .unary(.negate, let inner):
            if case .number(let x) = inner.kind, let k = constantOperand(constant(-x)) { return k }
        case .variable(let v):
            if case .local(let slot) = v.binding, !v.captured { return UInt16(slot) }
        default: break
        }
        let r = try allocate()
        try expression(e, into: r)
        return UInt16(r)
    }

    /// A register holding `e` (a plain local's own slot, or a fresh temporary).
    func operandRegister(_ e: Expr) throws -> Int {
        if case .variable(let v) = e.kind, case .local(let slot) = v.binding, !v.captured { return slot }
        let r = try allocate()
        try expression(e, into: r)
        return r
    }

    func expression(_ e: Expr, into dst: Int) throws {
        let saved = currentSpan
        currentSpan = e.span
        nesting += 1
        defer {
            currentSpan = saved
            nesting -= 1
        }
        guard nesting <= FunctionCompiler.maxNesting else {
            throw Diagnostic(id: .nestingTooDeep, message: "expression too deeply nested to compile",
                             file: file, span: e.span, hint: "split it into several statements")
        }
        try scoped {
            switch e.kind {
            case .number(let x): try emit(.loadK, dst, constant(x))
            case .string(let s): try emit(.loadK, dst, constant(s))
            case .bool(let b): try emit(.loadBool, dst, b ? 1 : 0)
            case .nilLiteral: try emit(.loadNil, dst)
            case .interpolated(let parts): try interpolation(parts, into: dst)
            case .variable(let v): try read(v, into: dst)
            case .bracket(let items): try bracket(items, into: dst)
            case .record(let fields):
                let base = try allocate(fields.count)
                for (i, f) in fields.enumerated() { try expression(f.value, into: base + i) }
                recordShapes.append(fields.map(\.name.text))
                currentSpan = e.span
                try emit(.newRecord, dst, base, recordShapes.count - 1)
            case .unary(let op, let inner):
                if op == .negate, case .number(let x) = inner.kind {
                    try emit(.loadK, dst, constant(-x))
                } else {
                    let r = try operandRegister(inner)
                    try emit(op == .negate ? .neg : .not, dst, r)
                }
            case .binary(let op, let l, let r): try binary(op, l, r, into: dst)
            case .logical(let op, let l, let r):
                try expression(l, into: dst)
                let skip = try emitJump(op == .and ? .jfalse : .jtrue, dst)
                try expression(r, into: dst)
                currentSpan = r.span
                try emit(.checkBool, dst)
                try patch(skip)
            case .range(let l, let r, let closed):
                let a = try operandRegister(l), b = try operandRegister(r)
                try emit(closed ? .rangeClosed : .range, dst, a, b)
            case .call(let callee, let args): try call(callee, args, into: dst)
            case .methodCall(let m): try methodCall(m, into: dst)
            case .index(let base, let items):
                if try elementRead(base, items, into: dst, span: e.span) { break }
                let b = try allocate()
                try indexBase(base, into: b)
                try indexItems(items)
                currentSpan = e.span
                try emit(.getIndex, dst, b, items.count)
            case .field(let base, let name):
                let b = try operandRegister(base)
                currentSpan = name.span
                try emit(.getField, dst, b, constant(name.text))
            case .function(let f):
                let index = try compileFunction(f)
                try emit(.closure, dst, index)
            }
        }
    }

    /// Reads variable `v` into `dst`. A read copies the reference, so the VM takes away a
    /// tensor's claim to be its variable's only holder (`TensorObj.unaliased`) — except for an
    /// `owning` read (c = `ownedRead`), which loads the container of `v[i]` or `v[i] = x`.
    func read(_ v: VariableRef, into dst: Int, owning: Bool = false) throws {
        let c = owning ? ownedRead : 0
        switch v.binding {
        case .local(let slot):
            if v.captured { try emit(.getCell, dst, slot, c) } else if slot != dst { try emit(.move, dst, slot, c) }
        case .upvalue(let i): try emit(.getUpval, dst, i, c)
        case .global(let g): try emit(.getGlobal, dst, g, c)
        case .unresolved: throw unresolved(v.name, v.span)
        }
    }

    /// `A[i]` and `A[i, j]` with plain indices (no slice, no `...`): one `getItem` or
    /// `getItem2` that reads the container's register and the indices as RK operands in place,
    /// instead of copying them into consecutive registers for `getIndex`. The VM reads a
    /// tensor element inline and sends anything else to the same `getIndex` path.
    func elementRead(_ base: Expr, _ items: [IndexItem], into dst: Int, span: SourceSpan) throws -> Bool {
        guard items.count == 1 || items.count == 2 else { return false }
        var indices: [Expr] = []
        for item in items {
            guard case .single(let e) = item else { return false }
            indices.append(e)
        }
        let b: Int
        if case .variable(let v) = base.kind, case .local(let slot) = v.binding, !v.captured {
            b = slot
        } else {
            b = try allocate()
            try indexBase(base, into: b)
        }
        let i = try operand(indices[0])
        let j = indices.count == 2 ? try operand(indices[1]) : 0
        currentSpan = span
        if indices.count == 1 {
            try emit(.getItem, dst, b, Int(i))
        } else {
            try emit(.getItem2, dst, b, Int(i))
            try emit(.extraArg, Int(j))
        }
        return true
    }

    /// Loads the container of an index expression; a plain variable with an owning read.
    func indexBase(_ base: Expr, into b: Int) throws {
        guard case .variable(let v) = base.kind else { return try expression(base, into: b) }
        let saved = currentSpan
        currentSpan = base.span
        defer { currentSpan = saved }
        try read(v, into: b, owning: true)
    }

    func unresolved(_ name: String, _ span: SourceSpan) -> Diagnostic {
        Diagnostic(id: .undeclaredVariable, message: "undeclared variable '\(name)'", file: file, span: span)
    }

    func binary(_ op: BinaryOp, _ l: Expr, _ r: Expr, into dst: Int) throws {
        let (opcode, swap): (Op, Bool) = {
            switch op {
            case .add: return (.add, false)
            case .subtract: return (.sub, false)
            case .multiply: return (.mul, false)
            case .divide: return (.div, false)
            case .modulo: return (.mod, false)
            case .power: return (.pow, false)
            case .matmul: return (.matmul, false)
            case .equal: return (.eq, false)
            case .notEqual: return (.ne, false)
            case .less: return (.lt, false)
            case .lessEqual: return (.le, false)
            case .greater: return (.lt, true)
            case .greaterEqual: return (.le, true)
            }
        }()
        let a = try operand(l), b = try operand(r)
        let at = try emit(opcode, dst, Int(swap ? b : a), Int(swap ? a : b))
        if !swap { markConsumed(at, consumedTemporaries(l, r)) }
    }

    /// Which operands of an arithmetic op are temporaries it consumes (`Instr.temporaries`):
    /// those that are themselves arithmetic expressions. `operand` evaluates such an operand
    /// into a fresh temporary register that only this op reads, and the VM's arithmetic makes a
    /// new object for every tensor result (no operator returns an operand), so once this op has
    /// its result nothing can reach the operand's numbers except the autograd graph, which
    /// keeps what its derivatives need (VM+Arith.swift, `releaseConsumed`).
    func consumedTemporaries(_ l: Expr?, _ r: Expr) -> UInt8 {
        func isArithmetic(_ e: Expr?) -> Bool {
            guard case .binary(let op, _, _)? = e?.kind else { return false }
            switch op {
            case .add, .subtract, .multiply, .divide, .modulo, .power, .matmul: return true
            case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return false
            }
        }
        return (isArithmetic(l) ? consumedB : 0) | (isArithmetic(r) ? consumedC : 0)
    }

    func interpolation(_ parts: [StringPart], into dst: Int) throws {
        let base = try allocate(parts.count)
        for (i, p) in parts.enumerated() {
            switch p {
            case .literal(let s): try emit(.loadK, base + i, constant(s))
            case .interpolation(let e, let format):
                try expression(e, into: base + i)
                if let format {
                    currentSpan = e.span
                    try emit(.format, base + i, base + i, constant(format))
                }
            }
        }
        try emit(.concat, dst, base, parts.count)
    }

    /// `[a, b, ...]`: nested when every element is itself a bracket literal.
    func bracket(_ items: [Expr], into dst: Int) throws {
        let base = try allocate(items.count)
        for (i, x) in items.enumerated() { try expression(x, into: base + i) }
        let nested = !items.isEmpty && items.allSatisfy { if case .bracket = $0.kind { return true } else { return false } }
        try emit(nested ? .newNested : .newBracket, dst, base, items.count)
    }

    func arguments(_ args: [Argument], from base: Int) throws -> [String] {
        var names: [String] = []
        for (i, a) in args.enumerated() {
            try expression(a.value, into: base + i)
            if let label = a.label { names.append(label.text) }
        }
        return names
    }

    func call(_ callee: Expr, _ args: [Argument], into dst: Int) throws {
        // Call in place when dst is the topmost temporary (everything above it is free).
        let fa: Int
        if dst == freeRegister - 1 && dst >= frameSlots {
            fa = dst
            _ = try allocate(args.count)
        } else { fa = try allocate(args.count + 1) }
        // A callee variable is read as `owning`: the reference goes nowhere but into the call
        // (a tensor cannot be called), so the VM skips its tensor-holder check.
        if case .variable(let v) = callee.kind { try read(v, into: fa, owning: true) } else { try expression(callee, into: fa) }
        let names = try arguments(args, from: fa + 1)
        var site = noOperand
        if !names.isEmpty {
            callSites.append(CallSite(names: names, method: nil))
            site = UInt16(callSites.count - 1)
        }
        currentSpan = callSpan(callee.span)
        try emit(.call, fa, args.count, Int(site))
        if fa != dst { try emit(.move, dst, fa) }
    }

    /// Calls are reported at the callee's name, which points at the call a reader sees.
    func callSpan(_ span: SourceSpan) -> SourceSpan { span }

    func methodCall(_ m: MethodCall, into dst: Int) throws {
        let fa: Int
        if dst == freeRegister - 1 && dst >= frameSlots {
            fa = dst
            _ = try allocate(m.arguments.count + 1)
        } else { fa = try allocate(m.arguments.count + 2) }
        try expression(m.receiver, into: fa + 1)
        let names = try arguments(m.arguments, from: fa + 2)
        currentSpan = m.name.span
        switch m.function {
        case .local, .upvalue:
            // A local named like the method is loaded now; the VM still calls the receiver's
            // record field first, as it does for globals, and falls back to this local.
            try read(VariableRef(name: m.name.text, span: m.name.span, binding: m.function,
                                 captured: isCapturedLocal(m)), into: fa)
            callSites.append(CallSite(names: names, method: m.name.text, methodGlobal: CallSite.calleeInRegister))
            try emit(.callMethod, fa, m.arguments.count + 1, callSites.count - 1)
        case .global(let g):
            callSites.append(CallSite(names: names, method: m.name.text, methodGlobal: g))
            try emit(.callMethod, fa, m.arguments.count + 1, callSites.count - 1)
        case .unresolved:
            callSites.append(CallSite(names: names, method: m.name.text, methodGlobal: nil))
            try emit(.callMethod, fa, m.arguments.count + 1, callSites.count - 1)
        }
        if fa != dst { try emit(.move, dst, fa) }
    }

    /// Whether the local a method name resolved to is boxed (the resolver marks captured
    /// locals on their declaration; a method name reference carries no flag, so look it up).
    func isCapturedLocal(_ m: MethodCall) -> Bool {
        if case .local(let slot) = m.function { return boxedSlots.contains(slot) }
        return false
    }

    /// Index items into consecutive fresh registers (slices and `...` become slice values).
    func indexItems(_ items: [IndexItem]) throws {
        let base = try allocate(items.count)
        for (i, item) in items.enumerated() {
            switch item {
            case .single(let e): try expression(e, into: base + i)
            case .ellipsis(let span):
                currentSpan = span
                try emit(.ellipsis, base + i)
            case .slice(let start, let stop, let step, let span):
                try scoped {
                    let parts = try allocate(3)
                    for (k, p) in [start, stop, step].enumerated() {
                        if let p { try expression(p, into: parts + k) } else { try emit(.loadNil, parts + k) }
                    }
                    currentSpan = span
                    try emit(.slice, base + i, parts)
                }
            }
        }
    }
}

extension CallSite {
    /// `methodGlobal` of a method call whose name resolved to a local or upvalue: the compiler
    /// has already loaded that local into the callee register, the fallback when the receiver
    /// is not a record with a field of that name.
    static let calleeInRegister = -1
}
