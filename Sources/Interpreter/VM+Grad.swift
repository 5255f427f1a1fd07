// VM+Grad: how tensor values take part in autograd. A plain tensor is a TensorObj holding a
// Tensor, exactly as before; a parameter (`param(t)`) or a result recorded from one also holds
// an Autograd `Variable`. Operators, indexing and the builtins whose row declares `.records`
// (Builtins+Gradient.swift) go through the session's GradContext only when an operand
// `records` (requires a gradient while the context records), so code that never makes a
// parameter pays one flag test per op.
//
// Parameter updates: `p.data` reads a parameter's numbers as a plain tensor and `p.data = t`
// replaces them in place (never recorded), so `p.data -= lr * p.grad` is an optimizer step
// that every holder of `p` (a layer's params list, a global) sees.
import Autograd
import TensorCore

extension VM {
    /// The autograd variable behind a tensor value, if it has one.
    @inline(__always) func gradVariable(_ v: Value) -> Variable? {
        object(v, as: TensorObj.self)?.variable
    }

    /// True when an op on `v` must be recorded: `v` requires a gradient and the session's
    /// context is recording (not inside `no_grad`).
    @inline(__always) func records(_ v: Value) -> Bool {
        grad.isRecording && requiresGrad(v)
    }

    /// True when `v` is a tensor that requires a gradient (whether or not the context records:
    /// `records` without reading `grad.isRecording`, for a caller that has just read it; each
    /// read from this module is a run-time exclusivity check).
    @inline(__always) func requiresGrad(_ v: Value) -> Bool {
        guard case .object(let r) = v, heap.kind(r) == .tensor, let o = heap.objects[Int(r.index)] else { return false }
        // The kind table says .tensor only for a TensorObj (newTensor, newMask, newVariable).
        return unsafeDowncast(o, to: TensorObj.self).requiresGrad
    }

    /// True when any argument of a builtin call (or any tensor in a list argument) records.
    func recordsAny(_ c: BuiltinCall) -> Bool {
        guard grad.isRecording else { return false }
        for v in c.args where recordsWithin(v) { return true }
        for v in c.rest where recordsWithin(v) { return true }
        return false
    }

    /// True when `v` requires a gradient, or is a list holding a tensor that does (the caller
    /// has seen the context recording).
    private func recordsWithin(_ v: Value) -> Bool {
        if requiresGrad(v) { return true }
        if let l = listObject(v), l.items.contains(where: requiresGrad) { return true }
        return false
    }

    /// A tensor value for `x`: a plain TensorObj unless `x` requires a gradient.
    func newVariable(_ x: Variable) -> Value {
        if !x.requiresGrad { return newTensor(x.value) }
        return heap.allocate(TensorObj(variable: x, requiresGrad: true), kind: .tensor)
    }

    /// A number, bool, list or tensor as an autograd operand (constants become plain leaves).
    func variableValue(_ v: Value) throws -> Variable? {
        if let x = gradVariable(v) { return x }
        return try asTensor(v).map { Variable($0) }
    }

    /// `a op b` recorded on the session's context (NumPy broadcasting, as the plain path).
    func gradArithmetic(_ op: ArithOp, _ a: Value, _ b: Value) throws -> Value {
        let x = try gradVariable(a) ?? Variable(tensorOperand(a, op: op.rawValue, other: b, left: true))
        let y = try gradVariable(b) ?? Variable(tensorOperand(b, op: op.rawValue, other: a, left: false))
        let r: Variable = try tensorOp {
            switch op {
            case .matmul: return try grad.matmul(x, y)
            default: return try grad.binary(op.tensorOp!, x, y)
            }
        }
        let v = newVariable(r)
        if op.canMakeNonFinite { sentinelCheck(v, op: op.rawValue, inputs: [a, b]) }
        return v
    }

    /// `t[items]` of a recording tensor: always a tensor (a 0-d one for a single element), so
    /// the gradient flows back to the selected elements.
    func gradIndex(_ t: TensorObj, _ items: UnsafeBufferPointer<Value>) throws -> Value {
        guard let x = t.variable else { return try indexTensor(t.tensor, items) }
        let (specs, _) = try sliceSpecs(items)
        return newVariable(try tensorOp { try grad.slice(x, specs) })
    }

    /// The autograd properties of a tensor: `grad` (nil until a backward reaches it), `data`
    /// (the numbers as a plain tensor), `requires_grad`, and `T` when it records.
    func gradField(_ base: Value, _ name: String) throws -> Value {
        let x = gradVariable(base)
        switch name {
        case "grad": return x?.grad.map { newTensor($0) } ?? .nil_
        case "requires_grad": return .bool(x?.requiresGrad ?? false)
        case "data": return newTensor(tensorValue(base)!)
        default: return newVariable(try tensorOp { try grad.transpose(x!) })
        }
    }

    /// `t.grad = nil` (or a tensor of t's shape) and `t.data = new` for a parameter; any other
    /// assignment to a tensor's property is an error.
    func setGradField(_ t: TensorObj, _ name: String, _ value: Value) throws {
        guard let x = t.variable, x.requiresGrad, x.isLeaf else {
            throw VMError(.unknownField, "cannot set '\(name)' on a tensor that is not a parameter",
                          hint: "make a parameter with param(t); tensors are values: build a new one")
        }
        switch name {
        case "grad":
            if value == .nil_ { x.grad = nil; return }
            guard let g = tensorValue(value), g.shape == x.shape else {
                throw VMError.typeMismatch("a parameter's grad must be nil or a tensor of shape \(shapeString(x.shape)), got \(describe(value))")
            }
            x.grad = g
        case "data":
            guard let v = try asTensor(value), v.shape == x.shape else {
                throw VMError.typeMismatch("a parameter's data must be a tensor of shape \(shapeString(x.shape)), got \(describe(value))",
                                           hint: "an update keeps the shape: p.data -= lr * p.grad")
            }
            t.replace(v)
        default:
            throw VMError(.unknownField, "cannot set '\(name)' on a tensor", hint: "a parameter's settable properties are grad and data")
        }
    }

    /// Calls the Cajal function (or builtin) `f` with `args` from inside a builtin, running a
    /// nested dispatch loop above the current frame. Returns its result.
    func callFunction(_ f: Value, _ args: [Value]) throws -> Value {
        let base: UnsafeMutablePointer<Value>
        if depth == 0 {
            base = stack + 1
        } else {
            let fr = frames[depth]
            base = fr.base + Int(fr.code.registerCount) + 1
        }
        guard base - stack + args.count + 256 < VM.stackCapacity else { throw stackOverflow() }
        if nativeStackIsLow() { throw nativeStackOverflow() }
        ensureStack(upTo: base - stack + args.count + 256)
        let fa = base - 1
        let f = callee(f)
        fa.pointee = f
        for (i, a) in args.enumerated() { base[i] = a }
        guard case .object(let ref) = f else { throw notCallable(f) }
        switch heap.kind(ref) {
        case .closure:
            let proto = (heap.objects[Int(ref.index)] as! ClosureObj).proto
            try bind(fa, argc: args.count, names: [], parameters: proto.parameterNames,
                     hasDefault: proto.parameterDefaults, function: proto.name)
            let entry = depth
            try pushFrame(ref, heap.codes[Int(ref.index)], base: base)
            do { return try execute(stopDepth: entry) } catch { depth = entry; throw error }
        case .builtin:
            let id = (heap.objects[Int(ref.index)] as! BuiltinObj).id
            return try callBuiltin(id, fa, argc: args.count, names: [])
        default:
            throw notCallable(f)
        }
    }
}
