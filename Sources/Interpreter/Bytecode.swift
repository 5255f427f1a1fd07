// Bytecode: the register machine's instruction set, one instruction format, and the function
// prototype the compiler produces. Operands named "rk" read a register when below 0x8000 and
// constant `x & 0x7fff` otherwise (Lua's RK encoding).
import Diagnostics

/// One instruction: an opcode and three 16-bit operands. Jumps use `c` as an unsigned forward
/// offset, or `b:c` as a signed 32-bit offset (`sbx`).
struct Instr: Equatable {
    var op: Op
    var a: UInt16
    var b: UInt16
    var c: UInt16

    init(_ op: Op, _ a: UInt16 = 0, _ b: UInt16 = 0, _ c: UInt16 = 0) {
        self.op = op
        self.a = a
        self.b = b
        self.c = c
    }

    /// The signed offset held in `b:c`.
    var sbx: Int { Int(Int32(bitPattern: UInt32(b) << 16 | UInt32(c))) }
    static func withSbx(_ op: Op, _ a: UInt16, _ offset: Int) -> Instr {
        let bits = UInt32(bitPattern: Int32(truncatingIfNeeded: offset))
        return Instr(op, a, UInt16(bits >> 16), UInt16(bits & 0xffff))
    }
}

/// A constant-or-register operand marker.
let constantBit: UInt16 = 0x8000
/// `FunctionProto.temporaries`: operand b (the left), operand c (the right) of an arithmetic
/// instruction is a temporary it consumes.
let consumedB: UInt8 = 1
let consumedC: UInt8 = 2
/// An absent operand (no message for `assert`, no named arguments for a call).
let noOperand: UInt16 = 0xffff

enum Op: UInt8, CaseIterable {
    // moves and loads. Operand c of move, get/setGlobal, get/setUpval, get/setCell: 0, or
    // `ownedRead`/`ownedStore` (Compiler+Stmt.swift) for the in-place `v[i] = x` path.
    case move          // R[a] = R[b]
    case loadK         // R[a] = K[b]
    case loadNil       // R[a] = nil
    case loadBool      // R[a] = (b != 0)
    case getGlobal     // R[a] = G[b]
    case setGlobal     // G[b] = R[a]
    case getUpval      // R[a] = upvalue b of the running closure
    case setUpval      // upvalue b = R[a]
    case newCell       // R[a] = new cell holding R[b]
    case getCell       // R[a] = cell R[b]'s value
    case setCell       // cell R[a]'s value = R[b]
    // arithmetic and comparison: R[a] = rk(b) op rk(c)
    case add, sub, mul, div, mod, pow, matmul
    case eq, ne, lt, le
    case neg           // R[a] = -R[b]
    case not           // R[a] = not R[b]
    // control
    case jmp           // pc += sbx
    case loop          // pc += sbx (a back edge: polls Ctrl-C and the collector)
    case jlt, jle, jeq, jne   // if !(rk(a) op rk(b)) { pc += c }
    case jfalse        // if R[a] == false { pc += c }  (R[a] must be a bool)
    case jtrue         // if R[a] == true { pc += c }   (R[a] must be a bool)
    case checkBool     // R[a] must be a bool (right operand of and/or)
    case jumpIfDefined // if R[a] is not a missing argument { pc += c }  (default prologue)
    case forPrep       // numeric for: R[a]=start R[a+1]=stop, b=closed; exit: pc += c
    case forLoop       // R[a] += 1; if in range { R[a+2] = R[a]; pc -= c }
    case iter          // R[a] = iterator over R[b]
    case forNext       // iterator R[a]: write c targets from R[b], else pc += 1 is skipped
    // calls
    case call          // R[a] = R[a](R[a+1] ... R[a+b]); c = named-argument list or noOperand
    case callMethod    // receiver R[a+1], b args counting it; c = call-site info (method name)
    case ret           // return R[a]
    case retNil        // return nil
    case closure       // R[a] = closure of prototype b
    // data
    case newBracket    // R[a] = tensor or list from R[b ..< b+c]
    case newNested     // R[a] = stacked tensor (or list) from nested bracket literals R[b ..< b+c]
    case newList       // R[a] = list from R[b ..< b+c]
    case newRecord     // R[a] = record, values R[b ..< ...], names: record shape c
    case getField      // R[a] = R[b].K[c]
    case setField      // R[a].K[c] = R[b]
    case addField      // R[a].K[c] += rk(b)  (in place on a parameter's data; VM+Update.swift)
    case subField      // R[a].K[c] -= rk(b)
    case mulField      // R[a].K[c] *= rk(b)
    case scaledUpdate  // R[a].K[c] -/+= R[b] * R[b+1] in one pass when it can (the update op two
                       // ahead says which), then pc += 2; else on to that mul and update
    case getIndex      // R[a] = R[b][R[b+1] ... R[b+c]]
    case getItem       // R[a] = R[b][rk(c)]  (one plain index, read in place)
    case getItem2      // R[a] = R[b][rk(c), rk(x)] where x is operand a of the extraArg after it
    case extraArg      // an operand word of the instruction before it; never dispatched
    case setIndex      // R[a][R[a+1] ... R[a+c]] = R[b]; R[a] may be replaced (tensors)
    case slice         // R[a] = slice R[b] : R[b+1] : R[b+2]  (nil parts omitted)
    case ellipsis      // R[a] = the `...` index marker
    case range         // R[a] = R[b] ..< R[c]
    case rangeClosed   // R[a] = R[b] ... R[c]
    case unpack        // R[a ..< a+c] = elements of R[b] (exactly c of them)
    case concat        // R[a] = string of R[b ..< b+c], each converted with str()
    case format        // R[a] = R[b] formatted with spec K[c]
    case assert        // if R[a] != true: error, message R[b] (or noOperand)
    case importFile    // run file K[b] once; its names become globals
}

/// A parameter of a Cajal function.
struct ParameterInfo {
    var name: String
    var hasDefault: Bool
}

/// How a closure gets each captured variable: from a register of the enclosing frame (which
/// holds a cell) or from an upvalue of the enclosing closure.
struct UpvalueSource: Equatable {
    var fromEnclosingRegister: Bool
    var index: Int
}

/// What a call site needs beyond its registers: the names of its trailing named arguments and,
/// for a method call, the method's name.
struct CallSite {
    var names: [String]
    var method: String?
    /// For a method call: the global the method name resolved to at compile time, if any;
    /// `CallSite.calleeInRegister` (-1) when it resolved to a local, upvalue or parameter the
    /// compiler already loaded into the callee register (the record's field still wins).
    var methodGlobal: Int?
}

/// A compiled function: code, constants, and the tables its instructions index.
final class FunctionProto {
    let name: String
    let parameters: [ParameterInfo]
    /// The parameters' names and whether each has a default, as `VM.bind` takes them: made
    /// once here, so a call off the fast path (a method, a named argument, a default) builds
    /// neither array.
    let parameterNames: [String]
    let parameterDefaults: [Bool]
    let registerCount: Int
    let upvalues: [UpvalueSource]
    let instructions: [Instr]
    let constants: [Value]
    /// The source span of each instruction, for errors and stack traces.
    let spans: [SourceSpan]
    let callSites: [CallSite]
    let recordShapes: [[String]]
    /// For each instruction, the operands it consumes (`consumedB`, `consumedC`): set by the
    /// compiler on an arithmetic instruction whose operand is itself an arithmetic expression,
    /// a result nothing but this instruction can read (VM+Arith.swift, `releaseConsumed`).
    /// Empty when no instruction has any. A table beside the code, not a field of `Instr`:
    /// a ninth byte there (or the one alignment leaves free) changed how the dispatch loop
    /// decodes every instruction, +3 instructions per call of fib.
    let temporaries: [UInt8]
    let file: SourceFile
    /// The span of the whole function (the definition), for stack traces.
    let span: SourceSpan
    var index = 0
    /// The text of each string constant, by constant index (for listings).
    var stringConstantTexts: [Int: String] = [:]
    let codePointer: UnsafeMutablePointer<Instr>
    let constantPointer: UnsafeMutablePointer<Value>

    init(name: String, parameters: [ParameterInfo], registerCount: Int, upvalues: [UpvalueSource],
         instructions: [Instr], constants: [Value], spans: [SourceSpan], callSites: [CallSite],
         recordShapes: [[String]], temporaries: [UInt8], file: SourceFile, span: SourceSpan) {
        self.name = name
        self.parameters = parameters
        parameterNames = parameters.map(\.name)
        parameterDefaults = parameters.map(\.hasDefault)
        self.registerCount = registerCount
        self.upvalues = upvalues
        self.instructions = instructions
        self.constants = constants
        self.spans = spans
        self.callSites = callSites
        self.recordShapes = recordShapes
        self.temporaries = temporaries.contains { $0 != 0 } ? temporaries : []
        self.file = file
        self.span = span
        codePointer = .allocate(capacity: max(1, instructions.count))
        codePointer.initialize(from: instructions, count: instructions.count)
        constantPointer = .allocate(capacity: max(1, constants.count))
        constantPointer.initialize(from: constants, count: constants.count)
    }

    deinit {
        codePointer.deallocate()
        constantPointer.deallocate()
    }

    var vmCode: VMCode {
        VMCode(code: codePointer, constants: constantPointer, registerCount: Int32(registerCount),
               fastArity: parameters.contains(where: \.hasDefault) ? -1 : Int32(parameters.count),
               protoIndex: Int32(index))
    }
}
