// VM+Loop: the dispatch loop. Numbers take the inline fast path; everything else (tensors,
// strings, errors) goes to out-of-line helpers so the loop stays small. Ctrl-C and the collector
// are polled on loop back edges and calls.
import CInterrupt
import Diagnostics
import TensorCore

/// `ownedRead` as an operand: such a read leaves a tensor's only-holder claim as it is
/// (tensorAccessed does nothing for it), so the loop skips the call.
private let readOwned = UInt16(ownedRead)

extension VM {
    /// Runs frames until the frame above `stopDepth` returns; returns its value.
    func execute(stopDepth: Int) throws -> Value {
        // The running frame's fields live in frames[depth] and are read there when needed (a
        // closure's upvalues, the register count at a collection): a call or return then
        // updates only pc, R and K, not a whole copied Frame.
        var pc = frames[depth].pc
        var R = frames[depth].base
        var K = frames[depth].code.constants.unsafelyUnwrapped

        @inline(__always) func rk(_ x: UInt16) -> Value {
            x & constantBit == 0 ? R[Int(x)] : K[Int(x & ~constantBit)]
        }
        /// R[x] and constant y when both are numbers (`n - 1`, `n < 2`): one branch on where the
        /// operands are, not a pointer select per operand.
        @inline(__always) func registerAndConstant(_ x: UInt16, _ y: UInt16) -> (Double, Double)? {
            guard x & constantBit == 0, y & constantBit != 0, case .number(let u) = R[Int(x)],
                  case .number(let v) = K[Int(y & ~constantBit)] else { return nil }
            return (u, v)
        }

        while true {
            let ins = pc.pointee
            pc += 1
            do {
                switch ins.op {
                case .move:
                    let v = R[Int(ins.b)]
                    R[Int(ins.a)] = v
                    if ins.c != readOwned, case .object(let r) = v, heap.kinds[Int(r.index)] == .tensor { tensorAccessed(r, ins.c) }
                case .loadK:
                    R[Int(ins.a)] = K[Int(ins.b)]
                case .loadNil:
                    R[Int(ins.a)] = .nil_
                case .loadBool:
                    R[Int(ins.a)] = .bool(ins.b != 0)
                case .getGlobal:
                    let v = globals[Int(ins.b)]
                    if case .undefined = v { throw undefinedGlobal(Int(ins.b)) }
                    R[Int(ins.a)] = v
                    if ins.c != readOwned, case .object(let r) = v, heap.kinds[Int(r.index)] == .tensor { tensorAccessed(r, ins.c) }
                case .setGlobal:
                    let v = R[Int(ins.a)]
                    globals[Int(ins.b)] = v
                    if ins.c != 0 { ownedStored(v) }
                case .getUpval:
                    let v = try upvalueCell(frames[depth].closure, Int(ins.b)).value
                    R[Int(ins.a)] = v
                    if ins.c != readOwned, case .object(let r) = v, heap.kinds[Int(r.index)] == .tensor { tensorAccessed(r, ins.c) }
                case .setUpval:
                    try upvalueCell(frames[depth].closure, Int(ins.b)).value = R[Int(ins.a)]
                    if ins.c != 0 { ownedStored(R[Int(ins.a)]) }
                case .newCell:
                    R[Int(ins.a)] = heap.allocate(CellObj(R[Int(ins.b)]), kind: .cell)
                case .getCell:
                    let v = try cell(R[Int(ins.b)]).value
                    R[Int(ins.a)] = v
                    if ins.c != readOwned, case .object(let r) = v, heap.kinds[Int(r.index)] == .tensor { tensorAccessed(r, ins.c) }
                case .setCell:
                    try cell(R[Int(ins.a)]).value = R[Int(ins.b)]
                    if ins.c != 0 { ownedStored(R[Int(ins.b)]) }

                case .add:
                    if (ins.b | ins.c) & constantBit == 0, case .number(let x) = R[Int(ins.b)], case .number(let y) = R[Int(ins.c)] {
                        R[Int(ins.a)] = .number(x + y)
                    } else if let (x, y) = registerAndConstant(ins.b, ins.c) {
                        R[Int(ins.a)] = .number(x + y)
                    } else if case .number(let x) = rk(ins.b), case .number(let y) = rk(ins.c) {
                        R[Int(ins.a)] = .number(x + y)
                    } else { frames[depth].pc = pc; R[Int(ins.a)] = try arithmetic(.add, rk(ins.b), rk(ins.c)) }
                case .sub:
                    if (ins.b | ins.c) & constantBit == 0, case .number(let x) = R[Int(ins.b)], case .number(let y) = R[Int(ins.c)] {
                        R[Int(ins.a)] = .number(x - y)
                    } else if let (x, y) = registerAndConstant(ins.b, ins.c) {
                        R[Int(ins.a)] = .number(x - y)
                    } else if case .number(let x) = rk(ins.b), case .number(let y) = rk(ins.c) {
                        R[Int(ins.a)] = .number(x - y)
                    } else { frames[depth].pc = pc; R[Int(ins.a)] = try arithmetic(.sub, rk(ins.b), rk(ins.c)) }
                case .mul:
                    if (ins.b | ins.c) & constantBit == 0, case .number(let x) = R[Int(ins.b)], case .number(let y) = R[Int(ins.c)] {
                        R[Int(ins.a)] = .number(x * y)
                    } else if let (x, y) = registerAndConstant(ins.b, ins.c) {
                        R[Int(ins.a)] = .number(x * y)
                    } else if case .number(let x) = rk(ins.b), case .number(let y) = rk(ins.c) {
                        R[Int(ins.a)] = .number(x * y)
                    } else { frames[depth].pc = pc; R[Int(ins.a)] = try arithmetic(.mul, rk(ins.b), rk(ins.c)) }
                case .div:
                    if case .number(let x) = rk(ins.b), case .number(let y) = rk(ins.c), y != 0 {
                        R[Int(ins.a)] = .number(x / y)
                    } else { frames[depth].pc = pc; R[Int(ins.a)] = try arithmetic(.div, rk(ins.b), rk(ins.c)) }
                case .mod:
                    frames[depth].pc = pc
                    R[Int(ins.a)] = try arithmetic(.mod, rk(ins.b), rk(ins.c))
                case .pow:
                    frames[depth].pc = pc
                    R[Int(ins.a)] = try arithmetic(.pow, rk(ins.b), rk(ins.c))
                case .matmul:
                    frames[depth].pc = pc
                    R[Int(ins.a)] = try arithmetic(.matmul, rk(ins.b), rk(ins.c))
                case .eq:
                    R[Int(ins.a)] = try compare(.eq, rk(ins.b), rk(ins.c))
                case .ne:
                    R[Int(ins.a)] = try compare(.ne, rk(ins.b), rk(ins.c))
                case .lt:
                    if case .number(let x) = rk(ins.b), case .number(let y) = rk(ins.c) {
                        R[Int(ins.a)] = .bool(x < y)
                    } else { R[Int(ins.a)] = try compare(.lt, rk(ins.b), rk(ins.c)) }
                case .le:
                    if case .number(let x) = rk(ins.b), case .number(let y) = rk(ins.c) {
                        R[Int(ins.a)] = .bool(x <= y)
                    } else { R[Int(ins.a)] = try compare(.le, rk(ins.b), rk(ins.c)) }
                case .neg:
                    if case .number(let x) = R[Int(ins.b)] {
                        R[Int(ins.a)] = .number(-x)
                    } else { R[Int(ins.a)] = try negate(R[Int(ins.b)]) }
                case .not:
                    R[Int(ins.a)] = .bool(!(try condition(R[Int(ins.b)], what: "operand of `not`")))

                case .jmp:
                    pc += ins.sbx
                case .loop:
                    if tick() { throw stopped() }
                    pc += ins.sbx
                    if heap.wantsCollection { collectGarbage(liveTop: R + Int(frames[depth].code.registerCount)) }
                case .jlt:
                    if let (x, y) = registerAndConstant(ins.a, ins.b) {
                        if !(x < y) { pc += Int(ins.c) }
                    } else if case .number(let x) = rk(ins.a), case .number(let y) = rk(ins.b) {
                        if !(x < y) { pc += Int(ins.c) }
                    } else if !(try condition(compare(.lt, rk(ins.a), rk(ins.b)), what: "condition")) {
                        pc += Int(ins.c)
                    }
                case .jle:
                    if case .number(let x) = rk(ins.a), case .number(let y) = rk(ins.b) {
                        if !(x <= y) { pc += Int(ins.c) }
                    } else if !(try condition(compare(.le, rk(ins.a), rk(ins.b)), what: "condition")) {
                        pc += Int(ins.c)
                    }
                case .jeq:
                    if !(try condition(compare(.eq, rk(ins.a), rk(ins.b)), what: "condition")) { pc += Int(ins.c) }
                case .jne:
                    if !(try condition(compare(.ne, rk(ins.a), rk(ins.b)), what: "condition")) { pc += Int(ins.c) }
                case .jfalse:
                    if case .bool(let b) = R[Int(ins.a)] {
                        if !b { pc += Int(ins.c) }
                    } else if !(try condition(R[Int(ins.a)], what: "condition")) { pc += Int(ins.c) }
                case .jtrue:
                    if case .bool(let b) = R[Int(ins.a)] {
                        if b { pc += Int(ins.c) }
                    } else if try condition(R[Int(ins.a)], what: "condition") { pc += Int(ins.c) }
                case .checkBool:
                    if case .bool = R[Int(ins.a)] {} else {
                        R[Int(ins.a)] = .bool(try condition(R[Int(ins.a)], what: "operand of `and`/`or`"))
                    }
                case .jumpIfDefined:
                    if R[Int(ins.a)] != .undefined { pc += Int(ins.c) }

                case .forPrep:
                    let a = Int(ins.a)
                    var start = 0.0, stop = 0.0
                    if case .number(let x) = R[a], case .number(let y) = R[a + 1], x.isFinite, y.isFinite {
                        start = x
                        stop = y
                    } else {
                        start = try loopBound(R[a], "start")
                        stop = try loopBound(R[a + 1], "end")
                    }
                    R[a] = .number(start)
                    R[a + 1] = .number(stop)
                    if ins.b != 0 ? !(start <= stop) : !(start < stop) { pc += Int(ins.c) } else {
                        R[a + 2] = .number(start)
                    }
                case .forLoop:
                    let a = Int(ins.a)
                    if case .number(let i) = R[a], case .number(let stop) = R[a + 1] {
                        let next = i + 1
                        if ins.b != 0 ? next <= stop : next < stop {
                            if tick() { throw stopped() }
                            R[a] = .number(next)
                            R[a + 2] = .number(next)
                            pc -= Int(ins.c)
                            if heap.wantsCollection { collectGarbage(liveTop: R + Int(frames[depth].code.registerCount)) }
                        }
                    }
                case .iter:
                    R[Int(ins.a)] = try makeIterator(R[Int(ins.b)])
                case .forNext:
                    if try iteratorNext(R[Int(ins.a)], into: R + Int(ins.b), count: Int(ins.c)) { pc += 1 }
                    if tick() { throw stopped() }
                    if heap.wantsCollection { collectGarbage(liveTop: R + Int(frames[depth].code.registerCount)) }

                case .call, .callMethod:
                    let fa = R + Int(ins.a)
                    if tick() { throw stopped() }
                    if heap.wantsCollection { collectGarbage(liveTop: fa + Int(ins.b) + 1) }
                    // A plain positional call of a live closure with exactly its parameters. The
                    // kind and generation tables cover every index the heap ever handed out, so a
                    // handle in a register needs no bounds check.
                    if ins.c == noOperand, ins.op == .call, case .object(let ref) = fa.pointee,
                       heap.kinds[Int(ref.index)] == .closure, heap.generations[Int(ref.index)] == ref.generation {
                        let code = heap.codes[Int(ref.index)]
                        if Int32(ins.b) == code.fastArity {
                            try pushFrame(ref, code, base: fa + 1)
                            frames[depth &- 1].pc = pc
                            pc = code.code.unsafelyUnwrapped
                            R = fa + 1
                            K = code.constants.unsafelyUnwrapped
                            continue
                        }
                    }
                    // A one-number builtin (exp, sqrt, …) on a number. The builtins hold the heap's
                    // first indices and are roots, never freed, so an index below
                    // builtinNumericCount with a numeric path is that builtin (no kind or
                    // generation test).
                    if ins.b == 1, ins.c == noOperand, case .object(let ref) = fa.pointee,
                       Int(ref.index) < heap.builtinNumericCount,
                       case .number(let x) = fa[1], let f = heap.builtinNumeric[Int(ref.index)] {
                        fa.pointee = .number(f(x))
                        continue
                    }
                    frames[depth].pc = pc
                    if try callSlow(fa, ins, frames[depth].code) {
                        pc = frames[depth].pc
                        R = frames[depth].base
                        K = frames[depth].code.constants.unsafelyUnwrapped
                    }
                case .ret, .retNil:
                    let v = ins.op == .ret ? R[Int(ins.a)] : .nil_
                    (R - 1).pointee = v
                    depth &-= 1
                    if depth == stopDepth { return v }
                    pc = frames[depth].pc
                    R = frames[depth].base
                    K = frames[depth].code.constants.unsafelyUnwrapped
                case .closure:
                    R[Int(ins.a)] = try makeClosure(Int(ins.b), enclosing: frames[depth].closure, registers: R)

                case .newBracket:
                    R[Int(ins.a)] = try bracketLiteral(UnsafeBufferPointer(start: R + Int(ins.b), count: Int(ins.c)))
                case .newNested:
                    R[Int(ins.a)] = try nestedLiteral(UnsafeBufferPointer(start: R + Int(ins.b), count: Int(ins.c)))
                case .newList:
                    R[Int(ins.a)] = heap.allocate(ListObj(Array(UnsafeBufferPointer(start: R + Int(ins.b), count: Int(ins.c)))), kind: .list)
                case .newRecord:
                    let names = protos[Int(frames[depth].code.protoIndex)].recordShapes[Int(ins.c)]
                    let values = Array(UnsafeBufferPointer(start: R + Int(ins.b), count: names.count))
                    R[Int(ins.a)] = heap.allocate(RecordObj(names: names, values: values), kind: .record)
                case .getField:
                    R[Int(ins.a)] = try getField(R[Int(ins.b)], name: K[Int(ins.c)])
                case .setField:
                    try setField(R[Int(ins.a)], name: K[Int(ins.c)], R[Int(ins.b)])
                case .addField, .subField, .mulField:
                    frames[depth].pc = pc
                    try updateField(ins.op == .addField ? .add : ins.op == .subField ? .sub : .mul,
                                    R[Int(ins.a)], name: K[Int(ins.c)], rk(ins.b))
                case .scaledUpdate:
                    let w = Int(ins.b)
                    if try scaledUpdate(R[Int(ins.a)], name: K[Int(ins.c)], R[w], R[w + 1], subtract: pc[1].op == .subField) {
                        pc += 2
                    }
                case .getIndex:
                    if let v = tensorElement(R[Int(ins.b)], UnsafeBufferPointer(start: R + Int(ins.b) + 1, count: Int(ins.c))) {
                        R[Int(ins.a)] = v
                    } else { R[Int(ins.a)] = try getIndex(R[Int(ins.b)], UnsafeBufferPointer(start: R + Int(ins.b) + 1, count: Int(ins.c))) }
                case .getItem:
                    let base = R[Int(ins.b)], i = rk(ins.c)
                    if let v = tensorElement(base, i) {
                        R[Int(ins.a)] = v
                    } else { R[Int(ins.a)] = try getIndex(base, i) }
                case .getItem2:
                    let base = R[Int(ins.b)], i = rk(ins.c), j = rk(pc.pointee.a)
                    if let v = tensorElement(base, i, j) {
                        R[Int(ins.a)] = v
                    } else { R[Int(ins.a)] = try getIndex(base, i, j) }
                    pc += 1
                case .extraArg:
                    preconditionFailure("an extraArg word is read by the instruction before it")
                case .setIndex:
                    let items = UnsafeBufferPointer(start: R + Int(ins.a) + 1, count: Int(ins.c))
                    if try !setTensorElement(R[Int(ins.a)], items, R[Int(ins.b)]) {
                        R[Int(ins.a)] = try setIndex(R[Int(ins.a)], items, R[Int(ins.b)])
                    }
                case .slice:
                    R[Int(ins.a)] = try makeSlice(R[Int(ins.b)], R[Int(ins.b) + 1], R[Int(ins.b) + 2])
                case .ellipsis:
                    R[Int(ins.a)] = ellipsisValue()
                case .range:
                    R[Int(ins.a)] = try makeRange(R[Int(ins.b)], R[Int(ins.c)], closed: false)
                case .rangeClosed:
                    R[Int(ins.a)] = try makeRange(R[Int(ins.b)], R[Int(ins.c)], closed: true)
                case .unpack:
                    try unpack(R[Int(ins.b)], into: R + Int(ins.a), count: Int(ins.c))
                case .concat:
                    var s = ""
                    for i in 0..<Int(ins.c) {
                        let part = try displayString(R[Int(ins.b) + i], inline: true)
                        let n = s.utf8.count + part.utf8.count
                        if n > MemoryLimit.bytes { try checkMemory(count: n, itemBytes: 1, what: "a string of \(n) bytes") }
                        s += part
                    }
                    R[Int(ins.a)] = heap.allocate(StringObj(s), kind: .string)
                case .format:
                    R[Int(ins.a)] = try formatValue(R[Int(ins.b)], spec: K[Int(ins.c)])
                case .assert:
                    try checkAssert(R[Int(ins.a)], message: ins.b == noOperand ? nil : R[Int(ins.b)])
                case .importFile:
                    frames[depth].pc = pc
                    try importFile(K[Int(ins.b)])
                }
            } catch {
                frames[depth].pc = pc
                let diagnostic = locate(error)
                depth = stopDepth
                throw diagnostic
            }
        }
    }

    /// Pushes a frame for `code` with registers starting at `base`.
    @inline(__always)
    func pushFrame(_ ref: ObjRef, _ code: VMCode, base: UnsafeMutablePointer<Value>) throws {
        // Compared as pointers: `base - stack` would divide by the stride on every call.
        let top = base + Int(code.registerCount) + 256
        guard depth < VM.maxDepth, top < stack + VM.stackCapacity else { throw stackOverflow() }
        if top > stack + stackInitialized { ensureStack(upTo: top - stack) }
        depth &+= 1
        frames[depth] = Frame(closure: ref, code: FrameCode(code), pc: code.code.unsafelyUnwrapped, base: base)
    }
}
