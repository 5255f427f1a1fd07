// Compiler+Control: if / while / for. Conditions that are comparisons compile to one fused
// compare-and-jump; `and` chains share their false exits. A `for` over a literal range is a
// numeric loop in registers; anything else walks an iterator.
import Diagnostics
import Language

extension FunctionCompiler {
    /// Emits code that falls through when `e` is true and jumps (to be patched) when false.
    func jumpIfFalse(_ e: Expr) throws -> [Int] {
        currentSpan = e.span
        switch e.kind {
        case .binary(let op, let l, let r) where [.less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual].contains(op):
            return try scoped {
                let a = try operand(l), b = try operand(r)
                currentSpan = e.span
                switch op {
                case .less: return [try emitJump(.jlt, Int(a), Int(b))]
                case .lessEqual: return [try emitJump(.jle, Int(a), Int(b))]
                case .greater: return [try emitJump(.jlt, Int(b), Int(a))]
                case .greaterEqual: return [try emitJump(.jle, Int(b), Int(a))]
                case .equal: return [try emitJump(.jeq, Int(a), Int(b))]
                default: return [try emitJump(.jne, Int(a), Int(b))]
                }
            }
        case .logical(.and, let l, let r):
            return try jumpIfFalse(l) + jumpIfFalse(r)
        default:
            return try scoped {
                let c = try operandRegister(e)
                currentSpan = e.span
                return [try emitJump(.jfalse, c)]
            }
        }
    }

    func ifStatement(_ s: IfStmt) throws {
        var endJumps: [Int] = []
        for (i, branch) in s.branches.enumerated() {
            let falseJumps = try jumpIfFalse(branch.condition)
            try block(branch.body)
            if i < s.branches.count - 1 || s.elseBlock != nil { endJumps.append(try emitJump(.jmp)) }
            for j in falseJumps { try patch(j) }
        }
        if let e = s.elseBlock { try block(e) }
        for j in endJumps { try patch(j) }
    }

    func whileLoop(_ w: WhileStmt) throws {
        let top = code.count
        let exits = try jumpIfFalse(w.condition)
        loops.append(LoopContext())
        try block(w.body)
        let ctx = loops.removeLast()
        for j in ctx.continueJumps { try patchBack(j, to: top) }
        currentSpan = w.condition.span
        try emitJump(to: top, backEdge: true)
        for j in exits + ctx.breakJumps { try patch(j) }
    }

    /// Turns the placeholder jump at `index` into a back edge to `target`.
    func patchBack(_ index: Int, to target: Int) throws {
        code[index] = Instr.withSbx(.loop, 0, target - (index + 1))
    }

    func forLoop(_ f: ForStmt) throws {
        if f.variables.count == 1, case .range(let lo, let hi, let closed) = f.iterable.kind {
            try numericFor(f, lo, hi, closed: closed)
            return
        }
        let s = f.stateSlot
        try expression(f.iterable, into: s)
        currentSpan = f.iterable.span
        try emit(.iter, s, s)
        let count = f.variables.count
        let direct = count == 1 && !f.variables[0].captured
        let targets: Int
        if direct, case .local(let slot) = f.variables[0].binding { targets = slot } else { targets = try allocate(count) }
        let top = code.count
        try emit(.forNext, s, targets, count)
        let exit = try emitJump(.jmp)
        if !direct { try bindLoopVariables(f.variables, from: targets) }
        loops.append(LoopContext())
        try block(f.body)
        let ctx = loops.removeLast()
        for j in ctx.continueJumps { try patch(j) }
        currentSpan = f.iterable.span
        try emitJump(to: top, backEdge: true)
        try patch(exit)
        for j in ctx.breakJumps { try patch(j) }
    }

    func bindLoopVariables(_ vars: [Declared], from base: Int) throws {
        for (i, v) in vars.enumerated() {
            try declare(v) { dst in if dst != base + i { try emit(.move, dst, base + i) } }
        }
    }

    /// `for i in a..<b` (or `a...b`): R[s] counter, R[s+1] end, R[s+2] the current value.
    /// When the one loop variable is a plain local in the slot right after the three hidden
    /// ones (where the resolver puts it), the state moves up one slot so that R[s+2] is the
    /// variable itself and no `move` starts each turn.
    func numericFor(_ f: ForStmt, _ lo: Expr, _ hi: Expr, closed: Bool) throws {
        var s = f.stateSlot
        if f.variables.count == 1, !f.variables[0].captured, case .local(let slot) = f.variables[0].binding,
           slot == s + ForStmt.stateSlotCount {
            s += 1
        }
        try expression(lo, into: s)
        try expression(hi, into: s + 1)
        currentSpan = f.iterable.span
        let prep = try emit(.forPrep, s, closed ? 1 : 0, 0)
        let bodyStart = code.count
        try bindLoopVariables(f.variables, from: s + 2)
        loops.append(LoopContext())
        try block(f.body)
        let ctx = loops.removeLast()
        for j in ctx.continueJumps { try patch(j) }
        currentSpan = f.iterable.span
        let back = code.count + 1 - bodyStart
        guard back <= 0xffff else { throw tooLarge() }
        try emit(.forLoop, s, closed ? 1 : 0, back)
        try patch(prep)
        for j in ctx.breakJumps { try patch(j) }
    }
}
