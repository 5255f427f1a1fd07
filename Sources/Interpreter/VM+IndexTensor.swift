// VM+IndexTensor: a tensor indexed by another tensor, NumPy's advanced indexing on the first
// axis. `x[idx]` and `x[idx] = v` with whole-number positions (idx of any shape, negative
// counting from the end); `x[mask]` and `x[mask] = v` with a boolean mask (the result of a
// comparison, or a literal of booleans) covering x's leading axes.
import Autograd
import TensorCore

extension VM {
    /// The index when `items` is a single tensor of rank ≥ 1 (a 0-d tensor is a number).
    func tensorIndex(_ items: UnsafeBufferPointer<Value>) -> TensorObj? {
        guard items.count == 1, let o = object(items[0], as: TensorObj.self), o.tensor.rank >= 1 else { return nil }
        return o
    }

    /// `x[idx]`: the slices of x along axis 0 at idx's positions, shape idx.shape + x.shape[1...];
    /// with a mask, the slices where it is true, shape [count] + x.shape[mask.rank...].
    func readIndexed(_ x: TensorObj, base: Value, by idx: TensorObj) throws -> Value {
        let recording = gradInUse && records(base)
        if idx.isMask {
            if recording {
                throw VMError.typeMismatch("a mask cannot select from a tensor that records gradients",
                                           hint: "multiply by the mask instead: x * mask")
            }
            let (flat, positions) = try maskedRows(x.tensor, idx.tensor)
            return newTensor(try tensorOp { try flat.take(positions, axis: 0) })
        }
        if recording, let v = x.variable {
            return newVariable(try tensorOp { try grad.take(v, Variable(idx.tensor), axis: 0) })
        }
        return newTensor(try tensorOp { try x.tensor.take(idx.tensor, axis: 0) })
    }

    /// `x[idx] = v`: v (a number, or a tensor broadcast to what `x[idx]` reads) is written at
    /// each indexed slice; a repeated position keeps the last value, as NumPy.
    func assignIndexed(_ x: inout Tensor, by idx: Tensor, mask: Bool, _ value: Tensor) throws {
        if mask {
            var (flat, positions) = try maskedRows(x, idx)
            try tensorOp { try flat.assign(at: positions, value) }
            x = try tensorOp { try flat.reshaped(x.shape) }
        } else {
            try tensorOp { try x.assign(at: idx, value) }
        }
    }

    /// `t[items] = value` when t or the value records: a new recorded tensor (`set_slice`, or
    /// `put` for positions and masks), so the gradient reaches both the value and what the
    /// assignment left of t. A parameter itself is refused: overwriting it would cut it from
    /// the graph and leave nothing for its gradient.
    func gradSetIndex(_ t: TensorObj, _ items: UnsafeBufferPointer<Value>, _ value: Value, base: Value) throws -> Value {
        if let p = t.variable, p.isLeaf, p.requiresGrad {
            throw VMError.typeMismatch(
                "cannot assign into a parameter with [...] while gradients are recorded",
                hint: "to build a new tensor from a parameter p, copy it first (let y = p * 1); to change its numbers, set p.data")
        }
        let x = t.variable ?? Variable(t.tensor)
        let v = try gradVariable(value) ?? Variable(tensorOperand(value, op: "[]=", other: base, left: false))
        if let idx = tensorIndex(items) {
            guard idx.isMask else { return newVariable(try tensorOp { try grad.put(x, at: idx.tensor, v) }) }
            let (flat, positions) = try maskedRows(x.value, idx.tensor)
            return newVariable(try tensorOp {
                let rows = try grad.reshape(x, flat.shape)
                return try grad.reshape(grad.put(rows, at: positions, v), x.shape)
            })
        }
        let (specs, _) = try sliceSpecs(items)
        return newVariable(try tensorOp { try grad.setSlice(x, specs, v) })
    }

    /// x with the mask's axes flattened into one, and the positions along it where the mask
    /// is true. The mask's shape must be x's leading axes (all of x, or its rows, ...).
    private func maskedRows(_ x: Tensor, _ mask: Tensor) throws -> (Tensor, Tensor) {
        guard mask.rank <= x.rank, Array(x.shape.prefix(mask.rank)) == mask.shape else {
            throw VMError(.shapeMismatch,
                          "a mask of shape \(shapeString(mask.shape)) cannot index a tensor of shape \(shapeString(x.shape))",
                          hint: "a mask must have the tensor's shape, or the shape of its leading axes (one entry per row)")
        }
        let rest = Array(x.shape.dropFirst(mask.rank))
        let flat = try tensorOp { try x.reshaped([mask.count] + rest) }
        var positions: [Float] = []
        for (k, m) in mask.toArray().enumerated() where m != 0 { positions.append(Float(k)) }
        return (flat, try tensorOp { try Tensor(shape: [positions.count], values: positions) })
    }
}
