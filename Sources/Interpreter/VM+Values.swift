// VM+Values: reading Values as Swift types (numbers, integers, strings, tensors, lists) with
// errors in the one dialect, and allocating new ones.
import Diagnostics
import TensorCore

extension VM {
    /// "number", "tensor", ... as a learner reads it in messages.
    func typeName(_ v: Value) -> String {
        switch v {
        case .nil_: return "nil"
        case .bool: return "bool"
        case .number: return "number"
        case .undefined: return "nothing"
        case .object(let r): return heap.kind(r).typeName
        }
    }

    /// Like `typeName`, with the rank and shape for tensors: "rank-2 tensor [2, 3]".
    func describe(_ v: Value) -> String {
        if let t = tensorValue(v) { return "rank-\(t.rank) tensor \(shapeString(t.shape))" }
        return typeName(v)
    }

    @inline(__always) func object<T: HeapObject>(_ v: Value, as: T.Type) -> T? {
        if case .object(let r) = v { return heap.object(r) as? T }
        return nil
    }

    func tensorValue(_ v: Value) -> Tensor? { object(v, as: TensorObj.self)?.tensor }
    func stringValue(_ v: Value) -> String? { object(v, as: StringObj.self)?.value }
    func listObject(_ v: Value) -> ListObj? { object(v, as: ListObj.self) }

    /// A number, or a 0-d tensor read as one.
    func numberValue(_ v: Value) -> Double? {
        switch v {
        case .number(let x): return x
        case .object:
            if let t = tensorValue(v), t.rank == 0, let f = try? t.item() { return Double(f) }
            return nil
        default: return nil
        }
    }

    // MARK: allocation

    func newString(_ s: String) -> Value { heap.allocate(StringObj(s), kind: .string) }
    func newList(_ items: [Value]) -> Value { heap.allocate(ListObj(items), kind: .list) }
    func newTensor(_ t: Tensor) -> Value { heap.allocate(TensorObj(t), kind: .tensor) }
    /// A tensor of 0s and 1s that indexes as a boolean mask (see `TensorObj.isMask`).
    func newMask(_ t: Tensor) -> Value {
        let o = TensorObj(t)
        o.isMask = true
        return heap.allocate(o, kind: .tensor)
    }
    func newRecord(_ names: [String], _ values: [Value]) -> Value {
        heap.allocate(RecordObj(names: names, values: values), kind: .record)
    }

    /// A Double as an Int for an index, size or count; huge, fractional or NaN values are
    /// clean errors, never a trap.
    func integer(_ x: Double, what: String) throws -> Int {
        guard x.isFinite, x == x.rounded(), abs(x) < 9.0e15 else {
            throw VMError(.numberNotRepresentable, "\(what) must be a whole number, got \(formatNumber(x))",
                          hint: x.isFinite && abs(x) < 9.0e15 ? "use round(), floor() or int() first" : nil)
        }
        return Int(x)
    }

    // MARK: conditions and loops

    /// A condition's truth; anything but a bool is an error (no truthiness in Cajal).
    func condition(_ v: Value, what: String) throws -> Bool {
        if case .bool(let b) = v { return b }
        let got = describe(v)
        throw VMError(.conditionNotBool, "\(what) must be a bool, got \(got)",
                      hint: numberValue(v) != nil ? "compare explicitly, e.g. `x != 0`"
                          : tensorValue(v) != nil ? "use all(...) or any(...) to reduce a tensor of 0/1 to one answer" : nil)
    }

    func loopBound(_ v: Value, _ which: String) throws -> Double {
        guard let x = numberValue(v) else {
            throw VMError.typeMismatch("range \(which) must be a number, got \(describe(v))")
        }
        guard x.isFinite else { throw VMError(.numberNotRepresentable, "range \(which) must be finite, got \(formatNumber(x))") }
        return x
    }

    func makeRange(_ a: Value, _ b: Value, closed: Bool) throws -> Value {
        let start = try loopBound(a, "start"), stop = try loopBound(b, "end")
        return heap.allocate(RangeObj(start: start, stop: stop, step: 1, closed: closed), kind: .range)
    }

    func checkAssert(_ v: Value, message: Value?) throws {
        if case .bool(true) = v { return }
        if case .bool(false) = v {
            var text = "assertion failed"
            if let m = message { text += ": " + (try displayString(m)) }
            throw VMError(.assertionFailed, text)
        }
        _ = try condition(v, what: "assert condition")
    }
}
