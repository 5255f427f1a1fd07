// VM+Literal: bracket literals (`[1, 2]` is a tensor, `[[1, 2], [3, 4]]` a 2×2 tensor,
// `[W, "a"]` and `[0.5, true]` lists, ragged nesting an error naming the row), and conversions
// of values to tensors and shapes for builtins.
import Diagnostics
import TensorCore

extension VM {
    /// `[e1, e2, ...]` whose elements are not all bracket literals: a 1-D tensor when every
    /// element is a number (0-d tensors count as numbers, unless they require a gradient) or
    /// every element is a bool (stored as 1 and 0, a mask); anything else, including numbers
    /// mixed with bools, is a list.
    func bracketLiteral(_ items: UnsafeBufferPointer<Value>) throws -> Value {
        if items.isEmpty { return newList([]) }
        var floats: [Float] = []
        floats.reserveCapacity(items.count)
        var bools = 0
        var rounded = false
        for v in items {
            switch v {
            case .number(let x):
                floats.append(Float(x))
                if Double(Float(x)) != x, x == x.rounded() { rounded = true }
            case .bool(let b):
                floats.append(b ? 1 : 0)
                bools += 1
            default:
                // a one-element parameter (or recorded value) keeps its identity: [w, b] is a list
                if gradInUse, gradVariable(v)?.requiresGrad == true { return newList(Array(items)) }
                guard let x = numberValue(v) else { return newList(Array(items)) }
                floats.append(Float(x))
            }
        }
        // booleans are not numbers: [0.25, false] is a list (a record-like pair), not [0.25, 0]
        if bools > 0 && bools < items.count { return newList(Array(items)) }
        let t = try tensorOp { try Tensor(shape: [floats.count], values: floats) }
        if rounded, bools == 0 {
            let o = TensorObj(t)
            o.exactValues = items.map { numberValue($0) ?? 0 }
            return heap.allocate(o, kind: .tensor)
        }
        return bools > 0 ? newMask(t) : newTensor(t)
    }

    /// Nested bracket literals: stacked into one tensor when all rows are tensors of one shape
    /// (a mask when every row is one).
    func nestedLiteral(_ items: UnsafeBufferPointer<Value>) throws -> Value {
        var rows: [Tensor] = []
        var masks = true
        for v in items {
            guard let o = object(v, as: TensorObj.self) else { return newList(Array(items)) }
            rows.append(o.tensor)
            masks = masks && o.isMask
        }
        for (i, t) in rows.enumerated() where t.shape != rows[0].shape {
            let what = t.rank == 1 && rows[0].rank == 1
                ? "row 0 has length \(rows[0].shape[0]) but row \(i) has length \(t.shape[0])"
                : "row 0 has shape \(shapeString(rows[0].shape)) but row \(i) has shape \(shapeString(t.shape))"
            throw VMError(.raggedLiteral, "ragged nested list: \(what)",
                          hint: "every row of a tensor needs the same length; for mixed data use list(...)")
        }
        let t = try tensorOp { try Tensor.stack(rows, axis: 0) }
        return masks ? newMask(t) : newTensor(t)
    }

    /// A value as a tensor: tensors, numbers (0-d), bools, and (nested) lists of numbers.
    func asTensor(_ v: Value) throws -> Tensor? {
        switch v {
        case .number(let x): return Tensor(scalar: Float(x))
        case .bool(let b): return Tensor(scalar: b ? 1 : 0)
        default: break
        }
        if let t = tensorValue(v) { return t }
        if let l = listObject(v) {
            if l.items.isEmpty { return try tensorOp { try Tensor(shape: [0], values: []) } }
            var rows: [Tensor] = []
            for x in l.items {
                guard let t = try asTensor(x) else { return nil }
                rows.append(t)
            }
            if let bad = rows.firstIndex(where: { $0.shape != rows[0].shape }) {
                throw VMError(.raggedLiteral, "ragged nested list: element 0 has shape \(shapeString(rows[0].shape)) but element \(bad) has shape \(shapeString(rows[bad].shape))")
            }
            return try tensorOp { try Tensor.stack(rows, axis: 0) }
        }
        return nil
    }

    /// A shape: a list of whole numbers, a 1-D tensor of them, or one number.
    func shapeValue(_ v: Value) throws -> [Int]? {
        if let x = numberValue(v), tensorValue(v)?.rank ?? 0 == 0 { return [try integer(x, what: "a dimension")] }
        var xs: [Double] = []
        if let l = listObject(v) {
            for item in l.items {
                guard let x = numberValue(item) else { return nil }
                xs.append(x)
            }
        } else if let o = object(v, as: TensorObj.self), let exact = o.exactValues {
            xs = exact  // a literal whose whole numbers float32 would round
        } else if let t = tensorValue(v), t.rank == 1 {
            xs = t.toArray().map(Double.init)
        } else { return nil }
        return try xs.map { try integer($0, what: "a dimension") }
    }
}
