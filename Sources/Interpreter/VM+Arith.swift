// VM+Arith: operators off the number fast path: tensors (NumPy broadcasting through
// TensorCore), 0-d tensors mixing with numbers, string and list concatenation, division by
// zero, floored modulo, comparisons and equality (`x == nil` is identity for every value).
import Diagnostics
import Foundation
import TensorCore

/// The arithmetic operators of the language.
enum ArithOp: String {
    case add = "+", sub = "-", mul = "*", div = "/", mod = "%", pow = "**", matmul = "@"

    /// The instruction that applies this operator.
    var opcode: Op {
        switch self {
        case .add: return .add
        case .sub: return .sub
        case .mul: return .mul
        case .div: return .div
        case .mod: return .mod
        case .pow: return .pow
        case .matmul: return .matmul
        }
    }

    var tensorOp: TensorCore.BinaryOp? {
        switch self {
        case .add: return .add
        case .sub: return .sub
        case .mul: return .mul
        case .div: return .div
        case .pow: return .pow
        case .mod: return .mod
        case .matmul: return nil
        }
    }
}

enum CompareOp: String {
    case eq = "==", ne = "!=", lt = "<", le = "<="

    var tensorOp: TensorCore.BinaryOp {
        switch self {
        case .eq: return .eq
        case .ne: return .ne
        case .lt: return .lt
        case .le: return .le
        }
    }
}

extension VM {
    /// `a op b`. When the running instruction is this op with operands it consumes
    /// (`FunctionProto.temporaries`), a tensor one of them holds lets go of its numbers once the
    /// result is made (`releaseConsumed`). The dispatch loop stores `pc` before it calls here,
    /// and only arithmetic instructions are marked, so any other caller (a field update, a
    /// builtin) finds nothing. The mark is looked up here, off the number fast path: passed
    /// as an argument from the loop it cost the scalar perceptron 4 % of its instructions.
    func arithmetic(_ op: ArithOp, _ a: Value, _ b: Value) throws -> Value {
        if case .number(let x) = a, case .number(let y) = b { return .number(try numberArithmetic(op, x, y)) }
        if isTensor(a) || isTensor(b) {
            let result = try tensorArithmetic(op, a, b)
            if depth > 0 {
                let frame = frames[depth]
                let proto = protos[Int(frame.code.protoIndex)]
                let i = frame.pc - proto.codePointer - 1
                if i >= 0, i < proto.temporaries.count, proto.temporaries[i] != 0, proto.instructions[i].op == op.opcode {
                    releaseConsumed(a, b, proto.temporaries[i])
                }
            }
            return result
        }
        if op == .add, let s = stringValue(a), let t = stringValue(b) { return try concatenated(s, t) }
        if op == .add, let l = listObject(a), let m = listObject(b) { return try concatenated(l.items, m.items) }
        var hint: String?
        if op == .add, stringValue(a) != nil || stringValue(b) != nil {
            hint = "to build a string from values, interpolate: \"text {x}\""
        } else if op == .matmul {
            hint = "`@` multiplies tensors; for numbers use `*`"
        }
        throw VMError.typeMismatch(
            "cannot apply '\(op.rawValue)' to \(describe(a)) and \(describe(b))", hint: hint)
    }

    func numberArithmetic(_ op: ArithOp, _ x: Double, _ y: Double) throws -> Double {
        switch op {
        case .add: return x + y
        case .sub: return x - y
        case .mul: return x * y
        case .div:
            if y == 0 { throw VMError(.divisionByZero, "division by zero", hint: "the right side of '/' is 0") }
            return x / y
        case .mod:
            if y == 0 { throw VMError(.divisionByZero, "division by zero", hint: "the right side of '%' is 0") }
            let r = fmod(x, y)
            return r != 0 && (r < 0) != (y < 0) ? r + y : r
        case .pow: return Foundation.pow(x, y)
        case .matmul:
            throw VMError.typeMismatch("cannot apply '@' to number and number", hint: "`@` multiplies tensors; for numbers use `*`")
        }
    }

    /// Lets the consumed temporaries among `a` and `b` go of their numbers (see `arithmetic`).
    /// In `x@wx + h@wh + b` the products and their sum are read by nothing after the adds (an
    /// add's derivative needs no operand), yet their tensor objects and graph nodes kept
    /// their buffers until the collector ran and the graph died: most of a learner's LSTM step's
    /// forward memory, handed out cold. Released, a buffer goes back to the storage cache at once
    /// and the next product gets it while it is still in the caches. What the graph's
    /// derivatives need (a product's operands, a mul's factors) they hold themselves, so it stays.
    @inline(never) func releaseConsumed(_ a: Value, _ b: Value, _ consumed: UInt8) {
        if consumed & consumedB != 0, let t = object(a, as: TensorObj.self) { t.releaseConsumed() }
        if consumed & consumedC != 0, let t = object(b, as: TensorObj.self) { t.releaseConsumed() }
    }

    func isTensor(_ v: Value) -> Bool {
        if case .object(let r) = v { return heap.kind(r) == .tensor }
        return false
    }

    /// A number or tensor operand as a tensor; anything else is a type error naming `op`.
    func tensorOperand(_ v: Value, op: String, other: Value, left: Bool) throws -> Tensor {
        if let t = tensorValue(v) { return t }
        if case .number(let x) = v { return Tensor(scalar: Float(x)) }
        if case .bool(let b) = v { return Tensor(scalar: b ? 1 : 0) }
        let (l, r) = left ? (v, other) : (other, v)
        throw VMError.typeMismatch("cannot apply '\(op)' to \(describe(l)) and \(describe(r))")
    }

    func tensorArithmetic(_ op: ArithOp, _ a: Value, _ b: Value) throws -> Value {
        if gradInUse, grad.isRecording, requiresGrad(a) || requiresGrad(b) { return try gradArithmetic(op, a, b) }
        let x = try tensorOperand(a, op: op.rawValue, other: b, left: true)
        let y = try tensorOperand(b, op: op.rawValue, other: a, left: false)
        let result: Tensor = try tensorOp {
            switch op {
            case .matmul:
                return try Tensor.matmul(x, y)
            default:
                return try Tensor.binary(op.tensorOp!, x, y)
            }
        }
        let v = newTensor(result)
        if op.canMakeNonFinite { sentinelCheck(v, op: op.rawValue, inputs: [a, b]) }
        return v
    }

    func negate(_ v: Value) throws -> Value {
        if case .number(let x) = v { return .number(-x) }
        if gradInUse, records(v), let x = gradVariable(v) { return newVariable(grad.neg(x)) }
        if let t = tensorValue(v) { return newTensor(t.map(.neg)) }
        throw VMError.typeMismatch("cannot negate \(describe(v))")
    }

    // MARK: comparison

    func compare(_ op: CompareOp, _ a: Value, _ b: Value) throws -> Value {
        if case .number(let x) = a, case .number(let y) = b { return .bool(compareNumbers(op, x, y)) }
        if op == .eq || op == .ne, isNil(a) || isNil(b) {
            // identity, for every value: a tensor (of any rank) is never nil
            return .bool((isNil(a) && isNil(b)) == (op == .eq))
        }
        let ta = tensorValue(a), tb = tensorValue(b)
        if (ta != nil && ta!.rank > 0) || (tb != nil && tb!.rank > 0) {
            let x = try tensorOperand(a, op: op.rawValue, other: b, left: true)
            let y = try tensorOperand(b, op: op.rawValue, other: a, left: false)
            return newMask(try tensorOp { try Tensor.binary(op.tensorOp, x, y) })
        }
        if let x = numberValue(a), let y = numberValue(b) { return .bool(compareNumbers(op, x, y)) }
        switch op {
        case .eq: return .bool(valuesEqual(a, b))
        case .ne: return .bool(!valuesEqual(a, b))
        case .lt, .le:
            if let s = stringValue(a), let t = stringValue(b) { return .bool(op == .lt ? s < t : s <= t) }
            throw VMError.typeMismatch("cannot compare \(describe(a)) and \(describe(b)) with '\(op.rawValue)'")
        }
    }

    @inline(__always) func isNil(_ v: Value) -> Bool {
        if case .nil_ = v { return true }
        return false
    }

    func compareNumbers(_ op: CompareOp, _ x: Double, _ y: Double) -> Bool {
        switch op {
        case .eq: return x == y
        case .ne: return x != y
        case .lt: return x < y
        case .le: return x <= y
        }
    }

    /// Structural equality: numbers, bools, nil, strings by value; lists and records element by
    /// element; tensors by shape and every element; functions by identity.
    func valuesEqual(_ a: Value, _ b: Value, depth: Int = 0) -> Bool {
        if depth > 100 { return false }
        if let x = numberValue(a), let y = numberValue(b) { return x == y }
        switch (a, b) {
        case (.nil_, .nil_): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.object(let r), .object(let s)):
            if r == s { return true }
            switch (heap.object(r), heap.object(s)) {
            case (let x as StringObj, let y as StringObj): return x.value == y.value
            case (let x as ListObj, let y as ListObj):
                return x.items.count == y.items.count && zip(x.items, y.items).allSatisfy { valuesEqual($0, $1, depth: depth + 1) }
            case (let x as RecordObj, let y as RecordObj):
                return x.names == y.names && zip(x.values, y.values).allSatisfy { valuesEqual($0, $1, depth: depth + 1) }
            case (let x as TensorObj, let y as TensorObj):
                return x.tensor.shape == y.tensor.shape && x.tensor.toArray() == y.tensor.toArray()
            case (let x as RangeObj, let y as RangeObj):
                return x.start == y.start && x.stop == y.stop && x.step == y.step && x.closed == y.closed
            default: return false
            }
        default: return false
        }
    }
}
