// Compiler: resolved AST (from Language) to register bytecode, one FunctionCompiler per
// function. Locals live in the slots the resolver assigned; temporaries sit above them. A local
// that a closure captures is boxed in a cell when declared (each loop iteration makes fresh
// cells), so closures share it by reference.
import Diagnostics
import Language

/// Compiles one function body (or a program's top level) to a FunctionProto.
final class FunctionCompiler {
    let vm: VM
    let file: SourceFile
    let name: String
    var code: [Instr] = []
    var spans: [SourceSpan] = []
    /// The consumed operands of arithmetic instructions, by index (`FunctionProto.temporaries`);
    /// instructions are only ever appended, so an index keeps naming its instruction.
    var consumed: [Int: UInt8] = [:]
    var constants: [Value] = []
    var numberConstants: [UInt64: Int] = [:]
    var stringConstants: [String: Int] = [:]
    var callSites: [CallSite] = []
    var recordShapes: [[String]] = []
    /// The next free register; temporaries are allocated and released stack-wise.
    var freeRegister: Int
    var maxRegister: Int
    /// The resolver's slot count: registers below it are locals, never temporaries.
    let frameSlots: Int
    /// The span instructions emitted now are attributed to.
    var currentSpan: SourceSpan
    var loops: [LoopContext] = []
    /// How deep `expression` is recursing (a guard against compiler stack overflow).
    var nesting = 0
    static let maxNesting = 20_000
    /// Slots of captured locals declared so far (they hold cells).
    var boxedSlots: Set<Int> = []

    struct LoopContext {
        var breakJumps: [Int] = []
        var continueJumps: [Int] = []
    }

    init(vm: VM, file: SourceFile, name: String, slotCount: Int, span: SourceSpan) {
        self.vm = vm
        self.file = file
        self.name = name
        freeRegister = slotCount
        maxRegister = slotCount
        frameSlots = slotCount
        currentSpan = span
    }

    // MARK: emitting

    @discardableResult
    func emit(_ op: Op, _ a: Int = 0, _ b: Int = 0, _ c: Int = 0) throws -> Int {
        guard a <= 0xffff, b <= 0xffff, c <= 0xffff, a >= 0, b >= 0, c >= 0 else { throw tooLarge() }
        code.append(Instr(op, UInt16(a), UInt16(b), UInt16(c)))
        spans.append(currentSpan)
        return code.count - 1
    }

    /// Marks the operands instruction `index` consumes (`consumedB`, `consumedC`).
    func markConsumed(_ index: Int, _ operands: UInt8) {
        if operands != 0 { consumed[index] = operands }
    }

    func tooLarge() -> Diagnostic {
        Diagnostic(id: .tooLargeToCompile, message: "function '\(name)' is too large to compile",
                   file: file, span: currentSpan, hint: "split it into smaller functions")
    }

    /// Emits a forward jump to be patched; returns its index.
    func emitJump(_ op: Op, _ a: Int = 0, _ b: Int = 0) throws -> Int {
        try emit(op, a, b, 0)
    }

    /// Points the forward jump at `index` to the next instruction.
    func patch(_ index: Int) throws {
        let offset = code.count - (index + 1)
        if code[index].op == .jmp {
            code[index] = Instr.withSbx(.jmp, code[index].a, offset)
        } else {
            guard offset <= 0xffff else { throw tooLarge() }
            code[index].c = UInt16(offset)
        }
    }

    /// An unconditional jump (or loop back edge) to instruction `target`.
    func emitJump(to target: Int, backEdge: Bool) throws {
        let offset = target - (code.count + 1)
        code.append(Instr.withSbx(backEdge ? .loop : .jmp, 0, offset))
        spans.append(currentSpan)
    }

    // MARK: registers

    func allocate(_ n: Int = 1) throws -> Int {
        let r = freeRegister
        freeRegister += n
        maxRegister = max(maxRegister, freeRegister)
        guard freeRegister < Int(constantBit) else { throw tooLarge() }
        return r
    }

    /// Runs `body` and releases the temporaries it allocated.
    func scoped<T>(_ body: () throws -> T) rethrows -> T {
        let saved = freeRegister
        defer { freeRegister = saved }
        return try body()
    }

    // MARK: constants

    func constant(_ x: Double) -> Int {
        if let i = numberConstants[x.bitPattern] { return i }
        constants.append(.number(x))
        numberConstants[x.bitPattern] = constants.count - 1
        return constants.count - 1
    }

    func constant(_ s: String) -> Int {
        if let i = stringConstants[s] { return i }
        constants.append(vm.newString(s))
        stringConstants[s] = constants.count - 1
        return constants.count - 1
    }

    func constantOperand(_ k: Int) -> UInt16? {
        k < Int(constantBit) - 1 ? UInt16(k) | constantBit : nil
    }

    // MARK: finishing

    func finish(parameters: [ParameterInfo], upvalues: [UpvalueSource], span: SourceSpan) -> FunctionProto {
        let proto = FunctionProto(
            name: name, parameters: parameters, registerCount: maxRegister + 1, upvalues: upvalues,
            instructions: code, constants: constants, spans: spans, callSites: callSites,
            recordShapes: recordShapes, temporaries: consumedTable(), file: file, span: span)
        proto.index = vm.protos.count
        proto.stringConstantTexts = Dictionary(uniqueKeysWithValues: stringConstants.map { ($1, $0) })
        vm.protos.append(proto)
        return proto
    }

    /// `consumed` as one byte per instruction (empty when nothing is marked).
    func consumedTable() -> [UInt8] {
        guard !consumed.isEmpty else { return [] }
        var table = [UInt8](repeating: 0, count: code.count)
        for (i, operands) in consumed { table[i] = operands }
        return table
    }

    /// Compiles a function literal in a fresh compiler; returns the prototype's index.
    func compileFunction(_ f: FunctionLiteral) throws -> Int {
        let inner = FunctionCompiler(vm: vm, file: file, name: f.name ?? "<anonymous>",
                                     slotCount: f.frame.slotCount, span: f.span)
        for (i, p) in f.parameters.enumerated() {
            if let d = p.defaultValue {
                inner.currentSpan = d.span
                let skip = try inner.emitJump(.jumpIfDefined, i)
                try inner.expression(d, into: i)
                try inner.patch(skip)
            }
            if p.declared.captured {
                inner.currentSpan = p.declared.span
                try inner.emit(.newCell, i, i)
            }
        }
        switch f.body {
        case .expression(let e):
            inner.currentSpan = e.span
            let r = try inner.scoped { try inner.operandRegister(e) }
            inner.currentSpan = e.span
            try inner.emit(.ret, r)
        case .block(let b):
            try inner.block(b)
            inner.currentSpan = SourceSpan.point(max(b.span.start, b.span.end - 1))
            try inner.emit(.retNil)
        }
        let ups = f.frame.upvalues.map { u -> UpvalueSource in
            switch u.source {
            case .local(let slot): return UpvalueSource(fromEnclosingRegister: true, index: slot)
            case .upvalue(let i): return UpvalueSource(fromEnclosingRegister: false, index: i)
            }
        }
        let params = f.parameters.map { ParameterInfo(name: $0.declared.name, hasDefault: $0.defaultValue != nil) }
        return inner.finish(parameters: params, upvalues: ups, span: f.span).index
    }
}

/// Compiles a resolved program's top level to a prototype named `<script>`.
/// With `returningLastExpression`, a final expression statement's value is returned (the REPL
/// shows it); otherwise the script returns nil.
func compileProgram(_ program: Program, vm: VM, name: String = "<script>",
                    returningLastExpression: Bool = false) throws -> FunctionProto {
    let c = FunctionCompiler(vm: vm, file: program.file, name: name, slotCount: program.frame.slotCount,
                             span: SourceSpan.point(0))
    for (i, s) in program.statements.enumerated() {
        if returningLastExpression, i == program.statements.count - 1, case .expression(let e) = s.kind {
            c.currentSpan = s.span
            let r = try c.allocate()
            try c.expression(e, into: r)
            try c.emit(.ret, r)
        } else {
            try c.statement(s)
        }
    }
    c.currentSpan = SourceSpan.point(program.file.bytes.count)
    try c.emit(.retNil)
    return c.finish(parameters: [], upvalues: [], span: SourceSpan.point(0))
}
