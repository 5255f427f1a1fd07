// VM+Call: calls off the fast path (named arguments, defaults, builtins, method sugar), argument
// binding with errors that name the function and list its parameters, closures and upvalues.
import CInterrupt
import Language
import Diagnostics

extension VM {
    /// Calls R[fa] with the arguments after it. Returns true when a Cajal frame was pushed (the
    /// loop must switch to it); false when the result is already in R[fa].
    func callSlow(_ fa: UnsafeMutablePointer<Value>, _ ins: Instr, _ caller: FrameCode) throws -> Bool {
        var argc = Int(ins.b)
        var names: [String] = []
        var receiverFirst = false
        if ins.c != noOperand {
            let site = protos[Int(caller.protoIndex)].callSites[Int(ins.c)]
            names = site.names
            if let method = site.method {
                argc = try resolveMethod(fa, argc: argc, name: method, global: site.methodGlobal)
                receiverFirst = argc == Int(ins.b)
            }
        }
        fa.pointee = callee(fa.pointee)
        guard case .object(let ref) = fa.pointee else { throw notCallable(fa.pointee) }
        switch heap.kind(ref) {
        case .closure:
            let proto = unsafeDowncast(heap.objects[Int(ref.index)].unsafelyUnwrapped, to: ClosureObj.self).proto
            try bind(fa, argc: argc, names: names, parameters: proto.parameterNames,
                     hasDefault: proto.parameterDefaults, function: proto.name, receiverFirst: receiverFirst)
            try pushFrame(ref, heap.codes[Int(ref.index)], base: fa + 1)
            return true
        case .builtin:
            // The kind table says .builtin only for a BuiltinObj (installBuiltins).
            let id = unsafeDowncast(heap.objects[Int(ref.index)].unsafelyUnwrapped, to: BuiltinObj.self).id
            fa.pointee = try callBuiltin(id, fa, argc: argc, names: names, receiverFirst: receiverFirst)
            return false
        default:
            throw notCallable(fa.pointee)
        }
    }

    /// Method sugar: `x.f(a)` calls the record field `f` if x has one (dropping the receiver),
    /// else the function `f` in scope with x first: the local the compiler loaded into R[fa]
    /// (`slot` is `CallSite.calleeInRegister`) or the global `f`. Returns the argument count.
    private func resolveMethod(_ fa: UnsafeMutablePointer<Value>, argc: Int, name: String, global slot: Int?) throws -> Int {
        let receiver = fa[1]
        if case .object(let r) = receiver, heap.kind(r) == .record, let rec = heap.object(r) as? RecordObj,
           let i = rec.index(of: name) {
            fa.pointee = rec.values[i]
            for k in 0..<(argc - 1) { fa[1 + k] = fa[2 + k] }
            return argc - 1
        }
        var found: Value? = nil
        if slot == CallSite.calleeInRegister {
            found = fa.pointee
        } else if let slot, globals[slot] != .undefined { found = globals[slot] } else { found = global(name) }
        guard let f = found else {
            let foreign = tensorValue(receiver) != nil ? VM.foreignTensorNames[name] : nil
            throw VMError(.unknownField, "\(typeName(receiver)) has no method '\(name)'",
                          hint: foreign ?? didYouMean(name, among: globalNameTable().filter { global($0) != nil }))
        }
        if !isCallable(f) {
            let field = object(receiver, as: RecordObj.self) != nil ? "field or method" : "method"
            throw VMError(.notCallable,
                          "\(typeName(receiver)) has no \(field) '\(name)', and the '\(name)' in scope is a \(typeName(f)), not a function",
                          hint: "x.\(name)(...) calls a field of record x named '\(name)', or else the function '\(name)' with x first")
        }
        fa.pointee = f
        return argc
    }

    /// What calling `v` calls: a layer or model (a record with a callable `forward` field) is
    /// called through it, so `m(x)` is `m.forward(x)`, as with PyTorch's modules. Anything
    /// else is itself.
    func callee(_ v: Value) -> Value {
        guard case .object(let r) = v, heap.kind(r) == .record, let rec = heap.object(r) as? RecordObj,
              let i = rec.index(of: "forward"), isCallable(rec.values[i]) else { return v }
        return rec.values[i]
    }

    /// Whether `v` can be called: a Cajal function or a builtin.
    func isCallable(_ v: Value) -> Bool {
        guard case .object(let r) = v else { return false }
        let kind = heap.kind(r)
        return kind == .closure || kind == .builtin
    }

    /// Arranges the `argc` arguments after `fa` (the last `names.count` of them named) into one
    /// register per parameter. A missing parameter with a default becomes `.undefined`.
    /// `receiverFirst`: the call was written `x.f(…)`, so x is the first argument, and counts
    /// in messages are of what the learner typed inside the parentheses.
    func bind(_ fa: UnsafeMutablePointer<Value>, argc: Int, names: [String], parameters: [String],
              hasDefault: [Bool], function: String, receiverFirst: Bool = false) throws {
        let positional = argc - names.count
        // Built only for a message: a call off the fast path (every method call) binds here.
        func signature() -> String {
            "\(function)(\(zip(parameters, hasDefault).map { $1 ? $0 + ": ..." : $0 }.joined(separator: ", ")))"
        }
        if positional > parameters.count, receiverFirst {
            let more = parameters.count - 1
            throw VMError(.argumentMismatch,
                          "too many arguments to '\(function)': the value before the dot is its first argument, so it takes at most \(more) more, got \(positional - 1)",
                          hint: "the parameters are \(signature())")
        }
        if positional > parameters.count {
            throw VMError(.argumentMismatch,
                          "too many arguments to '\(function)': expected at most \(parameters.count), got \(positional)",
                          hint: "the parameters are \(signature())")
        }
        if names.isEmpty {
            // Positional only: the parameters after the arguments take their defaults.
            if positional == parameters.count { return }
            if let i = (positional..<parameters.count).first(where: { !hasDefault[$0] }) {
                throw VMError(.argumentMismatch, "missing argument '\(parameters[i])' in the call to '\(function)'",
                              hint: "the parameters are \(signature())")
            }
            ensureStack(upTo: fa - stack + parameters.count + 2)
            for i in positional..<parameters.count { fa[1 + i] = .undefined }
            return
        }
        var slots = [Value](repeating: .undefined, count: parameters.count)
        for i in 0..<positional { slots[i] = fa[1 + i] }
        for (k, name) in names.enumerated() {
            guard let p = parameters.firstIndex(of: name) else {
                throw VMError(.argumentMismatch, "'\(function)' has no parameter named '\(name)'",
                              hint: "the parameters are \(signature())")
            }
            if slots[p] != .undefined {
                throw VMError(.argumentMismatch, "argument '\(name)' given twice in the call to '\(function)'",
                              hint: "the parameters are \(signature())")
            }
            slots[p] = fa[1 + positional + k]
        }
        for (i, s) in slots.enumerated() where s == .undefined && !hasDefault[i] {
            throw VMError(.argumentMismatch, "missing argument '\(parameters[i])' in the call to '\(function)'",
                          hint: "the parameters are \(signature())")
        }
        ensureStack(upTo: fa - stack + parameters.count + 2)
        for (i, s) in slots.enumerated() { fa[1 + i] = s }
    }

    /// Builds a closure of prototype `index`, capturing cells from the running frame.
    func makeClosure(_ index: Int, enclosing: ObjRef, registers R: UnsafeMutablePointer<Value>) throws -> Value {
        let proto = protos[index]
        var ups: [ObjRef] = []
        ups.reserveCapacity(proto.upvalues.count)
        let outer = heap.object(enclosing) as? ClosureObj
        for u in proto.upvalues {
            if u.fromEnclosingRegister {
                guard case .object(let c) = R[u.index] else { throw internalError("upvalue register holds no cell") }
                ups.append(c)
            } else {
                guard let outer, u.index < outer.upvalues.count else { throw internalError("missing upvalue") }
                ups.append(outer.upvalues[u.index])
            }
        }
        return heap.allocate(ClosureObj(proto: proto, upvalues: ups), kind: .closure)
    }

    func upvalueCell(_ closure: ObjRef, _ i: Int) throws -> CellObj {
        guard let c = heap.object(closure) as? ClosureObj, i < c.upvalues.count,
              let cell = heap.object(c.upvalues[i]) as? CellObj else { throw internalError("bad upvalue") }
        return cell
    }

    func cell(_ v: Value) throws -> CellObj {
        guard case .object(let r) = v, let c = heap.object(r) as? CellObj else { throw internalError("not a cell") }
        return c
    }

    // MARK: errors raised by the loop

    func internalError(_ what: String) -> VMError {
        VMError(.internalError, "internal error: \(what)", hint: "this is a bug in cajal; please report it")
    }

    func notCallable(_ v: Value) -> VMError {
        if case .object(let r) = v, heap.kind(r) == .record {
            return VMError(.notCallable, "this record is not a function and cannot be called",
                           hint: "a record is called through its `forward` field (as layers and models are): give it one, or call a field, r.f(x)")
        }
        return VMError(.notCallable, "\(typeName(v)) is not a function and cannot be called")
    }

    func stackOverflow() -> VMError {
        VMError(.stackOverflow, "stack overflow: recursion deeper than \(VM.maxDepth) calls",
                hint: "does the recursive function have a base case that is reached?")
    }

    func interrupted() -> VMError {
        _ = cajal_take_interrupt()
        return VMError(.interrupted, "interrupted")
    }

    func undefinedGlobal(_ slot: Int) -> VMError {
        VMError(.usedBeforeDefinition, "'\(globalName(slot))' is used before its definition ran",
                hint: "move the line that defines '\(globalName(slot))' above this use")
    }

    /// Turns a thrown error into a located Diagnostic with the Cajal stack trace. The headline
    /// place is the innermost frame outside the prelude (the learner's call of `Dense.forward`,
    /// not the prelude line inside it); the prelude frames stay in the trace.
    func locate(_ error: Error) -> Diagnostic {
        if let d = error as? Diagnostic { return d }
        let e: VMError
        if let v = error as? VMError { e = v } else { e = VMError(.runtimeError, "\(error)") }
        var trace: [StackFrame] = []
        var place: (SourceFile, SourceSpan)?
        var innermost: (SourceFile, SourceSpan)?
        for d in stride(from: depth, through: 1, by: -1) {
            let f = frames[d]
            let proto = protos[Int(f.code.protoIndex)]
            let i = f.pc - proto.codePointer - 1
            let span = i >= 0 && i < proto.spans.count ? proto.spans[i] : proto.span
            if innermost == nil { innermost = (proto.file, span) }
            if place == nil, !proto.file.name.hasPrefix("<prelude>/") { place = (proto.file, span) }
            trace.append(StackFrame(function: proto.name, fileName: proto.file.name,
                                    location: proto.file.location(of: span.start)))
        }
        place = place ?? innermost
        return Diagnostic(id: e.id, message: e.message, file: place?.0, span: place?.1,
                          hint: e.hint, notes: e.notes, stackTrace: trace)
    }
}

/// "did you mean 'total'?" for the nearest name close enough to be a likely typo
/// (Language's Suggest, the resolver's rule).
func didYouMean(_ name: String, among candidates: [String]) -> String? {
    Suggest.closest(to: name, among: candidates).map { "did you mean '\($0)'?" }
}
