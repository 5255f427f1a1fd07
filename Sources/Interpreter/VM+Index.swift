// VM+Index: `a[i]`, `A[i, j]`, slices `A[1:3, ::2]`, `A[..., 0]`, their assignment forms, record
// fields and tensor properties (`.shape`, `.T`, `.ndim`, `.size`), and destructuring.
import Diagnostics
import TensorCore

extension VM {
    func makeSlice(_ a: Value, _ b: Value, _ c: Value) throws -> Value {
        // whole literals, not "slice \(what)": an interpolated name was built for every part
        // of every slice the program made, error or not
        func part(_ v: Value, _ what: String) throws -> Int? {
            if case .nil_ = v { return nil }
            guard let x = numberValue(v) else { throw VMError.typeMismatch("\(what) must be a number, got \(describe(v))") }
            return try integer(x, what: what)
        }
        let step = try part(c, "slice step")
        if step == 0 { throw VMError(.badArgument, "slice step cannot be zero") }
        let start = try part(a, "slice start"), stop = try part(b, "slice end")
        return recentSlice(start: start, stop: stop, step: step)
    }

    /// The slice object for these parts: one made lately if it is still alive, else a new one
    /// (remembered in place of the oldest of `RecentSlices.capacity`). A SliceObj is never
    /// changed and never leaves the index it was made for (no value a program holds is one),
    /// so one object serves every `z[:, 0:H]` of a loop: the learner's LSTM step made 330
    /// slice objects, five distinct ones.
    private func recentSlice(start: Int?, stop: Int?, step: Int?) -> Value {
        let key = RecentSlices.Key(start: start, stop: stop, step: step)
        if let k = recentSlices.keys.firstIndex(of: key) {
            let r = recentSlices.refs[k]
            if heap.kind(r) == .slice { return .object(r) }
            let fresh = heap.allocateRef(SliceObj(start: start, stop: stop, step: step), kind: .slice)
            recentSlices.refs[k] = fresh
            return .object(fresh)
        }
        let r = heap.allocateRef(SliceObj(start: start, stop: stop, step: step), kind: .slice)
        recentSlices.remember(key, r)
        return .object(r)
    }

    func ellipsisValue() -> Value {
        heap.allocate(SliceObj(start: nil, stop: nil, step: nil, isEllipsis: true), kind: .slice)
    }

    /// A list/string position, negative counting from the end, checked against `count`.
    func position(_ v: Value, count: Int, what: String) throws -> Int {
        guard let x = numberValue(v) else {
            throw VMError.typeMismatch("\(what) index must be a number, got \(describe(v))")
        }
        let i = try integer(x, what: "index")
        let j = i < 0 ? i + count : i
        guard j >= 0 && j < count else {
            throw VMError(.indexOutOfRange, "index \(i) is out of range for a \(what) of length \(count)",
                          hint: count == 0 ? "the \(what) is empty" : "valid indices are \(-count) to \(count - 1)")
        }
        return j
    }

    /// Python slice semantics on a sequence of `count` elements: the selected positions.
    func slicePositions(_ s: SliceObj, count: Int) -> [Int] {
        let step = s.step ?? 1
        func clamp(_ v: Int?, _ dflt: Int) -> Int {
            guard var v else { return dflt }
            if v < 0 { v += count }
            return step > 0 ? min(max(v, 0), count) : min(max(v, -1), count - 1)
        }
        let start = clamp(s.start, step > 0 ? 0 : count - 1)
        let stop = clamp(s.stop, step > 0 ? count : -1)
        return Array(stride(from: start, to: stop, by: step))
    }

    /// `A[i, j]` on a contiguous tensor with in-range whole-number indices: one read, no
    /// allocation. Anything else returns nil and takes the general path.
    @inline(__always)
    func tensorElement(_ base: Value, _ items: UnsafeBufferPointer<Value>) -> Value? {
        guard case .object(let r) = base, Int(r.index) < heap.objects.count,
              heap.kinds[Int(r.index)] == .tensor, heap.generations[Int(r.index)] == r.generation,
              let obj = heap.objects[Int(r.index)] else { return nil }
        let t = unsafeDowncast(obj, to: TensorObj.self)
        guard let p = t.elements, items.count == t.rank, t.rank <= Dims.inlineCapacity, t.variable == nil else { return nil }
        var flat = 0
        for k in 0..<items.count {
            guard case .number(let x) = items[k] else { return nil }
            let n = t.dims.inlineNumber(k)
            guard x >= -Double(n) && x < Double(n) else { return nil }
            var i = Int(x)
            guard Double(i) == x else { return nil }
            if i < 0 { i += n }
            flat = flat &* n &+ i
        }
        return .number(Double(p[flat]))
    }

    /// `A[i]` (getItem) on a contiguous rank-1 tensor with an in-range whole-number index: one
    /// read, no allocation; nil for anything else.
    @inline(__always)
    func tensorElement(_ base: Value, _ i: Value) -> Value? {
        guard case .object(let r) = base, Int(r.index) < heap.objects.count,
              heap.kinds[Int(r.index)] == .tensor, heap.generations[Int(r.index)] == r.generation,
              let obj = heap.objects[Int(r.index)] else { return nil }
        let t = unsafeDowncast(obj, to: TensorObj.self)
        guard let p = t.elements, t.rank == 1, t.variable == nil, case .number(let x) = i,
              let k = elementOffset(x, t.dims.inlineNumber(0)) else { return nil }
        return .number(Double(p[k]))
    }

    /// `A[i, j]` (getItem2) on a contiguous rank-2 tensor with in-range whole-number indices.
    @inline(__always)
    func tensorElement(_ base: Value, _ i: Value, _ j: Value) -> Value? {
        guard case .object(let r) = base, Int(r.index) < heap.objects.count,
              heap.kinds[Int(r.index)] == .tensor, heap.generations[Int(r.index)] == r.generation,
              let obj = heap.objects[Int(r.index)] else { return nil }
        let t = unsafeDowncast(obj, to: TensorObj.self)
        guard let p = t.elements, t.rank == 2, t.variable == nil,
              case .number(let x) = i, case .number(let y) = j else { return nil }
        let columns = t.dims.inlineNumber(1)
        guard let row = elementOffset(x, t.dims.inlineNumber(0)), let column = elementOffset(y, columns) else { return nil }
        return .number(Double(p[row &* columns &+ column]))
    }

    /// The position a whole number `x` names on an axis of length `n` (negative counts from
    /// the end); nil when it is out of range or not whole (NaN fails the range test).
    /// Once |x| < n ≤ 2⁵¹ is known, adding 1.5·2⁵² rounds x to a whole number and leaves that
    /// number in the low bits of the sum's bit pattern, so the whole-number test and the
    /// conversion need none of the overflow checks `Int(x)` carries.
    @inline(__always)
    func elementOffset(_ x: Double, _ n: Int) -> Int? {
        guard x >= -Double(n) && x < Double(n) else { return nil }
        let shifted = x + 6_755_399_441_055_744.0
        guard shifted - 6_755_399_441_055_744.0 == x else { return nil }
        let i = Int(truncatingIfNeeded: shifted.bitPattern) &- 0x4338_0000_0000_0000
        return i < 0 ? i &+ n : i
    }

    /// getItem's and getItem2's general path: `getIndex` over the one or two indices.
    func getIndex(_ base: Value, _ i: Value, _ j: Value? = nil) throws -> Value {
        try withUnsafeTemporaryAllocation(of: Value.self, capacity: 2) { items in
            items.initializeElement(at: 0, to: i)
            if let j { items.initializeElement(at: 1, to: j) }
            return try getIndex(base, UnsafeBufferPointer(rebasing: items[0..<(j == nil ? 1 : 2)]))
        }
    }

    /// `v[i, j] = x` with a number x on a tensor its variable holds alone, with in-range
    /// whole-number indices: one store in place, no allocation. Returns false for anything
    /// else, which takes the general path.
    @inline(__always)
    func setTensorElement(_ base: Value, _ items: UnsafeBufferPointer<Value>, _ value: Value) throws -> Bool {
        guard case .number(let x) = value, case .object(let r) = base, Int(r.index) < heap.objects.count,
              heap.kinds[Int(r.index)] == .tensor, heap.generations[Int(r.index)] == r.generation,
              let obj = heap.objects[Int(r.index)] else { return false }
        let t = unsafeDowncast(obj, to: TensorObj.self)
        guard t.unaliased, t.variable == nil, t.elements != nil, items.count == t.rank, t.rank <= Dims.inlineCapacity
        else { return false }
        var flat = 0
        for k in 0..<items.count {
            guard case .number(let y) = items[k] else { return false }
            let n = t.dims.inlineNumber(k)
            guard y >= -Double(n) && y < Double(n) else { return false }
            var i = Int(y)
            guard Double(i) == y else { return false }
            if i < 0 { i += n }
            flat = flat &* n &+ i
        }
        try t.mutate { $0.withUnsafeMutableBuffer { $0[flat] = Float(x) } }
        return true
    }

    func getIndex(_ base: Value, _ items: UnsafeBufferPointer<Value>) throws -> Value {
        if let v = tensorElement(base, items) { return v }
        guard case .object(let r) = base, let o = heap.object(r) else {
            throw VMError.typeMismatch("cannot index \(describe(base))", hint: nil)
        }
        switch o {
        case let t as TensorObj:
            if let idx = tensorIndex(items) { return try readIndexed(t, base: base, by: idx) }
            if gradInUse, records(base) { return try gradIndex(t, items) }
            return try indexTensor(t.tensor, items)
        case let l as ListObj:
            let item = try singleItem(items, "list")
            if let s = object(item, as: SliceObj.self), !s.isEllipsis {
                return newList(slicePositions(s, count: l.items.count).map { l.items[$0] })
            }
            return l.items[try position(item, count: l.items.count, what: "list")]
        case let str as StringObj:
            let chars = Array(str.value)
            let item = try singleItem(items, "string")
            if let s = object(item, as: SliceObj.self), !s.isEllipsis {
                return newString(String(slicePositions(s, count: chars.count).map { chars[$0] }))
            }
            return newString(String(chars[try position(item, count: chars.count, what: "string")]))
        case let rg as RangeObj:
            let item = try singleItem(items, "range")
            return .number(rg.element(try position(item, count: rg.count, what: "range")))
        case is RecordObj:
            throw VMError.typeMismatch("cannot index a record with [...]", hint: "read a field with r.name")
        default:
            throw VMError.typeMismatch("cannot index \(describe(base))")
        }
    }

    private func singleItem(_ items: UnsafeBufferPointer<Value>, _ what: String) throws -> Value {
        guard items.count == 1 else {
            throw VMError.typeMismatch("a \(what) takes one index, got \(items.count)",
                                       hint: what == "list" ? "for a grid of numbers use a tensor: tensor(xs)" : nil)
        }
        return items[0]
    }

    /// Index items as TensorCore slice specs; true in `allNumbers` when every item is a number.
    /// The numbers are listed only when every item is one (an element read or write).
    func sliceSpecs(_ items: UnsafeBufferPointer<Value>) throws -> (specs: [SliceSpec], numbers: [Int]?) {
        var specs: [SliceSpec] = []
        specs.reserveCapacity(items.count)
        var allNumbers = true
        for v in items {
            if let x = numberValue(v) {
                let i = try integer(x, what: "index")
                specs.append(.index(i))
            } else if case .object(let r) = v, heap.kind(r) == .slice, let o = heap.objects[Int(r.index)] {
                // The kind table says .slice only for a SliceObj (makeSlice, ellipsisValue).
                let s = unsafeDowncast(o, to: SliceObj.self)
                specs.append(s.isEllipsis ? .ellipsis : .range(start: s.start, stop: s.stop, step: s.step))
                allNumbers = false
            } else if case .nil_ = v {
                specs.append(.newAxis)
                allNumbers = false
            } else {
                throw VMError.typeMismatch("a tensor index must be a number, a slice or a tensor of positions, got \(describe(v))")
            }
        }
        guard allNumbers else { return (specs, nil) }
        return (specs, specs.map { if case .index(let i) = $0 { return i } else { return 0 } })
    }

    func indexTensor(_ t: Tensor, _ items: UnsafeBufferPointer<Value>) throws -> Value {
        let (specs, numbers) = try sliceSpecs(items)
        if let numbers, numbers.count == t.rank {
            return .number(Double(try tensorOp { try t.element(at: numbers) }))
        }
        return newTensor(try tensorOp { try t.sliced(specs) })
    }

    /// `base[items] = value`; returns the container to store back (a new tensor for tensors).
    func setIndex(_ base: Value, _ items: UnsafeBufferPointer<Value>, _ value: Value) throws -> Value {
        guard case .object(let r) = base, let o = heap.object(r) else {
            throw VMError.typeMismatch("cannot assign into \(describe(base)) with [...]")
        }
        switch o {
        case let l as ListObj:
            let item = try singleItem(items, "list")
            if object(item, as: SliceObj.self) != nil {
                throw VMError.typeMismatch("cannot assign to a slice of a list", hint: "assign elements one by one")
            }
            l.items[try position(item, count: l.items.count, what: "list")] = value
            return base
        case let t as TensorObj:
            if gradInUse, records(base) || records(value) { return try gradSetIndex(t, items, value, base: base) }
            let write = try tensorWrite(t, items, value, base: base)
            if t.unaliased && t.variable == nil {
                // held by its variable alone: write in place (the storage is still copied
                // first if a view or the autograd tape shares it)
                try t.mutate { try write(&$0) }
                return base
            }
            var copy = t.tensor
            try write(&copy)
            return newTensor(copy)
        case is StringObj:
            throw VMError.typeMismatch("strings cannot be changed in place", hint: "build a new string instead")
        default:
            throw VMError.typeMismatch("cannot assign into \(describe(base)) with [...]")
        }
    }

    /// What `t[items] = value` writes, worked out before the write so that nothing reads t
    /// while it changes (the index or the value may be t itself).
    private func tensorWrite(_ t: TensorObj, _ items: UnsafeBufferPointer<Value>, _ value: Value,
                             base: Value) throws -> (inout Tensor) throws -> Void {
        if let idx = tensorIndex(items) {
            let v = try tensorOperand(value, op: "[]=", other: base, left: false)
            let (positions, mask) = (idx.tensor, idx.isMask)
            return { x in try self.assignIndexed(&x, by: positions, mask: mask, v) }
        }
        let (specs, numbers) = try sliceSpecs(items)
        if let numbers, numbers.count == t.tensor.rank, let x = numberValue(value) {
            return { t in try tensorOp { try t.setElement(Float(x), at: numbers) } }
        }
        let v = try tensorOperand(value, op: "[]=", other: base, left: false)
        return { t in try tensorOp { try t.assign(specs, v) } }
    }

    // MARK: who holds a tensor

    /// A variable's tensor was read into a register: by an ordinary read (c = 0) it is now
    /// held twice and loses its claim to be held by the variable alone; an `ownedRead` (the
    /// container of `v[i]`) changes nothing; an `ownedStore` (the container `v[i] = x` wrote,
    /// put back) makes the claim.
    @inline(never)
    func tensorAccessed(_ r: ObjRef, _ c: UInt16) {
        guard let o = heap.objects[Int(r.index)] else { return }
        let t = unsafeDowncast(o, to: TensorObj.self)
        if c == 0 {
            if t.unaliased { t.unaliased = false }
        } else if c == UInt16(ownedStore) {
            t.unaliased = true
        }
    }

    /// An `ownedStore` to a global, upvalue or cell.
    func ownedStored(_ v: Value) {
        if case .object(let r) = v, heap.kind(r) == .tensor { tensorAccessed(r, UInt16(ownedStore)) }
    }

    // MARK: fields and properties

    /// What `x.name` reads on a tensor.
    static let tensorProperties = ["shape", "T", "ndim", "size", "grad", "data", "requires_grad"]

    /// NumPy's and PyTorch's spellings of a tensor property or method that Cajal spells
    /// otherwise, with Cajal's way (the hint for `x.length`, `x.item()`, `x.numel()`…).
    static let foreignTensorNames: [String: String] = {
        let length = "len(x) is the length of the first axis, x.size the number of elements"
        return [
            "length": length, "len": length, "__len__": length,
            "numel": "x.size is the number of elements (a property: no parentheses)",
            "size": "x.size is the number of elements and x.shape the shape (properties: no parentheses)",
            "item": "a one-element tensor already works as a number; float(x) gives a plain number",
            "tolist": "list(x) gives a list", "numpy": "a tensor is already an array; save_npy(x, path) writes one for NumPy",
            "dim": "x.ndim is the number of axes (a property: no parentheses)",
            "dtype": "every tensor is float32", "astype": "every tensor is float32",
            "view": "reshape(x, [2, 3]) or x.reshape([2, 3])", "unsqueeze": "reshape(x, […]) with a 1 where the new axis goes",
            "backward_": "backward(loss)", "zero_": "zero_grad(params)",
        ]
    }()

    func getField(_ base: Value, name nameValue: Value) throws -> Value {
        let name = stringValue(nameValue) ?? ""
        if let rec = object(base, as: RecordObj.self) {
            if let i = rec.index(of: name) { return rec.values[i] }
            throw VMError(.unknownField, "record has no field '\(name)'",
                          hint: rec.names.isEmpty ? "the record has no fields"
                              : (didYouMean(name, among: rec.names) ?? "its fields are \(rec.names.joined(separator: ", "))"))
        }
        if let t = tensorValue(base) {
            switch name {
            case "shape": return newList(t.shape.map { .number(Double($0)) })
            case "T": return gradInUse && records(base) ? try gradField(base, name) : newTensor(t.transposed())
            case "grad", "data", "requires_grad": return try gradField(base, name)
            case "ndim": return .number(Double(t.rank))
            case "size": return .number(Double(t.count))
            default:
                throw VMError(.unknownField, "tensor has no property '\(name)'",
                              hint: VM.foreignTensorNames[name]
                                  ?? didYouMean(name, among: VM.tensorProperties)
                                  ?? "tensor properties are \(VM.tensorProperties.joined(separator: ", ")); for functions call x.\(name)(...)")
            }
        }
        if let l = listObject(base), name == "length" { return .number(Double(l.items.count)) }
        throw VMError(.unknownField, "\(describe(base)) has no field '\(name)'",
                      hint: typeName(base) == "list" ? "use len(xs) for the length" : nil)
    }

    func setField(_ base: Value, name nameValue: Value, _ value: Value) throws {
        let name = stringValue(nameValue) ?? ""
        if let t = object(base, as: TensorObj.self) { return try setGradField(t, name, value) }
        guard let rec = object(base, as: RecordObj.self) else {
            throw VMError(.unknownField, "cannot set field '\(name)' on \(describe(base))")
        }
        guard let i = rec.index(of: name) else {
            throw VMError(.unknownField, "record has no field '\(name)'",
                          hint: "fields are fixed when the record is made; its fields are "
                              + (rec.names.isEmpty ? "none" : rec.names.joined(separator: ", ")))
        }
        rec.values[i] = value
    }

    /// `let a, b = xs`: exactly `count` values from a list, tensor or string.
    func unpack(_ v: Value, into dst: UnsafeMutablePointer<Value>, count: Int) throws {
        let items = try sequenceItems(v, what: "destructuring")
        guard items.count == count else {
            throw VMError(.destructureMismatch, "cannot destructure \(items.count) values into \(count) names")
        }
        for (i, x) in items.enumerated() { dst[i] = x }
    }
}
