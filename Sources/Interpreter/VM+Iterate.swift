// VM+Iterate: `for x in e` over ranges, lists, a tensor's first axis, strings, and the
// iterators zip(...) and enumerate(...) make; destructuring `for a, b in ...`.
import Diagnostics
import TensorCore

extension VM {
    /// The most elements `list(...)` and friends will materialise from a range.
    static let maxSequence = 100_000_000

    /// The iterator a `for` loop walks; an existing iterator (from zip/enumerate) is reused.
    func makeIterator(_ v: Value) throws -> Value {
        guard case .object(let r) = v, let o = heap.object(r) else {
            throw notIterable(v)
        }
        let source: IteratorObj.Source
        switch o {
        case let it as IteratorObj:
            it.position = 0
            return v
        case let rg as RangeObj: source = .range(rg)
        case is ListObj: source = .list(r)
        case let t as TensorObj:
            guard t.tensor.rank > 0 else {
                throw VMError(.notIterable, "cannot iterate over a 0-d tensor", hint: "it holds one number; use it directly")
            }
            source = .tensor(t.tensor)
        case let s as StringObj: source = .characters(Array(s.value))
        default: throw notIterable(v)
        }
        return heap.allocate(IteratorObj(source), kind: .iterator)
    }

    func notIterable(_ v: Value) -> VMError {
        VMError(.notIterable, "cannot iterate over \(describe(v))",
                hint: numberValue(v) != nil ? "to count, iterate over a range: for i in 0..<n" : nil)
    }

    /// The next item of iterator `v`, written to `dst` (destructured when `count` > 1).
    /// Returns false when the iterator is exhausted.
    func iteratorNext(_ v: Value, into dst: UnsafeMutablePointer<Value>, count: Int) throws -> Bool {
        guard let it = object(v, as: IteratorObj.self) else { throw internalError("for without iterator") }
        switch it.source {
        case .zip(let parts):
            if count > 1 && count != parts.count {
                throw VMError(.destructureMismatch, "zip gives \(parts.count) values per step but the loop names \(count)")
            }
            var items: [Value] = []
            for p in parts {
                let cell = UnsafeMutablePointer<Value>.allocate(capacity: 1)
                defer { cell.deallocate() }
                cell.initialize(to: .nil_)
                guard try iteratorNext(.object(p), into: cell, count: 1) else { return false }
                items.append(cell.pointee)
            }
            if count == 1 { dst.pointee = newList(items) } else { for (i, x) in items.enumerated() { dst[i] = x } }
            return true
        case .enumerate(let inner):
            if count > 2 { throw VMError(.destructureMismatch, "enumerate gives 2 values per step but the loop names \(count)") }
            let index = Double(it.position)
            guard try iteratorNext(.object(inner), into: dst + (count == 2 ? 1 : 0), count: 1) else { return false }
            it.position += 1
            if count == 2 { dst.pointee = .number(index) } else { dst.pointee = newList([.number(index), dst.pointee]) }
            return true
        default:
            guard let item = try plainNext(it) else { return false }
            if count == 1 { dst.pointee = item } else { try unpack(item, into: dst, count: count) }
            return true
        }
    }

    private func plainNext(_ it: IteratorObj) throws -> Value? {
        let i = it.position
        switch it.source {
        case .range(let rg):
            guard i < rg.count else { return nil }
            it.position += 1
            return .number(rg.element(i))
        case .list(let ref):
            guard let l = heap.object(ref) as? ListObj, i < l.items.count else { return nil }
            it.position += 1
            return l.items[i]
        case .tensor(let t):
            guard i < t.shape[0] else { return nil }
            it.position += 1
            if t.rank == 1 { return .number(Double(try tensorOp { try t.element(at: [i]) })) }
            return newTensor(try tensorOp { try t.sliced([.index(i)]) })
        case .characters(let cs):
            guard i < cs.count else { return nil }
            it.position += 1
            return newString(String(cs[i]))
        case .items(let xs):
            guard i < xs.count else { return nil }
            it.position += 1
            return xs[i]
        case .zip, .enumerate:
            return nil
        }
    }

    /// Every element of a list, tensor (first axis), string or range, as Values.
    func sequenceItems(_ v: Value, what: String) throws -> [Value] {
        if let l = listObject(v) { return l.items }
        if case .object(let r) = v, heap.kind(r) == .iterator {
            var out: [Value] = []
            let cell = UnsafeMutablePointer<Value>.allocate(capacity: 1)
            defer { cell.deallocate() }
            cell.initialize(to: .nil_)
            let fresh = try makeIterator(v)
            while try iteratorNext(fresh, into: cell, count: 1) { out.append(cell.pointee) }
            return out
        }
        if let r = object(v, as: RangeObj.self), r.count > VM.maxSequence {
            throw VMError(.badArgument, "\(what): a range of \(formatNumber(r.size)) numbers is too many to hold",
                          hint: "iterate over it with for instead")
        }
        if let r = object(v, as: RangeObj.self) {
            try checkMemory(count: r.count, itemBytes: MemoryLayout<Value>.stride, what: "\(what): a list of \(r.count) numbers")
        }
        let iterator = try makeIterator(v)
        guard let it = object(iterator, as: IteratorObj.self) else { return [] }
        var out: [Value] = []
        while let x = try plainNext(it) { out.append(x) }
        return out
    }
}
